"""The grid: a QListView laid out as wrapping rows of uniform cells, accepting dropped files.

ListMode + LeftToRight flow + wrapping gives the icon-grid look with Qt's fast uniform-size
layout (IconMode's free layout keeps a geometry per item, which costs seconds at 100,000).
After each paint the view tells the thumbnail loader which thumbnails are still on screen, so
work queued for rows scrolled away is dropped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QRegion
from PySide6.QtWidgets import QAbstractItemView, QListView

from genart_desktop.ui.drop_zone import dropped_paths
from genart_desktop.ui.gallery.delegate import GalleryDelegate


class GalleryView(QListView):
    paths_dropped = Signal(list)
    open_requested = Signal()  # Space or Enter: the viewer opens on the current image
    context_menu_requested = Signal(QPoint)

    def __init__(self, delegate: GalleryDelegate, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("galleryView")
        self.gallery_delegate = delegate
        self.setItemDelegate(delegate)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        # Lay out big results in batches between events: a reset at 100,000 rows never blocks.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(5000)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.apply_cell_size()

    def apply_cell_size(self) -> None:
        size = self.gallery_delegate.cell_size()
        self.setGridSize(size)
        self.verticalScrollBar().setSingleStep(max(20, size.height() // 3))
        self.doItemsLayout()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.open_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def selectAll(self) -> None:
        # One range, selected directly: QAbstractItemView's own selectAll takes ~0.1 s at 100,000.
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        whole = QItemSelection(model.index(0, 0), model.index(model.rowCount() - 1, 0))
        self.selectionModel().select(whole, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def visualRegionForSelection(self, selection) -> QRegion:
        # Qt walks every selected row to build this region (~0.9 s for "select all" at 100,000);
        # repainting the visible area is what it is used for, and that is cheap.
        return QRegion(self.viewport().rect()) if not selection.isEmpty() else QRegion()

    # -- paint: keep only visible thumbnails in the queue -----------------------------------
    def paintEvent(self, event) -> None:
        self.gallery_delegate.frame_shas = set()
        super().paintEvent(event)
        self.gallery_delegate.loader.retain(self.gallery_delegate.frame_shas)

    # -- drops -------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        found: list[Path] = dropped_paths(event)
        if found:
            event.acceptProposedAction()
            self.paths_dropped.emit(found)
        else:
            super().dropEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)
        self.context_menu_requested.emit(event.globalPos())

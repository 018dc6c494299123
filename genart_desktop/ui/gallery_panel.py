"""The central gallery: filters, the windowed grid, the detail panel, import progress.

Until the library has images it shows what to do first (Generate, or drop a folder to train).
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.errors import GenArtError
from genart_desktop.jobs.job import Job
from genart_desktop.jobs.library_jobs import backup_job, check_job, empty_trash_job, import_job
from genart_desktop.jobs.thumbnails import ThumbnailLoader
from genart_desktop.library import GalleryItem, trash
from genart_desktop.library.query import GalleryQuery
from genart_desktop.ui.context import AppContext
from genart_desktop.ui.detail_panel import DetailPanel
from genart_desktop.ui.gallery.commands import FavouriteCommand, RemoveTagCommand, TagCommand, TrashCommand
from genart_desktop.ui.gallery.delegate import GalleryDelegate
from genart_desktop.ui.gallery.filter_bar import FilterBar
from genart_desktop.ui.gallery.model import GalleryModel, ItemRole
from genart_desktop.ui.gallery.view import GalleryView
from genart_desktop.ui.help_dialog import StartButtons
from genart_desktop.ui.viewer import ImageViewer
from genart_desktop.workflows.changes import LibraryChanges

log = logging.getLogger(__name__)

BACKUP_DELAY_MS = 20_000

EMPTY_TEXT = (
    "<h2>Your gallery is empty</h2>"
    "<p><b>Generate</b> images with a model from the Generate panel, "
    "or <b>drop a folder of your images</b> onto this window to train your own model.</p>"
    "<p>Images you import (File ▸ Import…) also appear here. Help ▸ Getting Started says more.</p>"
)


def _needs_library(default: Any = None, *, quiet: bool = False) -> Callable:
    """Public actions do nothing (and say why) when the library could not be opened."""

    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def inner(self: GalleryPanel, *args: Any, **kwargs: Any) -> Any:
            if self.unavailable is not None:
                if not quiet:
                    self.status_message.emit(self.unavailable.user_message)
                return list(default) if isinstance(default, list) else default
            return fn(self, *args, **kwargs)

        return inner

    return wrap


def _asked(answer: tuple[str, bool]) -> str | None:
    """The text of a QInputDialog answer, or None when the artist cancelled."""
    text, ok = answer
    return text if ok else None


class GalleryPanel(QWidget):
    generate_like_requested = Signal(int)  # image id: "generate more like this"
    selection_changed = Signal(int)  # how many images are selected (ids: selected_image_ids())
    export_requested = Signal(list)  # image ids
    status_message = Signal(str)
    library_changed = Signal()  # something in the library changed (no detail)
    library_changes = Signal(object)  # LibraryChanges of an edit made here

    def __init__(self, parent: QWidget | None = None, context: AppContext | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("galleryPanel")
        self.context = context or AppContext()  # the window passes its own; alone, a fresh one
        self.undo_stack = QUndoStack(self)
        self.import_job: Job | None = None
        self._show_trash = False
        self.unavailable: GenArtError | None = None
        try:
            self.library = self.context.library
        except GenArtError as exc:  # e.g. a damaged database: say so, start the rest of the app
            log.exception("the library could not be opened")
            self.unavailable = exc
            self._build_unavailable(exc)
            return

        settings = self.context.settings
        self.loader = ThumbnailLoader(self)
        self.delegate = GalleryDelegate(self.loader, self, size=settings.thumbnail_size)
        self.model = GalleryModel(self.library, self)
        self.view = GalleryView(self.delegate, self)
        self.view.setModel(self.model)
        self.filter_bar = FilterBar(self, size=settings.thumbnail_size, sort=settings.gallery_sort)
        self.detail = DetailPanel(self.library, self.undo_stack, self._changed, self)

        self.progress = QProgressBar(self)
        self.progress_label = QLabel(self)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self._cancel_import)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget(self)
        self.progress_box.setLayout(progress_row)
        self.progress_box.hide()

        grid = QWidget(self)
        grid_layout = QVBoxLayout(grid)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.filter_bar)
        grid_layout.addWidget(self.view, 1)
        grid_layout.addWidget(self.progress_box)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(grid)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.stack = QStackedWidget(self)
        self.empty_state = QLabel(EMPTY_TEXT, self)
        self.empty_state.setObjectName("galleryEmptyState")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        self.start_buttons = StartButtons(self)  # the window connects them (main_window)
        empty_page = QWidget(self)
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_state)
        empty_layout.addWidget(self.start_buttons)
        empty_layout.addStretch(1)
        self.stack.addWidget(empty_page)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Thumbnails arrive one by one; repaint at most once a frame.
        self._repaint = QTimer(self, singleShot=True, interval=15)
        self._repaint.timeout.connect(self.view.viewport().update)
        self.loader.ready.connect(self._thumbnail_ready)
        self.loader.failed.connect(self._thumbnail_failed)
        self.filter_bar.query_changed.connect(self.set_query)
        self.filter_bar.size_changed.connect(self._set_thumbnail_size)
        self.view.paths_dropped.connect(self.import_paths)
        self.view.context_menu_requested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_current(cur))
        # The full-size viewer: double-click, Space or Enter on an image.
        self.viewer: ImageViewer | None = None
        self.view.doubleClicked.connect(lambda index: self.open_viewer(index.row()))
        self.view.open_requested.connect(self.open_viewer)

        self.model.set_query(self.filter_bar.current_query())
        self.filter_bar.refresh_choices(self.library)
        self._update_empty_state()
        # The daily backup copies the database: not during start-up.
        QTimer.singleShot(BACKUP_DELAY_MS, self, self._daily_backup)

    def _build_unavailable(self, exc: GenArtError) -> None:
        self.stack = QStackedWidget(self)
        self.empty_state = QLabel(
            "<h2>The image library could not be opened</h2>"
            f"<p>{html.escape(exc.user_message)}</p><p>{html.escape(exc.hint)}</p>"
            + (f"<p><small>{html.escape(str(exc.path))}</small></p>" if exc.path else ""),
            self,
        )
        self.empty_state.setObjectName("galleryEmptyState")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    # -- queries and refreshes --------------------------------------------------------------
    @_needs_library()
    def set_query(self, query: GalleryQuery) -> None:
        if self._show_trash != query.trashed:
            query = GalleryQuery(**{**query.__dict__, "trashed": self._show_trash})
        self.model.set_query(query)
        self.context.settings.gallery_sort = query.sort
        self._selection_changed()

    @_needs_library()
    def set_show_trash(self, show: bool) -> None:
        self._show_trash = show
        self.set_query(self.filter_bar.current_query())

    @_needs_library()
    def reload(self) -> None:
        self.delegate.failed.clear()  # a check/repair or re-import may have brought files back
        self.model.reload()
        self.filter_bar.refresh_choices(self.library)
        self._update_empty_state()
        self._selection_changed()

    @_needs_library()
    def show_new_images(self, image_ids: list[int]) -> None:
        """Images were added elsewhere (generation, an export of edits): show them and select
        exactly them, with the first one current, so that Details (the current image) and the
        rights editor (the selection) both speak of the new images and nothing else."""
        self.reload()
        rows = [r for r in (self.model.row_of(i) for i in image_ids) if r is not None]
        self.select_ids(image_ids)
        if rows:
            first = self.model.index(min(rows))
            self.view.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(first)

    def apply_changes(self, changes: LibraryChanges) -> None:
        """An edit made outside the gallery (the rights editor's Save): refresh what it shows."""
        self._changed(changes)

    def _changed(self, changes: LibraryChanges) -> None:
        """After an edit: rows that came back are queried again, rows that left are dropped,
        rows whose tags or favourite changed are queried again when a filter may be affected,
        and otherwise only repainted. Then ``changes`` goes to whoever listens."""
        query = self.model.query
        filtered = bool(query.search.strip() or query.tag or query.favourite_only)
        ids = list(changes.image_ids)
        if changes.removed:
            self.model.remove_ids(ids)
            self._update_empty_state()
            self._selection_changed()
        elif changes.added or (changes.membership and filtered):
            self.reload()
        else:
            self.model.refresh_ids(ids)
            self.filter_bar.refresh_choices(self.library)  # a new tag or licence to filter by
        if self.detail.row is not None and changes.touches(self.detail.row.id):
            self.detail.refresh()
        self.library_changes.emit(changes)
        self.library_changed.emit()

    def _update_empty_state(self) -> None:
        self.stack.setCurrentIndex(1 if self.library.has_images() else 0)

    def _set_thumbnail_size(self, size: int) -> None:
        self.delegate.set_size(size)
        self.view.apply_cell_size()
        self.context.settings.thumbnail_size = size

    def _thumbnail_ready(self, sha256: str, thumb) -> None:
        self.delegate.add_thumbnail(sha256, thumb)
        if not self._repaint.isActive():
            self._repaint.start()

    def _thumbnail_failed(self, sha256: str, message: str) -> None:
        log.info("no thumbnail for %s: %s", sha256, message)
        self.delegate.failed.add(sha256)
        if not self._repaint.isActive():
            self._repaint.start()

    # -- selection --------------------------------------------------------------------------
    @_needs_library([], quiet=True)
    def selected_image_ids(self) -> list[int]:
        ids: list[int] = []
        for selected_range in self.view.selectionModel().selection().toList():
            ids.extend(
                self.model.image_id(r) for r in range(selected_range.top(), selected_range.bottom() + 1)
            )
        return ids

    @_needs_library()
    def select_ids(self, image_ids: list[int]) -> None:
        selection = QItemSelection()
        for image_id in image_ids:
            row = self.model.row_of(image_id)
            if row is not None:
                index = self.model.index(row)
                selection.select(index, index)
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    @_needs_library()
    def select_all(self) -> None:
        self.view.selectAll()

    @_needs_library(0, quiet=True)
    def selected_count(self) -> int:
        return sum(r.bottom() - r.top() + 1 for r in self.view.selectionModel().selection().toList())

    def _selection_changed(self, *_args) -> None:
        self.selection_changed.emit(self.selected_count())

    def _show_current(self, index) -> None:
        self.detail.show_image(self.model.image_id(index.row()) if index.isValid() else None)

    # -- the viewer ---------------------------------------------------------------------------
    @_needs_library()
    def open_viewer(self, row: int | None = None) -> ImageViewer | None:
        """Open the current image (or ``row``) full size; with two selected, compare them."""
        if row is None:
            current = self.view.currentIndex()
            row = current.row() if current.isValid() else None
        if row is None or not 0 <= row < self.model.rowCount():
            return None
        selected = self.selected_image_ids()
        compare_with = None
        if len(selected) == 2 and self.model.image_id(row) in selected:
            other = next(i for i in selected if i != self.model.image_id(row))
            compare_with, row = self.model.image_id(row), self.model.row_of(other)
        if self.viewer is not None:
            self.viewer.close()
        viewer = ImageViewer(self._viewer_id_at, self.model.rowCount, self._viewer_describe,
                             row if row is not None else 0, compare_with=compare_with, parent=self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.destroyed.connect(lambda *_: setattr(self, "viewer", None))
        viewer.current_changed.connect(self._viewer_moved)
        self.viewer = viewer
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()  # its keys (←/→, +/−) go to it, not to the gallery behind
        return viewer

    def _viewer_id_at(self, row: int) -> int | None:
        return self.model.image_id(row) if 0 <= row < self.model.rowCount() else None

    def _viewer_describe(self, image_id: int) -> tuple[Path, str] | None:
        row = self.library.get_image(image_id)
        if row is None:
            return None
        return row.path, f"{row.title or '(untitled)'} · {row.width}×{row.height}"

    def _viewer_moved(self, image_id: int) -> None:
        """The gallery follows the viewer, so Details shows the image being looked at."""
        if self.viewer is not None and self.viewer.pinned is None:
            self.select_ids([image_id])
            row = self.model.row_of(image_id)
            if row is not None:
                index = self.model.index(row)
                self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.view.scrollTo(index)

    # -- actions on the selection -------------------------------------------------------------
    @_needs_library()
    def delete_selected(self) -> None:
        ids = self.selected_image_ids()
        if not ids:
            return
        if self._show_trash:
            trash.restore(self.library, ids)
            self.reload()
            return
        self.undo_stack.push(TrashCommand(self.library, ids, self._changed))
        self.status_message.emit(f"Moved {len(ids)} image(s) to the trash. Edit ▸ Undo brings them back.")

    @_needs_library()
    def set_favourite_selected(self, favourite: bool = True) -> None:
        ids = self.selected_image_ids()
        if ids:
            self.undo_stack.push(FavouriteCommand(self.library, ids, favourite, self._changed))

    @_needs_library()
    def tag_selected(self, tag: str | None = None) -> None:
        ids = self.selected_image_ids()
        if ids and tag is None:
            tag = _asked(QInputDialog.getText(self, "Add a tag", f"Tag for {len(ids)} image(s):"))
        tag = " ".join((tag or "").split())
        if ids and tag:
            self.undo_stack.push(TagCommand(self.library, ids, tag, self._changed))

    @_needs_library()
    def untag_selected(self, tag: str | None = None) -> None:
        ids = self.selected_image_ids()
        tags = self.library.all_tags() if ids and tag is None else []
        if tags:
            tag = _asked(QInputDialog.getItem(
                self, "Remove a tag", f"Tag to remove from {len(ids)} image(s):", tags, 0, False
            ))
        if ids and tag:
            self.undo_stack.push(RemoveTagCommand(self.library, ids, tag, self._changed))

    @_needs_library()
    def show_in_folder(self) -> None:
        ids = self.selected_image_ids()
        if ids:
            folder = self.library.get_image(ids[0]).path.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _current_item(self) -> GalleryItem | None:
        index = self.view.currentIndex()
        return index.data(ItemRole) if index.isValid() else None

    def _context_menu(self, global_pos) -> None:
        ids = self.selected_image_ids()
        if not ids:
            return
        menu = QMenu(self)
        menu.addAction("★ Favourite", lambda: self.set_favourite_selected(True))
        menu.addAction("Remove from favourites", lambda: self.set_favourite_selected(False))
        menu.addAction("Add tag…", self.tag_selected)
        menu.addAction("Remove tag…", self.untag_selected)
        menu.addAction("Export…", lambda: self.export_requested.emit(self.selected_image_ids()))
        menu.addSeparator()
        if self._show_trash:
            menu.addAction("Restore from trash", self.delete_selected)
        else:
            menu.addAction("Delete", self.delete_selected)
        menu.addAction("Show in folder", self.show_in_folder)
        like = menu.addAction("Generate more like this", self.generate_like_current)
        item = self._current_item()
        like.setEnabled(item is not None and item.origin == "generated")
        menu.popup(global_pos)

    @_needs_library(False, quiet=True)
    def generate_like_current(self) -> bool:
        """Ask the Generate panel for more like the current image (generated images only)."""
        item = self._current_item()
        if item is None or item.origin != "generated":
            return False
        self.generate_like_requested.emit(item.id)
        return True

    # -- import, check, trash ------------------------------------------------------------------
    @_needs_library()
    def import_paths(self, paths: list[Path]) -> Job | None:
        """Copy these files/folders into the library in the background (progress + cancel)."""
        if self.import_job is not None and self.import_job.is_running():
            self.status_message.emit("An import is already running; drop again when it has finished.")
            return None
        job = import_job(self.library, paths)
        self.import_job = job
        self.progress_label.setText("Importing…")
        self.progress.setValue(0)
        self.progress_box.show()
        self.stack.setCurrentIndex(1)
        job.progress.connect(self._import_progress)
        job.succeeded.connect(self._import_done)
        job.errored.connect(lambda exc: self._import_failed(exc))
        job.finished.connect(self.progress_box.hide)
        self.context.jobs.start(job)
        return job

    def _import_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress_label.setText(message[:60])

    def _cancel_import(self) -> None:
        if self.import_job is not None:
            self.import_job.cancel()

    def _import_done(self, report) -> None:
        self.reload()
        if report.image_ids:
            self.select_ids(report.image_ids)
        self.status_message.emit(f"Import: {report.summary()}.")

    def _import_failed(self, exc: BaseException) -> None:
        self._update_empty_state()
        self.status_message.emit(f"Import failed: {getattr(exc, 'user_message', str(exc))}")

    @_needs_library()
    def check_library(self, repair: bool = True) -> Job:
        job = check_job(self.library, repair=repair)
        job.succeeded.connect(lambda report: (self.reload(), self.status_message.emit(report.summary())))
        job.errored.connect(lambda exc: self.status_message.emit(f"Check failed: {exc}"))
        self.context.jobs.start(job)
        return job

    @_needs_library()
    def empty_trash(self, confirm: bool = True) -> Job | None:
        count = len(trash.trashed_ids(self.library))
        if not count:
            self.status_message.emit("The trash is empty.")
            return None
        if confirm:
            answer = QMessageBox.question(
                self,
                "Empty the trash",
                f"Remove {count} image(s) and their files for good? This cannot be undone.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        job = empty_trash_job(self.library)
        # Undoing a delete whose files are gone is impossible: forget those steps.
        job.succeeded.connect(
            lambda n: (
                self.undo_stack.clear(),
                self.reload(),
                self.status_message.emit(f"Removed {n} image(s) for good."),
            )
        )
        job.errored.connect(lambda exc: self.status_message.emit(f"Emptying the trash failed: {exc}"))
        self.context.jobs.start(job)
        return job

    def _daily_backup(self) -> None:
        job = backup_job(self.library)
        job.errored.connect(lambda exc: self.status_message.emit(f"The daily library backup failed: {exc}"))
        self.context.jobs.start(job)

    def shutdown(self) -> None:
        """Stop thumbnail work and wait for previews (window closing, tests)."""
        if self.unavailable is not None:
            return
        self.loader.shutdown()
        self.detail.wait_preview()

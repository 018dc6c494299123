"""The full-size viewer: double-click, Space or Enter on a gallery image opens it. Zoom (fit,
100 %, in, out, Ctrl+wheel), previous/next through the gallery (←/→), and side-by-side compare
of two images (opened on a selection of two, or "Compare" pins the current one on the left)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP = 1.25


class ImagePane(QScrollArea):
    """One picture, fitted to the pane (small images scaled up in whole multiples, so pixel
    art stays crisp) or at a fixed zoom; ``zoom_wheel(steps)`` for Ctrl+wheel."""

    zoom_wheel = Signal(int)
    rendered = Signal()  # after each (re)scale: the viewer's zoom figure follows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewerPane")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setWidget(self.label)
        self.setWidgetResizable(False)
        self.pixmap: QPixmap | None = None
        self.zoom: float | None = None  # None: fit
        self.caption = ""

    def set_image(self, pixmap: QPixmap | None, caption: str = "") -> None:
        self.pixmap, self.caption = pixmap, caption
        self.render()

    def fit_scale(self) -> float:
        if self.pixmap is None or self.pixmap.isNull():
            return 1.0
        area = self.viewport().size()
        scale = min(area.width() / self.pixmap.width(), area.height() / self.pixmap.height())
        return float(int(scale)) if scale >= 2 else scale

    def scale(self) -> float:
        return self.zoom if self.zoom is not None else self.fit_scale()

    def render(self) -> None:
        if self.pixmap is None or self.pixmap.isNull():
            self.label.setPixmap(QPixmap())
            self.label.setText("The picture could not be read." if self.pixmap is not None else "")
            self.label.resize(self.viewport().size())
            return
        scale = self.scale()
        size = self.pixmap.size() * scale
        mode = (Qt.TransformationMode.FastTransformation if scale >= 1
                else Qt.TransformationMode.SmoothTransformation)
        self.label.setPixmap(self.pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode))
        self.label.resize(size.expandedTo(self.viewport().size()))
        self.rendered.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.zoom is None:
            self.render()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_wheel.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)


class ImageViewer(QDialog):
    """``id_at(row)`` gives the image id at a gallery row (None past the end), ``count()`` the
    rows, ``describe(id)`` → (path, caption). Not modal: the gallery stays usable."""

    current_changed = Signal(int)  # image id, so the gallery can follow

    def __init__(self, id_at: Callable[[int], int | None], count: Callable[[], int],
                 describe: Callable[[int], tuple[Path, str] | None], row: int,
                 compare_with: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setWindowTitle("Viewer")
        self._id_at, self._count, self._describe = id_at, count, describe
        self.row = row
        self.pinned: int | None = compare_with  # the left image while comparing
        self.left, self.right = ImagePane(self), ImagePane(self)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.prev_button, self.next_button = QPushButton("◀ Previous", self), QPushButton("Next ▶", self)
        self.fit_button, self.actual_button = QPushButton("Fit", self), QPushButton("100%", self)
        self.out_button, self.in_button = QPushButton("−", self), QPushButton("+", self)
        self.compare = QCheckBox("Compare", self)
        self.compare.setToolTip("Keep this image on the left and step through others on the right")
        self.zoom_label = QLabel(self)
        bar = QHBoxLayout()
        for w in (self.prev_button, self.next_button, self.compare):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_label, self.fit_button, self.actual_button, self.out_button, self.in_button):
            bar.addWidget(w)
        panes = QHBoxLayout()
        panes.addWidget(self.left, 1)
        panes.addWidget(self.right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(panes, 1)
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.fit_button.clicked.connect(lambda: self.set_zoom(None))
        self.actual_button.clicked.connect(lambda: self.set_zoom(1.0))
        self.in_button.clicked.connect(lambda: self.zoom_by(1))
        self.out_button.clicked.connect(lambda: self.zoom_by(-1))
        self.compare.toggled.connect(self._compare_toggled)
        for pane in (self.left, self.right):
            pane.zoom_wheel.connect(self.zoom_by)
        self.right.rendered.connect(self._show_zoom)
        keys = {Qt.Key.Key_Left: lambda: self.step(-1), Qt.Key.Key_Right: lambda: self.step(1),
                Qt.Key.Key_Space: lambda: self.step(1), Qt.Key.Key_Plus: lambda: self.zoom_by(1),
                Qt.Key.Key_Equal: lambda: self.zoom_by(1), Qt.Key.Key_Minus: lambda: self.zoom_by(-1),
                Qt.Key.Key_0: lambda: self.set_zoom(None), Qt.Key.Key_1: lambda: self.set_zoom(1.0)}
        for key, slot in keys.items():
            QShortcut(QKeySequence(key), self, slot)
        self.compare.blockSignals(True)
        self.compare.setChecked(compare_with is not None)
        self.compare.blockSignals(False)
        self.resize(900, 640)
        self.show_current()

    # -- what is shown -----------------------------------------------------------------------
    def current_id(self) -> int | None:
        return self._id_at(self.row)

    def _load(self, image_id: int | None) -> tuple[QPixmap | None, str]:
        found = self._describe(image_id) if image_id is not None else None
        if found is None:
            return None, ""
        path, caption = found
        return QPixmap(str(path)), caption

    def show_current(self) -> None:
        image_id = self.current_id()
        pixmap, caption = self._load(image_id)
        comparing = self.pinned is not None
        self.left.setVisible(comparing)
        if comparing:
            left_pixmap, left_caption = self._load(self.pinned)
            self.left.set_image(left_pixmap, left_caption)
            self.caption.setText(f"Left: {left_caption}\nRight: {caption}")
        else:
            self.caption.setText(caption)
        self.right.set_image(pixmap, caption)
        count = self._count()
        self.prev_button.setEnabled(self.row > 0)
        self.next_button.setEnabled(self.row < count - 1)
        self.setWindowTitle(f"Viewer — {self.row + 1} of {count}")
        self._show_zoom()
        if image_id is not None:
            self.current_changed.emit(image_id)

    def step(self, delta: int) -> None:
        row = self.row + delta
        if 0 <= row < self._count() and self._id_at(row) is not None:
            self.row = row
            self.show_current()

    def _compare_toggled(self, on: bool) -> None:
        self.pinned = self.current_id() if on else None
        if on:
            self.step(1)  # the pinned one on the left, the next on the right
        self.show_current()

    # -- zoom --------------------------------------------------------------------------------
    def set_zoom(self, zoom: float | None) -> None:
        for pane in (self.left, self.right):
            pane.zoom = None if zoom is None else max(0.05, min(zoom, 32.0))
            pane.render()
        self._show_zoom()

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(self.right.scale() * (ZOOM_STEP ** steps))

    def _show_zoom(self) -> None:
        text = f"{self.right.scale() * 100:.0f}%"
        self.zoom_label.setText(("Fit " + text) if self.right.zoom is None else text)

"""The central gallery area. Until the library has images it shows what to do first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

EMPTY_TEXT = (
    "<h2>Your gallery is empty</h2>"
    "<p><b>Generate</b> images with a model from the panel on the right,<br>"
    "or <b>drop a folder of your images</b> onto this window to train your own model.</p>"
    "<p>Images you import (File ▸ Import…) also appear here.</p>"
)


class GalleryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("galleryPanel")
        self.stack = QStackedWidget(self)
        self.empty_state = QLabel(EMPTY_TEXT, self)
        self.empty_state.setObjectName("galleryEmptyState")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

"""The list of models the artist can generate with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QStackedWidget, QVBoxLayout, QWidget


class ModelsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelsPanel")
        self.list = QListWidget(self)
        self.list.setObjectName("modelsList")
        self.empty = QLabel("No models yet.\nTrained models appear here.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)

    def refresh_empty_state(self) -> None:
        self.stack.setCurrentWidget(self.list if self.list.count() else self.empty)

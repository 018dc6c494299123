"""Train panel: the drop zone for a training folder and the run controls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from genart_desktop.ui.drop_zone import DropZone


class TrainPanel(QWidget):
    folders_chosen = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainPanel")
        self.drop_zone = DropZone("Drop a folder of images here\nto train a model on it", self)
        self.drop_zone.setObjectName("trainDropZone")
        self.folders = QListWidget(self)
        self.folders.setObjectName("trainFolders")
        self.folders.setMaximumHeight(90)
        self.folders.hide()
        self.start_button = QPushButton("Start training", self)
        self.start_button.setEnabled(False)
        hint = QLabel(
            "Training runs in the background; you can keep working, pause or cancel it.", self
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop_zone)
        layout.addWidget(self.folders)
        layout.addWidget(self.start_button)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.drop_zone.paths_dropped.connect(self.accept_paths)

    def accept_paths(self, paths: list[Path]) -> None:
        folders = [p for p in paths if p.is_dir() or p.suffix.lower() == ".zip"]
        if not folders:
            return
        self.folders.clear()
        for folder in folders:
            self.folders.addItem(str(folder))
        self.folders.show()
        self.folders_chosen.emit(folders)

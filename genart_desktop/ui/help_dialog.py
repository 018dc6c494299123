"""Help: "Getting started" (also the empty gallery's page, with its three buttons) and the list of
keyboard shortcuts, read from the window's own actions so it never goes stale."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMenuBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GETTING_STARTED = (
    "<h2>Getting started</h2>"
    "<ol>"
    "<li><b>Generate</b> pictures at once with a bundled model (Generate panel, left): pick a mode, "
    "press Generate. New pictures land in the gallery with their provenance recorded.</li>"
    "<li><b>Train on a folder</b> of your own images: the app checks them, asks for their licence, "
    "then trains in the background (pause, cancel and resume any time from Train ▸ Runs). "
    "The finished model appears in the model list.</li>"
    "<li><b>Import</b> pictures to keep them beside your generated ones.</li>"
    "<li>Double-click a picture (or press Space) to view it full size; select two to compare.</li>"
    "<li>Set your licence and credit in Details, then <b>File ▸ Export…</b>: every export carries "
    "a provenance record that others can check.</li>"
    "</ol>"
)

# Keys that are not menu actions (the gallery and the viewer).
OTHER_KEYS = [
    ("Space / Enter / double-click", "Open the selected picture in the viewer"),
    ("← / →  (viewer)", "Previous / next picture"),
    ("+ / − / 0 / 1  (viewer)", "Zoom in / out / fit / 100 %"),
    ("Ctrl + wheel  (viewer)", "Zoom"),
    ("Esc  (viewer)", "Close the viewer"),
]


class StartButtons(QWidget):
    """Generate · Train on a folder… · Import…: what a new artist can do first."""

    generate = Signal()
    train = Signal()
    import_images = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startButtons")
        self.generate_button = QPushButton("Generate", self)
        self.train_button = QPushButton("Train on a folder…", self)
        self.import_button = QPushButton("Import…", self)
        row = QHBoxLayout(self)
        row.addStretch(1)
        for button in (self.generate_button, self.train_button, self.import_button):
            button.setMinimumHeight(32)
            row.addWidget(button)
        row.addStretch(1)
        self.generate_button.clicked.connect(self.generate)
        self.train_button.clicked.connect(self.train)
        self.import_button.clicked.connect(self.import_images)


class GettingStartedDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gettingStarted")
        self.setWindowTitle("Getting started")
        text = QLabel(GETTING_STARTED, self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = StartButtons(self)
        for signal in (self.buttons.generate, self.buttons.train, self.buttons.import_images):
            signal.connect(self.accept)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.buttons)
        layout.addWidget(close)
        self.resize(560, 380)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str]]:
    """(keys, what they do) for every menu action that has a shortcut, then the other keys."""
    rows: list[tuple[str, str]] = []

    def walk(actions: list[QAction], path: str) -> None:
        for action in actions:
            menu = action.menu()
            name = action.text().replace("&", "")
            if isinstance(menu, QMenu):
                walk(menu.actions(), f"{path}{name} ▸ ")
            elif not action.shortcut().isEmpty():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((keys, f"{path}{name}"))

    walk(menu_bar.actions(), "")
    return rows + OTHER_KEYS


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.rows = shortcut_rows(menu_bar)
        table = "".join(f"<tr><td style='padding-right:16px'><b>{html.escape(k)}</b></td>"
                        f"<td>{html.escape(v)}</td></tr>" for k, v in self.rows)
        view = QTextBrowser(self)
        view.setHtml(f"<table cellspacing='2'>{table}</table>")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(close)
        self.resize(520, 460)

"""Hooks the gallery into the main window: Edit menu (undo/redo, select all, delete, favourite,
tag, trash, check), the Export action's enabled state, status messages, shutdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu


def install_gallery_actions(window: QMainWindow) -> None:
    gallery = window.gallery
    menu = window.edit_menu
    undo = gallery.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    redo = gallery.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
    if redo.shortcut().isEmpty():
        redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    menu.addAction(undo)
    menu.addAction(redo)
    menu.addSeparator()

    def add(text: str, shortcut: QKeySequence.StandardKey | str | None, slot) -> QAction:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    window.select_all_action = add("Select &All", QKeySequence.StandardKey.SelectAll, gallery.select_all)
    window.delete_action = add("&Delete", QKeySequence.StandardKey.Delete, gallery.delete_selected)
    window.favourite_action = add(
        "Mark as &Favourite", "Ctrl+D", lambda: gallery.set_favourite_selected(True)
    )
    window.tag_action = add("Add &Tag…", "Ctrl+T", gallery.tag_selected)
    window.untag_action = add("Remove Ta&g…", None, gallery.untag_selected)
    menu.addSeparator()
    window.show_trash_action = QAction("Show &Trash", window, checkable=True)
    window.show_trash_action.toggled.connect(gallery.set_show_trash)
    menu.addAction(window.show_trash_action)
    window.empty_trash_action = add("&Empty Trash…", None, gallery.empty_trash)
    window.check_library_action = add("&Check Library…", None, lambda: gallery.check_library(repair=True))

    # File ▸ Import Folder… beside the foundation's Import… (which picks files).
    window.import_folder_action = QAction("Import &Folder…", window)
    window.import_folder_action.triggered.connect(lambda _checked=False: _import_folder(window))
    file_menu = (
        window.import_action.associatedObjects()[-1] if window.import_action.associatedObjects() else None
    )
    if isinstance(file_menu, QMenu):
        file_menu.insertAction(window.export_action, window.import_folder_action)

    gallery.selection_changed.connect(lambda count: window.export_action.setEnabled(count > 0))
    gallery.status_message.connect(window.show_status)
    gallery.export_requested.connect(lambda _ids: window.export_action.trigger())
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(gallery.shutdown)


def _import_folder(window: QMainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Import a folder of images")
    if folder:
        window.gallery.import_paths([Path(folder)])

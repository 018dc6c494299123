"""The gallery's menu actions: Edit menu (undo/redo, select all, delete, favourite, tag,
trash, check) and File ▸ Import Folder…. The main window puts them in its menus and
connects the rest (export, status messages); nothing here knows the window's attributes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from genart_desktop.ui.gallery_panel import GalleryPanel


@dataclass
class GalleryActions:
    undo: QAction
    redo: QAction
    select_all: QAction
    delete: QAction
    favourite: QAction
    tag: QAction
    untag: QAction
    show_trash: QAction
    empty_trash: QAction
    check_library: QAction
    import_folder: QAction


def gallery_actions(owner: QWidget, gallery: GalleryPanel, edit_menu: QMenu) -> GalleryActions:
    """Create the gallery's actions (owned by ``owner``) and fill ``edit_menu`` with them."""
    undo = gallery.undo_stack.createUndoAction(owner, "&Undo")
    undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    redo = gallery.undo_stack.createRedoAction(owner, "&Redo")
    redo.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
    if redo.shortcut().isEmpty():
        redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()

    def add(text: str, shortcut: QKeySequence.StandardKey | str | None, slot) -> QAction:
        action = QAction(text, owner)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        edit_menu.addAction(action)
        return action

    select_all = add("Select &All", QKeySequence.StandardKey.SelectAll, gallery.select_all)
    delete = add("&Delete", QKeySequence.StandardKey.Delete, gallery.delete_selected)
    favourite = add("Mark as &Favourite", "Ctrl+D", lambda: gallery.set_favourite_selected(True))
    tag = add("Add &Tag…", "Ctrl+T", gallery.tag_selected)
    untag = add("Remove Ta&g…", None, gallery.untag_selected)
    edit_menu.addSeparator()
    show_trash = QAction("Show &Trash", owner, checkable=True)
    show_trash.toggled.connect(gallery.set_show_trash)
    edit_menu.addAction(show_trash)
    empty_trash = add("&Empty Trash…", None, gallery.empty_trash)
    check_library = add("&Check Library…", None, lambda: gallery.check_library(repair=True))
    import_folder = QAction("Import &Folder into the Gallery…", owner)
    import_folder.triggered.connect(lambda _checked=False: _import_folder(owner, gallery))
    return GalleryActions(undo, redo, select_all, delete, favourite, tag, untag, show_trash, empty_trash,
                          check_library, import_folder)


def _import_folder(owner: QWidget, gallery: GalleryPanel) -> None:
    folder = QFileDialog.getExistingDirectory(owner, "Import a folder of images")
    if folder:
        gallery.import_paths([Path(folder)])

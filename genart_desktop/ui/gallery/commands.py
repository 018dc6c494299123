"""Undoable library edits (Edit ▸ Undo / Redo): field edits, favourite, tag, delete to trash.

Each command calls ``changed(LibraryChanges)`` after doing or undoing, so the grid and the
detail panel show the new state at once (``workflows.changes.LibraryChanges`` says whether
rows appeared, left, may move under a filter, or only their painted fields changed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from genart_desktop.library import Library, trash
from genart_desktop.workflows.changes import LibraryChanges

Changed = Callable[[LibraryChanges], None]


class EditFieldsCommand(QUndoCommand):
    def __init__(
        self, library: Library, image_id: int, old: dict[str, Any], new: dict[str, Any], changed: Changed
    ) -> None:
        names = ", ".join(sorted(new))
        super().__init__(f"Edit {names}")
        self.library, self.image_id, self.old, self.new, self.changed = library, image_id, old, new, changed

    def redo(self) -> None:
        self.library.update_fields(self.image_id, **self.new)
        self.changed(LibraryChanges([self.image_id], fields=True))

    def undo(self) -> None:
        self.library.update_fields(self.image_id, **self.old)
        self.changed(LibraryChanges([self.image_id], fields=True))


class FavouriteCommand(QUndoCommand):
    def __init__(self, library: Library, ids: Sequence[int], favourite: bool, changed: Changed) -> None:
        super().__init__("Mark as favourite" if favourite else "Remove from favourites")
        self.library, self.ids, self.favourite, self.changed = library, list(ids), favourite, changed
        self.before: dict[int, bool] = library.favourites(self.ids)

    def redo(self) -> None:
        self.library.set_favourite(self.ids, self.favourite)
        self.changed(LibraryChanges(self.ids, membership=True))

    def undo(self) -> None:
        self.library.set_favourite([i for i, v in self.before.items() if v], True)
        self.library.set_favourite([i for i, v in self.before.items() if not v], False)
        self.changed(LibraryChanges(self.ids, membership=True))


class TagCommand(QUndoCommand):
    def __init__(self, library: Library, ids: Sequence[int], tag: str, changed: Changed) -> None:
        super().__init__(f"Tag with “{tag}”")
        self.library, self.ids, self.tag, self.changed = library, list(ids), tag, changed
        self.had = library.tagged_with(self.ids, tag)

    def redo(self) -> None:
        self.library.add_tag(self.ids, self.tag)
        self.changed(LibraryChanges(self.ids, membership=True))

    def undo(self) -> None:
        self.library.remove_tag([i for i in self.ids if i not in self.had], self.tag)
        self.changed(LibraryChanges(self.ids, membership=True))


class RemoveTagCommand(QUndoCommand):
    def __init__(self, library: Library, ids: Sequence[int], tag: str, changed: Changed) -> None:
        super().__init__(f"Remove tag “{tag}”")
        self.library, self.tag, self.changed = library, tag, changed
        self.had = sorted(library.tagged_with(ids, tag))

    def redo(self) -> None:
        self.library.remove_tag(self.had, self.tag)
        self.changed(LibraryChanges(self.had, membership=True))

    def undo(self) -> None:
        self.library.add_tag(self.had, self.tag)
        self.changed(LibraryChanges(self.had, membership=True))


class TrashCommand(QUndoCommand):
    def __init__(self, library: Library, ids: Sequence[int], changed: Changed) -> None:
        super().__init__(f"Delete {len(ids)} image(s)")
        self.library, self.ids, self.changed = library, list(ids), changed
        self.moved: list[int] = []

    def redo(self) -> None:
        self.moved = trash.move_to_trash(self.library, self.ids)
        self.changed(LibraryChanges(self.moved, removed=True))

    def undo(self) -> None:
        trash.restore(self.library, self.moved)
        self.changed(LibraryChanges(self.moved, added=True))

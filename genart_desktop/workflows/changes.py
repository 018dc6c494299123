"""What an operation changed in the library, as one typed value the views listen to (the
model is Anki's ``OpChanges``): each view looks at the flags it cares about and updates only
what it shows, instead of every caller deciding how every view reloads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LibraryChanges:
    image_ids: tuple[int, ...] = ()
    added: bool = False  # rows appeared (or came back from the trash): query them again
    removed: bool = False  # rows left the gallery (moved to the trash): drop them
    membership: bool = False  # tags or favourites changed: a filter may now hide or show them
    fields: bool = False  # only what is painted changed (title, licence, notes)

    @classmethod
    def rows_added(cls, ids: Iterable[int]) -> LibraryChanges:
        return cls(tuple(ids), added=True)

    @classmethod
    def rows_removed(cls, ids: Iterable[int]) -> LibraryChanges:
        return cls(tuple(ids), removed=True)

    @classmethod
    def membership_changed(cls, ids: Iterable[int]) -> LibraryChanges:
        return cls(tuple(ids), membership=True)

    @classmethod
    def fields_edited(cls, ids: Iterable[int]) -> LibraryChanges:
        return cls(tuple(ids), fields=True)

    def touches(self, image_id: int) -> bool:
        return image_id in self.image_ids

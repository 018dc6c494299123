"""What an operation changed in the library, as one typed value the views listen to (the
model is Anki's ``OpChanges``): each view looks at the flags it cares about and updates only
what it shows, instead of every caller deciding how every view reloads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LibraryChanges:
    """``LibraryChanges(ids, removed=True)``: these images left the gallery; and so on."""

    image_ids: Iterable[int] = ()  # kept as a tuple
    added: bool = False  # rows appeared (or came back from the trash): query them again
    removed: bool = False  # rows left the gallery (moved to the trash): drop them
    membership: bool = False  # tags or favourites changed: a filter may now hide or show them
    fields: bool = False  # only what is painted changed (title, licence, notes)

    def __post_init__(self) -> None:
        object.__setattr__(self, "image_ids", tuple(self.image_ids))

    def touches(self, image_id: int) -> bool:
        return image_id in tuple(self.image_ids)

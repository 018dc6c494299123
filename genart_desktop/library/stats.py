"""Counts over the catalogue: images, origins, favourites, trash, tags, models, datasets, runs,
store size. Read-only SQL, here with the rest of the library's SQL."""

from __future__ import annotations

from dataclasses import dataclass

from genart_desktop.library.library import Library


@dataclass(frozen=True)
class LibraryStats:
    images: int  # not in the trash
    generated: int
    imported: int
    favourites: int
    trashed: int
    tags: int
    models: int
    datasets: int
    runs: int
    store_bytes: int

    def rows(self) -> list[tuple[str, int | float]]:
        """(label, value) in the order ``genart library stats`` prints them."""
        return [
            ("images", self.images), ("generated", self.generated), ("imported", self.imported),
            ("favourites", self.favourites), ("in the trash", self.trashed), ("tags", self.tags),
            ("models", self.models), ("datasets", self.datasets), ("training runs", self.runs),
            ("store size (MB)", round(self.store_bytes / 1e6, 1)),
        ]


_COUNTS = {
    "images": "SELECT COUNT(*) FROM images WHERE id NOT IN (SELECT image_id FROM trash)",
    "generated": "SELECT COUNT(*) FROM images WHERE origin = 'generated'",
    "imported": "SELECT COUNT(*) FROM images WHERE origin = 'imported'",
    "favourites": "SELECT COUNT(*) FROM images WHERE favourite = 1",
    "trashed": "SELECT COUNT(*) FROM trash",
    "tags": "SELECT COUNT(*) FROM tags",
    "models": "SELECT COUNT(*) FROM models",
    "datasets": "SELECT COUNT(*) FROM datasets",
    "runs": "SELECT COUNT(*) FROM runs",
    "store_bytes": "SELECT SUM(bytes) FROM images",
}


def library_stats(library: Library) -> LibraryStats:
    conn = library.conn()
    return LibraryStats(**{name: int(conn.execute(sql).fetchone()[0] or 0) for name, sql in _COUNTS.items()})


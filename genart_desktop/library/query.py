"""The gallery's queries: which ids match (in order), and the small rows for one window.

The view asks for the ordered id list once per filter change (ints only: ~1 MB at 100,000
images) and then fetches the painted fields for the visible window by id, so it never holds
every row's data at once.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from genart_desktop.library.db import in_chunks
from genart_desktop.library.fts import match_expression
from genart_desktop.library.library import Library
from genart_desktop.library.rows import GalleryItem

SORTS = {
    "date-desc": "i.created DESC, i.id DESC",
    "date-asc": "i.created ASC, i.id ASC",
    "name-asc": "i.title COLLATE NOCASE ASC, i.id ASC",
    "name-desc": "i.title COLLATE NOCASE DESC, i.id DESC",
    "model": "i.model_id IS NULL, i.model_id, i.created DESC, i.id DESC",
}


@dataclass(frozen=True)
class GalleryQuery:
    search: str = ""
    model_id: str | None = None
    dataset_id: str | None = None
    licence: str | None = None
    tag: str | None = None
    favourite_only: bool = False
    origin: str | None = None  # "generated" | "imported"
    date_from: str | None = None  # ISO date/time, inclusive
    date_to: str | None = None  # ISO date/time, exclusive
    sort: str = "date-desc"
    trashed: bool = False  # True: show only the trash

    def sql(self) -> tuple[str, list]:
        where = [
            "EXISTS(SELECT 1 FROM trash t WHERE t.image_id = i.id)"
            if self.trashed
            else "NOT EXISTS(SELECT 1 FROM trash t WHERE t.image_id = i.id)"
        ]
        params: list = []
        if self.search.strip():
            expression = match_expression(self.search)
            if expression:
                where.append("i.id IN (SELECT rowid FROM images_fts WHERE images_fts MATCH ?)")
                params.append(expression)
        for column, value in (
            ("i.model_id", self.model_id),
            ("i.dataset_id", self.dataset_id),
            ("i.licence", self.licence),
            ("i.origin", self.origin),
        ):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if self.tag:
            where.append(
                "i.id IN (SELECT it.image_id FROM image_tags it JOIN tags g ON g.id = it.tag_id"
                " WHERE g.name = ?)"
            )
            params.append(self.tag)
        if self.favourite_only:
            where.append("i.favourite = 1")
        if self.date_from:
            where.append("i.created >= ?")
            params.append(self.date_from)
        if self.date_to:
            where.append("i.created < ?")
            params.append(self.date_to)
        order = SORTS.get(self.sort, SORTS["date-desc"])
        return f"SELECT i.id FROM images i WHERE {' AND '.join(where)} ORDER BY {order}", params


def query_ids(library: Library, query: GalleryQuery) -> array:
    sql, params = query.sql()
    ids = array("q")
    cursor = library.conn().execute(sql, params)
    while True:
        chunk = cursor.fetchmany(8192)
        if not chunk:
            return ids
        ids.extend(r[0] for r in chunk)


def gallery_items(library: Library, ids: Sequence[int]) -> dict[int, GalleryItem]:
    """The painted fields of these images (one query per window of up to 500 ids)."""
    found: dict[int, GalleryItem] = {}
    conn = library.conn()
    for chunk, marks in in_chunks(ids):
        cursor = conn.execute(
            "SELECT id, sha256, ext, title, origin, favourite, licence, originality_warning, width, height,"
            f" created FROM images WHERE id IN ({marks})",
            chunk,
        )
        cursor.row_factory = sqlite3.Row
        for row in cursor:
            found[row["id"]] = GalleryItem(
                id=row["id"],
                sha256=row["sha256"],
                path=library.store.path_for(row["sha256"], row["ext"]),
                title=row["title"],
                origin=row["origin"],
                favourite=bool(row["favourite"]),
                licence=row["licence"],
                originality_warning=bool(row["originality_warning"]),
                width=row["width"],
                height=row["height"],
                created=row["created"],
            )
    return found


def distinct_values(library: Library, column: str) -> list[str]:
    """Values present for a filter menu: 'licence', 'model_id' or 'dataset_id'."""
    if column not in ("licence", "model_id", "dataset_id"):
        raise ValueError(column)
    rows = library.conn().execute(
        f"SELECT DISTINCT {column} FROM images WHERE {column} IS NOT NULL AND {column} != '' ORDER BY 1"
    )
    return [r[0] for r in rows]

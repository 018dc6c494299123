"""Keeps the FTS5 index (title, notes, tags, creator, licence, model name) in step with rows."""

from __future__ import annotations

import sqlite3

from genart_desktop.library.db import in_chunks

_REINDEX = """
INSERT INTO images_fts (rowid, title, notes, tags, creator, licence, model_name)
SELECT i.id, i.title, i.notes,
       COALESCE((SELECT group_concat(t.name, ' ') FROM image_tags it
                 JOIN tags t ON t.id = it.tag_id WHERE it.image_id = i.id), ''),
       i.creator, i.licence, COALESCE(m.name, '')
FROM images i LEFT JOIN models m ON m.id = i.model_id WHERE i.id = ?
"""


def reindex(conn: sqlite3.Connection, image_id: int) -> None:
    """Refresh one image's entry (inside the caller's transaction)."""
    conn.execute("DELETE FROM images_fts WHERE rowid = ?", (image_id,))
    conn.execute(_REINDEX, (image_id,))


def reindex_many(conn: sqlite3.Connection, image_ids: list[int]) -> None:
    """Refresh many entries with one statement per 500 ids (bulk tag edits on 100,000 images)."""
    for chunk, marks in in_chunks(image_ids):
        conn.execute(f"DELETE FROM images_fts WHERE rowid IN ({marks})", chunk)
        conn.execute(_REINDEX.replace("WHERE i.id = ?", f"WHERE i.id IN ({marks})"), chunk)


def remove(conn: sqlite3.Connection, image_id: int) -> None:
    conn.execute("DELETE FROM images_fts WHERE rowid = ?", (image_id,))


def match_expression(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word must match (as a prefix).

    Each word is quoted, so FTS5 operators and punctuation in the search box are plain text.
    """
    words = [w.replace('"', '""') for w in text.split() if w.strip('"')]
    return " ".join(f'"{w}"*' for w in words)

"""The catalogue's schema as a list of migration steps, applied by ``PRAGMA user_version``.

Each step takes the database from version ``i`` to ``i + 1`` and runs inside one transaction,
so a crash mid-migration leaves the previous version intact. Steps are never edited once
released; a change is a new step at the end. A backup is taken before any step runs.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from genart_desktop.core.errors import LibraryError

log = logging.getLogger(__name__)

Step = Callable[[sqlite3.Connection], None]


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction.

    (``executescript`` would COMMIT the open transaction first, breaking the all-or-nothing step.)
    """
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        conn.execute(buffer)


def _v1_core(conn: sqlite3.Connection) -> None:
    """Images, models, datasets, runs, tags and provenance records."""
    _script(
        conn,
        """
        CREATE TABLE models (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            folder TEXT NOT NULL DEFAULT '',
            card_json TEXT NOT NULL DEFAULT '{}',
            registered TEXT NOT NULL
        );
        CREATE TABLE datasets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL DEFAULT '',
            hash TEXT NOT NULL DEFAULT '',
            image_count INTEGER NOT NULL DEFAULT 0,
            manifest_json TEXT NOT NULL DEFAULT '{}',
            registered TEXT NOT NULL
        );
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            model_id TEXT,
            dataset_id TEXT,
            status TEXT NOT NULL DEFAULT '',
            run_json TEXT NOT NULL DEFAULT '{}',
            registered TEXT NOT NULL
        );
        CREATE TABLE images (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            ext TEXT NOT NULL,
            bytes INTEGER NOT NULL DEFAULT 0,
            width INTEGER NOT NULL DEFAULT 0,
            height INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL CHECK (origin IN ('generated', 'imported')),
            model_id TEXT REFERENCES models(id) ON DELETE SET NULL,
            dataset_id TEXT REFERENCES datasets(id) ON DELETE SET NULL,
            created TEXT NOT NULL,
            source_path TEXT NOT NULL DEFAULT '',
            favourite INTEGER NOT NULL DEFAULT 0,
            licence TEXT NOT NULL DEFAULT '',
            creator TEXT NOT NULL DEFAULT '',
            attribution TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            originality_warning INTEGER NOT NULL DEFAULT 0,
            generation_json TEXT NOT NULL DEFAULT '{}',
            rights_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE image_tags (
            image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (image_id, tag_id)
        ) WITHOUT ROWID;
        CREATE TABLE provenance (
            image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
            record_json TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        """,
    )


def _v2_trash_and_pending(conn: sqlite3.Connection) -> None:
    """Trash (delete with undo) and the write-ahead intent list that makes imports crash-safe."""
    _script(
        conn,
        """
        CREATE TABLE trash (
            image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
            trashed TEXT NOT NULL
        );
        -- A store file about to be written; removed in the transaction that adds its row.
        -- Rows left after a crash name files that may be orphans; Library.open sweeps them.
        CREATE TABLE pending_files (
            path TEXT PRIMARY KEY,
            pid INTEGER NOT NULL,
            started TEXT NOT NULL
        );
        """,
    )


def _v3_fts(conn: sqlite3.Connection) -> None:
    """Full-text search over title, notes, tags, creator, licence and model name."""
    conn.execute(
        "CREATE VIRTUAL TABLE images_fts USING fts5("
        "title, notes, tags, creator, licence, model_name, tokenize = 'unicode61 remove_diacritics 2')"
    )
    # Index what an older library already holds.
    conn.execute(
        """
        INSERT INTO images_fts (rowid, title, notes, tags, creator, licence, model_name)
        SELECT i.id, i.title, i.notes,
               COALESCE((SELECT group_concat(t.name, ' ') FROM image_tags it
                         JOIN tags t ON t.id = it.tag_id WHERE it.image_id = i.id), ''),
               i.creator, i.licence, COALESCE(m.name, '')
        FROM images i LEFT JOIN models m ON m.id = i.model_id
        """
    )


def _v4_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for the gallery's sorts and filters (fast first paint at 100,000 images)."""
    _script(
        conn,
        """
        CREATE INDEX images_created ON images(created, id);
        CREATE INDEX images_title ON images(title COLLATE NOCASE, id);
        CREATE INDEX images_model ON images(model_id, created);
        CREATE INDEX images_dataset ON images(dataset_id);
        CREATE INDEX images_licence ON images(licence);
        CREATE INDEX image_tags_tag ON image_tags(tag_id, image_id);
        """,
    )


MIGRATIONS: list[Step] = [_v1_core, _v2_trash_and_pending, _v3_fts, _v4_indexes]
LATEST = len(MIGRATIONS)


def version_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection,
    db_path: Path | None,
    *,
    target: int = LATEST,
    backup: Callable[[sqlite3.Connection, int], object] | None = None,
) -> int:
    """Apply the missing steps up to ``target``; returns the version reached.

    ``backup(conn, version)`` is called once before the first step when the database already
    holds data (version > 0). A newer database than this app knows is refused, not damaged.
    """
    current = version_of(conn)
    if current > LATEST:
        raise LibraryError(
            f"The library was written by a newer version of GenArt Desktop (schema {current}, "
            f"this version knows {LATEST}).",
            path=db_path,
            hint="Update GenArt Desktop, or open a different library folder (GENART_HOME).",
        )
    if current >= target:
        return current
    if backup is not None and current > 0:
        backup(conn, current)
    for index in range(current, target):
        # BEGIN IMMEDIATE takes the write lock; another process may have run this step while
        # we waited for it, so the version is read again inside the transaction.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version_of(conn) > index:
                conn.execute("COMMIT")
                continue
            log.info("library: migrating schema %d -> %d", index, index + 1)
            MIGRATIONS[index](conn)
            # PRAGMA cannot take parameters; the value is our own integer.
            conn.execute(f"PRAGMA user_version = {index + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite has already rolled back after a full disk
                conn.execute("ROLLBACK")
            raise
    return target

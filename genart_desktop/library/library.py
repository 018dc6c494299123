"""The catalogue: images (content-addressed), models, datasets, runs, tags, provenance.

``Library`` is safe to use from several threads at once: every thread gets its own SQLite
connection (see ``db``). Every change is one transaction; files are written before the row
that refers to them, under an intent record (``pending_files``) so a crash in between leaves
no orphan once the library is opened again.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from genart_desktop.core import limits, paths
from genart_desktop.core.errors import DiskFull, LibraryError, is_disk_full
from genart_desktop.core.hashing import sha256_bytes
from genart_desktop.library import backups, fts, schema
from genart_desktop.library.db import Connections, in_chunks
from genart_desktop.library.registry import Registry
from genart_desktop.library.rows import ORIGINS, RIGHTS_COLUMNS, ImageRow
from genart_desktop.library.store import Store, normalise_ext

log = logging.getLogger(__name__)

def _text(limit: int = limits.MAX_TEXT_FIELD_CHARS):
    """Text as stored: at most ``limit`` characters, wherever it was typed or pasted."""
    return lambda v: limits.clip_text(str(v), limit)


# Columns update_fields may change directly (name -> how to store the value).
_SIMPLE_FIELDS = {
    "title": _text(limits.MAX_TITLE_CHARS),
    "notes": _text(),
    "licence": _text(limits.MAX_TITLE_CHARS),
    "creator": _text(limits.MAX_TITLE_CHARS),
    "attribution": _text(),
    "favourite": lambda v: int(bool(v)),
    "originality_warning": lambda v: int(bool(v)),
    "model_id": lambda v: v or None,
    "dataset_id": lambda v: v or None,
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _json(value: dict | None) -> str:
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


class Library(Registry):
    def __init__(self, db_path: Path, store: Store) -> None:
        self.db_path = db_path
        self.store = store
        self._db = Connections(db_path)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None, *, images_root: Path | None = None) -> Library:
        """Open (creating or upgrading) the library at ``path`` (default: paths.library_db())."""
        db_path = Path(path) if path else paths.library_db()
        paths.ensure(db_path.parent)
        if images_root is None:
            images_root = paths.images_dir() if path is None else db_path.parent / "images"
        library = cls(db_path, Store(images_root))
        conn = library._db.get()
        try:
            schema.migrate(conn, db_path, backup=lambda c, v: backups.make_backup(c, f"before-v{v + 1}"))
            library.recover_pending()
        except BaseException as exc:
            library.close()
            if isinstance(exc, sqlite3.OperationalError) and is_disk_full(exc):
                raise DiskFull(db_path.parent, 1024 * 1024, what="creating or upgrading the library") from exc
            raise
        return library

    def close(self) -> None:
        self._db.close()

    def release_thread(self) -> None:
        """Close this thread's connection; worker threads call it before they end."""
        self._db.release_thread()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def conn(self) -> sqlite3.Connection:
        """This thread's connection (for read queries in sibling modules)."""
        return self._db.get()

    def transaction(self):
        return self._db.transaction()

    @property
    def schema_version(self) -> int:
        return schema.version_of(self.conn())

    def has_images(self) -> bool:
        """Whether the catalogue holds any image (trashed ones count)."""
        return self.conn().execute("SELECT 1 FROM images LIMIT 1").fetchone() is not None

    def daily_backup(self) -> Path | None:
        """Make the daily backup if one is due. Slow on big libraries: call it off the GUI thread."""
        if not self.has_images():
            return None
        return backups.backup_if_due(self.conn())

    # -- crash recovery --------------------------------------------------------------------
    def recover_pending(self) -> int:
        """Remove files whose import was interrupted (their row never committed)."""
        swept = 0
        with self.transaction() as conn:
            rows = conn.execute("SELECT path, pid FROM pending_files").fetchall()
            for rel, pid in rows:
                if pid != os.getpid() and _alive(pid):
                    continue  # another process is importing right now
                target = self.store.root / rel
                sha = target.stem
                if conn.execute("SELECT 1 FROM images WHERE sha256 = ?", (sha,)).fetchone() is None:
                    self.store.remove(target)
                    swept += 1
                else:
                    self.store.remove_temporaries(target)
                conn.execute("DELETE FROM pending_files WHERE path = ?", (rel,))
        if swept:
            log.warning("library: removed %d file(s) left by an interrupted import", swept)
        return swept

    # -- images ----------------------------------------------------------------------------
    def find_sha(self, sha256: str) -> int | None:
        row = self.conn().execute("SELECT id FROM images WHERE sha256 = ?", (sha256,)).fetchone()
        return int(row[0]) if row else None

    def add_image_bytes(self, data: bytes, ext: str, **fields: Any) -> int:
        """Store an image and catalogue it; the same bytes return the existing id.
        ``fields`` are ``add_image``'s keywords."""
        return self.add_image(data, ext, **fields)[0]

    def add_image(
        self,
        data: bytes,
        ext: str,
        *,
        origin: str,
        title: str = "",
        model_id: str | None = None,
        dataset_id: str | None = None,
        generation: dict | None = None,
        provenance: dict | None = None,
        rights: dict | None = None,
        notes: str = "",
        tags: Iterable[str] = (),
        source_path: str = "",
        created: str | None = None,
        originality_warning: bool = False,
    ) -> tuple[int, bool]:
        """``add_image_bytes`` that also says whether this call added the row (False: the same
        bytes were already there, or another thread or process stored them first)."""
        if origin not in ORIGINS:
            raise LibraryError(f"Unknown image origin {origin!r}; expected one of {', '.join(ORIGINS)}.")
        ext = normalise_ext(ext)
        sha = sha256_bytes(data)
        existing = self.find_sha(sha)
        if existing is not None:
            # A deleted image brought back by importing it again leaves the trash.
            with self.transaction() as conn:
                conn.execute("DELETE FROM trash WHERE image_id = ?", (existing,))
            return existing, False
        width, height = _probe(data, source_path)
        target = self.store.path_for(sha, ext)
        rel = self.store.relative(target)
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO pending_files (path, pid, started) VALUES (?, ?, ?)",
                    (rel, os.getpid(), now_iso()),
                )
        except sqlite3.OperationalError as exc:
            if is_disk_full(exc):
                raise DiskFull(self.db_path.parent, len(data) + 64 * 1024,
                               what="adding an image to the library") from exc
            raise
        try:
            self.store.put(data, sha, ext)
            with self.transaction() as conn:
                rights = dict(rights or {})
                columns = {key: str(rights.pop(key, "") or "") for key in RIGHTS_COLUMNS}
                cursor = conn.execute(
                    "INSERT INTO images (sha256, ext, bytes, width, height, title, origin, model_id,"
                    " dataset_id, created, source_path, notes, licence, creator, attribution,"
                    " generation_json, rights_json, originality_warning)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        sha,
                        ext,
                        len(data),
                        width,
                        height,
                        title,
                        origin,
                        model_id or None,
                        dataset_id or None,
                        created or now_iso(),
                        source_path,
                        notes,
                        columns["licence"],
                        columns["creator"],
                        columns["attribution"],
                        _json(generation),
                        _json(rights),
                        int(originality_warning),
                    ),
                )
                if cursor.lastrowid is None:  # an INSERT always sets it; say so to the type checker
                    raise LibraryError("The image could not be added to the library.")
                image_id = int(cursor.lastrowid)
                if provenance:
                    conn.execute(
                        "INSERT INTO provenance (image_id, record_json, updated) VALUES (?, ?, ?)",
                        (image_id, _json(provenance), now_iso()),
                    )
                _set_tags(conn, image_id, tags)
                conn.execute("DELETE FROM pending_files WHERE path = ?", (rel,))
                fts.reindex(conn, image_id)
        except (OSError, sqlite3.OperationalError) as exc:
            if self.find_sha(sha) is None:
                self.store.remove(target)
            self._forget_pending(rel)
            if is_disk_full(exc):
                raise DiskFull(self.db_path.parent, len(data) + 64 * 1024,
                               what="adding an image to the library") from exc
            raise
        except sqlite3.IntegrityError as exc:
            # Another thread stored the same bytes first: theirs is the entry.
            existing = self.find_sha(sha)
            self._forget_pending(rel)
            if existing is not None:
                return existing, False
            raise LibraryError(
                f"The image could not be catalogued: {exc}.", path=source_path or None
            ) from exc
        except BaseException:
            if self.find_sha(sha) is None:
                self.store.remove(target)
            self._forget_pending(rel)
            raise
        return image_id, True

    def _forget_pending(self, rel: str) -> None:
        # On a full disk even this may fail: the next open sweeps the record (recover_pending).
        with contextlib.suppress(sqlite3.Error), self.transaction() as conn:
            conn.execute("DELETE FROM pending_files WHERE path = ?", (rel,))

    def get_image(self, image_id: int) -> ImageRow:
        conn = self.conn()
        cursor = conn.execute(
            "SELECT i.id, i.sha256, i.ext, i.width, i.height, i.title, i.origin, i.model_id, i.created,"
            " i.favourite, i.licence, i.creator, i.notes, i.generation_json, i.rights_json, i.dataset_id,"
            " i.attribution, i.bytes, i.source_path, i.originality_warning,"
            " EXISTS(SELECT 1 FROM trash t WHERE t.image_id = i.id) AS trashed,"
            " COALESCE(m.name, '') AS model_name,"
            " (SELECT record_json FROM provenance p WHERE p.image_id = i.id) AS record_json"
            " FROM images i LEFT JOIN models m ON m.id = i.model_id WHERE i.id = ?",
            (image_id,),
        )
        cursor.row_factory = sqlite3.Row
        row = cursor.fetchone()
        if row is None:
            raise LibraryError(f"There is no image with id {image_id} in the library.")
        tags = [
            r[0]
            for r in conn.execute(
                "SELECT t.name FROM image_tags it JOIN tags t ON t.id = it.tag_id"
                " WHERE it.image_id = ? ORDER BY t.name COLLATE NOCASE",
                (image_id,),
            )
        ]
        rights = json.loads(row["rights_json"])
        for key in RIGHTS_COLUMNS:  # the columns are the searchable copy of these rights fields
            if row[key]:
                rights[key] = row[key]
        return ImageRow(
            id=row["id"],
            sha256=row["sha256"],
            ext=row["ext"],
            path=self.store.path_for(row["sha256"], row["ext"]),
            width=row["width"],
            height=row["height"],
            title=row["title"],
            origin=row["origin"],
            model_id=row["model_id"],
            created=row["created"],
            favourite=bool(row["favourite"]),
            licence=row["licence"],
            creator=row["creator"],
            notes=row["notes"],
            generation=json.loads(row["generation_json"]),
            provenance=json.loads(row["record_json"]) if row["record_json"] else {},
            rights=rights,
            dataset_id=row["dataset_id"],
            attribution=row["attribution"],
            tags=tags,
            bytes=row["bytes"],
            source_path=row["source_path"],
            originality_warning=bool(row["originality_warning"]),
            trashed=bool(row["trashed"]),
            model_name=row["model_name"],
        )

    def update_fields(self, image_id: int, **fields: Any) -> None:
        """Change editable fields (title, notes, favourite, licence, creator, attribution, tags,
        rights, generation, model_id, dataset_id, originality_warning) in one transaction."""
        unknown = set(fields) - set(_SIMPLE_FIELDS) - {"tags", "rights", "generation"}
        if unknown:
            raise LibraryError(f"These image fields cannot be changed: {', '.join(sorted(unknown))}.")
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM images WHERE id = ?", (image_id,)).fetchone() is None:
                raise LibraryError(f"There is no image with id {image_id} in the library.")
            values = {k: _SIMPLE_FIELDS[k](v) for k, v in fields.items() if k in _SIMPLE_FIELDS}
            if "rights" in fields:
                rights = {k: limits.clip_text(v) if isinstance(v, str) else v
                          for k, v in dict(fields["rights"] or {}).items()}
                for key in RIGHTS_COLUMNS:
                    if key in rights and key not in values:
                        values[key] = str(rights[key] or "")
                    rights.pop(key, None)
                values["rights_json"] = _json(rights)
            if "generation" in fields:
                values["generation_json"] = _json(fields["generation"])
            if values:
                # Column names come from our own whitelist above, never from the caller.
                assignments = ", ".join(f"{name} = ?" for name in values)
                conn.execute(f"UPDATE images SET {assignments} WHERE id = ?", (*values.values(), image_id))
            if "tags" in fields:
                conn.execute("DELETE FROM image_tags WHERE image_id = ?", (image_id,))
                _set_tags(conn, image_id, fields["tags"])
            fts.reindex(conn, image_id)

    def set_favourite(self, image_ids: Iterable[int], favourite: bool) -> None:
        ids = list(image_ids)
        with self.transaction() as conn:
            for chunk, marks in in_chunks(ids):
                conn.execute(
                    f"UPDATE images SET favourite = ? WHERE id IN ({marks})", [int(favourite), *chunk]
                )

    def add_tag(self, image_ids: Iterable[int], tag: str) -> None:
        name = " ".join(str(tag).split())
        ids = list(image_ids)
        if not name or not ids:
            return
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
            tag_id = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()[0]
            for chunk, marks in in_chunks(ids):
                conn.execute(
                    f"INSERT OR IGNORE INTO image_tags (image_id, tag_id) SELECT id, ? FROM images"
                    f" WHERE id IN ({marks})",
                    [tag_id, *chunk],
                )
            fts.reindex_many(conn, ids)

    def remove_tag(self, image_ids: Iterable[int], tag: str) -> None:
        ids = list(image_ids)
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM tags WHERE name = ?", (tag,)).fetchone()
            if row is None or not ids:
                return
            for chunk, marks in in_chunks(ids):
                conn.execute(
                    f"DELETE FROM image_tags WHERE tag_id = ? AND image_id IN ({marks})", [row[0], *chunk]
                )
            fts.reindex_many(conn, ids)

    def favourites(self, image_ids: Iterable[int]) -> dict[int, bool]:
        """Whether each of these images is a favourite (ids not in the library are left out)."""
        found: dict[int, bool] = {}
        conn = self.conn()
        for chunk, marks in in_chunks(image_ids):
            rows = conn.execute(f"SELECT id, favourite FROM images WHERE id IN ({marks})", chunk)
            found.update({image_id: bool(favourite) for image_id, favourite in rows})
        return found

    def tagged_with(self, image_ids: Iterable[int], tag: str) -> set[int]:
        """Which of these images carry the tag."""
        found: set[int] = set()
        conn = self.conn()
        for chunk, marks in in_chunks(image_ids):
            rows = conn.execute(
                "SELECT it.image_id FROM image_tags it JOIN tags t ON t.id = it.tag_id"
                f" WHERE t.name = ? AND it.image_id IN ({marks})",
                [tag, *chunk],
            )
            found.update(image_id for (image_id,) in rows)
        return found

    def all_tags(self) -> list[str]:
        return [r[0] for r in self.conn().execute("SELECT name FROM tags ORDER BY name COLLATE NOCASE")]

    def set_provenance(self, image_id: int, record: dict) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO provenance (image_id, record_json, updated) VALUES (?, ?, ?)"
                " ON CONFLICT(image_id) DO UPDATE SET record_json = excluded.record_json,"
                " updated = excluded.updated",
                (image_id, _json(record), now_iso()),
            )


def _set_tags(conn: sqlite3.Connection, image_id: int, tags: Iterable[str]) -> None:
    for raw in tags:
        name = " ".join(str(raw).split())
        if not name:
            continue
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
        conn.execute(
            "INSERT OR IGNORE INTO image_tags (image_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
            (image_id, name),
        )


def _probe(data: bytes, source: str) -> tuple[int, int]:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except UnidentifiedImageError as exc:
        raise LibraryError(
            "This is not an image file GenArt Desktop can read.",
            path=source or None,
            hint="Use PNG, JPEG, WebP, GIF, BMP or TIFF files.",
        ) from exc
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise LibraryError(
            f"This is not an image GenArt Desktop can read ({exc}).",
            path=source or None,
            hint="Use PNG, JPEG, WebP, GIF, BMP or TIFF files.",
        ) from exc


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

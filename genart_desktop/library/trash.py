"""Delete with undo: deleting moves images to the trash; emptying it removes their files.

Emptying deletes the rows first (one transaction) and the files after, so a crash in between
leaves only orphan files, which ``library check --repair`` removes; never a row without a file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.library import fts
from genart_desktop.library.library import Library, now_iso

log = logging.getLogger(__name__)


def move_to_trash(library: Library, image_ids: Iterable[int]) -> list[int]:
    """Trash these images; returns the ids that were actually moved (for undo)."""
    moved: list[int] = []
    stamp = now_iso()
    with library.transaction() as conn:
        for image_id in image_ids:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO trash (image_id, trashed) SELECT id, ? FROM images WHERE id = ?",
                (stamp, image_id),
            )
            if cursor.rowcount:
                moved.append(int(image_id))
    return moved


def restore(library: Library, image_ids: Iterable[int]) -> None:
    with library.transaction() as conn:
        conn.executemany("DELETE FROM trash WHERE image_id = ?", [(i,) for i in image_ids])


def trashed_ids(library: Library) -> list[int]:
    return [r[0] for r in library.conn().execute("SELECT image_id FROM trash ORDER BY trashed, image_id")]


def empty_trash(
    library: Library, progress: ProgressFn = no_progress, should_stop: ShouldStop = never_stop
) -> int:
    """Remove trashed images for good (rows, then files). Returns how many were removed."""
    rows = (
        library.conn()
        .execute("SELECT i.id, i.sha256, i.ext FROM trash t JOIN images i ON i.id = t.image_id")
        .fetchall()
    )
    removed = 0
    for start in range(0, len(rows), 200):
        check_stop(should_stop)
        batch = rows[start : start + 200]
        with library.transaction() as conn:
            for image_id, _sha, _ext in batch:
                fts.remove(conn, image_id)
                conn.execute("DELETE FROM images WHERE id = ?", (image_id,))
        for _image_id, sha, ext in batch:
            library.store.remove(library.store.path_for(sha, ext))
        removed += len(batch)
        progress(removed / max(1, len(rows)), f"Removed {removed} of {len(rows)} images")
    log.info("library: emptied the trash (%d images)", removed)
    return removed

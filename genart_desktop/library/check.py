"""``library check``: do the database and the store agree? And the repair when they don't.

Finds rows whose file is missing (or, with ``deep``, whose bytes no longer match their hash)
and files no row refers to. Repair copies a missing file back from where it was imported when
that file still has the same bytes, otherwise drops the row; an orphan that is an intact image
is catalogued again (as imported, nothing is lost) and anything else — half-written temporaries,
damaged files — is removed.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from genart_desktop.core.hashing import sha256_file
from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.library import fts
from genart_desktop.library.library import Library
from genart_desktop.library.rows import CheckReport

log = logging.getLogger(__name__)
_STORE_NAME = re.compile(r"^([0-9a-f]{64})\.([a-z]+)$")


def check(
    library: Library,
    *,
    repair: bool = False,
    deep: bool = False,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> CheckReport:
    report = CheckReport()
    conn = library.conn()
    report.integrity = "; ".join(r[0] for r in conn.execute("PRAGMA quick_check")) or "ok"
    rows = conn.execute("SELECT id, sha256, ext, source_path FROM images").fetchall()
    known: set[str] = set()
    for n, (image_id, sha, ext, _source) in enumerate(rows):
        if n % 500 == 0:
            check_stop(should_stop)
            progress(0.8 * n / max(1, len(rows)), f"Checked {n} of {len(rows)} images")
        path = library.store.path_for(sha, ext)
        known.add(path.name)
        if not path.is_file():
            report.missing.append(image_id)
        elif deep and sha256_file(path) != sha:
            report.corrupt.append(image_id)
    for path in library.store.iter_files():
        if path.name not in known:
            report.orphans.append(path)
    progress(0.9, "Checked the store")
    if repair and not report.clean:
        _repair(library, report, {r[0]: r for r in rows})
        report.repaired = True
    progress(1.0, "Check finished")
    return report


def _repair(library: Library, report: CheckReport, rows: dict[int, tuple]) -> None:
    dropped = 0
    for image_id in report.missing + report.corrupt:
        _id, sha, ext, source = rows[image_id]
        target = library.store.path_for(sha, ext)
        if source and Path(source).is_file() and sha256_file(Path(source)) == sha:
            library.store.put(Path(source).read_bytes(), sha, ext)
            log.info("library check: restored %s from %s", target.name, source)
            continue
        with library.transaction() as conn:
            fts.remove(conn, image_id)
            conn.execute("DELETE FROM images WHERE id = ?", (image_id,))
        library.store.remove(target)
        dropped += 1
    for path in report.orphans:
        match = _STORE_NAME.match(path.name)
        if match and sha256_file(path) == match.group(1):
            try:
                library.add_image_bytes(
                    path.read_bytes(),
                    match.group(2),
                    origin="imported",
                    title=path.stem[:12],
                    notes="Recovered by the library check: this file was in the store without a record.",
                )
                continue
            except Exception:  # not a readable image: fall through and remove it
                log.warning("library check: %s is not a readable image; removing it", path)
        path.unlink(missing_ok=True)
    if dropped:
        log.warning("library check: dropped %d record(s) whose file could not be found", dropped)

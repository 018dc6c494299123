"""Rotating copies of the catalogue: before each migration and once a day (keep 10).

Copies are made with SQLite's online backup API (consistent even while the WAL holds
uncommitted pages), written to a temporary name and renamed, so a half-written backup never
looks like a good one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from pathlib import Path

from genart_desktop.core import paths

log = logging.getLogger(__name__)

KEEP = 10
DAY_S = 24 * 3600
PREFIX = "library-"


def list_backups(folder: Path | None = None) -> list[Path]:
    """Backups, oldest first."""
    folder = folder or paths.backups_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{PREFIX}*.sqlite") if p.is_file())


def make_backup(conn: sqlite3.Connection, reason: str, folder: Path | None = None, keep: int = KEEP) -> Path:
    folder = paths.ensure(folder or paths.backups_dir())
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = folder / f"{PREFIX}{stamp}-{reason}.sqlite"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{PREFIX}{stamp}-{reason}-{n}.sqlite"
    tmp = folder / f".{target.name}.tmp"
    dest = sqlite3.connect(tmp)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    log.info("library: backup written to %s", target)
    prune(folder, keep)
    return target


def prune(folder: Path, keep: int = KEEP) -> None:
    backups = list_backups(folder)
    for old in backups[: max(0, len(backups) - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()


def backup_if_due(
    conn: sqlite3.Connection, folder: Path | None = None, now: float | None = None
) -> Path | None:
    """The daily backup: made when the newest one is more than a day old (or none exists)."""
    existing = list_backups(folder)
    now = time.time() if now is None else now
    if existing and now - max(p.stat().st_mtime for p in existing) < DAY_S:
        return None
    return make_backup(conn, "daily", folder)

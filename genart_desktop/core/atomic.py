"""Atomic file writes: a temporary file in the same folder, flush, fsync, os.replace.

A crash at any instant leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from genart_desktop.core.errors import DiskFull, is_disk_full


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable. Not possible on Windows; harmless to skip there.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _default_permissions() -> int:
    """What open() would give a new file: 0o666 less the process umask. os.umask has no getter,
    so it is read once, at import, before any writer thread exists."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_PERMISSIONS = _default_permissions()


@contextlib.contextmanager
def atomic_writer(
    path: str | Path, mode: str = "wb", encoding: str | None = None, permissions: int | None = None,
    needed: int = 0, durable: bool = True,
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` atomically.

    If the block raises, the temporary file is removed and ``path`` is untouched; a full disk
    becomes ``DiskFull`` naming the folder (and ``needed`` bytes, when the caller knows them).
    ``durable=False`` skips the fsyncs, for caches: a crash may then leave an empty or torn
    file under the final name, which the cache must detect and remake (still never half of
    an old and half of a new file for a reader that runs meanwhile). The file gets
    ``permissions``, by default those of any new file (mkstemp alone would leave it 0600, so
    exported images and model cards would be unreadable to other users and tools).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    if os.name == "posix":
        os.fchmod(fd, _NEW_FILE_PERMISSIONS if permissions is None else permissions)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
        if durable:
            _fsync_dir(target.parent)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if is_disk_full(exc):
            raise DiskFull(target.parent, needed) from exc
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_writer(path, "wb", needed=len(data)) as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_writer(path, "w", encoding="utf-8", needed=len(text.encode("utf-8"))) as handle:
        handle.write(text)


def atomic_write_json(path: str | Path, data: Any, *, indent: int | None = 2) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=False, sort_keys=False)
    atomic_write_text(path, text + "\n")

"""SQLite connections: one per thread, WAL, foreign keys, explicit transactions.

The GUI thread reads while workers write: each thread gets its own connection (sqlite3
connections must not be shared between threads), WAL lets readers run beside the writer,
and writers take the lock up front (``BEGIN IMMEDIATE``) so two writers queue instead of
deadlocking on a lock upgrade.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from genart_desktop.core.errors import DiskFull, LibraryError, is_disk_full

BUSY_TIMEOUT_MS = 10_000
CHUNK = 500  # ids per ``IN (…)``: well below SQLite's limit on bound variables


def in_chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[tuple[list[int], str]]:
    """Windows of ``ids`` with their placeholders, for ``f"… WHERE id IN ({marks})"``."""
    items = list(ids)
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        _enable_wal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # durable at each WAL checkpoint; safe with WAL
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.DatabaseError as exc:
        raise LibraryError(
            f"The library database cannot be opened: {exc}.",
            path=path,
            hint="Restore a copy from the backups folder beside it, or move the file away to start afresh.",
        ) from exc
    return conn


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch a connection to WAL. On a new library a second process may hold the lock while it
    creates the schema, and SQLite then answers the journal-mode change with "database is locked"
    at once, without waiting on the busy timeout: so wait here, up to that timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class _Holder:
    """Lives in one thread's local storage; when that thread ends (and its locals go), the
    connection is closed, so threads that never call ``release_thread`` leak nothing."""

    def __init__(self, conn: sqlite3.Connection, owner: Connections) -> None:
        self.conn = conn
        self.owner = owner

    def __del__(self) -> None:
        self.owner._forget(self.conn)


class Connections:
    """Hands each thread its own connection; closes them all at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def get(self) -> sqlite3.Connection:
        holder = getattr(self._local, "holder", None)
        if holder is None:
            if self._closed:
                raise LibraryError("The library has been closed.", path=self.path)
            conn = connect(self.path)
            with self._lock:
                self._all.append(conn)
            holder = self._local.holder = _Holder(conn, self)
        return holder.conn

    def _forget(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            if conn not in self._all:
                return
            self._all.remove(conn)
        with contextlib.suppress(sqlite3.Error):
            conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested use joins the outer one."""
        conn = self.get()
        if conn.in_transaction:
            yield conn
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # after SQLITE_FULL SQLite may have rolled back already
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if is_disk_full(exc):  # the transaction was rolled back: the library is as it was
                # SQLite needs room for a few WAL pages more than the change itself: 256 KB is
                # a floor that lets a small write through, not an exact figure.
                raise DiskFull(self.path.parent, 256 * 1024, what="writing to the library") from exc
            raise

    def release_thread(self) -> None:
        """Close the calling thread's connection now (a worker thread about to end)."""
        holder = getattr(self._local, "holder", None)
        if holder is not None:
            self._local.holder = None
            self._forget(holder.conn)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()

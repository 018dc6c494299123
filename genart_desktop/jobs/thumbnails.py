"""Thumbnails made off the GUI thread: a QThreadPool, visible items first, stale work dropped.

The gallery asks for the thumbnails it is painting (``request``) and, after each paint, says
which ones it still wants (``retain``). Queued work for items that scrolled away is skipped
when a worker reaches it, so a fast scroll never leaves a long queue behind. Results arrive
as ``ready(sha256, Thumbnail)`` in the GUI thread (queued signal); failures as ``failed``.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from genart_desktop.core.errors import GenArtError
from genart_desktop.library import thumbs

log = logging.getLogger(__name__)


class _Task(QRunnable):
    def __init__(self, loader: ThumbnailLoader, sha256: str, source: Path) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._loader = loader
        self._sha = sha256
        self._source = source

    def run(self) -> None:  # a pool thread
        loader = self._loader
        if not loader._claim(self._sha):
            return  # scrolled away (or shut down) before a worker got to it
        try:
            result = thumbs.load_or_make(self._source, self._sha, loader.size, loader.cache_root)
        except GenArtError as exc:
            loader._done(self._sha)
            loader.failed.emit(self._sha, exc.user_message)
            return
        except Exception as exc:  # a worker must never die silently
            log.exception("thumbnail for %s failed", self._source)
            loader._done(self._sha)
            loader.failed.emit(self._sha, str(exc))
            return
        loader._done(self._sha)
        loader.ready.emit(self._sha, result)


class ThumbnailLoader(QObject):
    ready = Signal(str, object)  # sha256, library.thumbs.Thumbnail
    failed = Signal(str, str)  # sha256, message

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        size: int = thumbs.THUMB_SIZE,
        cache_root: Path | None = None,
        threads: int = 2,
    ) -> None:
        super().__init__(parent)
        self.size = size
        self.cache_root = cache_root
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(1, threads))
        self._lock = threading.Lock()
        self._queued: set[str] = set()  # requested, not yet started
        self._running: set[str] = set()
        self._wanted: set[str] | None = None  # None: everything queued is wanted
        self._closed = False

    def request(self, sha256: str, source: Path, *, visible: bool = True) -> None:
        """Make (or read) this thumbnail soon; visible ones jump the queue."""
        with self._lock:
            if self._closed or sha256 in self._queued or sha256 in self._running:
                return
            self._queued.add(sha256)
            if self._wanted is not None:
                self._wanted.add(sha256)
        self.pool.start(_Task(self, sha256, source), 10 if visible else 0)

    def retain(self, wanted: set[str]) -> None:
        """Only these are still wanted: queued work for anything else is dropped."""
        with self._lock:
            self._wanted = set(wanted)
            self._queued &= self._wanted

    def pending(self) -> int:
        with self._lock:
            return len(self._queued) + len(self._running)

    def _claim(self, sha256: str) -> bool:
        with self._lock:
            if self._closed or sha256 not in self._queued:
                return False
            self._queued.discard(sha256)
            self._running.add(sha256)
            return True

    def _done(self, sha256: str) -> None:
        with self._lock:
            self._running.discard(sha256)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        return self.pool.waitForDone(timeout_ms)

    def shutdown(self) -> None:
        """Drop queued work and wait for running tasks (window close, tests)."""
        with self._lock:
            self._closed = True
            self._queued.clear()
        self.pool.clear()
        self.pool.waitForDone()

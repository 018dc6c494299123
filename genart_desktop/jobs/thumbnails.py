"""Thumbnails made off the GUI thread: a QThreadPool, visible items first, stale work dropped.

The gallery asks for the thumbnails it is painting (``request``) and, after each paint, says
which ones it still wants (``retain``): queued work for items that scrolled away is dropped,
so a fast scroll never leaves a long queue behind. The newest request is served first (it is
what is on screen now). A few long-lived pool tasks drain the queue (waiting a moment for more
when it is empty) rather than one task per thumbnail, which keeps ``request`` cheap in the GUI
thread. Results arrive as ``ready(sha256, Thumbnail)`` in the GUI thread (queued signal);
failures as ``failed``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from genart_desktop.core.errors import GenArtError
from genart_desktop.library import thumbs

log = logging.getLogger(__name__)

IDLE_WAIT_S = 2.0


def default_threads() -> int:
    """Leave one core to the GUI thread (smooth scrolling beats faster first thumbnails)."""
    return min(4, max(1, (os.cpu_count() or 2) - 1))


class _Drain(QRunnable):
    """Takes thumbnails off the loader's queue until it is empty."""

    def __init__(self, loader: ThumbnailLoader) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._loader = loader

    def run(self) -> None:  # a pool thread
        loader = self._loader
        while (job := loader._next()) is not None:
            sha, source = job
            try:
                result = thumbs.load_or_make(
                    source, sha, loader.size, loader.cache_root, fit=loader.display_size
                )
            except GenArtError as exc:
                loader.failed.emit(sha, exc.user_message)
            except Exception as exc:  # a worker must never die silently
                log.exception("thumbnail for %s failed", source)
                loader.failed.emit(sha, str(exc))
            else:
                loader.ready.emit(sha, result)
            finally:
                loader._done(sha)


class ThumbnailLoader(QObject):
    ready = Signal(str, object)  # sha256, library.thumbs.Thumbnail
    failed = Signal(str, str)  # sha256, message

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        size: int = thumbs.THUMB_SIZE,
        cache_root: Path | None = None,
        threads: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.size = size  # the size cached on disk
        self.display_size: int | None = None  # delivered at most this big (scaled in the worker)
        self.cache_root = cache_root
        self.pool = QThreadPool(self)
        self._threads = max(1, threads or default_threads())
        self.pool.setMaxThreadCount(self._threads)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: OrderedDict[str, Path] = OrderedDict()  # newest last
        self._running: set[str] = set()
        self._drains = 0
        self._closed = False

    def request(self, sha256: str, source: Path, *, visible: bool = True) -> None:
        """Make (or read) this thumbnail soon; the newest visible request goes first."""
        with self._lock:
            if self._closed or sha256 in self._running:
                return
            if sha256 in self._queue:
                if visible:
                    self._queue.move_to_end(sha256)
            else:
                self._queue[sha256] = source
                if not visible:
                    self._queue.move_to_end(sha256, last=False)
            start = self._drains < self._threads
            if start:
                self._drains += 1
            else:
                self._wake.notify()  # an idle worker takes it
        if start:
            self.pool.start(_Drain(self))

    def retain(self, wanted: set[str]) -> None:
        """Only these are still wanted: queued work for anything else is dropped."""
        with self._lock:
            for sha in [s for s in self._queue if s not in wanted]:
                del self._queue[sha]

    def pending(self) -> int:
        with self._lock:
            return len(self._queue) + len(self._running)

    def _next(self) -> tuple[str, Path] | None:
        """The next thumbnail to make; an idle worker waits a little for more before it ends
        (starting pool tasks costs more than keeping two waiting)."""
        with self._wake:
            while not self._closed:
                if self._queue:
                    sha, source = self._queue.popitem(last=True)
                    self._running.add(sha)
                    return sha, source
                if not self._wake.wait(IDLE_WAIT_S) and not self._queue:
                    break
            self._drains -= 1
            return None

    def _done(self, sha256: str) -> None:
        with self._lock:
            self._running.discard(sha256)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        return self.pool.waitForDone(timeout_ms)

    def shutdown(self) -> None:
        """Drop queued work and wait for running thumbnails (window close, tests)."""
        with self._wake:
            self._closed = True
            self._queue.clear()
            self._wake.notify_all()
        self.pool.waitForDone()

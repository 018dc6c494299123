"""Every QThread our code starts is registered here, so shutdown and tests can see them."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QThread, QThreadPool

_threads: weakref.WeakSet[QThread] = weakref.WeakSet()


def track(thread: QThread) -> QThread:
    _threads.add(thread)
    return thread


def live_threads() -> list[str]:
    """Descriptions of tracked QThreads still running and of busy thread-pool workers."""
    alive = [f"QThread {t.objectName() or t!r}" for t in list(_threads) if t.isRunning()]
    busy = QThreadPool.globalInstance().activeThreadCount()
    if busy:
        alive.append(f"{busy} busy QThreadPool worker(s)")
    return alive

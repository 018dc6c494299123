"""A ``Job`` runs one service call in its own QThread and reports through signals.

The service gets ``progress(fraction, message)`` and ``should_stop()`` keyword arguments
(DESIGN.md §2). Pausing is cooperative: while paused, ``should_stop()`` blocks until the
job is resumed or cancelled, so a service pauses at exactly the points where it can stop.

Signals (always emitted in this order, ``finished`` last and exactly once):
``started`` → ``progress``* → one of ``succeeded(result)`` / ``errored(exc)`` /
``cancelled()`` → ``finished()``. ``errored`` carries the exception; the traceback goes to
the log. Like superqt's workers, a job that errors is never silent: if nothing is connected
to ``errored`` the error is logged as such.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from genart_desktop.core.errors import Cancelled, GenArtError
from genart_desktop.jobs.tracking import track

log = logging.getLogger(__name__)


class _Runner(QThread):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:  # runs in the worker thread
        self._job._execute()


class Job(QObject):
    started = Signal()
    progress = Signal(float, str)
    succeeded = Signal(object)
    errored = Signal(object)
    cancelled = Signal()
    paused_changed = Signal(bool)
    finished = Signal()

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        name: str = "",
        pass_callbacks: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.name = name or getattr(fn, "__name__", "job")
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._pass_callbacks = pass_callbacks
        self._cancel = threading.Event()
        self._running = threading.Event()  # set = not paused
        self._running.set()
        self._thread: _Runner | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.last_progress: tuple[float, str] = (0.0, "")
        self._last_emit = 0.0

    # -- control, from any thread ------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"job {self.name!r} was already started")
        thread = _Runner(self)
        track(thread)
        self._thread = thread
        thread.setObjectName(f"job:{self.name}")
        thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        self._running.set()  # wake a paused job so it can see the cancellation

    def pause(self) -> None:
        if self._running.is_set() and not self._cancel.is_set():
            self._running.clear()
            self.paused_changed.emit(True)

    def resume(self) -> None:
        if not self._running.is_set():
            self._running.set()
            self.paused_changed.emit(False)

    @property
    def is_paused(self) -> bool:
        return not self._running.is_set()

    @property
    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until the thread ends; True if it has ended. For shutdown and tests."""
        if self._thread is None:
            return True
        if timeout_ms < 0:
            return self._thread.wait()
        return self._thread.wait(timeout_ms)

    # -- callbacks handed to the service -------------------------------------------------
    def should_stop(self) -> bool:
        self._running.wait()  # blocks while paused
        return self._cancel.is_set()

    def report_progress(self, fraction: float, message: str = "") -> None:
        self.last_progress = (fraction, message)
        now = time.monotonic()
        # Throttle: the GUI needs at most ~30 updates a second; always pass the last one.
        if now - self._last_emit >= 0.03 or fraction >= 1.0:
            self._last_emit = now
            self.progress.emit(float(fraction), message)

    # -- worker thread -------------------------------------------------------------------
    def _execute(self) -> None:
        self.started.emit()
        kwargs = dict(self._kwargs)
        if self._pass_callbacks:
            kwargs.setdefault("progress", self.report_progress)
            kwargs.setdefault("should_stop", self.should_stop)
        try:
            self.result = self._fn(*self._args, **kwargs)
        except Cancelled:
            log.info("job %s cancelled", self.name)
            self.cancelled.emit()
        except GenArtError as exc:  # expected and explained to the user: one line, no traceback
            self.error = exc
            log.warning("job %s failed: %s", self.name, exc.describe())
            log.debug("job %s traceback", self.name, exc_info=True)
            self.errored.emit(exc)
        except BaseException as exc:
            self.error = exc
            log.exception("job %s failed", self.name)
            self.errored.emit(exc)
        else:
            if self._cancel.is_set() and self.result is None:
                self.cancelled.emit()
            else:
                self.succeeded.emit(self.result)
        finally:
            self.finished.emit()

"""Keeps every running job in one place so the app can cancel and wait for all on exit."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from genart_desktop.jobs.job import Job

log = logging.getLogger(__name__)


class JobManager(QObject):
    active_changed = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self._jobs: list[Job] = []

    def start(self, job: Job) -> Job:
        self._jobs.append(job)
        job.finished.connect(lambda j=job: self._forget(j))
        job.start()
        self.active_changed.emit(len(self._jobs))
        return job

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            job.wait()  # the thread is past its last signal; make sure it has ended
            self._jobs.remove(job)
            self.active_changed.emit(len(self._jobs))

    @property
    def active(self) -> list[Job]:
        return list(self._jobs)

    def cancel_all(self) -> None:
        for job in self._jobs:
            job.cancel()

    def wait_all(self, timeout_ms: int = 30_000) -> bool:
        ok = True
        for job in list(self._jobs):
            if not job.wait(timeout_ms):
                log.warning("job %s did not stop within %d ms", job.name, timeout_ms)
                ok = False
        return ok

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        self.cancel_all()
        return self.wait_all(timeout_ms)

"""Waiting for a job the code under test has already started.

``qtbot.waitSignal(job.finished)`` entered *after* ``job.start()`` loses the race when a
short job ends first (a loaded CI machine): nothing is connected yet when the worker
emits, so the signal never arrives. Joining the thread cannot miss; the job's signals
were already posted to the GUI thread, so one round of event processing delivers them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from genart_desktop.jobs.job import Job


def wait_until_done(job: Job, timeout_ms: int = 10_000) -> None:
    assert job.wait(timeout_ms), f"job {job.name!r} still running after {timeout_ms} ms"
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()

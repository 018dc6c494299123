"""Library work run off the GUI thread: import, check/repair, empty the trash, daily backup.

Each job's worker thread uses its own SQLite connection (the library hands one per thread)
and closes it before the thread ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from genart_desktop.jobs.job import Job
from genart_desktop.library import Library, trash
from genart_desktop.library import check as check_mod
from genart_desktop.workflows.library import import_into


def _in_worker(library: Library, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        finally:
            library.release_thread()

    run.__name__ = getattr(fn, "__name__", "library")
    return run


def import_job(library: Library, paths: Iterable[Path]) -> Job:
    return Job(_in_worker(library, import_into), library, list(paths), name="import images")


def check_job(library: Library, *, repair: bool) -> Job:
    return Job(_in_worker(library, check_mod.check), library, repair=repair, name="check library")


def empty_trash_job(library: Library) -> Job:
    return Job(_in_worker(library, trash.empty_trash), library, name="empty trash")


def backup_job(library: Library) -> Job:
    def backup(progress=None, should_stop=None):
        return library.daily_backup()

    return Job(_in_worker(library, backup), name="daily backup")

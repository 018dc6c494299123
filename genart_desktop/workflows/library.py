"""Library use cases the GUI and ``genart library`` share: import files, library statistics."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.library import ImportReport, Library
from genart_desktop.library.stats import LibraryStats
from genart_desktop.library.stats import library_stats as _stats

__all__ = ["LibraryStats", "import_into", "library_stats"]


def import_into(library: Library, paths: Iterable[str | Path], progress: ProgressFn = no_progress,
                should_stop: ShouldStop = never_stop) -> ImportReport:
    """Copy images (files or folders) into the library."""
    from genart_desktop.library.importer import import_files

    return import_files(library, paths, progress=progress, should_stop=should_stop)


def library_stats(library: Library) -> LibraryStats:
    """How many images, models, tags, …, and the store's size."""
    return _stats(library)

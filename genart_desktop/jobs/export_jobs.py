"""Exporting library images off the GUI thread, with progress and cancel.

The work is ``workflows.export.export_selection``; this module only makes it a ``Job``.
"""

from __future__ import annotations

from collections.abc import Sequence

from genart_desktop.jobs.job import Job
from genart_desktop.library import Library
from genart_desktop.workflows.export import ExportOptions, export_selection


def export_job(library: Library, image_ids: Sequence[int], options: ExportOptions) -> Job:
    return Job(export_selection, library, list(image_ids), options, name="export images")

"""Exporting library images off the GUI thread, with progress and cancel.

The worker reads the rows, runs the library-agnostic export pipeline and records in the
library where each copy went (so a later export can sign it in as its C2PA parent).
"""

from __future__ import annotations

from collections.abc import Sequence

from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.jobs.job import Job
from genart_desktop.library import Library
from genart_desktop.provenance.export import ExportOptions, ExportReport, export_images
from genart_desktop.provenance.library_items import item_for_row, library_copy


def export_library_images(library: Library, image_ids: Sequence[int], options: ExportOptions,
                          progress: ProgressFn = no_progress,
                          should_stop: ShouldStop = never_stop) -> ExportReport:
    ids = list(dict.fromkeys(image_ids))
    try:
        items = [item_for_row(library.get_image(image_id)) for image_id in ids]
        report = export_images(items, options, progress, should_stop)
        for exported in report.exported:
            library.set_provenance(ids[exported.item_index], library_copy(exported.record, exported.image))
        return report
    finally:
        library.release_thread()


def export_job(library: Library, image_ids: Sequence[int], options: ExportOptions) -> Job:
    return Job(export_library_images, library, list(image_ids), options, name="export images")

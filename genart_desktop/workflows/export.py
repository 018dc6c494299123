"""Export a selection of library images with their provenance, and remember where each copy
went (a later export signs it in as its C2PA parent). The GUI's export job and
``genart export`` both call :func:`export_selection`.
"""

from __future__ import annotations

from collections.abc import Sequence

from genart_desktop.core.errors import ExportError
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.library import Library
from genart_desktop.provenance.export import ExportOptions, ExportReport, export_images
from genart_desktop.provenance.library_items import item_for_row, library_copy, record_for_row
from genart_desktop.provenance.rights import rights_problems

__all__ = ["ExportOptions", "ExportReport", "LicenceProblems", "export_selection", "licence_problems",
           "select_ids"]


class LicenceProblems(ExportError):
    """Chosen output licences break the training data's obligations; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"Nothing was exported: {len(problems)} licence problem(s).\n"
                         + "\n".join(f"LICENCE {p}" for p in problems),
                         hint="Choose an allowed output licence in the rights editor, then export again.")
        self.problems = problems


def licence_problems(library: Library, image_ids: Sequence[int]) -> list[str]:
    """Why the chosen output licences break the training data's obligations, one line per
    problem and image; the dialog and ``genart export`` say so before writing anything."""
    problems: list[str] = []
    for image_id in dict.fromkeys(image_ids):
        row = library.get_image(image_id)
        for problem in rights_problems(record_for_row(row)):
            problems.append(f"{row.title or f'image {image_id}'} (id {image_id}): {problem}")
    return problems


def export_selection(library: Library, image_ids: Sequence[int], options: ExportOptions,
                     progress: ProgressFn = no_progress,
                     should_stop: ShouldStop = never_stop) -> ExportReport:
    """Export these images (each once, in order) and record each copy in the library.
    LicenceProblems, before anything is written, when a chosen licence breaks an obligation.

    Releases the calling thread's database connection at the end (a job runs it on a worker).
    """
    ids = list(dict.fromkeys(image_ids))
    try:
        problems = licence_problems(library, ids)
        if problems:  # said before anything is written, by the dialog and genart export alike
            raise LicenceProblems(problems)
        items = [item_for_row(library.get_image(image_id)) for image_id in ids]
        report = export_images(items, options, progress, should_stop)
        for exported in report.exported:
            library.set_provenance(ids[exported.item_index], library_copy(exported.record, exported.image))
        return report
    finally:
        library.release_thread()


def select_ids(library: Library, ids: Sequence[int] | None = None, search: str = "") -> list[int]:
    """The images to export: these ids, or every image matching a library search ("" = all)."""
    from genart_desktop.library.query import GalleryQuery, query_ids

    chosen = list(dict.fromkeys(ids)) if ids else list(query_ids(library, GalleryQuery(search=search)))
    if not chosen:
        raise ExportError("No images match: nothing was exported.",
                          hint="Check the ids or the filter (`genart library search …`).")
    return chosen

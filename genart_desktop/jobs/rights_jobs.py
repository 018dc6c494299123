"""Reading and saving the rights of a selection off the GUI thread (``workflows.rights``)."""

from __future__ import annotations

from collections.abc import Sequence

from genart_desktop.jobs.job import Job
from genart_desktop.library import Library
from genart_desktop.workflows.rights import apply_rights, read_records


def read_rights_job(library: Library, image_ids: Sequence[int]) -> Job:
    return Job(read_records, library, list(image_ids), name="read rights")


def save_rights_job(library: Library, image_ids: Sequence[int], changes: dict[str, str]) -> Job:
    return Job(apply_rights, library, list(image_ids), dict(changes), name="save rights")

"""Apply rights to a selection: read the records of library images, write changed fields
(rights, human-contribution statement, notes) into each record and the library's rights
columns, and say which output licences the training data allow. The rights editor (single
and bulk) calls these through ``jobs.rights_jobs`` or, for a small selection, directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from genart_desktop.core import limits
from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.library import Library
from genart_desktop.provenance.library_items import record_for_row
from genart_desktop.provenance.obligations import OUTPUT_LICENCES
from genart_desktop.provenance.record import ProvenanceRecord

# Record fields the editor changes besides those of ``record.rights``.
_RECORD_FIELDS = ("statement", "notes")


def field_value(record: ProvenanceRecord, name: str) -> str:
    """One editable field of a record: a rights field, the statement or the notes."""
    if name == "statement":
        return record.human_contribution.statement
    if name == "notes":
        return record.notes
    return getattr(record.rights, name)


def set_field(record: ProvenanceRecord, name: str, value: str) -> None:
    if name == "statement":
        record.human_contribution.statement = value
    elif name == "notes":
        record.notes = value
    else:
        setattr(record.rights, name, value)


def licence_choices(records: Sequence[ProvenanceRecord]) -> tuple[list[str], dict[str, str]]:
    """Output licences allowed for every record, and the reason each other one is not."""
    allowed = list(OUTPUT_LICENCES)
    reasons: dict[str, str] = {}
    for record in records:
        training = record.training_data
        if not training.sources:
            continue  # no training data (an imported image): every licence is open
        permitted = training.allowed_output_licences
        for spdx in list(allowed):
            if spdx not in permitted:
                allowed.remove(spdx)
                reasons.setdefault(spdx, _reason(record, spdx))
    return allowed, reasons


def _reason(record: ProvenanceRecord, spdx: str) -> str:
    from genart_desktop.provenance.obligations import evaluate

    verdict = evaluate([s.as_licence_source() for s in record.training_data.sources])
    return verdict.excluded_output_licences.get(spdx, "The training data's licences do not allow it.")


def read_records(library: Library, image_ids: Sequence[int], release: bool = True,
                 progress: ProgressFn = no_progress,
                 should_stop: ShouldStop = never_stop) -> list[ProvenanceRecord]:
    """The provenance records of these images; ``release`` closes this thread's connection
    afterwards (a worker thread's read)."""
    try:
        return [record_for_row(library.get_image(i)) for i in image_ids]
    finally:
        if release:
            library.release_thread()


def apply_rights(library: Library, image_ids: Sequence[int], changes: dict[str, str],
                 progress: ProgressFn = no_progress, should_stop: ShouldStop = never_stop) -> int:
    """Write ``changes`` into each image's record and the library's rights columns.

    Each value is cut to the library's text limit first: what the editor accepts is what the
    record, the catalogue and every exported sidecar carry."""
    changes = {name: limits.clip_text(str(value)) for name, value in changes.items()}
    try:
        for index, image_id in enumerate(image_ids):
            check_stop(should_stop)
            record = record_for_row(library.get_image(image_id))
            for name, value in changes.items():
                set_field(record, name, value)
            library.set_provenance(image_id, record.to_dict())
            library.update_fields(image_id, creator=record.rights.creator, licence=record.rights.licence,
                                  attribution=record.rights.attribution_name, notes=record.notes,
                                  rights=record.rights.to_dict())
            progress((index + 1) / len(image_ids), f"Saved rights of {index + 1} of {len(image_ids)} images")
        return len(image_ids)
    finally:
        library.release_thread()

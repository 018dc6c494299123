"""Turn library image rows into export items, without importing the library (it sits above us).

A row is anything shaped like ``library.ImageRow``. The row's rights columns and notes are
what the artist last edited in the app, so they override the record's copies; an image
imported without a record gets a minimal one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.export import ExportItem
from genart_desktop.provenance.record import SCHEMA, ImageInfo, ImportedFacts, OutputRights, ProvenanceRecord
from genart_desktop.provenance.xmp_fields import data_mining_value

_RIGHT_FIELDS = set(OutputRights.__dataclass_fields__)


class ImageRowLike(Protocol):
    id: int
    sha256: str
    ext: str
    path: Path
    origin: str
    width: int
    height: int
    title: str
    notes: str
    licence: str
    creator: str
    attribution: str
    provenance: dict[str, Any]
    rights: dict[str, Any]
    generation: dict[str, Any]


def record_for_row(row: ImageRowLike) -> ProvenanceRecord:
    """The row's record with the row's current rights and notes."""
    if row.provenance and row.provenance.get("schema") == SCHEMA:
        record = ProvenanceRecord.from_dict(row.provenance)
    else:
        record = ProvenanceRecord()
    record.image = ImageInfo(sha256=row.sha256, format=row.ext.lower().replace("jpg", "jpeg"),
                             width=row.width, height=row.height, pixel_sha256=record.image.pixel_sha256)
    rights = dict(row.rights or {})
    rights.setdefault("licence", row.licence)
    rights.setdefault("creator", row.creator)
    if row.attribution and not rights.get("attribution_name"):
        rights["attribution_name"] = row.attribution
    if rights.get("data_mining"):  # rows imported before values were normalised hold the PLUS URI
        rights["data_mining"] = data_mining_value(str(rights["data_mining"])) or "unspecified"
    for key, value in rights.items():
        if key in _RIGHT_FIELDS and isinstance(value, str) and value:
            setattr(record.rights, key, value)
    imported = (row.generation or {}).get("imported")
    if record.imported is None and row.origin == "imported" and isinstance(imported, dict):
        record.imported = ImportedFacts.from_dict(imported)
    if record.is_generated and record.rights.licence == lic.OWN:
        # "Own work" describes a training image; for an output it means all rights reserved.
        record.rights.licence = lic.ALL_RIGHTS_RESERVED
    if row.notes:
        record.notes = row.notes
    return record


def earlier_export(record: ProvenanceRecord) -> Path | None:
    """The file this image was last exported to, if the library remembers it and it still exists."""
    if record.export and record.export.file_name:
        path = Path(record.export.file_name)
        if path.is_absolute() and path.is_file():
            return path
    return None


def item_for_row(row: ImageRowLike) -> ExportItem:
    record = record_for_row(row)
    # An imported file continues its own history: the library original (the file as imported,
    # with any manifest it carried) is the C2PA parent, unless this app exported it since.
    parent = earlier_export(record) or (Path(row.path) if row.origin == "imported" else None)
    return ExportItem(
        source=Path(row.path), record=record.to_dict(), base_name=row.title or f"image-{row.id}",
        fields={"id": row.id, "title": row.title or f"image-{row.id}", "sha": row.sha256[:12]},
        parent=parent,
    )


def library_copy(written: dict[str, Any], image_path: Path) -> dict[str, Any]:
    """The record to keep in the library after an export: it remembers where the copy went,
    so the next export can sign the earlier file in as its C2PA parent."""
    record = ProvenanceRecord.from_dict(written)
    if record.export is not None:
        record.export.file_name = str(image_path.resolve())
    return record.to_dict()

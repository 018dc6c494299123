"""Plain data the library hands out: an image's full row, a gallery item, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ORIGINS = ("generated", "imported")
# Rights keys that have their own columns (filterable, searchable); the rest stay in rights_json.
RIGHTS_COLUMNS = ("creator", "licence", "attribution")


@dataclass
class ImageRow:
    id: int
    sha256: str
    ext: str
    path: Path
    width: int
    height: int
    title: str
    origin: str
    model_id: str | None
    created: str
    favourite: bool
    licence: str
    creator: str
    notes: str
    generation: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    rights: dict[str, Any] = field(default_factory=dict)
    dataset_id: str | None = None
    attribution: str = ""
    tags: list[str] = field(default_factory=list)
    bytes: int = 0
    source_path: str = ""
    originality_warning: bool = False
    trashed: bool = False
    model_name: str = ""


@dataclass(frozen=True)
class GalleryItem:
    """What the grid needs to paint one cell: small, fetched in windows."""

    id: int
    sha256: str
    path: Path
    title: str
    origin: str
    favourite: bool
    licence: str
    originality_warning: bool
    width: int
    height: int
    created: str


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # already in the library (same bytes)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    cancelled: bool = False
    stopped: str = ""  # why the import stopped before the end (a full disk), "" if it did not

    @property
    def image_ids(self) -> list[int]:
        return self.added + self.duplicates

    def summary(self) -> str:
        parts = [f"{len(self.added)} imported"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the library")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.cancelled:
            parts.append("cancelled before the end")
        if self.stopped:
            parts.append("stopped before the end")
        return ", ".join(parts)

    @property
    def accepted(self) -> int:
        """Files now in the library (added, or already there)."""
        return len(self.added) + len(self.duplicates)


@dataclass
class CheckReport:
    missing: list[int] = field(default_factory=list)  # rows whose file is gone
    orphans: list[Path] = field(default_factory=list)  # files no row refers to
    corrupt: list[int] = field(default_factory=list)  # file present but its hash differs
    integrity: str = "ok"
    repaired: bool = False

    @property
    def clean(self) -> bool:
        return not (self.missing or self.orphans or self.corrupt) and self.integrity == "ok"

    def summary(self) -> str:
        if self.clean:
            return "The library is consistent: every row has its file and every file its row."
        lines = []
        if self.integrity != "ok":
            lines.append(f"database integrity: {self.integrity}")
        if self.missing:
            lines.append(f"{len(self.missing)} image(s) whose file is missing")
        if self.corrupt:
            lines.append(f"{len(self.corrupt)} image(s) whose file no longer matches its hash")
        if self.orphans:
            lines.append(f"{len(self.orphans)} file(s) in the store that no image refers to")
        if self.repaired:
            lines.append(
                "repaired: files restored from their source where possible, other broken records"
                " dropped, intact orphans catalogued again, temporaries removed"
            )
        return "\n".join(lines)

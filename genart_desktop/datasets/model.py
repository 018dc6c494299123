"""Plain data the scan produces: one ``FileEntry`` per file seen, grouped in a ``ScanResult``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

INCLUDED = "included"
SKIPPED = "skipped"


@dataclass
class LicenceFinding:
    """One piece of licence evidence and where it came from (shown to the artist)."""

    licence: str  # SPDX id or expression; "" when the source only names a holder
    source: str  # e.g. "LICENSE (folder)", "XMP cc:license", "REUSE dep5", "declared"
    detail: str = ""  # the text that was found, shortened
    attribution_name: str = ""
    attribution_url: str = ""


@dataclass
class FileEntry:
    """A file met during the scan, with the decision about it."""

    source: int  # index into ScanResult.sources
    path: str  # relative to its source (POSIX separators); for a zip, the member name
    size: int = 0
    sha256: str = ""
    width: int = 0
    height: int = 0
    format: str = ""
    mode: str = ""
    included: bool = False
    reason: str = ""  # why it was skipped, or a note for an included file (e.g. "first frame")
    notes: list[str] = field(default_factory=list)
    phash: str = ""
    near_duplicate_of: str = ""  # path of a similar image (reported; the artist decides)
    licence: str = ""  # SPDX id/expression the dataset uses for this file; "" = unresolved
    attribution_name: str = ""
    attribution_url: str = ""
    licence_source: str = ""
    findings: list[LicenceFinding] = field(default_factory=list)
    do_not_train: bool = False  # an embedded plus:DataMining / TDM "not allowed" preference
    override: dict[str, Any] = field(default_factory=dict)  # recorded artist declarations

    @property
    def decision(self) -> str:
        return INCLUDED if self.included else SKIPPED

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ScanResult:
    sources: list[str]
    size: int
    fit: str
    background: str
    files: list[FileEntry] = field(default_factory=list)
    near_duplicate_groups: list[list[str]] = field(default_factory=list)

    @property
    def included(self) -> list[FileEntry]:
        return [f for f in self.files if f.included]

    @property
    def skipped(self) -> list[FileEntry]:
        return [f for f in self.files if not f.included]

    def entry(self, path: str, source: int | None = None) -> FileEntry:
        for f in self.files:
            if f.path == path and (source is None or f.source == source):
                return f
        raise KeyError(path)

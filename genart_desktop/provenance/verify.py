"""Check an exported file: pixels vs the JSON record, XMP vs JSON, and the C2PA manifest.

``verify_file`` never raises for a bad file: every problem becomes a failed check with a
sentence a person can act on. A file passes when no check failed and at least one
provenance view was found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from genart_desktop.core.errors import GenArtError
from genart_desktop.provenance import embed, files
from genart_desktop.provenance.c2pa_read import read_c2pa
from genart_desktop.provenance.jsonio import load_record_json, record_sha256
from genart_desktop.provenance.record import ProvenanceRecord
from genart_desktop.provenance.xmp import parse_xmp_parts
from genart_desktop.provenance.xmp_fields import plain, record_properties


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not applicable / not present
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "message": self.message}


@dataclass
class FileVerdict:
    path: Path
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok is not False for c in self.checks) and any(c.ok for c in self.checks)

    def add(self, name: str, ok: bool | None, message: str) -> None:
        self.checks.append(Check(name, ok, message))

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "checks": [c.to_dict() for c in self.checks]}

    def describe(self) -> str:
        mark = {True: "ok  ", False: "FAIL", None: "--  "}
        lines = [f"{self.path}: {'OK' if self.ok else 'NOT OK'}"]
        lines += [f"  [{mark[c.ok]}] {c.name}: {c.message}" for c in self.checks]
        return "\n".join(lines)


_IGNORED = {"x:xmptk"}


def _names(keys: list[str]) -> str:
    return ", ".join(keys[:8]) + (" …" if len(keys) > 8 else "")


def _differences(expected: dict[str, Any], found: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(properties changed or missing, properties another tool added)."""
    changed = sorted(k for k in expected if expected[k] != found.get(k))
    added = sorted(k for k in found if k not in expected and k not in _IGNORED)
    return changed, added


def _read_xmp(verdict: FileVerdict, name: str, data: list[bytes], source: str) -> dict[str, Any] | None:
    try:
        return parse_xmp_parts(data, source=source)
    except GenArtError as exc:
        verdict.add(name, False, exc.user_message)
        return None


def _check_xmp(verdict: FileVerdict, name: str, data: list[bytes], record: ProvenanceRecord | None,
               source: str) -> dict[str, Any] | None:
    if not data:
        verdict.add(name, None, "not present")
        return None
    found = _read_xmp(verdict, name, data, source)
    if found is None:
        return None
    if record is None:
        verdict.add(name, None, f"read ({len(found)} properties); no JSON record to compare with")
        return found
    changed, added = _differences(plain(record_properties(record)), found)
    # Properties a DAM tool added (digiKam/exiftool: Rating, Subject, TagsList …) change no fact
    # of the record: they are reported, and only a changed or missing property fails.
    extra = f"; {len(added)} added by another tool: {_names(added)}" if added else ""
    if changed:
        verdict.add(name, False, f"disagrees with the JSON record in {len(changed)} properties: "
                                 f"{_names(changed)}{extra}")
    else:
        verdict.add(name, True, f"agrees with the JSON record ({len(found) - len(added)} properties){extra}")
    return found


def _check_sidecars(verdict: FileVerdict, path: Path, record: ProvenanceRecord | None) -> None:
    """name.ext.xmp (ours) and a Lightroom-style name.xmp beside it: both read, conflicts said."""
    ours, other = files.xmp_sidecar(path, "ext"), files.xmp_sidecar(path, "plain")
    if not ours.is_file() and not other.is_file():
        verdict.add("XMP sidecar", None, "not present")
        return
    main = ours if ours.is_file() else other
    found = _check_xmp(verdict, f"XMP sidecar {main.name}", [main.read_bytes()], record, main.name)
    if main is other or not other.is_file() or found is None:
        return
    theirs = _read_xmp(verdict, f"XMP sidecar {other.name}", [other.read_bytes()], other.name)
    if theirs is None:
        return
    conflicts = sorted(k for k in theirs if k in found and k not in _IGNORED and theirs[k] != found[k])
    if conflicts:
        verdict.add(f"XMP sidecar {other.name}", False,
                    f"conflicts with {ours.name} in {len(conflicts)} properties: {_names(conflicts)}")
    else:
        added = sorted(k for k in theirs if k not in found and k not in _IGNORED)
        verdict.add(f"XMP sidecar {other.name}", True, f"agrees with {ours.name}"
                    + (f"; adds {len(added)} properties: {_names(added)}" if added else ""))


def verify_file(path: str | Path, trust_anchor: Path | None = None) -> FileVerdict:
    path = Path(path)
    verdict = FileVerdict(path)
    if not path.is_file():
        verdict.add("file", False, "not found")
        return verdict
    record, json_bytes = _check_json(verdict, path)
    _check_pixels(verdict, path, record)
    try:
        embedded = embed.read_embedded_xmp_parts(path)
    except GenArtError as exc:
        verdict.add("embedded XMP", False, exc.user_message)
        embedded = []
    else:
        _check_xmp(verdict, "embedded XMP", embedded, record, path.name)
    _check_sidecars(verdict, path, record)
    _check_c2pa(verdict, path, json_bytes, trust_anchor, record)
    return verdict


def _check_json(verdict: FileVerdict, path: Path) -> tuple[ProvenanceRecord | None, bytes | None]:
    json_path = files.json_sidecar(path)
    if not json_path.is_file():
        verdict.add("JSON record", None, f"{json_path.name} not present")
        return None, None
    try:
        record, raw = load_record_json(json_path)
    except GenArtError as exc:
        verdict.add("JSON record", False, exc.user_message)
        return None, None
    verdict.add("JSON record", True, f"{json_path.name} is a valid genart.provenance/1 record")
    return record, raw


def _check_pixels(verdict: FileVerdict, path: Path, record: ProvenanceRecord | None) -> None:
    if record is None:
        return
    try:
        with Image.open(path) as im:
            im.load()
            actual = embed.pixel_sha256(im)
            size = im.size
    except (OSError, Image.DecompressionBombError, ValueError) as exc:
        verdict.add("image", False, f"cannot be decoded: {exc}")
        return
    if record.image.pixel_sha256 != actual:
        verdict.add("image hash", False, "the pixels differ from the ones the record describes "
                                         "(the image was changed after export)")
    elif size != (record.image.width, record.image.height):
        verdict.add("image hash", False, f"size {size[0]}×{size[1]} differs from the record")
    else:
        verdict.add("image hash", True, "the pixels match the JSON record")


def _check_c2pa(verdict: FileVerdict, path: Path, json_bytes: bytes | None, anchor: Path | None,
                record: ProvenanceRecord | None = None) -> None:
    sidecar = next((p for p in files.c2pa_sidecars(path) if p.is_file()), files.c2pa_sidecar(path))
    try:
        result = read_c2pa(path, sidecar if sidecar.is_file() else None, anchor)
    except GenArtError as exc:
        verdict.add("C2PA", False, exc.user_message)
        return
    signed = record.export.c2pa if record is not None and record.export is not None else "off"
    if not result.found and signed != "off":
        # The record says this copy was signed: a missing manifest was removed, not never there.
        where = "embedded in the image" if signed == "embed" else f"in {files.c2pa_sidecar(path).name}"
        verdict.add("C2PA", False, f"the JSON record says this file was signed (manifest {where}), but "
                                   "no manifest was found: it was removed or lost")
        return
    if not result.found:
        verdict.add("C2PA", None, "no manifest")
        return
    where = "embedded" if result.embedded else sidecar.name
    if result.state == "Invalid" or result.failures:
        verdict.add("C2PA", False, f"{where} manifest is INVALID: " + "; ".join(result.failures[:3]))
        return
    if anchor is not None and result.state != "Trusted":
        verdict.add("C2PA", False, f"{where} manifest is {result.state} but not signed under {anchor.name}")
        return
    trust = "trusted (signed under the given root)" if result.state == "Trusted" else (
        "valid (signature intact; signer not checked against a trust anchor)")
    verdict.add("C2PA", True, f"{where} manifest is {trust}")
    app = result.assertion("org.genart.provenance")
    if json_bytes is not None:
        if app is None:
            verdict.add("C2PA record hash", False, "the manifest has no org.genart.provenance assertion")
        elif app.get("record_sha256") != record_sha256(json_bytes):
            verdict.add("C2PA record hash", False, "the JSON record differs from the one that was signed")
        else:
            verdict.add("C2PA record hash", True, "the JSON record is the one that was signed")

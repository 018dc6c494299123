"""What an imported file already says about itself, turned into notes and rights.

Sources, in order of precedence (later fills only what earlier left empty):
``<file>.provenance.json`` sidecar, XMP (``<file>.xmp`` / ``<stem>.xmp`` sidecar, then
embedded), EXIF Artist/Copyright/ImageDescription, PNG text chunks (Title, Author, Copyright,
Description) and other generators' metadata (``generators.read_generator``).

Values read back from our own exports become the same internal values the app wrote (an SPDX
id, "notAllowed" rather than the PLUS URI); AI facts (source type, generator, prompt) go into
``generation["imported"]`` (a ``provenance.record.ImportedFacts``) and travel into exports.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from genart_desktop.core import safe_json
from genart_desktop.library.generators import decode_user_comment, read_generator
from genart_desktop.library.xmp_read import parse_xmp_checked, sidecar_conflicts
from genart_desktop.provenance.record import ImportedFacts
from genart_desktop.provenance.xmp_fields import data_mining_value

log = logging.getLogger(__name__)

MAX_SIDECAR_BYTES = 8 * 1024 * 1024
AI_SOURCE_TYPES = ("trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia")
_EXIF_ARTIST, _EXIF_COPYRIGHT, _EXIF_DESCRIPTION = 0x013B, 0x8298, 0x010E
_EXIF_IFD, _EXIF_USER_COMMENT = 0x8769, 0x9286


@dataclass
class FoundMetadata:
    title: str = ""
    notes: list[str] = field(default_factory=list)
    rights: dict[str, str] = field(default_factory=dict)  # creator, licence, attribution, credit, …
    generation: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)

    def fill(self, key: str, value: str | None) -> None:
        if value and value.strip() and not self.rights.get(key):
            self.rights[key] = value.strip()

    def imported(self) -> dict[str, Any]:
        """The ``ImportedFacts`` dict being filled (created on first use)."""
        return self.generation.setdefault("imported", ImportedFacts().to_dict())

    @property
    def notes_text(self) -> str:
        return "\n\n".join(n for n in self.notes if n)


def _canonical_licence(text: str) -> str:
    """An SPDX id when the provenance area can recognise the text, else the text as found."""
    from genart_desktop.provenance.licences import identify

    return identify(text) or text


def _read_sidecar(path: Path) -> bytes | None:
    try:
        if path.is_file() and path.stat().st_size <= MAX_SIDECAR_BYTES:
            return path.read_bytes()
    except OSError as exc:
        log.warning("cannot read sidecar %s: %s", path, exc)
    return None


def _apply_provenance_json(found: FoundMetadata, raw: bytes, source: Path) -> None:
    try:
        record = safe_json.loads(raw)
    except ValueError as exc:
        found.notes.append(f"The provenance sidecar {source.name} is not valid JSON ({exc}).")
        return
    if not isinstance(record, dict):
        return
    found.provenance = record
    rights = record.get("output_rights") or record.get("rights") or {}
    if isinstance(rights, dict):
        for key, value in rights.items():
            if isinstance(value, str):
                found.fill(key, value)
    if isinstance(record.get("notes"), str):
        found.notes.append(record["notes"])
    found.notes.append(f"Provenance record read from {source.name}.")


def _apply_xmp(found: FoundMetadata, packet: bytes | str, where: str) -> None:
    props, refused = parse_xmp_checked(packet)
    if refused:
        found.notes.append(f"The XMP metadata in {where} was not read: {refused}.")
    if not props:
        return

    def first(name: str) -> str:
        return (props.get(name) or [""])[0]

    if not found.title:
        found.title = first("dc:title")
    found.fill("creator", ", ".join(props.get("dc:creator", [])))
    found.fill("copyright_notice", first("dc:rights"))
    # Our own exports name the licence in genart:OutputLicence (all rights reserved has no URL);
    # a statement URL counts as a licence only when it is one.
    licence = first("genart:OutputLicence") or first("cc:license")
    statement = first("xmpRights:WebStatement")
    if not licence and statement and _canonical_licence(statement) != statement:
        licence = statement
    if licence:
        found.fill("licence", _canonical_licence(licence))
    if "genart:OutputLicence" in props:
        found.fill("web_statement", first("genart:WebStatement"))
        found.fill("usage_terms", first("genart:UsageTerms"))
    else:
        found.fill("usage_terms", first("xmpRights:UsageTerms"))
        if statement and statement != licence:
            found.fill("web_statement", statement)
    found.fill("attribution", first("cc:attributionName"))
    found.fill("attribution_url", first("cc:attributionURL"))
    found.fill("credit", first("photoshop:Credit"))
    found.fill("data_mining", data_mining_value(first("genart:DataMining") or first("plus:DataMining")))
    if description := first("dc:description"):
        found.notes.append(description)
    found.tags.extend(props.get("dc:subject", []))
    source_type = first("Iptc4xmpExt:DigitalSourceType")
    if source_type.endswith(AI_SOURCE_TYPES):
        system = first("Iptc4xmpExt:AISystemUsed")
        found.notes.append(
            f"Marked as AI-generated ({source_type.rsplit('/', 1)[-1]})"
            + (f" by {system}." if system else ".")
        )
        found.generation.setdefault("digital_source_type", source_type)
        facts = found.imported()
        for key, prop in (("digital_source_type", "Iptc4xmpExt:DigitalSourceType"),
                          ("generator", "Iptc4xmpExt:AISystemUsed"),
                          ("generator_version", "Iptc4xmpExt:AISystemVersionUsed"),
                          ("prompt", "Iptc4xmpExt:AIPromptInformation"),
                          ("negative_prompt", "genart:ImportedNegativePrompt"),
                          ("summary", "genart:ImportedSettings")):
            facts[key] = facts[key] or first(prop)
    found.notes.append(f"Metadata read from {where}.")


def _apply_embedded(found: FoundMetadata, image: Image.Image) -> None:
    info = image.info
    text: dict[str, str] = {k: v for k, v in getattr(image, "text", {}).items() if isinstance(v, str)}
    xmp = info.get("xmp") or text.get("XML:com.adobe.xmp")
    if xmp:
        _apply_xmp(found, xmp, "the embedded XMP")
    try:
        exif = image.getexif()
    except Exception:  # damaged EXIF must not stop an import
        exif = {}
    found.fill("creator", str(exif.get(_EXIF_ARTIST, "") or ""))
    found.fill("copyright_notice", str(exif.get(_EXIF_COPYRIGHT, "") or ""))
    if description := str(exif.get(_EXIF_DESCRIPTION, "") or "").strip():
        found.notes.append(description)
    if not found.title and text.get("Title"):
        found.title = text["Title"].strip()
    found.fill("creator", text.get("Author"))
    found.fill("copyright_notice", text.get("Copyright"))
    if text.get("Description"):
        found.notes.append(text["Description"].strip())
    _apply_generator(found, text, _user_comment(exif))


def _user_comment(exif: Any) -> str:
    try:
        return decode_user_comment(exif.get_ifd(_EXIF_IFD).get(_EXIF_USER_COMMENT)) if exif else ""
    except Exception:  # damaged EXIF must not stop an import
        return ""


def _apply_generator(found: FoundMetadata, text: dict[str, str], user_comment: str) -> None:
    """Another generator's metadata: kept raw, summarised in the notes (so its prompt is found
    by search), and its AI facts recorded for export."""
    if params := text.get("parameters"):  # older rows and the detail panel read these keys
        found.generation["a1111_parameters"] = params
    for key in ("prompt", "workflow"):
        if raw := text.get(key):
            try:
                found.generation[f"comfyui_{key}"] = safe_json.loads(raw)
            except ValueError:
                found.generation[f"comfyui_{key}"] = raw
    facts = read_generator(text, user_comment)
    if facts is None:
        return
    found.generation["generator_data"] = json.loads(json.dumps(facts.data, default=str))
    imported = found.imported()
    imported["generator"] = imported["generator"] or facts.generator
    imported["generator_version"] = imported["generator_version"] or facts.version
    imported["prompt"] = imported["prompt"] or facts.prompt
    imported["negative_prompt"] = imported["negative_prompt"] or facts.negative_prompt
    imported["summary"] = imported["summary"] or facts.summary
    imported["chunks"] = dict(facts.chunks)
    found.notes.append(facts.describe())


def read_metadata(path: Path, data: bytes) -> FoundMetadata:
    """Everything this file and its sidecars say; never raises for bad metadata."""
    found = FoundMetadata()
    raw_json = _read_sidecar(path.with_name(path.name + ".provenance.json"))
    if raw_json is not None:
        _apply_provenance_json(found, raw_json, path.with_name(path.name + ".provenance.json"))
    # name.ext.xmp first, then a Lightroom-style name.xmp: both are read (the first wins a
    # field), and where they disagree the notes say so.
    packets = [(s.name, raw) for s in (path.with_name(path.name + ".xmp"), path.with_suffix(".xmp"))
               if (raw := _read_sidecar(s)) is not None]
    for name, raw in packets:
        _apply_xmp(found, raw, name)
    if len(packets) == 2:
        found.notes.extend(sidecar_conflicts(packets[0], packets[1]))
    try:
        with Image.open(io.BytesIO(data)) as image:
            _apply_embedded(found, image)
    except Exception as exc:  # the caller validates the image itself; metadata is best effort
        log.warning("metadata of %s not read: %s", path, exc)
    return found

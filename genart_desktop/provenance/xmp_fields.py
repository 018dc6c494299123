"""Which XMP properties a record becomes (DESIGN.md §5), as plain values.

One mapping serves both the writer (``xmp.build_xmp``) and the verifier, which compares the
properties read from a file with the ones the JSON record implies. Values are ``str``, a list of
``str`` (rdf:Seq/Bag), or a list of dicts (structs); empty values are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from genart_desktop.core.version import APP_NAME, __version__
from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.record import ProvenanceRecord
from genart_desktop.provenance.rights import NON_COMMERCIAL_TERMS

NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "cc": "http://creativecommons.org/ns#",
    "genart": "https://genart.org/ns/provenance/1.0/",
    "xmpNote": "http://ns.adobe.com/xmp/note/",
}
# "notAllowed" is written as PLUS's plain DMI-PROHIBITED: the C2PA manifest's
# cawg.training-mining forbids data mining, inference and (generative) training alike, and
# the XMP must say as much. Reading maps every DMI-PROHIBITED-… value back (data_mining_value).
DMI = "http://ns.useplus.org/ldf/vocab/DMI-"
DATA_MINING_URIS = {
    "allowed": DMI + "ALLOWED",
    "notAllowed": DMI + "PROHIBITED",
    "unspecified": DMI + "UNSPECIFIED",
}


def data_mining_value(text: str) -> str:
    """The internal data-mining value for a PLUS URI (any DMI-PROHIBITED-… variant), a CAWG
    word or an internal value; "" when the text says nothing the app understands."""
    raw = (text or "").strip()
    if raw in DATA_MINING_URIS:
        return raw
    code = raw.rsplit("/", 1)[-1].upper()
    if code.startswith("DMI-"):
        code = code[4:]
    if code.startswith(("PROHIBITED", "NOTALLOWED")):
        return "notAllowed"
    if code.startswith("ALLOWED"):
        return "allowed"
    if code in {"UNSPECIFIED", ""}:
        return "unspecified" if code else ""
    return ""


@dataclass(frozen=True)
class Prop:
    """One XMP property: how it is written (kind) and its value."""

    kind: str  # "text" | "uri" (rdf:resource) | "alt" (x-default) | "seq" | "bag"
    value: Any


def _num(value: Any) -> str:
    return "" if value is None else (repr(value) if isinstance(value, float) else str(value))


def usage_terms_text(record: ProvenanceRecord) -> str:
    """The xmpRights:UsageTerms sentence: the artist's terms, the licence, non-commercial marking."""
    rights = record.rights
    parts = [rights.usage_terms.strip()] if rights.usage_terms.strip() else []
    found = lic.lookup(rights.licence) if rights.licence else None
    if found and found.spdx_id == lic.ALL_RIGHTS_RESERVED:
        parts.append("All rights reserved.")
    elif found:
        parts.append(f"Licensed under {found.name}" + (f" ({found.url})." if found.url else "."))
    if record.training_data.non_commercial and NON_COMMERCIAL_TERMS not in parts:
        parts.append(NON_COMMERCIAL_TERMS)
    # CC BY training data: its credit must travel visibly, so it goes into the one rights
    # sentence every XMP reader shows, not only into the app's own namespace.
    credits = [
        f"{a['name']} ({', '.join(x for x in (a.get('licence'), a.get('licence_url')) if x)})"
        for a in record.training_data.attributions if a.get("name")
    ]
    if credits:
        parts.append("Made with a model trained on: " + "; ".join(credits) + ".")
    return " ".join(parts)


def prompt_information(record: ProvenanceRecord) -> str:
    """The text prompt, when there was one: the app's own models take none (a seed and a
    latent), so for them the property is left out rather than filled with a made-up text."""
    imported = record.imported
    if record.generation is None and imported is not None:
        return imported.prompt
    return ""


def ai_system(record: ProvenanceRecord) -> tuple[str, str]:
    """(AISystemUsed, AISystemVersionUsed) for a generated or an imported AI image."""
    gen = record.generation
    if gen is not None:
        model = gen.model
        return (f"{gen.app} ({model.architecture or model.kind} model “{model.name or model.id}”)",
                f"{gen.app_version}; model {model.id}")
    if record.imported is not None:
        return record.imported.generator, record.imported.generator_version
    return "", ""


def _structs(items: list[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = [{k: v for k, v in item.items() if v != ""} for item in items]
    return [item for item in cleaned if item]


def record_properties(record: ProvenanceRecord) -> dict[str, Prop]:
    """Every XMP property for ``record`` (empty ones left out), keyed "prefix:LocalName"."""
    r, rights, gen = record, record.rights, record.generation
    found = lic.lookup(rights.licence) if rights.licence else None
    p: dict[str, Prop] = {}

    def put(key: str, kind: str, value: Any) -> None:
        if value not in ("", None, [], {}):
            p[key] = Prop(kind, value)

    if r.is_ai:
        system, version = ai_system(r)
        put("Iptc4xmpExt:DigitalSourceType", "text", r.digital_source_type)
        put("Iptc4xmpExt:AISystemUsed", "text", system)
        put("Iptc4xmpExt:AISystemVersionUsed", "text", version)
        put("Iptc4xmpExt:AIPromptInformation", "text", prompt_information(r))
    put("dc:creator", "seq", [rights.creator] if rights.creator else [])
    put("dc:rights", "alt", rights.copyright_notice)
    put("dc:description", "alt", r.disclosure())
    put("photoshop:Credit", "text", rights.credit)
    put("plus:CopyrightOwner", "seq", _structs([{"plus:CopyrightOwnerName": rights.creator}]))
    put("plus:Licensor", "seq", _structs([{"plus:LicensorName": rights.attribution_name or rights.creator,
                                           "plus:LicensorURL": rights.attribution_url}]))
    put("plus:DataMining", "text", DATA_MINING_URIS.get(rights.data_mining, ""))
    if found:
        put("xmpRights:Marked", "text", "False" if found.is_public_domain else "True")
    put("xmpRights:UsageTerms", "alt", usage_terms_text(r))
    put("xmpRights:WebStatement", "text", rights.web_statement or (found.url if found else ""))
    put("cc:license", "uri", found.url if found else "")
    put("cc:attributionName", "text", rights.attribution_name)
    put("cc:attributionURL", "uri", rights.attribution_url)
    tool = f"{gen.app} {gen.app_version}" if gen else f"{APP_NAME} {__version__}"
    put("xmp:CreatorTool", "text", tool)
    put("xmp:CreateDate", "text", gen.created if gen and gen.created else r.created)
    put("xmpMM:DocumentID", "text", r.document_id)
    if r.export:
        put("xmp:MetadataDate", "text", r.export.exported)
        put("xmpMM:InstanceID", "text", r.export.instance_id)
        put("genart:SourceSHA256", "text", r.export.source_sha256)
    _app_properties(record, put)
    return p


def _app_properties(record: ProvenanceRecord, put) -> None:
    """The app namespace: model, training data, originality, human contribution (unique local names)."""
    r, gen, training = record, record.generation, record.training_data
    put("genart:RecordSchema", "text", r.schema)
    put("genart:OutputLicence", "text", r.rights.licence)
    # The artist's own terms and statement URL, apart from the sentence UsageTerms builds from
    # them, so an import reads back exactly what was set (not the sentence with more added).
    put("genart:UsageTerms", "text", r.rights.usage_terms)
    put("genart:WebStatement", "text", r.rights.web_statement)
    put("genart:DataMining", "text", r.rights.data_mining if r.rights.data_mining != "unspecified" else "")
    put("genart:PixelSHA256", "text", r.image.pixel_sha256)
    if gen is not None:
        put("genart:ModelID", "text", gen.model.id)
        put("genart:ModelName", "text", gen.model.name)
        put("genart:ModelKind", "text", gen.model.kind)
        put("genart:ModelArchitecture", "text", gen.model.architecture)
        put("genart:ModelSHA256", "text", gen.model.sha256)
        put("genart:Seed", "text", _num(gen.seed))
        put("genart:GenerationParameters", "text",
            json.dumps(gen.parameters, sort_keys=True, ensure_ascii=False) if gen.parameters else "")
        put("genart:GenerationDevice", "text", gen.device)
    if r.imported is not None:
        put("genart:ImportedNegativePrompt", "text", r.imported.negative_prompt)
        put("genart:ImportedSettings", "text", r.imported.summary)
    put("genart:TrainingLicenceExpression", "text", training.expression)
    put("genart:TrainingSources", "bag", _structs([{
        "genart:SourceLicence": s.licence, "genart:SourceAttributionName": s.attribution_name,
        "genart:SourceAttributionURL": s.attribution_url, "genart:SourceURL": s.source_url,
        "genart:SourceCount": _num(s.count), "genart:SourceManifestHash": s.manifest_hash,
    } for s in training.sources]))
    put("genart:TrainingObligations", "bag", _structs([{
        "genart:ObligationCode": o.code, "genart:ObligationExplanation": o.explanation,
    } for o in training.obligations]))
    put("genart:TrainingAttributions", "bag", _structs([{
        "genart:AttributionName": str(a.get("name", "")), "genart:AttributionURL": str(a.get("url", "")),
        "genart:AttributionSourceURL": str(a.get("source_url", "")),
        "genart:AttributionLicence": str(a.get("licence", "")),
        "genart:AttributionLicenceURL": str(a.get("licence_url", "")),
    } for a in training.attributions]))
    o = r.originality
    if o.performed:
        put("genart:OriginalityVerdict", "text", o.verdict)
        put("genart:OriginalityDistance", "text", _num(o.distance))
        put("genart:OriginalityThreshold", "text", _num(o.threshold))
        put("genart:OriginalityNearestSHA256", "text", o.nearest_sha256)
    human = r.human_contribution
    if human.curation:
        put("genart:CurationIncluded", "text", _num(human.curation.files_included))
        put("genart:CurationExcluded", "text", _num(human.curation.files_excluded))
        put("genart:CurationDescription", "text", human.curation.description)
    if human.selection:
        put("genart:SelectionGenerated", "text", _num(human.selection.generated))
        put("genart:SelectionKept", "text", _num(human.selection.kept))
        put("genart:SelectionDescription", "text", human.selection.description)
    put("genart:Edits", "seq", _structs([{
        "genart:EditOperation": e.operation,
        "genart:EditParameters": json.dumps(e.parameters, sort_keys=True, ensure_ascii=False),
        "genart:EditDate": e.created,
    } for e in human.edits]))
    put("genart:HumanStatement", "text", human.statement)
    put("genart:Notes", "text", r.notes)


def plain(props: dict[str, Prop]) -> dict[str, Any]:
    """The values alone, as the reader returns them (for comparisons)."""
    return {key: prop.value for key, prop in props.items()}

"""The C2PA view of a record: a manifest signed by the local CA, always the last step of an export.

Assertions: ``c2pa.actions.v2`` (``c2pa.created`` with the digital source type, or
``c2pa.opened`` of an earlier export, then one ``c2pa.edited`` per recorded edit), the model
as an ``inputTo`` ingredient, ``cawg.training-mining`` from the data-mining preference,
``cawg.metadata`` with the rights fields, and ``org.genart.provenance`` holding the sha256 of
the exact ``.provenance.json`` bytes.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import c2pa

from genart_desktop.core.errors import ExportError
from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.ingredient import ingredient_mime, png_copy
from genart_desktop.provenance.keys import ensure_identity
from genart_desktop.provenance.record import RESIZING_EDITS, SCHEMA, ProvenanceRecord
from genart_desktop.provenance.xmp_fields import usage_terms_text

log = logging.getLogger(__name__)

APP_ASSERTION = "org.genart.provenance"
MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
_SETTINGS = {"builder": {"thumbnail": {"enabled": False}}}
_MINING = {"allowed": "allowed", "notAllowed": "notAllowed"}
_MINING_USES = ("cawg.data_mining", "cawg.ai_inference", "cawg.ai_generative_training", "cawg.ai_training")


def _actions(record: ProvenanceRecord, has_parent: bool) -> list[dict[str, Any]]:
    gen = record.generation
    agent = {"name": gen.app if gen else "GenArt Desktop", "version": gen.app_version if gen else ""}
    if has_parent:
        first: dict[str, Any] = {"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent"]}}
    else:
        first = {"action": "c2pa.created", "softwareAgent": agent}
        if gen is not None:
            first["digitalSourceType"] = record.digital_source_type
            first["parameters"] = {"ingredientIds": ["model"]}
    actions = [first]
    for edit in record.human_contribution.edits:
        # A change of size is c2pa.resized (the image stays trainedAlgorithmicMedia); the
        # other edits are c2pa.edited, which is what makes the record call it a composite.
        name = "c2pa.resized" if edit.operation.lower() in RESIZING_EDITS else "c2pa.edited"
        actions.append({"action": name, "softwareAgent": agent,
                        "parameters": {"operation": edit.operation, **_jsonable(edit.parameters)}})
    return actions


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(value, default=str))


def _rights_metadata(record: ProvenanceRecord) -> dict[str, Any]:
    rights = record.rights
    found = lic.lookup(rights.licence) if rights.licence else None
    data: dict[str, Any] = {"@context": {
        "dc": "http://purl.org/dc/elements/1.1/",
        "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
        "photoshop": "http://ns.adobe.com/photoshop/1.0/",
        "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    }}
    if rights.creator:
        data["dc:creator"] = [rights.creator]
    if rights.copyright_notice:
        data["dc:rights"] = rights.copyright_notice
    if rights.credit:
        data["photoshop:Credit"] = rights.credit
    terms = usage_terms_text(record)
    if terms:
        data["xmpRights:UsageTerms"] = terms
    if rights.web_statement or (found and found.url):
        data["xmpRights:WebStatement"] = rights.web_statement or found.url  # type: ignore[union-attr]
    if found:
        data["xmpRights:Marked"] = not found.is_public_domain
    if record.digital_source_type:
        data["Iptc4xmpExt:DigitalSourceType"] = record.digital_source_type
    return data


def manifest_definition(record: ProvenanceRecord, record_sha256: str, fmt: str,
                        has_parent: bool) -> dict[str, Any]:
    gen = record.generation
    assertions: list[dict[str, Any]] = [
        {"label": "c2pa.actions.v2", "data": {"actions": _actions(record, has_parent)}},
        # The CAWG metadata assertion is JSON-LD and must be stored with the JSON content type.
        {"label": "cawg.metadata", "kind": "Json", "data": _rights_metadata(record)},
        {"label": APP_ASSERTION, "data": {"schema": SCHEMA, "record_sha256": record_sha256,
                                          "document_id": record.document_id,
                                          "output_licence": record.rights.licence}},
    ]
    mining = _MINING.get(record.rights.data_mining)
    if mining:
        assertions.append({"label": "cawg.training-mining", "data": {
            "entries": {use: {"use": mining} for use in _MINING_USES}}})
    ingredients = []
    if gen is not None:
        ingredients.append({
            "title": f"{gen.model.name or gen.model.id} (generator.onnx)", "format": "application/onnx",
            "relationship": "inputTo", "label": "model",
            "description": f"model {gen.model.id}, generator.onnx sha256 {gen.model.sha256 or 'unknown'}",
            "metadata": {"dateTime": gen.created or record.created},
        })
    return {
        "claim_generator_info": [{"name": gen.app if gen else "GenArt Desktop",
                                  "version": gen.app_version if gen else ""}],
        "title": record.export.file_name if record.export else "image",
        "format": MIME[fmt],
        "assertions": assertions,
        "ingredients": ingredients,
    }


def _parent_ingredient(builder: c2pa.Builder, parent: Path, parent_format: str,
                       manifest: bytes | None) -> dict[str, Any]:
    """The parentOf ingredient; a sidecar ``manifest`` of the parent is attached with the
    validation results c2pa's Reader gives it (c2pa requires both for an ingredient's manifest)."""
    ingredient: dict[str, Any] = {"title": parent.name, "relationship": "parentOf", "label": "parent"}
    if manifest is None:
        return ingredient
    try:
        with parent.open("rb") as handle, c2pa.Reader(parent_format, handle, manifest) as reader:
            results = reader.get_validation_results()
    except (c2pa.C2paError, OSError) as exc:  # an unreadable manifest is left out, not fatal
        log.warning("the C2PA manifest beside %s is not carried: %s", parent.name, exc)
        return ingredient
    if not results:
        return ingredient
    builder.add_resource("parent.c2pa", io.BytesIO(manifest))
    ingredient["manifest_data"] = {"format": "application/c2pa", "identifier": "parent.c2pa"}
    ingredient["validation_results"] = results
    return ingredient


def sign(data: bytes, fmt: str, record: ProvenanceRecord, record_sha256: str, *,
         parent: Path | None = None, sidecar: bool = False,
         parent_manifest: bytes | None = None) -> tuple[bytes, bytes | None]:
    """Sign ``data``: (the signed image, None), or (the image unchanged, the manifest) for a sidecar.
    ``parent_manifest``: the manifest of a parent that was signed with a sidecar."""
    identity = ensure_identity()
    definition = manifest_definition(record, record_sha256, fmt, parent is not None)
    try:
        context = c2pa.Context(settings=c2pa.Settings.from_dict(_SETTINGS))
        info = c2pa.C2paSignerInfo(b"es256", identity.chain_pem, identity.key_pem, None)
        signer = c2pa.Signer.from_info(info)
        with c2pa.Builder(definition, context=context) as builder:
            if parent is not None:
                _add_parent(builder, parent, parent_manifest)
            if sidecar:
                builder.set_no_embed()
            out = io.BytesIO()
            manifest = builder.sign(signer, MIME[fmt], io.BytesIO(data), out)
    except (c2pa.C2paError, OSError) as exc:
        raise ExportError(f"Signing the C2PA manifest failed: {exc}",
                          hint="Export without C2PA, or report this with the log.") from exc
    if sidecar:
        return data, bytes(manifest)
    return out.getvalue(), None


def _add_parent(builder: c2pa.Builder, parent: Path, parent_manifest: bytes | None) -> None:
    """The parent ingredient with the MIME type of its content (TIFF, GIF, BMP too), carrying the
    parent's sidecar manifest if it had one; a parent the signer cannot parse (e.g. a TIFF whose
    IFDs form a cycle) is converted to PNG first, and the ingredient's title and format say so."""
    parent_format = ingredient_mime(parent)
    ingredient = dict(_parent_ingredient(builder, parent, parent_format, parent_manifest),
                      format=parent_format)
    try:
        with parent.open("rb") as handle:
            builder.add_ingredient(ingredient, parent_format, handle)
        return
    except c2pa.C2paError as exc:
        log.warning("C2PA cannot parse %s as %s (%s): the ingredient is a PNG copy",
                    parent, parent_format, exc)
    converted = png_copy(parent)
    if converted is None:
        raise ExportError(f"The parent image {parent.name} cannot be read to sign its C2PA manifest.",
                          path=parent, hint="Export without C2PA, or re-import the original.")
    ingredient = dict(ingredient, title=f"{parent.name} (converted to PNG for C2PA)", format="image/png")
    builder.add_ingredient(ingredient, "image/png", io.BytesIO(converted))

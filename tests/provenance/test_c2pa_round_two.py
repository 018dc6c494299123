"""Issue 13, items 8-10: removal of the manifest is caught, name.c2pa, CAWG JSON, resize vs edit.

Read with c2pa-python's Reader (given only the image's path, it looks for the sidecar itself,
as c2pa-rs does) and exiftool.
"""

from __future__ import annotations

import io

import c2pa
import pytest

from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.record import COMPOSITE, TRAINED, ProvenanceRecord
from genart_desktop.provenance.verify import verify_file
from tests.provenance.helpers import png_chunks, png_from_chunks, record_dict, source_png
from tests.provenance.readers import exiftool, needs_exiftool

# JUMBF content-type UUIDs (ISO 19566-5): the first four bytes name the content.
JSON_TYPE, CBOR_TYPE = b"json", b"cbor"


def _export(tmp_path, mode="embed", fmt="png", record=None):
    report = export_images([ExportItem(source_png(tmp_path), record or record_dict(), "art")],
                           ExportOptions(tmp_path / "out", format=fmt, c2pa=mode))
    assert report.failed == []
    return report.exported[0]


def _failed(verdict) -> dict[str, str]:
    return {c.name: c.message for c in verdict.checks if c.ok is False}


def test_stripping_the_png_cabx_chunk_is_caught(tmp_path):
    exported = _export(tmp_path)
    chunks = png_chunks(exported.image.read_bytes())
    assert any(kind == b"caBX" for kind, _ in chunks)
    exported.image.write_bytes(png_from_chunks([c for c in chunks if c[0] != b"caBX"]))
    verdict = verify_file(exported.image)
    assert not verdict.ok
    assert "says this file was signed" in _failed(verdict)["C2PA"]
    assert verdict.checks[[c.name for c in verdict.checks].index("image hash")].ok  # the pixels are fine


@pytest.mark.parametrize("fmt", ["webp", "png", "jpeg"])
def test_deleting_the_sidecar_manifest_is_caught(tmp_path, fmt):
    exported = _export(tmp_path, mode="sidecar", fmt=fmt)
    assert verify_file(exported.image).ok
    exported.c2pa.unlink()
    verdict = verify_file(exported.image)
    assert not verdict.ok and "removed or lost" in _failed(verdict)["C2PA"]


def test_an_unsigned_export_is_still_fine_without_a_manifest(tmp_path):
    exported = _export(tmp_path, mode="off")
    assert verify_file(exported.image).ok


@pytest.mark.parametrize("fmt", ["webp", "png", "jpeg"])
def test_the_sidecar_is_where_c2pa_rs_looks_and_both_names_are_read(tmp_path, fmt):
    """c2pa-rs's file reader looks for the path with the extension replaced; c2pa-python 0.38
    reads streams only, so it is handed the file the app wrote under that name."""
    exported = _export(tmp_path, mode="sidecar", fmt=fmt)
    assert exported.c2pa == exported.image.with_suffix(".c2pa")
    with c2pa.Reader(f"image/{fmt}", io.BytesIO(exported.image.read_bytes()),
                     exported.image.with_suffix(".c2pa").read_bytes()) as reader:
        assert reader.get_validation_state() == "Valid"
    older = exported.image.with_name(exported.image.name + ".c2pa")  # what earlier versions wrote
    exported.c2pa.rename(older)
    assert verify_file(exported.image).ok


def test_cawg_metadata_has_the_json_content_type(tmp_path):
    exported = _export(tmp_path, mode="sidecar")
    store = exported.c2pa.read_bytes()
    at = store.index(b"cawg.metadata\x00")
    # jumd box: 16-byte content-type UUID, one toggles byte, then the NUL-terminated label.
    assert store[at - 17:at - 13] == JSON_TYPE
    at_actions = store.index(b"c2pa.actions.v2\x00")
    assert store[at_actions - 17:at_actions - 13] == CBOR_TYPE  # the others stay CBOR
    with c2pa.Reader("image/png", io.BytesIO(exported.image.read_bytes()), store) as reader:
        manifest = reader.get_active_manifest()
    data = next(a for a in manifest["assertions"] if a["label"] == "cawg.metadata")["data"]
    assert data["dc:creator"] == ["Zoë Example"]


@pytest.mark.parametrize(("operation", "action", "source_type"), [
    ("upscale", "c2pa.resized", TRAINED), ("resize", "c2pa.resized", TRAINED),
    ("inpaint", "c2pa.edited", COMPOSITE)])
def test_a_resize_stays_trained_algorithmic_media(tmp_path, operation, action, source_type):
    data = record_dict()
    data["human_contribution"]["edits"] = [{"operation": operation, "parameters": {"factor": 2},
                                            "created": "2026-01-01T00:00:00Z"}]
    exported = _export(tmp_path, record=data)
    record = ProvenanceRecord.from_dict(exported.record)
    assert record.digital_source_type == source_type
    with c2pa.Reader("image/png", io.BytesIO(exported.image.read_bytes())) as reader:
        manifest = reader.get_active_manifest()
    actions = next(a for a in manifest["assertions"] if a["label"] == "c2pa.actions.v2")["data"]["actions"]
    assert [a["action"] for a in actions] == ["c2pa.created", action]
    assert actions[0]["digitalSourceType"] == source_type


@needs_exiftool
def test_no_made_up_prompt_and_data_mining_says_as_much_as_cawg(tmp_path):
    exported = _export(tmp_path)
    found = exiftool(exported.image, "-XMP:all")
    assert "XMP-iptcExt:AIPromptInformation" not in found
    assert found["XMP-plus:DataMining"] == "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"
    with c2pa.Reader("image/png", io.BytesIO(exported.image.read_bytes())) as reader:
        manifest = reader.get_active_manifest()
    mining = next(a for a in manifest["assertions"] if a["label"] == "cawg.training-mining")["data"]
    assert {entry["use"] for entry in mining["entries"].values()} == {"notAllowed"}
    assert {"cawg.data_mining", "cawg.ai_training"} <= set(mining["entries"])  # all mining, not only AI

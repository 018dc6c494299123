"""Round trips library -> file -> library -> file: every fact the app wrote reads back the same.

Issue 13, items 1-3: an exported image imported again exports again with the same rights; an
imported AI image keeps its label, generator and prompt; a signed import continues its C2PA
history. Read back with exiftool, exiv2 and c2pa-python.
"""

from __future__ import annotations

import io
from pathlib import Path

import c2pa
import pytest
from PIL import Image, PngImagePlugin

from genart_desktop.library import Library
from genart_desktop.library.importer import import_files
from genart_desktop.provenance.record import TRAINED, ProvenanceRecord
from genart_desktop.workflows.export import ExportOptions, export_selection
from tests.provenance.helpers import library_with_records, record_dict
from tests.provenance.readers import exiftool, exiv2, needs_exiftool, needs_exiv2


def _export(library: Library, image_id: int, folder: Path, **options) -> ProvenanceRecord:
    report = export_selection(library, [image_id], ExportOptions(folder, **options))
    assert report.failed == [], report.failed
    return ProvenanceRecord.from_dict(report.exported[0].record)


def _import(library: Library, path: Path) -> int:
    report = import_files(library, [path])
    assert len(report.added) == 1, report
    return report.added[0]


RIGHTS_CASES = [
    {"data_mining": "notAllowed", "licence": "CC-BY-4.0"},
    {"data_mining": "allowed", "licence": "LicenseRef-AllRightsReserved", "web_statement": "https://zoe.example/terms"},
    {"data_mining": "unspecified", "licence": "CC-BY-NC-4.0", "usage_terms": ""},
]


@pytest.mark.parametrize("sidecars", [False, True], ids=["image-only", "with-sidecars"])
@pytest.mark.parametrize("rights", RIGHTS_CASES, ids=lambda r: r["data_mining"])
@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_an_exported_image_imported_again_exports_again_with_the_same_rights(tmp_path, rights, fmt, sidecars):
    """Image only: its XMP alone must give back the internal values; with the sidecars, the
    JSON record does."""
    library, [image_id] = library_with_records(tmp_path, [record_dict(**rights)])
    with library:
        first = _export(library, image_id, tmp_path / "one", format=fmt, json_sidecar=sidecars,
                        xmp_sidecar=sidecars)
        path = tmp_path / "one" / first.export.file_name  # type: ignore[union-attr]
        imported = _import(library, path)
        assert library.get_image(imported).rights["data_mining"] == rights["data_mining"]
        second = _export(library, imported, tmp_path / "two", format=fmt)
    assert second.rights == first.rights


@needs_exiftool
def test_exiftool_reads_the_same_data_mining_uri_after_the_round_trip(tmp_path):
    library, [image_id] = library_with_records(tmp_path, [record_dict(data_mining="notAllowed")])
    with library:
        first = _export(library, image_id, tmp_path / "one", json_sidecar=False)
        one = tmp_path / "one" / first.export.file_name  # type: ignore[union-attr]
        second = _export(library, _import(library, one), tmp_path / "two")
    two = tmp_path / "two" / second.export.file_name  # type: ignore[union-attr]
    uri = "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"
    assert exiftool(one, "-XMP-plus:DataMining")["XMP-plus:DataMining"] == uri
    assert exiftool(two, "-XMP-plus:DataMining")["XMP-plus:DataMining"] == uri


def test_older_plus_uris_and_rows_imported_before_read_as_not_allowed(tmp_path):
    """Exports before issue 13 wrote DMI-PROHIBITED-AIMLTRAINING; rows kept it as text."""
    with Library.open() as library:
        image_id = library.add_image_bytes(
            _png_bytes(), "png", origin="imported", title="old",
            rights={"data_mining": "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING"})
        record = _export(library, image_id, tmp_path / "out")
    assert record.rights.data_mining == "notAllowed"


# -- imported AI images -------------------------------------------------------------------------
A1111_PARAMETERS = ("a lighthouse at dusk, oil painting\nNegative prompt: blurry, text\n"
                    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 64x48, "
                    "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.6.0")
FIREFLY_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
  Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def _png_bytes(info: PngImagePlugin.PngInfo | None = None, seed: int = 3) -> bytes:
    image = Image.effect_noise((64, 48), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _a1111_png(path: Path) -> Path:
    """A PNG as AUTOMATIC1111 saves it: one tEXt chunk "parameters"."""
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", A1111_PARAMETERS)
    path.write_bytes(_png_bytes(info))
    return path


def _xmp_only_png(path: Path) -> Path:
    """A PNG whose only AI label is its XMP DigitalSourceType (as Adobe tools write it)."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", FIREFLY_XMP)
    path.write_bytes(_png_bytes(info, seed=5))
    return path


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_an_imported_ai_image_keeps_its_label_in_every_export(tmp_path, fmt):
    with Library.open() as library:
        a1111 = _import(library, _a1111_png(tmp_path / "a1111.png"))
        adobe = _import(library, _xmp_only_png(tmp_path / "adobe.png"))
        a = _export(library, a1111, tmp_path / "out", format=fmt)
        b = _export(library, adobe, tmp_path / "out", format=fmt)
    assert a.digital_source_type == TRAINED and b.digital_source_type == TRAINED
    assert a.imported is not None and a.imported.prompt == "a lighthouse at dusk, oil painting"
    assert a.imported.negative_prompt == "blurry, text" and "Seed: 42" in a.imported.summary
    assert not a.disclosure().startswith("No AI-generated material")
    assert "Stable Diffusion web UI (A1111)" in a.disclosure()


@needs_exiftool
def test_exiftool_sees_the_imported_label_prompt_and_the_a1111_chunk(tmp_path):
    with Library.open() as library:
        image_id = _import(library, _a1111_png(tmp_path / "a1111.png"))
        record = _export(library, image_id, tmp_path / "out")
    path = tmp_path / "out" / record.export.file_name  # type: ignore[union-attr]
    found = exiftool(path)
    assert found["XMP-iptcExt:DigitalSourceType"] == TRAINED
    assert found["XMP-iptcExt:AISystemUsed"] == "Stable Diffusion web UI (A1111)"
    assert found["XMP-iptcExt:AIPromptInformation"] == "a lighthouse at dusk, oil painting"
    assert found["PNG:Parameters"] == A1111_PARAMETERS  # the generator's own chunk, as it was


@needs_exiv2
def test_exiv2_sees_the_imported_label(tmp_path):
    with Library.open() as library:
        image_id = _import(library, _xmp_only_png(tmp_path / "adobe.png"))
        record = _export(library, image_id, tmp_path / "out", format="jpeg")
    found = exiv2(tmp_path / "out" / record.export.file_name)  # type: ignore[union-attr]
    assert found["Xmp.iptcExt.DigitalSourceType"] == TRAINED


# -- a signed import continues its C2PA history -------------------------------------------------
@pytest.mark.parametrize("first_mode", ["embed", "sidecar"])
@pytest.mark.parametrize("mode", ["embed", "sidecar"])
def test_re_exporting_a_signed_import_continues_its_c2pa_history(tmp_path, mode, first_mode):
    """Signed with an embedded manifest or a name.c2pa sidecar: either way the history goes on."""
    library, [image_id] = library_with_records(tmp_path, [record_dict()])
    with library:
        first = _export(library, image_id, tmp_path / "one", c2pa=first_mode)
        signed = tmp_path / "one" / first.export.file_name  # type: ignore[union-attr]
        imported = _import(library, signed)
        second = _export(library, imported, tmp_path / "two", c2pa=mode)
    path = tmp_path / "two" / second.export.file_name  # type: ignore[union-attr]
    manifest_data = path.with_suffix(".c2pa").read_bytes() if mode == "sidecar" else None
    with c2pa.Reader("image/png", io.BytesIO(path.read_bytes()), manifest_data) as reader:
        assert reader.get_validation_state() == "Valid"
        active = reader.get_active_manifest()
        stored = reader.json()
    actions = next(a for a in active["assertions"] if a["label"] == "c2pa.actions.v2")["data"]["actions"]
    assert actions[0]["action"] == "c2pa.opened"
    assert not any(a["action"] == "c2pa.created" for a in actions)
    [parent] = [i for i in active["ingredients"] if i["relationship"] == "parentOf"]
    assert parent.get("active_manifest"), "the imported file's own manifest is carried as the parent's"
    assert '"c2pa.created"' in stored  # the first export's history is still there, under the parent

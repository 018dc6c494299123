"""A second C2PA implementation (encypher-c2pa, its own Rust core) checks our manifests too.

It is trusted only with the root of this install's CA (``no_default_trust``): then a good
export is "valid_for_supplied_material", a removed manifest is absent, a changed pixel breaks
the hard binding, and a re-exported signed import (with its parent's manifest) still verifies.
Runs offline; telemetry is off.
"""

from __future__ import annotations

import os

import pytest

from genart_desktop.provenance import keys
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from tests.provenance.helpers import change_one_pixel, png_chunks, png_from_chunks, record_dict, source_png

os.environ.setdefault("ENCYPHER_C2PA_TELEMETRY", "off")
encypher = pytest.importorskip("encypher_c2pa",
                               reason="encypher-c2pa is a dev dependency (pip install -e .[dev])")


def _verify(path, root, sidecar=None) -> dict:
    return encypher.verify(str(path), manifest_store=str(sidecar) if sidecar else None,
                           trust_pem=root, no_default_trust=True)


@pytest.fixture
def root(tmp_path) -> str:
    return keys.export_root(tmp_path / "root.pem").read_text(encoding="utf-8")


def _export(tmp_path, fmt, mode, record=None, parent=None):
    report = export_images([ExportItem(source_png(tmp_path), record or record_dict(), f"{fmt}-{mode}",
                                       parent=parent)],
                           ExportOptions(tmp_path / "out", format=fmt, c2pa=mode))
    assert report.failed == []
    return report.exported[0]


@pytest.mark.parametrize("mode", ["embed", "sidecar"])
@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_an_independent_verifier_accepts_our_manifests(tmp_path, root, fmt, mode):
    exported = _export(tmp_path, fmt, mode)
    report = _verify(exported.image, root, exported.c2pa)
    assert (report["integrity"], report["signature"], report["hard_binding"]) == ("valid", "valid", "match")
    assert report["trust"]["status"] == "valid_for_supplied_material"


def test_it_sees_a_stripped_manifest_and_a_changed_pixel(tmp_path, root):
    stripped = _export(tmp_path, "png", "embed").image
    chunks = png_chunks(stripped.read_bytes())
    stripped.write_bytes(png_from_chunks([c for c in chunks if c[0] != b"caBX"]))
    assert _verify(stripped, root)["present"] is False
    changed = _export(tmp_path, "png", "embed").image
    change_one_pixel(changed)
    report = _verify(changed, root)
    assert report["integrity"] != "valid" and report["hard_binding"] != "match"


def test_it_accepts_a_continued_history_with_a_sidecar_signed_parent(tmp_path, root):
    first = _export(tmp_path, "png", "sidecar")
    second = _export(tmp_path, "png", "embed", parent=first.image)
    report = _verify(second.image, root)
    assert report["integrity"] == "valid", report.get("validation_results")

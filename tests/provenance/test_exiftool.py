"""Interoperability: Debian's exiftool reads every property we write, with the values written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.record import ProvenanceRecord
from genart_desktop.provenance.xmp_fields import plain, record_properties
from tests.provenance.helpers import record_dict, source_png

EXIFTOOL = shutil.which("exiftool")
pytestmark = pytest.mark.skipif(
    EXIFTOOL is None,
    reason="exiftool is not installed (Debian package libimage-exiftool-perl; "
    "./test installs it when it can)",
)
GROUPS = {
    "Iptc4xmpExt": "XMP-iptcExt",
    "dc": "XMP-dc",
    "photoshop": "XMP-photoshop",
    "plus": "XMP-plus",
    "xmpRights": "XMP-xmpRights",
    "cc": "XMP-cc",
    "xmp": "XMP-xmp",
    "xmpMM": "XMP-xmpMM",
    "genart": "XMP-genart",
}
TRICKY = "a<b>&c ]]> \r\n\ttab \u202eRTL שלום 😀 "
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T")


def _exiftool(path: Path, *extra: str) -> dict:
    out = subprocess.run(
        [EXIFTOOL, "-j", "-struct", "-G1", "-n", *extra, "-XMP:all", str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout.decode("utf-8"))[0]


def _norm(value):
    """exiftool's JSON: numbers and booleans typed, dates as YYYY:MM:DD, struct fields unprefixed."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return _DATE.sub(r"\1:\2:\3 ", value)
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k.split(":")[-1][:1].upper() + k.split(":")[-1][1:]: _norm(v) for k, v in value.items()}
    return value


def _expected(record: ProvenanceRecord) -> dict:
    result = {}
    for key, value in plain(record_properties(record)).items():
        prefix, local = key.split(":")
        result[f"{GROUPS[prefix]}:{local[:1].upper()}{local[1:]}"] = _norm(value)
    return result


@pytest.fixture
def exported(tmp_path):
    source = source_png(tmp_path)
    data = record_dict(creator=TRICKY, usage_terms="Usage: " + TRICKY)
    data["human_contribution"]["edits"] = [
        {"operation": "rotate", "parameters": {"degrees": 90}, "created": "2026-01-01T00:00:00Z"}
    ]
    data["originality"] = {
        "performed": True,
        "feature": "efficientnet-lite0",
        "nearest_path": "a.png",
        "nearest_sha256": "ab" * 32,
        "distance": 0.25,
        "threshold": 0.125,
        "verdict": "original",
    }
    results = {}
    for fmt in ("png", "jpeg", "webp"):
        report = export_images([ExportItem(source, data, "art")], ExportOptions(tmp_path / "out", format=fmt))
        assert report.failed == []
        results[fmt] = report.exported[0]
    return results


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_exiftool_reads_every_embedded_field(exported, fmt):
    item = exported[fmt]
    record = ProvenanceRecord.from_dict(item.record)
    expected = _expected(record)
    found = {
        k: _norm(v)
        for k, v in _exiftool(item.image).items()
        if k.startswith("XMP-") and k != "XMP-x:XMPToolkit"
    }
    assert found == expected
    assert found["XMP-dc:Creator"] == [TRICKY]
    assert found["XMP-iptcExt:DigitalSourceType"].endswith("/compositeWithTrainedAlgorithmicMedia")


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_exiftool_reads_the_sidecar(exported, fmt):
    item = exported[fmt]
    expected = _expected(ProvenanceRecord.from_dict(item.record))
    found = {
        k: _norm(v)
        for k, v in _exiftool(item.xmp).items()
        if k.startswith("XMP-") and k != "XMP-x:XMPToolkit"
    }
    assert found == expected


def test_exiftool_names_the_standard_properties(exported):
    """The IPTC/PLUS/CC properties land on exiftool's known tags, not on generated names."""
    found = _exiftool(exported["png"].image)
    for tag in [
        "XMP-plus:DataMining",
        "XMP-xmpRights:WebStatement",
        "XMP-cc:License",
        "XMP-cc:AttributionName",
        "XMP-photoshop:Credit",
        "XMP-plus:CopyrightOwner",
        "XMP-plus:Licensor",
        "XMP-xmpMM:DocumentID",
    ]:
        assert tag in found, tag
    # notAllowed says what cawg.training-mining says: no data mining of any kind (issue 13 item 10).
    assert found["XMP-plus:DataMining"] == "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"


def test_exiftool_reads_jpeg_extended_xmp(tmp_path):
    source = source_png(tmp_path)
    data = record_dict()
    data["notes"] = "long notes — " * 8_000
    item = export_images([ExportItem(source, data, "long")], ExportOptions(tmp_path / "o", format="jpeg"))
    exported = item.exported[0]
    found = _exiftool(exported.image, "-b")  # -b: values this long are otherwise elided
    assert found["XMP-genart:Notes"] == data["notes"]
    assert found["XMP-dc:Creator"] == ["Zoë Example"]

from __future__ import annotations

import json

import pytest
from PIL import Image

from genart_desktop.core.errors import Cancelled, ExportError
from genart_desktop.provenance.embed import read_embedded_xmp
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.jsonio import schema_errors
from genart_desktop.provenance.verify import verify_file
from genart_desktop.provenance.xmp import parse_xmp
from tests.provenance.helpers import change_one_pixel, record_dict, source_png


@pytest.fixture
def source(tmp_path):
    return source_png(tmp_path)


def _export(source, folder, n=1, **options):
    items = [ExportItem(source, record_dict(), f"flower{i or ''}") for i in range(n)]
    return export_images(items, ExportOptions(folder, **options))


@pytest.mark.parametrize(
    ("fmt", "lossless", "ext"),
    [("png", True, "png"), ("jpeg", True, "jpg"), ("webp", True, "webp"), ("webp", False, "webp")],
)
def test_each_format_exports_and_verifies(source, tmp_path, fmt, lossless, ext):
    report = _export(source, tmp_path / "out", format=fmt, webp_lossless=lossless)
    assert report.failed == []
    exported = report.exported[0]
    assert exported.image.name == f"flower.{ext}"
    assert exported.xmp.name == f"flower.{ext}.xmp"
    assert exported.json.name == f"flower.{ext}.provenance.json"
    with Image.open(exported.image) as im:
        assert im.format == {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[fmt]
    data = json.loads(exported.json.read_text(encoding="utf-8"))
    assert schema_errors(data) == []
    assert data["export"]["file_name"] == exported.image.name
    assert parse_xmp(read_embedded_xmp(exported.image))["dc:creator"] == ["Zoë Example"]
    verdict = verify_file(exported.image)
    assert verdict.ok, verdict.describe()


def test_never_overwrites(source, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "flower.png.xmp").write_text("someone else's")
    first = _export(source, out).exported[0]
    second = _export(source, out).exported[0]
    assert first.image.name == "flower-1.png"
    assert second.image.name == "flower-2.png"
    assert (out / "flower.png.xmp").read_text() == "someone else's"
    assert not list(out.glob(".*.tmp"))


def test_plain_sidecar_name_resize_and_template(source, tmp_path):
    report = export_images(
        [ExportItem(source, record_dict(), "flower", fields={"id": 7, "title": "Blue"})],
        ExportOptions(tmp_path, xmp_sidecar_style="plain", resize=32, template="{title}-{id}-{name}"),
    )
    exported = report.exported[0]
    assert exported.image.name == "Blue-7-flower.png"
    assert exported.xmp.name == "Blue-7-flower.xmp"
    with Image.open(exported.image) as im:
        assert im.size == (32, 32)
    assert verify_file(exported.image).ok


def test_bad_template_and_options_are_clear_errors(source, tmp_path):
    with pytest.raises(ExportError, match="template") as info:
        _export(source, tmp_path / "out", template="{nope}")
    assert "{name}" in info.value.hint
    assert not list((tmp_path / "out").iterdir())
    with pytest.raises(ExportError, match="Quality"):
        _export(source, tmp_path, jpeg_quality=0)


def test_unsafe_names_are_cleaned(source, tmp_path):
    report = export_images(
        [ExportItem(source, record_dict(), "../../etc/pa:ss\x00wd")], ExportOptions(tmp_path)
    )
    assert report.exported[0].image.parent == tmp_path
    assert "/" not in report.exported[0].image.name


def test_bad_items_are_reported_and_the_rest_exported(source, tmp_path):
    forbidden = record_dict(licence="CC0-1.0")  # CC BY training data: CC0 would drop the attribution
    bell = record_dict(credit="bell\x07")
    missing = tmp_path / "gone.png"
    items = [
        ExportItem(source, forbidden, "a"),
        ExportItem(source, bell, "b"),
        ExportItem(missing, record_dict(), "c"),
        ExportItem(source, record_dict(), "d"),
    ]
    report = export_images(items, ExportOptions(tmp_path / "out"))
    assert [e.image.name for e in report.exported] == ["d.png"]
    reasons = dict(report.failed)
    assert "CC0-1.0" in reasons["a"]
    assert "U+0007" in reasons["b"]
    assert "gone.png" in reasons["c"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "d.png",
        "d.png.provenance.json",
        "d.png.xmp",
    ]


def test_jpeg_too_much_xmp_is_refused_png_carries_it(source, tmp_path):
    record = record_dict()
    record["notes"] = "n" * 70_000
    items = [ExportItem(source, record, "long")]
    jpeg = export_images(items, ExportOptions(tmp_path, format="jpeg"))
    assert "JPEG" in jpeg.failed[0][1] and "PNG or WebP" in jpeg.failed[0][1]
    png = export_images(items, ExportOptions(tmp_path, format="png"))
    assert parse_xmp(read_embedded_xmp(png.exported[0].image))["genart:Notes"] == "n" * 70_000


def test_cancel_stops_between_files(source, tmp_path):
    calls = []

    def should_stop():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled, match="2 of 5"):
        export_images(
            [ExportItem(source, record_dict(), f"f{i}") for i in range(5)],
            ExportOptions(tmp_path),
            should_stop=should_stop,
        )
    assert sorted(p.name for p in tmp_path.glob("*.png") if p.name != "source.png") == ["f0.png", "f1.png"]


def test_progress_is_reported(source, tmp_path):
    seen = []
    _export_items = [ExportItem(source, record_dict(), f"f{i}") for i in range(3)]
    export_images(_export_items, ExportOptions(tmp_path / "o"), progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_verify_catches_changed_pixels_and_edited_sidecars(source, tmp_path):
    exported = _export(source, tmp_path / "out").exported[0]
    sidecar = exported.xmp
    sidecar.write_bytes(sidecar.read_bytes().replace(b"Zo\xc3\xab Example", b"Somebody Else"))
    verdict = verify_file(exported.image)
    assert not verdict.ok
    assert any("XMP sidecar" in c.name and c.ok is False for c in verdict.checks)
    change_one_pixel(exported.image)
    verdict = verify_file(exported.image)
    assert any(c.name == "image hash" and c.ok is False for c in verdict.checks), verdict.describe()


def test_unknown_format_is_refused(source, tmp_path):
    with pytest.raises(ExportError, match="gif"):
        _export(source, tmp_path, format="gif")

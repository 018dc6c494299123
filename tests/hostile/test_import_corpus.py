"""Issue 14, items 1, 5, 6, 11, 12: every hostile file gets a decision and a reason; the import
always ends with a summary. Real files on disk, a real library (SQLite + store)."""

from __future__ import annotations

import json
import os

import pytest

from genart_desktop.cli import main
from genart_desktop.core import limits
from genart_desktop.library import Library
from genart_desktop.library.importer import import_files
from tests.hostile import files as F

pytestmark = pytest.mark.timeout(120)  # a hang (the FIFO case) fails instead of blocking the run


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "lib" / "library.sqlite") as lib:
        yield lib


def _reasons(report) -> dict[str, str]:
    return {os.path.basename(path): reason for path, reason in report.skipped}


# name -> (bytes, the words the reason must contain); None: imported
REFUSED = {
    "corrupt-idat.png": (F.png_with_corrupt_idat, "pixel data is damaged"),
    "big-ztxt.png": (F.png_with_oversized_ztxt, "text chunk is larger than the image reader accepts"),
    "bad-sequence.png": (F.apng_with_frame_sequence_errors, "frame sequence errors"),
    "truncated.jpg": (F.truncated_jpeg, "truncated"),
    "noise.png": (lambda: os.urandom(4096), "not an image file GenArt Desktop can read"),
}


def test_a_folder_of_hostile_files_imports_the_good_ones_and_says_why_not_the_rest(tmp_path, library):
    folder = tmp_path / "in"
    _write(folder / "good.png", F.png(0))
    _write(folder / "good.jpg", F.jpeg(1))
    for name, (make, _) in REFUSED.items():
        _write(folder / name, make())
    os.mkfifo(folder / "x.png")
    os.symlink("/dev/zero", folder / "zero.png")
    sparse = folder / "huge.png"  # larger than the limit, but sparse: costs no disk
    with sparse.open("wb") as handle:
        handle.truncate(limits.MAX_IMAGE_FILE_BYTES + 1)

    report = import_files(library, [folder])

    reasons = _reasons(report)
    assert len(report.added) == 2, reasons
    for name, (_, words) in REFUSED.items():
        assert words in reasons[name], (name, reasons[name])
        assert "object at 0x" not in reasons[name]
    assert "not a regular file" in reasons["x.png"]
    assert "not a regular file" in reasons["zero.png"]
    assert "too large" in reasons["huge.png"] and "256 MB" in reasons["huge.png"]
    assert report.summary() == f"2 imported, {len(reasons)} skipped"


def test_a_fifo_given_by_path_is_named_for_what_it_is(tmp_path, library):
    os.mkfifo(tmp_path / "x.png")
    report = import_files(library, [tmp_path / "x.png", tmp_path / "missing.png"])
    reasons = _reasons(report)
    assert "not a regular file" in reasons["x.png"]
    assert reasons["missing.png"] == "no such file or folder"


def test_a_provenance_sidecar_nested_100000_deep_is_noted_and_the_image_imported(tmp_path, library):
    image = _write(tmp_path / "art.png", F.png(2))
    _write(tmp_path / "art.png.provenance.json", F.deep_json())
    report = import_files(library, [image])
    [image_id] = report.added
    notes = library.get_image(image_id).notes
    assert "art.png.provenance.json is not valid JSON" in notes and "nested too deeply" in notes


def test_a_10_mb_text_chunk_is_cut_to_the_limit(tmp_path, library):
    image = _write(tmp_path / "long.png", F.png_with_text("Description", "x" * 10_000_000))
    [image_id] = import_files(library, [image]).added
    notes = library.get_image(image_id).notes
    assert len(notes) <= limits.MAX_TEXT_FIELD_CHARS + 200
    assert "[cut: 10,000,000 characters" in notes
    assert library.db_path.stat().st_size < 2 * 1024 * 1024


def test_xmp_with_a_dtd_is_refused_and_the_refusal_noted_on_the_image(tmp_path, library):
    image = _write(tmp_path / "xxe.png", F.png_with_xmp(F.XXE_XMP))
    [image_id] = import_files(library, [image]).added
    row = library.get_image(image_id)
    assert "was not read: it declares a DTD or entities" in row.notes
    assert "root:" not in json.dumps(row.rights) and row.creator == ""


def test_text_edited_later_is_cut_to_the_limit_too(tmp_path, library):
    [image_id] = import_files(library, [_write(tmp_path / "a.png", F.png(3))]).added
    library.update_fields(image_id, title="t" * 50_000, notes="n" * 10_000_000,
                          rights={"usage_terms": "u" * 200_000})
    row = library.get_image(image_id)
    assert len(row.title) <= limits.MAX_TITLE_CHARS and len(row.notes) <= limits.MAX_TEXT_FIELD_CHARS
    assert len(row.rights["usage_terms"]) <= limits.MAX_TEXT_FIELD_CHARS


def test_library_import_cli_ends_with_a_summary_and_exits_0_when_one_file_got_in(tmp_path, capsys):
    folder = tmp_path / "in"
    _write(folder / "good.png", F.png(4))
    _write(folder / "corrupt.png", F.png_with_corrupt_idat(5))
    assert main(["library", "import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "1 imported, 1 skipped"
    assert "corrupt.png: This image cannot be used: its pixel data is damaged" in out


def test_library_import_cli_exits_1_when_nothing_got_in(tmp_path, capsys):
    _write(tmp_path / "in" / "corrupt.png", F.png_with_corrupt_idat(6))
    assert main(["library", "import", str(tmp_path / "in")]) == 1
    assert "0 imported, 1 skipped" in capsys.readouterr().out


def test_an_apng_already_in_a_library_is_an_export_failure_with_a_reason_not_a_crash(tmp_path):
    """Libraries made before the decode check may hold such a file: export reports it."""
    from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
    from tests.provenance.helpers import record_dict

    source = _write(tmp_path / "bad.png", F.apng_with_frame_sequence_errors(which=1))
    report = export_images([ExportItem(source, record_dict(), "bad")], ExportOptions(tmp_path / "out"))
    assert report.exported == [] and "Cannot read the image bad.png" in report.failed[0][1]


def test_a_huge_provenance_sidecar_is_not_kept_and_the_image_says_so(tmp_path, library):
    image = _write(tmp_path / "big.png", F.png(7))
    record = {"schema": "genart.provenance/1", "notes": "n", "padding": ["x" * 1000] * 2000}
    _write(tmp_path / "big.png.provenance.json", json.dumps(record).encode())
    [image_id] = import_files(library, [image]).added
    row = library.get_image(image_id)
    assert row.provenance == {} and "was not kept" in row.notes

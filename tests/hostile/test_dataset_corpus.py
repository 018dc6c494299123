"""Issue 14, items 2, 5, 11, 12 for datasets: the scan decodes as the cache will, and a file
that fails later is dropped with its reason, never the dataset. Real files, real cache."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from genart_desktop.cli import main
from genart_desktop.core import limits
from genart_desktop.datasets.cache import build_cache, dropped_files
from genart_desktop.datasets.declarations import Declaration, apply
from genart_desktop.datasets.finalize import finalize
from genart_desktop.datasets.scan import scan
from tests.hostile import files as F

pytestmark = pytest.mark.timeout(120)


def _folder(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    for i in range(3):
        (folder / f"good-{i}.png").write_bytes(F.png(20 + i, (96, 96)))
    (folder / "good.jpg").write_bytes(F.jpeg(30, (96, 96)))
    return folder


def _reasons(result) -> dict[str, str]:
    return {e.path: e.reason for e in result.files if not e.included}


def test_a_png_with_corrupt_idat_is_skipped_by_the_scan_and_the_dataset_trains(tmp_path):
    folder = _folder(tmp_path)
    (folder / "corrupt.png").write_bytes(F.png_with_corrupt_idat())
    (folder / "bad-sequence.png").write_bytes(F.apng_with_frame_sequence_errors(size=(96, 96)))
    (folder / "truncated.jpg").write_bytes(F.truncated_jpeg())
    result = scan([folder], size=64)
    reasons = _reasons(result)
    assert reasons["corrupt.png"].startswith("corrupt image data (the compressed pixel data is damaged")
    assert reasons["truncated.jpg"] == "truncated image (the file ends early)"
    assert len(result.included) == 5  # the APNG's first frame decodes; later frames are not used
    apply(result, Declaration("own"), folder="")
    manifest = finalize(result)
    cache = np.load(build_cache(manifest["id"], 64), mmap_mode="r")
    assert cache.shape == (5, 64, 64, 3) and dropped_files(manifest["id"], 64) == []


def test_a_file_broken_after_the_scan_is_dropped_from_the_cache_with_its_reason(tmp_path):
    folder = _folder(tmp_path)
    result = scan([folder], size=64)
    apply(result, Declaration("own"), folder="")
    manifest = finalize(result, build=False)
    (folder / "good-1.png").write_bytes(F.png_with_corrupt_idat())
    (folder / "good-2.png").unlink()
    cache = np.load(build_cache(manifest["id"], 128), mmap_mode="r")
    assert cache.shape == (2, 128, 128, 3)
    reasons = dict(dropped_files(manifest["id"], 128))
    assert "has changed since the dataset was made" in reasons["good-1.png"]
    assert reasons["good-2.png"].startswith("can no longer be read")


def test_sizes_and_ambiguous_zip_members_have_readable_reasons(tmp_path):
    folder = _folder(tmp_path)
    with (folder / "huge.png").open("wb") as handle:  # sparse: costs no disk
        handle.truncate(limits.MAX_IMAGE_FILE_BYTES + 1)
    (folder / "art.png.provenance.json").write_bytes(F.deep_json())
    result = scan([folder], size=64)
    assert _reasons(result)["huge.png"] == "too large (256 MB; at most 256 MB per image file)"
    archive = tmp_path / "set.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.png", F.png(40, (96, 96)))
        zf.writestr("b.png", F.png(41, (96, 96)))
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("b.png", F.png(42, (96, 96)))
    reasons = _reasons(scan([archive], size=64))
    assert reasons["b.png"] == "the zip holds 2 members with this name (ambiguous: neither is used)"


def test_dataset_add_ends_with_a_summary_and_exit_0_when_a_file_was_accepted(tmp_path, capsys):
    folder = _folder(tmp_path)
    (folder / "corrupt.png").write_bytes(F.png_with_corrupt_idat())
    assert main(["dataset", "add", str(folder), "--size", "64", "--declare", "own"]) == 0
    out = capsys.readouterr().out
    assert "4 images included, 1 skipped (of 5 files)" in out and "saved" in out


def test_xmp_with_a_dtd_is_refused_and_noted_on_the_entry(tmp_path):
    folder = _folder(tmp_path)
    (folder / "xxe.png").write_bytes(F.png_with_xmp(F.XXE_XMP, seed=50))
    # png_with_xmp makes 96×80 images: big enough at 64 px
    entry = next(e for e in scan([folder], size=64).files if e.path == "xxe.png")
    assert entry.included
    refused = "embedded XMP ignored (XMP packet declares a DTD or entities; refused)"
    assert any(refused in note for note in entry.notes)

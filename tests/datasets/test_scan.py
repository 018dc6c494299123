import io
import os
import zipfile

import numpy as np
import pytest
from PIL import Image

from genart_desktop.core.errors import Cancelled, DatasetError
from genart_desktop.datasets import decode
from genart_desktop.datasets.scan import scan
from genart_desktop.datasets.walk import safe_member_name
from tests.datasets.corpus import EXPECTED, make_zip, pattern, save


@pytest.fixture(scope="module")
def scanned(corpus_dir):
    return scan([corpus_dir], size=64)


@pytest.mark.parametrize("path", sorted(set(EXPECTED) - {"locked.png"}))
def test_each_file_gets_the_expected_decision_and_reason(scanned, path):
    included, words = EXPECTED[path]
    entry = scanned.entry(path)
    assert entry.included is included, (path, entry.reason)
    assert words.lower() in entry.reason.lower(), (path, entry.reason)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a mode-000 file: "
                    "test_a_file_the_scan_may_not_read_is_skipped_with_the_reason covers the refusal")
def test_a_mode_000_file_is_skipped_as_permission_denied(scanned):
    entry = scanned.entry("locked.png")
    assert entry.included is False
    assert "permission denied" in entry.reason.lower()


def test_a_file_the_scan_may_not_read_is_skipped_with_the_reason(tmp_path, monkeypatch):
    """The same refusal for every user (root included): reading the file raises PermissionError."""
    from genart_desktop.datasets import walk
    from tests.datasets.corpus import pattern, save

    save(pattern(64, 64, 5), tmp_path / "open.png")
    save(pattern(64, 64, 6), tmp_path / "locked.png")
    real_reader = walk._file_reader

    def reader(path):
        if path.name == "locked.png":
            def refuse() -> bytes:
                raise PermissionError(13, "Permission denied", str(path))
            return refuse
        return real_reader(path)

    monkeypatch.setattr(walk, "_file_reader", reader)
    result = scan([tmp_path], size=64)
    locked, opened = result.entry("locked.png"), result.entry("open.png")
    assert locked.included is False and locked.reason == "cannot be read (permission denied)"
    assert opened.included is True


def test_every_file_is_accounted_for_and_skips_have_reasons(scanned):
    assert {f.path for f in scanned.files} >= set(EXPECTED) - {"locked.png"}
    assert all(f.reason for f in scanned.skipped)
    assert all(f.sha256 and f.width and f.height for f in scanned.included)


def test_odd_but_valid_images_are_read_correctly(scanned):
    rotated = scanned.entry("rotated.jpg")
    assert (rotated.width, rotated.height) == (70, 120)  # EXIF orientation 6 applied
    assert any("orientation" in n for n in rotated.notes)
    assert any("first of 3 frames" in n for n in scanned.entry("animated.gif").notes)
    assert scanned.entry("cmyk.jpg").mode == "CMYK"
    assert scanned.entry("deep16.png").mode.startswith("I")


def test_to_rgb_converts_every_mode_to_8bit_rgb():
    bg = (0, 255, 0)
    transparent = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    assert decode.to_rgb(transparent, bg).getpixel((0, 0)) == bg  # composited onto the background
    deep = Image.fromarray(np.full((4, 4), 65535, dtype=np.uint16))
    assert decode.to_rgb(deep).getpixel((0, 0)) == (255, 255, 255)
    half = Image.fromarray(np.full((4, 4), 32768, dtype=np.uint16))
    assert decode.to_rgb(half).getpixel((0, 0)) == (128, 128, 128)
    pal = Image.new("P", (4, 4), 0)
    pal.putpalette([10, 20, 30] + [0] * 765)
    pal.info["transparency"] = 0
    assert decode.to_rgb(pal, bg).getpixel((0, 0)) == bg
    cmyk = Image.new("CMYK", (4, 4), (0, 0, 0, 0))
    assert decode.to_rgb(cmyk).getpixel((0, 0)) == (255, 255, 255)
    assert decode.to_rgb(Image.new("L", (4, 4), 7)).getpixel((0, 0)) == (7, 7, 7)


def test_pixel_limit_and_too_small_follow_the_settings(tmp_path):
    save(pattern(300, 300, 1), tmp_path / "a.png")
    assert "decompression bomb" in scan([tmp_path], size=64, pixel_limit=50_000).files[0].reason
    assert "too small" in scan([tmp_path], size=512).files[0].reason
    assert scan([tmp_path], size=512, fit="pad").files[0].reason.startswith("too small")
    assert scan([tmp_path], size=256, fit="pad").files[0].included


def test_near_duplicates_are_reported_not_skipped(tmp_path):
    base = pattern(200, 200, 5)
    save(base, tmp_path / "a.png")
    save(base.resize((180, 180)), tmp_path / "b.jpg", quality=80)  # same picture, other bytes
    save(pattern(200, 200, 99), tmp_path / "c.png")
    result = scan([tmp_path], size=64)
    assert all(f.included for f in result.files)
    assert result.entry("b.jpg").near_duplicate_of == "a.png"
    assert result.near_duplicate_groups == [["a.png", "b.jpg"]]
    assert not result.entry("c.png").near_duplicate_of


def test_a_file_changing_during_the_scan_is_noticed(tmp_path, monkeypatch):
    target = save(pattern(100, 100, 3), tmp_path / "moving.png")
    from genart_desktop.datasets import walk

    real = walk._file_reader

    def reader_that_touches(path):
        read = real(path)

        def read_and_change():
            data = read()
            with open(path, "ab") as handle:  # another program appends while we read
                handle.write(b"more")
            return data

        return read_and_change

    monkeypatch.setattr(walk, "_file_reader", reader_that_touches)
    entry = scan([tmp_path], size=64).entry("moving.png")
    assert not entry.included and "changed while it was being scanned" in entry.reason
    assert target.exists()


def test_zip_members_are_read_safely(tmp_path, corpus_dir):
    archive = make_zip(corpus_dir, tmp_path / "set.zip")
    result = scan([archive], size=64)
    assert result.entry("imgs/a.png").included and result.entry("imgs/b.jpg").included
    assert "unsafe path" in result.entry("../evil.png").reason
    assert "unsafe path" in result.entry("/abs.png").reason
    assert "zip bomb" in result.entry("imgs/zeros.png").reason
    assert not [f for f in result.files if "__MACOSX" in f.path]
    assert not (tmp_path / "evil.png").exists() and not (tmp_path.parent / "evil.png").exists()


def test_safe_member_names():
    assert safe_member_name("a/b.png") == "a/b.png"
    assert safe_member_name("./a//b.png") == "a/b.png"
    for bad in ("../x.png", "a/../../x.png", "/etc/passwd", "C:\\x.png", "a\\..\\..\\x.png"):
        assert safe_member_name(bad) == ""


def test_scan_reports_progress_and_can_be_cancelled(corpus_dir):
    seen = []
    scan([corpus_dir], size=64, progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(Cancelled):
        scan([corpus_dir], size=64, should_stop=lambda: True)


def test_bad_arguments_are_clear_errors(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        scan([tmp_path / "missing"])
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(DatasetError, match="neither a folder nor a zip"):
        scan([tmp_path / "a.txt"])
    with pytest.raises(DatasetError, match="not a training size"):
        scan([tmp_path], size=100)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("a.png", io.BytesIO(b"x").getvalue())
    assert "corrupt image" in scan([broken], size=64).files[0].reason


def test_a_file_that_cannot_be_read_is_skipped_with_the_reason(tmp_path, monkeypatch):
    # Root (as in CI containers) can read mode-000 files, so make the read itself fail.
    save(pattern(100, 100, 3), tmp_path / "secret.png")
    from genart_desktop.datasets import walk

    def denied(path):
        def read():
            raise PermissionError(13, "Permission denied", str(path))

        return read

    monkeypatch.setattr(walk, "_file_reader", denied)
    entry = scan([tmp_path], size=64).entry("secret.png")
    assert not entry.included and entry.reason == "cannot be read (permission denied)"

"""Issue 13, item 11: verify takes folders and globs; DAM additions are additions; two sidecars.

The DAM edits are made by the real tools: exiftool (as digiKam writes Rating, Subject and
TagsList through it) and exiv2.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from genart_desktop.cli import main
from genart_desktop.library import Library
from genart_desktop.library.importer import import_files
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.verify import verify_file
from tests.provenance.helpers import record_dict, source_png
from tests.provenance.readers import EXIFTOOL, EXIV2, needs_exiftool, needs_exiv2


@pytest.fixture
def out(tmp_path):
    """Three untouched exports: plain, a second one, and one signed with a name.c2pa sidecar."""
    folder = tmp_path / "out"
    for name, mode in (("one", "off"), ("two", "off"), ("three", "sidecar")):
        report = export_images([ExportItem(source_png(tmp_path, f"{name}.png"), record_dict(), name)],
                               ExportOptions(folder, c2pa=mode))
        assert report.failed == []
    return folder


def test_verify_a_folder(out, capsys):
    assert main(["verify", str(out)]) == 0
    assert "3 image(s) checked: 3 OK" in capsys.readouterr().out


def test_verify_what_the_shell_expands_out_star_to(out, capsys):
    everything = sorted(str(p) for p in out.iterdir())
    assert len(everything) == 3 + 2 * 3 + 1  # images, their XMP and JSON sidecars, one name.c2pa
    assert main(["verify", *everything]) == 0
    assert "3 image(s) checked: 3 OK" in capsys.readouterr().out


def test_verify_a_quoted_glob_and_say_what_matched_nothing(out, capsys):
    assert main(["verify", str(out / "*.png")]) == 0
    assert "3 image(s) checked" in capsys.readouterr().out
    assert main(["verify", str(out / "nothing-*.png")]) == 1
    assert "no such file, folder or matching file" in capsys.readouterr().out


def test_a_sidecar_without_its_image_is_named(out, capsys):
    (out / "one.png").unlink()
    assert main(["verify", str(out)]) == 1
    text = capsys.readouterr().out
    assert "one.png.provenance.json: a sidecar whose image is not there" in text
    assert "2 image(s) checked: 2 OK" in text


@needs_exiftool
def test_dam_additions_with_exiftool_are_additions_not_a_mismatch(out):
    image = out / "one.png"
    for target in (image, out / "one.png.xmp"):
        subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-XMP-xmp:Rating=4", "-XMP-dc:Subject=heron",
                        "-XMP-digiKam:TagsList=Birds/Heron", str(target)], check=True)
    verdict = verify_file(image)
    assert verdict.ok, verdict.describe()
    embedded = next(c for c in verdict.checks if c.name == "embedded XMP")
    assert "added by another tool" in embedded.message and "xmp:Rating" in embedded.message


@needs_exiftool
def test_a_changed_fact_is_still_a_mismatch(out):
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-XMP-dc:Creator=Mallory", str(out / "two.png")],
                   check=True)
    verdict = verify_file(out / "two.png")
    assert not verdict.ok
    assert "dc:creator" in next(c for c in verdict.checks if c.name == "embedded XMP").message


@needs_exiv2
def test_dam_additions_with_exiv2_are_additions(out):
    assert EXIV2 is not None
    subprocess.run([EXIV2, "-M", "set Xmp.xmp.Rating 3", str(out / "two.png.xmp")], check=True)
    verdict = verify_file(out / "two.png")
    assert verdict.ok, verdict.describe()


def test_a_lightroom_style_sidecar_beside_ours_is_read_and_a_conflict_reported(out, tmp_path):
    ours = out / "one.png.xmp"
    theirs = out / "one.xmp"
    theirs.write_bytes(ours.read_bytes().replace("Zoë Example".encode(), b"Someone Else"))
    verdict = verify_file(out / "one.png")
    assert not verdict.ok
    conflict = next(c for c in verdict.checks if c.name == "XMP sidecar one.xmp")
    assert "conflicts with one.png.xmp" in conflict.message
    shutil.copy(ours, theirs)  # the same facts: fine
    assert verify_file(out / "one.png").ok
    # import reads both and says where they disagree
    theirs.write_bytes(ours.read_bytes().replace("Zoë Example".encode(), b"Someone Else"))
    with Library.open() as library:
        [image_id] = import_files(library, [out / "one.png"]).added
        row = library.get_image(image_id)
    assert row.creator == "Zoë Example"
    assert "one.png.xmp and one.xmp disagree" in row.notes

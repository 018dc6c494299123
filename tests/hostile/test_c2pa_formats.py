"""Issue 14, item 7: TIFF, GIF and BMP imports export with C2PA; the parent is handed to the
signer with its own MIME type, which the manifest's ingredient records."""

from __future__ import annotations

import pytest

from genart_desktop.library import Library
from genart_desktop.library.importer import import_files
from genart_desktop.provenance.c2pa_read import read_c2pa
from genart_desktop.provenance.export import ExportOptions
from genart_desktop.workflows.export import export_selection
from tests.hostile import files as F

pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize("fmt, suffix, mime", [
    ("TIFF", ".tif", "image/tiff"), ("GIF", ".gif", "image/gif"), ("BMP", ".bmp", "image/bmp"),
])
def test_an_imported_tiff_gif_or_bmp_exports_with_c2pa(tmp_path, fmt, suffix, mime):
    source = tmp_path / f"scan{suffix}"
    source.write_bytes(F.encoded(fmt))
    with Library.open(tmp_path / "lib" / "library.sqlite") as library:
        [image_id] = import_files(library, [source]).added
        report = export_selection(library, [image_id], ExportOptions(tmp_path / "out", c2pa="embed"))
    assert report.failed == []
    result = read_c2pa(report.exported[0].image)
    assert result.found and not result.failures, result.failures
    [parent] = [i for i in result.manifest["ingredients"] if i["relationship"] == "parentOf"]
    assert parent["format"] == mime


def test_a_parent_the_signer_cannot_parse_is_converted_to_png_and_the_ingredient_says_so(tmp_path):
    source = tmp_path / "loop.tif"
    source.write_bytes(F.tiff_with_cyclic_ifd_chain())
    with Library.open(tmp_path / "lib" / "library.sqlite") as library:
        [image_id] = import_files(library, [source]).added
        report = export_selection(library, [image_id], ExportOptions(tmp_path / "out", c2pa="embed"))
    assert report.failed == []
    result = read_c2pa(report.exported[0].image)
    [parent] = [i for i in result.manifest["ingredients"] if i["relationship"] == "parentOf"]
    assert parent["format"] == "image/png" and parent["title"].endswith("(converted to PNG for C2PA)")

"""Issue 13, item 12: JPEG exports carry EXIF and IPTC-IIM creator/copyright from the record,
and cc:attributionURL comes from Preferences. Read with exiftool and exiv2."""

from __future__ import annotations

import pytest

from genart_desktop.core.settings import Settings
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.rights import generated_record
from genart_desktop.provenance.verify import verify_file
from tests.provenance.conftest import GENERATION, IMAGE, make_card
from tests.provenance.helpers import record_dict, source_png
from tests.provenance.readers import exiftool, exiv2, needs_exiftool, needs_exiv2

RIGHTS = {"creator": "Zoë Ångström", "copyright_notice": "© 2026 Zoë Ångström", "credit": "Studio Å / GenArt"}


def _jpeg(tmp_path, c2pa="off", record=None):
    report = export_images([ExportItem(source_png(tmp_path), record or record_dict(**RIGHTS), "art")],
                           ExportOptions(tmp_path / "out", format="jpeg", c2pa=c2pa))
    assert report.failed == []
    return report.exported[0].image


@needs_exiftool
@pytest.mark.parametrize("c2pa", ["off", "embed"])
def test_exiftool_reads_exif_and_iptc_creator_and_copyright(tmp_path, c2pa):
    image = _jpeg(tmp_path, c2pa)
    found = exiftool(image, "-EXIF:all", "-IPTC:all", "-Photoshop:IPTCDigest", "-CurrentIPTCDigest")
    assert found["IFD0:Artist"] == RIGHTS["creator"]
    assert found["IFD0:Copyright"] == RIGHTS["copyright_notice"]
    assert found["IPTC:By-line"] == RIGHTS["creator"]
    assert found["IPTC:CopyrightNotice"] == RIGHTS["copyright_notice"]
    assert found["IPTC:Credit"] == RIGHTS["credit"]
    assert found["Photoshop:IPTCDigest"] == found["File:CurrentIPTCDigest"]  # IIM and XMP in step (MWG)
    assert verify_file(image).ok  # signed after the segments were added


@needs_exiv2
def test_exiv2_reads_exif_and_iptc(tmp_path):
    found = exiv2(_jpeg(tmp_path))
    assert found["Exif.Image.Artist"] == RIGHTS["creator"]
    assert found["Exif.Image.Copyright"] == RIGHTS["copyright_notice"]
    assert found["Iptc.Application2.Byline"] == RIGHTS["creator"]
    assert found["Iptc.Application2.Copyright"] == RIGHTS["copyright_notice"]


@needs_exiftool
def test_the_attribution_url_from_preferences_is_written(tmp_path):
    prefs = Settings(artist_name="Ana Artist", default_licence="CC-BY-4.0", attribution_url="https://ana.example/")
    record = generated_record(make_card(), GENERATION, IMAGE, prefs)
    image = _jpeg(tmp_path, record=record.to_dict())
    found = exiftool(image, "-XMP:all")
    assert found["XMP-cc:AttributionURL"] == "https://ana.example/"
    assert found["XMP-plus:Licensor"][0]["LicensorURL"] == "https://ana.example/"

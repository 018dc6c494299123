"""Licence detection from every source, with the source recorded; do-not-train honoured."""

import json
import shutil
import subprocess

import pytest
from PIL import Image, PngImagePlugin

from genart_desktop.datasets import declarations
from genart_desktop.datasets.scan import scan
from genart_desktop.datasets.xmp import UnsafeXML, parse_xmp
from tests.datasets.corpus import pattern, save

XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:cc="http://creativecommons.org/ns#"
  xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/">{body}</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def xmp(body: str) -> str:
    return XMP.format(body=body)


def png_with_xmp(path, packet: str, seed: int = 1):
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", packet)
    return save(pattern(96, 96, seed), path, pnginfo=info)


def only(result):
    assert len(result.included) == 1, [(f.path, f.reason) for f in result.files]
    return result.included[0]


def test_licence_file_in_the_folder(tmp_path):
    save(pattern(96, 96, 1), tmp_path / "a.png")
    (tmp_path / "LICENSE.txt").write_text("Copyright (c) 2021 Jane Doe\n\nImages: CC BY 4.0\n")
    e = only(scan([tmp_path], size=64))
    assert (e.licence, e.attribution_name) == ("CC-BY-4.0", "Jane Doe")
    assert e.licence_source.startswith("LICENSE.txt file")


def test_readme_in_a_parent_folder_and_licence_above_the_dropped_folder(tmp_path):
    root = tmp_path / "art"
    save(pattern(96, 96, 1), root / "sub" / "deep" / "a.png")
    (root / "sub" / "README.md").write_text("# My set\nReleased under CC0 1.0.\n")
    e = only(scan([root], size=64))
    assert e.licence == "CC0-1.0" and "sub/README.md" in e.licence_source

    (root / "sub" / "README.md").unlink()
    (tmp_path / "COPYING").write_text("https://creativecommons.org/licenses/by-sa/4.0/\n")
    e = only(scan([root], size=64))
    assert e.licence == "CC-BY-SA-4.0" and str(tmp_path / "COPYING") in e.licence_source


def test_reuse_dot_license_dep5_and_toml(tmp_path):
    save(pattern(96, 96, 1), tmp_path / "one.png")
    (tmp_path / "one.png.license").write_text(
        "SPDX-FileCopyrightText: 2023 Ann <ann@example.org>\nSPDX-License-Identifier: CC-BY-4.0\n"
    )
    save(pattern(96, 96, 2), tmp_path / "dep" / "two.png")
    (tmp_path / ".reuse").mkdir()
    (tmp_path / ".reuse" / "dep5").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
        "Files: dep/*\nCopyright: 2020 Bo\nLicense: CC-BY-NC-4.0\n"
    )
    save(pattern(96, 96, 3), tmp_path / "toml" / "three.png")
    (tmp_path / "REUSE.toml").write_text(
        'version = 1\n[[annotations]]\npath = "toml/**"\n'
        'SPDX-FileCopyrightText = "2024 Cy"\nSPDX-License-Identifier = "CC0-1.0"\n'
    )
    r = scan([tmp_path], size=64)
    one, two, three = r.entry("one.png"), r.entry("dep/two.png"), r.entry("toml/three.png")
    assert (one.licence, one.licence_source, one.attribution_name) == (
        "CC-BY-4.0",
        "REUSE .license file",
        "Ann <ann@example.org>",
    )
    assert (two.licence, two.licence_source, two.attribution_name) == ("CC-BY-NC-4.0", "REUSE dep5", "Bo")
    assert (three.licence, three.licence_source) == ("CC0-1.0", "REUSE.toml")
    assert not [f for f in r.files if f.path.startswith(".reuse")]


def test_embedded_xmp_fields(tmp_path):
    png_with_xmp(
        tmp_path / "cc.png",
        xmp(
            '<cc:license rdf:resource="https://creativecommons.org/licenses/by/4.0/"/>'
            "<cc:attributionName>Dee</cc:attributionName>"
            "<cc:attributionURL>https://dee.example</cc:attributionURL>"
        ),
        1,
    )
    png_with_xmp(
        tmp_path / "terms.png",
        xmp(
            '<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">Licensed CC BY-SA 4.0</rdf:li>'
            "</rdf:Alt></xmpRights:UsageTerms>"
        ),
        2,
    )
    png_with_xmp(
        tmp_path / "web.png",
        xmp(
            "<xmpRights:WebStatement>https://creativecommons.org/publicdomain/zero/1.0/</xmpRights:WebStatement>"
        ),
        3,
    )
    png_with_xmp(
        tmp_path / "rights.png",
        xmp(
            '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">CC BY-NC 4.0, Eve</rdf:li>'
            "</rdf:Alt></dc:rights>"
        ),
        4,
    )
    r = scan([tmp_path], size=64)
    cc = r.entry("cc.png")
    assert (cc.licence, cc.licence_source, cc.attribution_name, cc.attribution_url) == (
        "CC-BY-4.0",
        "embedded cc:license",
        "Dee",
        "https://dee.example",
    )
    assert (r.entry("terms.png").licence, r.entry("terms.png").licence_source) == (
        "CC-BY-SA-4.0",
        "embedded xmpRights:UsageTerms",
    )
    assert r.entry("web.png").licence == "CC0-1.0"
    assert (r.entry("rights.png").licence, r.entry("rights.png").licence_source) == (
        "CC-BY-NC-4.0",
        "embedded dc:rights",
    )


def test_exif_copyright_gives_a_holder_but_no_licence(tmp_path):
    exif = Image.Exif()
    exif[0x8298] = "(c) 2019 Fay"
    exif[0x013B] = "Fay"
    save(pattern(96, 96, 1), tmp_path / "a.jpg", exif=exif.tobytes())
    e = only(scan([tmp_path], size=64))
    assert e.licence == "" and e.attribution_name == "Fay"
    assert "rights holder" in e.findings[0].source
    verdict = declarations.readiness(scan([tmp_path], size=64))
    assert not verdict.allowed and "no known licence" in verdict.refusals[0]


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
def test_metadata_written_by_exiftool_is_read(tmp_path):
    target = save(pattern(96, 96, 1), tmp_path / "a.jpg")
    subprocess.run(
        [
            "exiftool",
            "-q",
            "-overwrite_original",
            "-XMP-cc:License=https://creativecommons.org/licenses/by/4.0/",
            "-XMP-cc:AttributionName=Gus",
            "-IPTC:CopyrightNotice=2020 Gus",
            str(target),
        ],
        check=True,
    )
    e = only(scan([tmp_path], size=64))
    assert (e.licence, e.attribution_name, e.licence_source) == ("CC-BY-4.0", "Gus", "embedded cc:license")


def test_sidecars(tmp_path):
    save(pattern(96, 96, 1), tmp_path / "a.png")
    (tmp_path / "a.png.xmp").write_text(
        xmp('<cc:license rdf:resource="https://creativecommons.org/licenses/by-nd/4.0/"/>')
    )
    save(pattern(96, 96, 2), tmp_path / "b.png")
    record = {"schema": "genart.provenance/1", "rights": {"licence": "CC0-1.0", "creator": "Hal"}}
    (tmp_path / "b.png.provenance.json").write_text(json.dumps(record))
    r = scan([tmp_path], size=64)
    assert (r.entry("a.png").licence, r.entry("a.png").licence_source) == (
        "CC-BY-ND-4.0",
        ".xmp sidecar cc:license",
    )
    b = r.entry("b.png")
    assert (b.licence, b.licence_source, b.attribution_name) == ("CC0-1.0", ".provenance.json sidecar", "Hal")


def test_do_not_train_is_honoured_and_an_override_is_recorded(tmp_path):
    png_with_xmp(
        tmp_path / "no.png",
        xmp(
            '<cc:license rdf:resource="https://creativecommons.org/publicdomain/zero/1.0/"/>'
            "<plus:DataMining>http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING</plus:DataMining>"
        ),
    )
    r = scan([tmp_path], size=64)
    e = r.entry("no.png")
    assert not e.included and e.do_not_train and "not be used for AI training" in e.reason
    assert declarations.apply(r, declarations.Declaration("include"), paths=["no.png"]) == 0
    assert (
        declarations.apply(
            r, declarations.Declaration("include", override_data_mining=True), paths=["no.png"]
        )
        == 1
    )
    assert e.included and e.override["data_mining_override"]["override_data_mining"] is True
    assert e.override["data_mining_override"]["date"]


def test_hostile_xmp_is_refused_without_rejecting_the_image(tmp_path):
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + xmp(
        "<dc:rights>&b;</dc:rights>"
    )
    with pytest.raises(UnsafeXML):
        parse_xmp(bomb)
    png_with_xmp(tmp_path / "a.png", bomb)
    e = only(scan([tmp_path], size=64))
    assert e.licence == "" and any("XMP ignored" in n for n in e.notes)


def test_disagreeing_sources_are_noted_and_the_most_specific_wins(tmp_path):
    png_with_xmp(
        tmp_path / "a.png", xmp('<cc:license rdf:resource="https://creativecommons.org/licenses/by/4.0/"/>')
    )
    (tmp_path / "LICENSE").write_text("CC0 1.0\n")
    e = only(scan([tmp_path], size=64))
    assert e.licence == "CC-BY-4.0" and any("CC0-1.0" in n for n in e.notes)
    assert [f.licence for f in e.findings] == ["CC-BY-4.0", "CC0-1.0"]

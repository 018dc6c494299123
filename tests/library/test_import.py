import json

from PIL import Image, PngImagePlugin

from genart_desktop.library import Library
from genart_desktop.library.importer import import_files
from genart_desktop.library.query import GalleryQuery, query_ids
from tests.library.helpers import write_png

XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#"
  xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Ann's Studio">
 <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Blue Heron</rdf:li></rdf:Alt></dc:title>
 <dc:creator><rdf:Seq><rdf:li>Ann Artist</rdf:li></rdf:Seq></dc:creator>
 <dc:subject><rdf:Bag><rdf:li>birds</rdf:li><rdf:li>water</rdf:li></rdf:Bag></dc:subject>
 <cc:license rdf:resource="https://creativecommons.org/licenses/by/4.0/"/>
 <cc:attributionName>Ann Artist</cc:attributionName>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def test_import_folder_reads_sidecars_exif_and_png_text(tmp_path):
    folder = tmp_path / "in"
    heron = write_png(folder / "heron.png", 1)
    (folder / "heron.png.xmp").write_text(XMP, encoding="utf-8")
    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a lighthouse at dusk\nSteps: 20, Sampler: Euler a, Seed: 42")
    info.add_text("prompt", json.dumps({"3": {"class_type": "KSampler"}}))
    info.add_text("workflow", json.dumps({"nodes": []}))
    (folder / "sub").mkdir()
    Image.new("RGB", (8, 8), "red").save(folder / "sub" / "a1111.png", pnginfo=info)
    exif = Image.Exif()
    exif[0x013B] = "Bo Photographer"
    exif[0x8298] = "(c) 2024 Bo"
    Image.new("RGB", (8, 6), "blue").save(folder / "photo.jpg", exif=exif)
    write_png(folder / "own.png", 4)
    (folder / "own.png.provenance.json").write_text(
        json.dumps(
            {"schema": "genart.provenance/1", "output_rights": {"licence": "CC0-1.0", "creator": "Cy"}}
        )
    )
    (folder / "readme.txt").write_text("not an image")
    (folder / "broken.png").write_bytes(b"\x89PNG not really")

    with Library.open() as library:
        seen = []
        report = import_files(library, [folder], progress=lambda f, m: seen.append(f))
        assert len(report.added) == 4
        assert [p for p, _ in report.skipped] == [str(folder / "broken.png")]
        assert seen[-1] == 1.0
        rows = {
            library.get_image(i).source_path.rsplit("/", 1)[-1]: library.get_image(i) for i in report.added
        }
        heron_row = rows["heron.png"]
        assert heron_row.title == "Blue Heron" and heron_row.origin == "imported"
        assert heron_row.creator == "Ann Artist" and heron_row.attribution == "Ann Artist"
        assert "creativecommons.org/licenses/by/4.0" in heron_row.licence or heron_row.licence == "CC-BY-4.0"
        assert heron_row.rights["credit"] == "Ann's Studio" and heron_row.tags == ["birds", "water"]
        a1111 = rows["a1111.png"]
        assert "lighthouse at dusk" in a1111.notes and "Seed: 42" in a1111.generation["a1111_parameters"]
        assert a1111.generation["comfyui_prompt"] == {"3": {"class_type": "KSampler"}}
        assert a1111.generation["comfyui_workflow"] == {"nodes": []}
        photo = rows["photo.jpg"]
        assert photo.creator == "Bo Photographer" and photo.rights["copyright_notice"] == "(c) 2024 Bo"
        own = rows["own.png"]
        assert (
            own.licence == "CC0-1.0"
            and own.creator == "Cy"
            and own.provenance["schema"] == "genart.provenance/1"
        )
        assert heron.read_bytes() == heron_row.path.read_bytes()


def test_importing_the_same_bytes_twice_finds_the_existing_entry(tmp_path):
    first = write_png(tmp_path / "a.png", 7)
    copy = tmp_path / "copy-of-a.png"
    copy.write_bytes(first.read_bytes())
    with Library.open() as library:
        one = import_files(library, [first])
        two = import_files(library, [copy, first])
        assert two.added == [] and two.duplicates == one.added * 2
        assert len(query_ids(library, GalleryQuery())) == 1
        assert len(list(library.store.iter_files())) == 1


def test_import_stops_when_asked(tmp_path):
    files = [write_png(tmp_path / f"{n}.png", n) for n in range(5)]
    with Library.open() as library:
        calls = []

        def should_stop() -> bool:
            calls.append(1)
            return len(calls) > 2

        report = import_files(library, files, should_stop=should_stop)
        assert report.cancelled and len(report.added) == 2


def test_hostile_xmp_is_ignored_not_expanded(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>'
    )
    image = write_png(tmp_path / "bomb.png", 9)
    (tmp_path / "bomb.png.xmp").write_text(bomb)
    with Library.open() as library:
        report = import_files(library, [image])
        row = library.get_image(report.added[0])
        assert row.creator == "" and "aaaa" not in row.notes


def test_embedded_xmp_in_png_and_jpeg_is_read(tmp_path):
    png = tmp_path / "embedded.png"
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP)
    Image.new("RGB", (8, 8), "white").save(png, pnginfo=info)
    jpeg = tmp_path / "embedded.jpg"
    Image.new("RGB", (8, 8), "black").save(jpeg, xmp=XMP.encode("utf-8"))
    with Library.open() as library:
        report = import_files(library, [png, jpeg])
        assert len(report.added) == 2
        for image_id in report.added:
            row = library.get_image(image_id)
            assert row.title == "Blue Heron" and row.creator == "Ann Artist"
            assert "embedded XMP" in row.notes

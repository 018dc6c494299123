"""End to end through the command line: library -> genart export -> genart verify / keys."""

from __future__ import annotations

import json

from genart_desktop.cli import main
from genart_desktop.library import Library
from tests.provenance.helpers import change_one_pixel, record_dict, source_png


def _library_with_images(tmp_path, n=2) -> list[int]:
    ids = []
    with Library.open() as library:
        for i in range(n):
            data = source_png(tmp_path, f"s{i}.png", seed=i).read_bytes()
            ids.append(library.add_image_bytes(data, "png", origin="generated", title=f"Blue {i}",
                                               provenance=record_dict(), notes=f"note {i}"))
    return ids


def test_export_all_then_verify_with_the_exported_root(tmp_path, capsys):
    ids = _library_with_images(tmp_path)
    out = tmp_path / "out"
    assert main(["export", "--all", "--out", str(out), "--c2pa", "embed"]) == 0
    images = sorted(out.glob("*.png"))
    assert [p.name for p in images] == [f"Blue 0-{ids[0]}.png", f"Blue 1-{ids[1]}.png"]
    record = json.loads((out / f"Blue 0-{ids[0]}.png.provenance.json").read_text(encoding="utf-8"))
    assert record["notes"] == "note 0"  # the library's notes win over the record's copy
    assert main(["keys", "export-root", str(tmp_path / "root.pem")]) == 0
    capsys.readouterr()
    assert main(["verify", "--trust-anchor", str(tmp_path / "root.pem"), *map(str, images)]) == 0
    text = capsys.readouterr().out
    assert "2 image(s) checked: 2 OK" in text and "trusted" in text

    change_one_pixel(images[0])
    assert main(["verify", "--json", *map(str, images)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    assert [f["ok"] for f in result["files"]] == [False, True]


def test_export_ids_and_re_export_signs_the_earlier_file_as_parent(tmp_path, capsys):
    ids = _library_with_images(tmp_path)
    out = tmp_path / "out"
    command = ["export", "--ids", str(ids[1]), "--out", str(out), "--format", "jpeg", "--c2pa", "embed"]
    assert main(command) == 0
    with Library.open() as library:
        remembered = library.get_image(ids[1]).provenance["export"]["file_name"]
    assert remembered.endswith(f"Blue 1-{ids[1]}.jpg")
    assert main(command) == 0
    second = out / f"Blue 1-{ids[1]}-1.jpg"
    record = json.loads(second.with_name(second.name + ".provenance.json").read_text(encoding="utf-8"))
    assert record["export"]["parent_file"] == f"Blue 1-{ids[1]}.jpg"
    assert main(["verify", str(second)]) == 0


def test_export_filter_and_empty_selection(tmp_path, capsys):
    _library_with_images(tmp_path)
    assert main(["export", "--filter", "nothing-matches-this", "--out", str(tmp_path / "o")]) == 1
    assert "No images match" in capsys.readouterr().err


def test_verify_missing_file_fails(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "nope.png")]) == 1
    assert "NOT OK" in capsys.readouterr().out


def test_imported_image_without_record_exports_signed_and_verifies(tmp_path, capsys):
    with Library.open() as library:
        rights = {"creator": "Me", "licence": "LicenseRef-Own"}
        image_id = library.add_image_bytes(source_png(tmp_path).read_bytes(), "png", origin="imported",
                                           title="photo", rights=rights)
    out = tmp_path / "out"
    assert main(["export", "--ids", str(image_id), "--out", str(out), "--c2pa", "sidecar"]) == 0
    image = out / f"photo-{image_id}.png"
    record = json.loads(image.with_name(image.name + ".provenance.json").read_text(encoding="utf-8"))
    assert record["generation"] is None and record["rights"]["creator"] == "Me"
    assert record["disclosure"].startswith("No AI-generated material")
    assert main(["verify", str(image)]) == 0
    from genart_desktop.provenance.c2pa_read import read_c2pa

    result = read_c2pa(image, image.with_suffix(".c2pa"))
    assert result.assertion("c2pa.actions.v2")["actions"][0]["action"] == "c2pa.opened"
    assert [i["relationship"] for i in result.manifest["ingredients"]] == ["parentOf"]


def test_generated_own_work_licence_means_all_rights_reserved(tmp_path):
    from genart_desktop.provenance.library_items import record_for_row

    with Library.open() as library:
        rights = {"licence": "LicenseRef-Own"}
        image_id = library.add_image_bytes(source_png(tmp_path).read_bytes(), "png", origin="generated",
                                           title="g", provenance=record_dict(), rights=rights)
        record = record_for_row(library.get_image(image_id))
    assert record.rights.licence == "LicenseRef-AllRightsReserved"

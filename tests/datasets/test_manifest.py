"""Declarations, readiness, the immutable manifest (stable hash) and the preprocessing cache."""

import json
import sqlite3

import numpy as np
import pytest
from PIL import Image

from genart_desktop.core import paths
from genart_desktop.core.errors import DatasetError, LicenceError
from genart_desktop.datasets.cache import build_cache, cache_path, dropped_files
from genart_desktop.datasets.declarations import Declaration, apply, readiness
from genart_desktop.datasets.finalize import finalize
from genart_desktop.datasets.manifest import build_manifest, load_manifest, save_manifest
from genart_desktop.datasets.scan import scan
from tests.datasets.corpus import pattern, save


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "set"
    save(pattern(120, 80, 1), root / "wide.png")
    save(pattern(80, 120, 2), root / "tall.jpg", quality=95)
    rgba = pattern(100, 100, 3).convert("RGBA")
    rgba.putalpha(0)  # fully transparent: must come out as the background colour
    save(rgba, root / "sub" / "clear.png")
    (root / "notes.txt").write_text("x")
    return root


def ready(folder, **kw):
    result = scan([folder], size=64, **kw)
    apply(result, Declaration("own"), folder="")
    return result


def test_nothing_trains_until_every_image_has_a_licence(folder):
    result = scan([folder], size=64)
    verdict = readiness(result)
    assert not verdict.allowed and "3 image(s) have no known licence" in verdict.refusals[0]
    with pytest.raises(LicenceError, match="cannot be used for training yet"):
        save_manifest(result)
    apply(result, Declaration("own"), paths=["wide.png", "tall.jpg"])
    assert not readiness(result).allowed
    apply(result, Declaration("exclude"), folder="sub")
    assert readiness(result).allowed
    assert result.entry("sub/clear.png").reason == "excluded by the artist"


def test_declarations_are_recorded_with_the_obligations(folder):
    result = scan([folder], size=64)
    apply(
        result,
        Declaration(
            "licence", licence="CC BY 4.0", attribution_name="Ann", attribution_url="https://ann.example"
        ),
        paths=["wide.png"],
    )
    with pytest.raises(LicenceError, match="Permission must be recorded"):
        apply(result, Declaration("permission"), paths=["tall.jpg"])
    apply(
        result,
        Declaration("permission", permission_text="E-mail from Bo, 2024-05-01: yes"),
        paths=["tall.jpg"],
    )
    apply(result, Declaration("licence", licence="CC-BY-ND-4.0", attribution_name="Cy"), folder="sub")
    verdict = readiness(result)
    assert not verdict.allowed and any(
        "ND" in r or "NoDerivatives" in r or "permission" in r for r in verdict.refusals
    )
    apply(result, Declaration("licence", licence="CC0-1.0"), folder="sub")
    verdict = readiness(result)
    assert verdict.allowed, verdict.refusals
    assert "attribution" in [o.code for o in verdict.obligations]
    wide = result.entry("wide.png")
    assert (wide.licence, wide.licence_source) == ("CC-BY-4.0", "declared by the artist (licence)")
    tall = result.entry("tall.jpg")
    assert tall.override["declaration"]["permission_text"].startswith("E-mail from Bo")
    assert tall.override["declaration"]["permission_date"]
    manifest = build_manifest(result)
    sources = {s["licence"]: s for s in manifest["licence_sources"]}
    assert sources["CC-BY-4.0"]["attribution_name"] == "Ann"
    assert sources["LicenseRef-Permission"]["permission_text"].startswith("E-mail")


def test_manifest_format_and_hash_are_stable_across_runs(folder):
    first = build_manifest(ready(folder))
    second = build_manifest(ready(folder))
    assert first["hash"] == second["hash"] and first["id"] == second["id"]
    assert first["schema"] == "genart.dataset-manifest/1"
    for key in (
        "id",
        "name",
        "created",
        "sources",
        "files",
        "licence_sources",
        "expression",
        "verdict",
        "hash",
    ):
        assert key in first
    f = next(x for x in first["files"] if x["path"] == "wide.png")
    for key in (
        "path",
        "sha256",
        "size",
        "width",
        "height",
        "licence",
        "attribution_name",
        "attribution_url",
        "licence_source",
        "included",
        "reason",
    ):
        assert key in f
    skipped = next(x for x in first["files"] if x["path"] == "notes.txt")
    assert skipped["included"] is False and skipped["reason"]


def test_a_changed_folder_makes_a_new_version_and_the_old_one_stays(folder):
    old = save_manifest(ready(folder))
    save(pattern(90, 90, 9), folder / "new.png")
    new = save_manifest(ready(folder))
    assert new["id"] != old["id"]
    assert load_manifest(old["id"])["hash"] == old["hash"]
    assert save_manifest(ready(folder))["created"] == new["created"]  # same content: kept as it was


def test_an_altered_manifest_is_refused(folder):
    manifest = save_manifest(ready(folder))
    path = paths.datasets_dir() / manifest["id"] / "manifest.json"
    data = json.loads(path.read_text())
    data["files"][0]["licence"] = "CC0-1.0"
    path.write_text(json.dumps(data))
    with pytest.raises(DatasetError, match="altered"):
        load_manifest(manifest["id"])
    with pytest.raises(DatasetError, match="not a dataset id"):
        load_manifest("../../etc")


@pytest.mark.parametrize("fit", ["crop", "pad"])
def test_cache_is_one_uint8_array_in_manifest_order(folder, fit):
    manifest = save_manifest(ready(folder, background="#00ff00"))
    target = build_cache(manifest["id"], 64, fit)
    assert target == cache_path(manifest["id"], 64, fit)
    array = np.load(target, mmap_mode="r")
    included = [f for f in manifest["files"] if f["included"]]
    assert array.shape == (len(included), 64, 64, 3) and array.dtype == np.uint8
    clear = next(i for i, f in enumerate(included) if f["path"] == "sub/clear.png")
    assert tuple(array[clear, 32, 32]) == (0, 255, 0)
    wide = next(i for i, f in enumerate(included) if f["path"] == "wide.png")
    expected = pattern(120, 80, 1)
    expected = expected.crop((20, 0, 100, 80)) if fit == "crop" else expected
    if fit == "crop":
        want = np.asarray(expected.resize((64, 64), Image.Resampling.LANCZOS), dtype=np.int16)
        assert np.abs(array[wide].astype(np.int16) - want).mean() < 3
    else:
        assert tuple(array[wide, 2, 32]) == (0, 255, 0)  # padding above a wide image
    assert build_cache(manifest["id"], 64, fit) == target  # reused


def test_cache_drops_a_file_changed_since_the_scan_with_its_reason(folder):
    manifest = save_manifest(ready(folder))
    included = [f for f in manifest["files"] if f["included"]]
    save(pattern(120, 80, 7), folder / "wide.png")
    target = build_cache(manifest["id"], 64)
    assert np.load(target, mmap_mode="r").shape == (len(included) - 1, 64, 64, 3)
    [(path, reason)] = dropped_files(manifest["id"], 64)
    assert path == "wide.png" and "has changed since the dataset was made" in reason
    assert not list((paths.datasets_dir() / manifest["id"]).glob(".cache-*"))
    assert build_cache(manifest["id"], 64) == target  # reused: the dropped file is remembered


def test_finalize_registers_the_dataset_in_the_library(folder):
    manifest = finalize(ready(folder))
    with sqlite3.connect(paths.library_db()) as conn:
        row = conn.execute("SELECT id, hash, image_count FROM datasets").fetchone()
    assert row == (manifest["id"], manifest["hash"], 3)
    assert cache_path(manifest["id"], 64).exists()


def test_the_report_says_to_declare_a_licence_not_that_there_is_no_data(folder):
    """Issue 16 item 5: 3 included images without a licence are not "no training data"."""
    from genart_desktop.datasets.report import build_report, summary_text

    text = summary_text(build_report(scan([folder], size=64)))
    assert "There is no training data" not in text
    assert "3 image(s) have no known licence" in text

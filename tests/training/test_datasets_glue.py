"""Training on a real dataset from the datasets engine, and registration in the library."""

from __future__ import annotations

import json

from PIL import Image

from genart_desktop.core.errors import LicenceError
from genart_desktop.training import pipeline, registration
from genart_desktop.training.runs import RunFolder, run_dir
from tests.training.conftest import TINY, make_images

LICENSE = ("Copyright (c) 2021 Jane Doe\n"
           "These images are licensed under CC BY 4.0 https://creativecommons.org/licenses/by/4.0/\n")


def _folder(tmp_path, licence_file: bool):
    folder = tmp_path / "emoji"
    folder.mkdir()
    for i, arr in enumerate(make_images(6, 64)):
        Image.fromarray(arr).save(folder / f"e{i}.png")
    if licence_file:
        (folder / "LICENSE").write_text(LICENSE)
    return folder


def test_folder_is_scanned_into_a_dataset_with_its_detected_licence(tmp_path):
    folder = _folder(tmp_path, licence_file=True)
    spec = {"kind": "folder", "path": str(folder), "licence": "", "attribution_name": "Jo"}
    run_id = pipeline.create_run("quick-64", spec, steps=1, device="cpu", overrides=dict(TINY))
    outcome = pipeline.train_run(run_id)
    card = outcome.card
    info = RunFolder(run_dir(run_id)).read_run()
    assert info["data"]["kind"] == "dataset"  # a resume trains on the saved dataset
    assert card["datasets"][0]["id"] == info["data"]["id"] and card["datasets"][0]["hash"]
    assert card["training_data"]["verdict"]["allowed"] is True
    assert "CC-BY-4.0" in card["training_data"]["expression"]
    codes = {o["code"] for o in card["training_data"]["verdict"]["obligations"]}
    assert "attribution" in codes

    registration.register_model(card, outcome.model_folder)
    from genart_desktop.library import Library

    with Library.open() as lib:
        assert card["id"] in {m["id"] for m in lib.list_models()}


def test_unlicensed_folder_is_refused_until_a_licence_is_declared(tmp_path):
    folder = _folder(tmp_path, licence_file=False)
    spec = {"kind": "folder", "path": str(folder), "licence": ""}
    run_id = pipeline.create_run("quick-64", spec, steps=1, device="cpu", overrides=dict(TINY))
    try:
        pipeline.train_run(run_id)
    except LicenceError as exc:
        assert "cannot be used for training" in exc.user_message
    else:
        raise AssertionError("training on unlicensed images must be refused")
    spec["licence"] = "LicenseRef-Own"
    run_id = pipeline.create_run("quick-64", spec, steps=1, device="cpu", overrides=dict(TINY))
    card = pipeline.train_run(run_id).card
    assert json.dumps(card["training_data"]).count("LicenseRef-Own") >= 1


def test_the_content_hash_names_the_files_not_the_manifest_format():
    from genart_desktop.training.training_data import content_hash

    files = [{"sha256": "b" * 64, "included": True, "path": "x.png"},
             {"sha256": "a" * 64, "included": True, "path": "y.png"},
             {"sha256": "c" * 64, "included": False, "reason": "duplicate"}]
    old_format = {"schema": "v0", "files": files}
    new_format = {"schema": "v1", "files": [dict(f, notes=[]) for f in reversed(files)]}
    assert content_hash(old_format) == content_hash(new_format)
    assert content_hash({"files": files[:1]}) != content_hash(old_format)


def test_a_fine_tune_on_its_bases_files_under_a_new_id_lists_the_id_and_counts_the_licence_once():
    import numpy as np

    from genart_desktop.training.training_data import TrainingData, merge_for_fine_tune

    same = "sha256:" + "d" * 64
    source = {"licence": "CC-BY-4.0", "attribution_name": "Twemoji", "attribution_url": "", "source_url": "",
              "count": 10, "permission_text": "", "permission_date": ""}
    base = {"name": "Base", "training_data": {"sources": [source]},
            "datasets": [{"id": "ds-old", "name": "twemoji", "image_count": 10, "content": same}]}
    new = TrainingData(images=np.zeros((10, 8, 8, 3), np.uint8), sources=[dict(source)], verdict=None,
                       datasets=[{"id": "ds-new", "name": "twemoji", "image_count": 10, "content": same}])
    merged = merge_for_fine_tune(base, new)
    assert [d["id"] for d in merged.datasets] == ["ds-old", "ds-new"]
    assert [s["count"] for s in merged.sources] == [10] and "counted once" in merged.notes[0]
    other = TrainingData(images=new.images, sources=[dict(source, count=4)], verdict=None,
                         datasets=[{"id": "ds-other", "name": "mine", "image_count": 4,
                                    "content": "sha256:e"}])
    assert [s["count"] for s in merge_for_fine_tune(base, other).sources] == [10, 4]

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from genart_desktop.core import paths
from genart_desktop.originality.features import FeatureExtractor, ensure_feature_onnx
from genart_desktop.originality.index import OriginalityIndex, build_index
from genart_desktop.originality.model_index import OriginalityChecker, load_or_build
from tests.originality.shapes import shapes


def _altered(pixels: np.ndarray, how: int) -> np.ndarray:
    picture = Image.fromarray(pixels)
    if how == 0:
        picture = ImageEnhance.Brightness(picture).enhance(1.08)
    elif how == 1:
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=85)
        picture = Image.open(buffer).convert("RGB")
    elif how == 2:
        noise = np.random.default_rng(how).integers(-4, 5, pixels.shape)
        return np.clip(pixels.astype(int) + noise, 0, 255).astype(np.uint8)
    else:
        picture = ImageEnhance.Contrast(picture).enhance(0.92)
    return np.asarray(picture)


def _fake_dataset(pixels: np.ndarray, dataset_id: str = "ds-shapes") -> None:
    folder = paths.ensure(paths.datasets_dir() / dataset_id)
    np.save(folder / f"cache-{pixels.shape[1]}-crop.npy", pixels)
    files = [{"path": f"img{i:03d}.png", "sha256": f"{i:064x}", "included": True} for i in range(len(pixels))]
    (folder / "manifest.json").write_text(json.dumps({"id": dataset_id, "files": files}))


@pytest.fixture
def training(cached_feature_onnx):
    return shapes(80, 64, seed=1)


def test_planted_copies_are_flagged_and_fresh_images_mostly_not(training, cached_feature_onnx):
    extractor = FeatureExtractor(cached_feature_onnx)
    index = build_index(training, [f"t{i}" for i in range(len(training))], extractor)
    assert 0 < index.threshold < 2 and index.phash_threshold > 0

    exact = training[[0, 7, 21]]
    altered = np.stack([_altered(training[i], i % 4) for i in (3, 9, 14, 30)])
    planted = np.concatenate([exact, altered])
    from genart_desktop.originality.index import phash_bits

    verdicts = index.check(extractor.features(planted), phash_bits(planted))
    assert all(v["flagged"] for v in verdicts), verdicts
    assert [v["nearest_path"] for v in verdicts] == ["t0", "t7", "t21", "t3", "t9", "t14", "t30"]
    assert verdicts[0]["distance"] < 1e-3

    # New pictures of the same kind: by construction about 5 % of them fall under the threshold.
    fresh = shapes(40, 64, seed=99)
    fresh_verdicts = index.check(extractor.features(fresh), phash_bits(fresh))
    flagged = sum(v["flagged"] for v in fresh_verdicts)
    assert flagged <= 6, [(v["distance"], v["phash_distance"]) for v in fresh_verdicts]
    assert {v["verdict"] for v in fresh_verdicts if not v["flagged"]} == {"original"}


def test_index_round_trips_and_lands_in_the_card(training, cached_feature_onnx, tmp_path):
    _fake_dataset(training)
    folder = tmp_path / "model"
    folder.mkdir()
    card = {"id": "m", "resolution": 64, "datasets": [{"id": "ds-shapes"}],
            "originality": {"feature": "efficientnet-lite0", "threshold": None, "percentile": 5}}
    (folder / "card.json").write_text(json.dumps(card))
    index = load_or_build(folder, card)
    assert index is not None and len(index.labels) == 80 and index.labels[2] == "ds-shapes:img002.png"
    again = OriginalityIndex.load(folder / "originality.npz")
    assert again.threshold == index.threshold and np.array_equal(again.hashes, index.hashes)
    stored = json.loads((folder / "card.json").read_text())["originality"]
    assert stored["threshold"] == index.threshold and stored["percentile"] == 5

    checker = OriginalityChecker(FeatureExtractor(cached_feature_onnx))
    [verdict] = checker.check(folder, card, training[5:6])
    assert verdict["flagged"] and verdict["nearest_path"] == "ds-shapes:img005.png"
    assert verdict["nearest_sha256"] == f"{5:064x}" and verdict["verdict"] == "too-close"


def test_no_training_images_means_not_checked(tmp_path, cached_feature_onnx):
    card = {"id": "m", "resolution": 32, "datasets": [{"id": "gone"}]}
    checker = OriginalityChecker(FeatureExtractor(cached_feature_onnx))
    assert checker.check(tmp_path, card, shapes(2, 64)) == [None, None]


def test_feature_network_export_is_reused(cached_feature_onnx):
    stamp = cached_feature_onnx.stat().st_mtime_ns
    assert ensure_feature_onnx() == cached_feature_onnx
    assert cached_feature_onnx.stat().st_mtime_ns == stamp


def test_models_without_training_images_never_export_the_feature_network(tmp_path):
    from genart_desktop.originality.features import default_onnx_path

    card = {"id": "m", "resolution": 32, "datasets": [{"id": "gone"}]}
    assert OriginalityChecker().check(tmp_path, card, shapes(1, 32)) == [None]
    assert not default_onnx_path().exists()


def test_a_stopped_export_ends_its_child_at_once_and_leaves_no_file(tmp_path):
    import threading

    import psutil

    from genart_desktop.core.errors import Cancelled

    target = tmp_path / "features.onnx"
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    with pytest.raises(Cancelled, match="resumes next time"):
        ensure_feature_onnx(target, should_stop=stop.is_set)
    # The child (importing torch, then exporting) was killed, not waited for.
    exporters = [c for c in psutil.Process().children(recursive=True)
                 if "export_features" in " ".join(c.cmdline())]
    assert exporters == [] and not target.exists()


def test_one_folder_listed_under_two_ids_gives_its_images_once_from_the_id_on_this_machine():
    from genart_desktop.originality.model_index import training_images

    pixels = shapes(12, 32, seed=3)
    _fake_dataset(pixels, "ds-here")
    same = "sha256:" + "c" * 64
    card = {"id": "m", "resolution": 32,
            "datasets": [{"id": "ds-gone", "content": same}, {"id": "ds-here", "content": same}]}
    found = training_images(card)
    assert found is not None
    images, labels, _ = found
    assert len(images) == 12 and labels[0] == "ds-here:img000.png"
    # Another folder that is not here still means the training images are not available.
    card["datasets"].append({"id": "ds-other-gone"})
    assert training_images(card) is None

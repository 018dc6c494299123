from __future__ import annotations

import torch

from genart_desktop.training.quality import QualityMeter, diversity, to_tensor
from tests.training.conftest import make_images


def test_kid_ranks_real_images_above_noise_and_diversity_sees_collapse():
    real = make_images(10, 64, seed=1)
    meter = QualityMeter(real, torch.device("cpu"), subsets=5)
    same = meter.measure(to_tensor(make_images(10, 64, seed=2), torch.device("cpu")))
    noise = meter.measure(torch.rand(10, 3, 64, 64) * 2 - 1)
    assert same["kid"] < noise["kid"]
    # Each KID subset holds every image (the subset size is the smaller set's), so the subsets
    # agree: the reported spread is a real standard deviation, tiny next to the mean.
    assert 0 <= noise["kid_std"] <= 1e-3 * noise["kid"]
    assert 0 <= same["kid_std"] <= 1e-3 * noise["kid"]
    assert same["diversity"] > noise["diversity"] > 0  # noise features cluster, shapes spread
    collapsed = torch.ones(5, 2048)
    assert diversity(collapsed) == 0.0


def test_trainer_logs_quality(tmp_path):
    from genart_desktop.training.config import preset
    from genart_desktop.training.runs import RunFolder
    from genart_desktop.training.trainer import Budget, Trainer
    from tests.training.conftest import TINY

    run = RunFolder(tmp_path / "r").create()
    run.write_run({"id": "r"})
    cfg = preset("quick-64", **{**TINY, "quality_every": 2, "quality_samples": 6})
    result = Trainer(cfg, make_images(8, 64), run, Budget(steps=2), device="cpu").fit()
    quality = [m for m in run.read_metrics() if m["type"] == "quality"]
    # A width-4 generator two steps in draws near-identical images: diversity may be 0 here
    # (the first test checks that it is positive for distinct images and 0 for a collapse).
    assert quality and quality[0]["kid"] > 0 and quality[0]["diversity"] is not None
    assert result.quality["kid"] is not None

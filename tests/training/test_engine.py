from __future__ import annotations

import numpy as np
import pytest
import torch

from genart_desktop.core.errors import Cancelled, TrainingError
from genart_desktop.training import checkpoint
from genart_desktop.training.config import PRESETS, preset
from genart_desktop.training.diffaugment import diff_augment
from genart_desktop.training.models import build, generator_of
from genart_desktop.training.runs import RunFolder
from genart_desktop.training.schedule import kl_weight, lr_factor
from genart_desktop.training.trainer import Budget, Trainer
from tests.training.conftest import TINY, make_images


def _run_folder(tmp_path, name="run") -> RunFolder:
    folder = RunFolder(tmp_path / name).create()
    folder.write_run({"id": name})
    return folder


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_trains_a_few_steps(tmp_path, name):
    cfg = preset(name, **TINY)
    if cfg.resolution > 64:
        cfg = cfg.replace(batch_size=2, samples_every=0)
    images = make_images(6, cfg.resolution)
    run = _run_folder(tmp_path)
    events = []
    result = Trainer(cfg, images, run, Budget(steps=2), device="cpu").fit(
        events=lambda kind, data: events.append(kind)
    )
    assert result.step == 2
    metrics = run.read_metrics()
    assert [m["step"] for m in metrics if m["type"] == "train"] == [1, 2]
    key = "loss" if cfg.kind == "vae" else "loss_d"
    assert all(np.isfinite(m[key]) for m in metrics)
    assert (run.samples / "latest.png").is_file()
    assert "checkpoint" in events and "samples" in events
    # The generator maps z to images in [-1, 1] of the right size.
    with torch.no_grad():
        out = generator_of(build(cfg))(torch.randn(2, cfg.z_dim))
    assert out.shape == (2, 3, cfg.resolution, cfg.resolution)
    assert float(out.abs().max()) <= 1.0


def test_gan_options_r1_attention_decoder(tmp_path):
    cfg = preset("quick-64", **TINY, r1_gamma=1.0, r1_every=1, self_attention=True, recon_decoder=True,
                 schedule="cosine")
    run = _run_folder(tmp_path)
    Trainer(cfg, make_images(6, 64), run, Budget(steps=2), device="cpu").fit()
    last = [m for m in run.read_metrics() if m["type"] == "train"][-1]
    assert last["r1"] > 0 and last["loss_recon"] > 0
    assert last["lr"] < cfg.lr  # cosine has decayed


def test_wrong_image_shape_is_a_clear_error(tmp_path):
    with pytest.raises(TrainingError, match="uint8"):
        Trainer(preset("quick-64", **TINY), make_images(4, 32), _run_folder(tmp_path), Budget(steps=1))


def test_schedules_and_kl_warmup():
    cfg = preset("quick-64", schedule="step", step_every=10)
    assert lr_factor(cfg, 9, 0.0) == 1.0 and lr_factor(cfg, 10, 0.0) == 0.5
    cos = preset("quick-64", schedule="cosine")
    assert lr_factor(cos, 0, 0.0) == pytest.approx(1.0) and lr_factor(cos, 0, 1.0) == pytest.approx(0.05)
    vae = preset("vae-64", kl_warmup_steps=100, beta=2.0)
    assert kl_weight(vae, 0) == 0 and kl_weight(vae, 50) == pytest.approx(1.0) and kl_weight(vae, 500) == 2.0


def test_diffaugment_keeps_shape_and_changes_pixels():
    torch.manual_seed(0)
    x = torch.rand(4, 3, 16, 16) * 2 - 1
    y = diff_augment(x, "color,translation,cutout")
    assert y.shape == x.shape and not torch.equal(x, y)
    with pytest.raises(ValueError):
        diff_augment(x, "rotate")


def test_stop_then_resume_matches_an_uninterrupted_run(tmp_path):
    cfg = preset("quick-64", **TINY)
    images = make_images(8, 64)
    straight = Trainer(cfg, images, _run_folder(tmp_path, "a"), Budget(steps=4), device="cpu")
    straight.fit()

    run = _run_folder(tmp_path, "b")
    first = Trainer(cfg, images, run, Budget(steps=4), device="cpu")
    with pytest.raises(Cancelled):
        first.fit(should_stop=lambda: first.step >= 3)
    state = checkpoint.load(run.checkpoints / checkpoint.LATEST)
    assert state["step"] == 3
    second = Trainer(cfg, images, run, Budget(steps=4), device="cpu")
    second.load_state_dict(state)
    result = second.fit()
    assert result.step == 4
    for name in ("G", "D", "G_ema"):
        for a, b in zip(straight.models[name].state_dict().values(),
                        second.models[name].state_dict().values(), strict=True):
            assert torch.equal(a, b), name


def test_checkpoint_is_weights_only_loadable_and_damage_is_reported(tmp_path):
    run = _run_folder(tmp_path)
    Trainer(preset("vae-64", **TINY), make_images(4, 64), run, Budget(steps=2), device="cpu").fit()
    path = run.checkpoints / checkpoint.LATEST
    payload = torch.load(path, weights_only=True)
    assert set(payload) >= {"models", "optimizers", "config", "step", "rng"}
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(TrainingError, match="could not be read"):
        checkpoint.load(path)


def test_pause_checkpoints_and_waits(tmp_path):
    run = _run_folder(tmp_path)
    cfg = preset("quick-64", **{**TINY, "checkpoint_every": 0})
    trainer = Trainer(cfg, make_images(4, 64), run, Budget(steps=3), device="cpu")
    calls = {"n": 0}

    def paused() -> bool:  # paused twice at step 1, then running again
        if trainer.step == 1 and calls["n"] < 2:
            calls["n"] += 1
            return True
        return False

    seen = []
    trainer.fit(paused=paused, events=lambda k, d: seen.append((k, d.get("step"))))
    assert ("checkpoint", 1) in seen and trainer.step == 3

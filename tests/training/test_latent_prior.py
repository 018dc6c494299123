"""The VAE's fitted latent prior: the fit, the exported wrappers, and a trained model's files."""

from __future__ import annotations

import json

import numpy as np
import onnxruntime as ort
import torch
from torch import nn

from genart_desktop.training import models as nets
from genart_desktop.training import pipeline
from genart_desktop.training.config import preset
from genart_desktop.training.latent_prior import LatentPrior, PriorDecoder, WhitenedEncoder
from genart_desktop.training.model_folder import load_model_weights
from genart_desktop.training.quality import to_tensor
from tests.training.conftest import TINY


def _correlated_means(n: int, z_dim: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    f64 = torch.float64
    mix = torch.randn(z_dim, z_dim, generator=g, dtype=f64) * 0.5 + torch.eye(z_dim, dtype=f64)
    mean = torch.linspace(-1, 2, z_dim, dtype=torch.float64)
    return mean + torch.randn(n, z_dim, generator=g, dtype=torch.float64) @ mix.T, mean, mix @ mix.T


def test_the_fit_recovers_the_mean_and_covariance_of_the_posterior_means():
    mus, mean, cov = _correlated_means(20_000, 6)
    prior = LatentPrior.from_means(mus)
    fitted_cov = (prior.chol @ prior.chol.T).double()
    assert torch.allclose(prior.mean.double(), mean, atol=0.05)
    assert torch.allclose(fitted_cov, cov, atol=0.08), (fitted_cov - cov).abs().max()
    assert int(prior.images) == 20_000


def test_whitening_undoes_the_prior_so_a_picture_keeps_its_place():
    mus, _, _ = _correlated_means(5_000, 8, seed=1)
    prior = LatentPrior.from_means(mus)

    class Means(nn.Module):  # an "encoder" that returns the given means and a fixed σ
        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            return x, torch.full_like(x, -2.0)

    whitened, logvar = WhitenedEncoder(Means(), prior)(mus.float())
    # the training means become standard normal in the exported space…
    assert torch.allclose(whitened.mean(0), torch.zeros(8), atol=0.05)
    assert torch.allclose(torch.cov(whitened.T.double()), torch.eye(8, dtype=torch.float64), atol=0.08)
    # …and the decoder's side maps them back to where the networks were trained
    assert torch.allclose(prior.to_latent(whitened), mus.float(), atol=1e-3)
    assert torch.isfinite(logvar).all()


def test_fewer_images_than_latent_dimensions_still_give_a_usable_prior():
    mus = torch.randn(5, 16, dtype=torch.float64)
    prior = LatentPrior.from_means(mus)
    assert torch.isfinite(prior.chol).all() and (torch.diagonal(prior.chol) > 0).all()


def test_a_trained_vae_ships_its_prior_in_both_onnx_files(tiny_array, tiny_images):
    run_id = pipeline.create_run("vae-64", tiny_array, steps=2, device="cpu", overrides=dict(TINY))
    outcome = pipeline.train_run(run_id)
    assert outcome is not None
    folder = outcome.model_folder
    card = json.loads((folder / "card.json").read_text())
    assert card["training"]["latent_prior"]["images"] == len(tiny_images)

    _, cfg, states, _ = load_model_weights(folder)
    assert set(states["latent_prior"]) == {"mean", "chol", "images"}
    built = nets.build(preset("vae-64", **TINY))
    for name in ("encoder", "decoder"):
        built[name].load_state_dict(states[name])
        built[name].eval()
    prior = LatentPrior(cfg.z_dim)
    prior.load_state_dict(states["latent_prior"])
    # the prior is the fit of this model's own encoder to its training images
    refit = LatentPrior.fit(built["encoder"], tiny_images)
    assert torch.allclose(refit.chol, prior.chol, atol=1e-4)

    eps = np.random.default_rng(3).standard_normal((3, cfg.z_dim)).astype(np.float32)
    decoder = ort.InferenceSession(str(folder / "generator.onnx"), providers=["CPUExecutionProvider"])
    with torch.no_grad():
        expected = PriorDecoder(built["decoder"], prior)(torch.from_numpy(eps)).numpy()
        raw = built["decoder"](torch.from_numpy(eps)).numpy()
    got = decoder.run(None, {"z": eps})[0]
    assert np.abs(got - expected).max() < 1e-3
    assert np.abs(got - raw).max() > 1e-3  # the prior is in the file, not skipped

    encoder = ort.InferenceSession(str(folder / "encoder.onnx"), providers=["CPUExecutionProvider"])
    pictures = to_tensor(tiny_images[:3], torch.device("cpu"))
    mu_w, _ = encoder.run(None, {"image": pictures.numpy()})
    with torch.no_grad():
        mu, _ = built["encoder"](pictures)
    # decoding the exported encoder's μ is decoding the network's own μ: reconstructions unchanged
    assert np.abs(prior.to_latent(torch.from_numpy(mu_w)).numpy() - mu.numpy()).max() < 1e-3

#!/usr/bin/env python3
"""How much would a richer latent prior lower a VAE's sample KID? (an experiment, torch only)

The exported VAE samples z = m + L·ε, a full-covariance Gaussian fitted to the training
images' posterior means (training/latent_prior.py). This script fits other densities to the
same means and measures 1,000 decoded samples in Inception-v3 space, as evaluate_model.py does:

    k ≥ 1   a Gaussian mixture with k full-covariance components (EM, 100 iterations);
            k = 1 is the shipped prior
    k < 0   a kernel density estimate: a random training image's μ plus Gaussian noise of
            |k|/100 × the per-dimension spread (small bandwidths give near-copies of training
            images, so read it as the ceiling a prior could reach, not as samples)

Nothing is exported; the figures go to models/README.md.

    GENART_HOME=… .venv/bin/python scripts/vae_prior_experiment.py MODEL_FOLDER 1,10,40,-20 [--dataset ID]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def fit_mixture(x, k: int, generator, iterations: int = 100, ridge: float = 1e-3):
    """(weights [k], means [k, d], Cholesky factors [k, d, d], mean log-likelihood) by EM."""
    import torch

    n, d = x.shape
    eye = ridge * torch.eye(d, dtype=x.dtype)
    means = x[torch.randperm(n, generator=generator)[:k]].clone()
    covs = torch.cov(x.T).expand(k, d, d).clone()
    weights = torch.full((k,), 1 / k, dtype=x.dtype)
    for _ in range(iterations):
        chol = torch.linalg.cholesky(covs + eye)
        log_p = torch.stack([torch.distributions.MultivariateNormal(means[j], scale_tril=chol[j]).log_prob(x)
                             for j in range(k)], 1) + weights.log()
        resp = torch.softmax(log_p, 1)
        counts = resp.sum(0) + 1e-9
        weights, means = counts / n, (resp.T @ x) / counts[:, None]
        covs = torch.stack([(resp[:, j:j + 1] * (x - means[j])).T @ (x - means[j]) / counts[j]
                            for j in range(k)])
    return weights, means, torch.linalg.cholesky(covs + eye), float(log_p.logsumexp(1).mean())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("densities",
                        help="comma-separated: k ≥ 1 mixture components, k < 0 KDE bandwidth ×100")
    parser.add_argument("--dataset", help="dataset id of the training images (default: the card's first)")
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()

    import torch

    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.training import evaluation, inception
    from genart_desktop.training.model_folder import load_trained_networks
    from genart_desktop.training.quality import to_tensor

    card, cfg, models, _ = load_trained_networks(args.model)
    if cfg.kind != "vae":
        raise SystemExit(f"{card['name']} is not a VAE")
    for net in models.values():
        net.eval()
    images = np.asarray(np.load(build_cache(args.dataset or card["datasets"][0]["id"], cfg.resolution),
                                mmap_mode="r"))
    real = evaluation.real_features(images)
    with torch.no_grad():
        mus = torch.cat([models["encoder"](to_tensor(images[i:i + 128], torch.device("cpu")))[0]
                         for i in range(0, len(images), 128)]).double()
    generator, n = torch.Generator().manual_seed(0), args.samples
    print(f"{len(mus)} posterior means of {mus.shape[1]} dimensions; {n} samples each")
    print(f"{'density':<34}{'FID':>8}{'KID ×10³':>10}")
    for k in (int(v) for v in args.densities.split(",")):
        started = time.monotonic()
        if k < 0:
            label = f"KDE, bandwidth {-k / 100:g} × spread"
            pick = torch.randint(len(mus), (n,), generator=generator)
            z = mus[pick] + (-k / 100) * mus.std(0) * torch.randn(n, mus.shape[1], generator=generator,
                                                                  dtype=mus.dtype)
        else:
            weights, means, chol, loglik = fit_mixture(mus, k, generator)
            label = f"Gaussian mixture, {k} (log-lik {loglik:.1f})"
            comp = torch.multinomial(weights, n, replacement=True, generator=generator)
            eps = torch.randn(n, mus.shape[1], generator=generator, dtype=mus.dtype)
            z = means[comp] + torch.einsum("nij,nj->ni", chol[comp], eps)
        with torch.no_grad():
            feats = np.concatenate([inception.features(models["decoder"](z[i:i + 100].float()))
                                    for i in range(0, n, 100)])
        q = evaluation.evaluate(feats, real)
        print(f"{label:<34}{q.fid:>8.2f}{q.kid * 1e3:>10.2f} ± {q.kid_std * 1e3:.2f}  "
              f"({time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()

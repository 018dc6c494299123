#!/usr/bin/env python3
"""How well a VAE keeps a picture: reconstruction distances, reconstruction FID, and a grid.

Runs the model's ONNX encoder and decoder as the app does. ``--samples`` training images
(evenly spaced through the dataset cache, default 1,000) are encoded and decoded from μ:

- L1 (mean absolute difference, 0–255) and PSNR (dB) between input and reconstruction;
- FID/KID (Inception-v3) of the reconstructions against the whole training set: how sharp and
  on-style the reconstructions are (the reference row of ``evaluate_model.py`` is the floor);
- ``--grid FILE``: rows of input | reconstruction | variations at change 0.2, 0.35 and 0.5
  (the app's "Variations" mode), written as a PNG.

    .venv/bin/python scripts/vae_report.py MODEL_FOLDER [--samples 1000] [--grid out.png]

Prints a table and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GRID_ROWS = 8
VARIATIONS = ((0.2, 2), (0.35, 2), (0.5, 2))  # (change, count) per grid row


def to_uint8(images: np.ndarray) -> np.ndarray:
    """float NCHW in [-1, 1] → uint8 NHWC."""
    return ((np.clip(images, -1, 1) + 1) * 127.5).round().astype(np.uint8).transpose(0, 2, 3, 1)


def to_float(images: np.ndarray) -> np.ndarray:
    """uint8 NHWC → float32 NCHW in [-1, 1]."""
    return (images.astype(np.float32) / 127.5 - 1.0).transpose(0, 3, 1, 2).copy()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--grid", type=Path, help="write input | reconstruction | variations here")
    parser.add_argument("--dataset", help="dataset id to read inputs from (default: the card's own)")
    args = parser.parse_args()

    import torch
    from PIL import Image

    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.generation.engine import Engine
    from genart_desktop.generation.registry import read_card
    from genart_desktop.generation.vae import variation_latents
    from genart_desktop.training import evaluation, inception
    from genart_desktop.training.runs import make_grid

    started = time.monotonic()
    info = read_card(args.model)
    if info.kind != "vae":
        raise SystemExit(f"{info.name} is not a VAE")
    real = np.asarray(np.load(build_cache(args.dataset or info.card.dataset_ids[0], info.resolution),
                              mmap_mode="r"))
    real_feats = evaluation.real_features(real)
    n = min(args.samples, len(real))
    picks = np.linspace(0, len(real) - 1, n).round().astype(int)
    engine = Engine(use_gpu=False)

    recon, l1, mse = [], [], []
    mus, logvars = [], []
    for i in range(0, n, 50):
        batch = real[picks[i:i + 50]]
        mu, logvar = engine.encode(info, to_float(batch))
        out = engine.generate(info, mu, list(range(len(mu))))
        diff = to_uint8(out).astype(np.float64) - batch.astype(np.float64)
        l1.append(np.abs(diff).mean(axis=(1, 2, 3)))
        mse.append((diff ** 2).mean(axis=(1, 2, 3)))
        recon.append(inception.features(torch.from_numpy(out).float()))
        mus.append(mu)
        logvars.append(logvar)
    l1_all, mse_all = np.concatenate(l1), np.concatenate(mse)
    psnr = float(np.mean(10 * np.log10(255.0 ** 2 / np.maximum(mse_all, 1e-10))))
    quality = evaluation.evaluate(np.concatenate(recon), real_feats)
    sigma = float(np.exp(0.5 * np.concatenate(logvars)).mean())

    print(f"{info.name}: {n} training images encoded and decoded from μ "
          f"({time.monotonic() - started:.0f} s)")
    print(f"{'L1 (0–255)':<28}{l1_all.mean():>10.2f}")
    print(f"{'PSNR (dB)':<28}{psnr:>10.2f}")
    print(f"{'reconstruction FID':<28}{quality.fid:>10.2f}")
    print(f"{'reconstruction KID ×10³':<28}{quality.kid * 1e3:>10.2f}")
    print(f"{'mean posterior σ':<28}{sigma:>10.3f}")

    if args.grid:
        rows = []
        mu_all = np.concatenate(mus)
        for r, idx in enumerate(np.linspace(0, n - 1, GRID_ROWS).round().astype(int)):
            row = [real[picks[idx]], to_uint8(engine.generate(info, mu_all[idx][None], [0]))[0]]
            for change, count in VARIATIONS:
                seeds = [1000 * r + k for k in range(count)]
                z = variation_latents(mu_all[idx], seeds, change)
                row.extend(to_uint8(engine.generate(info, z, seeds)))
            rows.extend(row)
        columns = 2 + sum(c for _, c in VARIATIONS)
        grid = make_grid(np.stack(rows), columns=columns)
        Image.fromarray(grid).resize((grid.shape[1] * 2, grid.shape[0] * 2), Image.Resampling.NEAREST) \
            .save(args.grid)
        print(f"grid (rows: input | reconstruction | 2 × change 0.2 | 2 × 0.35 | 2 × 0.5) "
              f"written to {args.grid}")

    print(json.dumps({"model": info.id, "n": n, "l1": round(float(l1_all.mean()), 3),
                      "psnr_db": round(psnr, 3), "recon_fid": round(quality.fid, 3),
                      "recon_kid": round(quality.kid, 6), "mean_sigma": round(sigma, 4)}))


if __name__ == "__main__":
    main()

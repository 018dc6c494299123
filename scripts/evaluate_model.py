#!/usr/bin/env python3
"""FID and KID (Inception-v3, the StyleGAN2-ADA network) of a finished model against its training set.

The model is run through its ONNX generator, as the app runs it: ``--samples`` images (default
1,000, seeds 0…n−1) against every image of the training set named in the card. The reference
row is the same statistic between n training images and the rest of the set: the floor at
this n. ``--write-card`` stores the figures in card.json (``quality.fid``, ``quality.kid``, …).

    .venv/bin/python scripts/evaluate_model.py MODEL_FOLDER [--samples 1000] [--write-card]

The training set is read from the dataset cache named in the model card (GENART_HOME).
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--write-card", action="store_true", help="store the figures in card.json")
    parser.add_argument("--dataset", help="dataset id to compare with (default: the card's own)")
    parser.add_argument("--psi", type=float, default=1.0,
                        help="truncation ψ of a GAN / temperature of a VAE, as the Generate panel "
                             "applies it; with --write-card the figures go to quality.at_psi "
                             "(quality.kid stays ψ = 1's)")
    parser.add_argument("--recommend", action="store_true",
                        help="with --write-card and --psi: make ψ the model's default (card sampling.psi) "
                             "if its KID beats the card's ψ = 1 figure")
    args = parser.parse_args()

    import torch

    from genart_desktop.core.atomic import atomic_write_json
    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.generation.engine import Engine
    from genart_desktop.generation.latents import latents_for_seeds, truncate
    from genart_desktop.generation.registry import read_card
    from genart_desktop.training import evaluation, inception

    started = time.monotonic()
    info = read_card(args.model)
    dataset_id = args.dataset or info.card.dataset_ids[0]
    real = np.load(build_cache(dataset_id, info.resolution), mmap_mode="r")
    real_feats = evaluation.real_features(np.asarray(real))

    n = args.samples
    seeds = list(range(n))
    z = truncate(latents_for_seeds(seeds, info.z_dim), args.psi, info.truncation_centre)
    engine = Engine(use_gpu=False)
    fake_feats = []
    for i in range(0, n, 50):
        images = engine.generate(info, z[i:i + 50], seeds[i:i + 50])  # float NCHW in [-1, 1]
        fake_feats.append(inception.features(torch.from_numpy(np.asarray(images)).float()))
    quality = evaluation.evaluate(np.concatenate(fake_feats), real_feats)
    noise = evaluation.evaluate(inception.features(torch.rand(min(n, 200), 3, 64, 64) * 2 - 1), real_feats)

    print(f"Inception-v3 FID/KID, {n} generated vs {len(real)} training images "
          f"({time.monotonic() - started:.0f} s)")
    print(f"{'':<34}{'FID':>10}{'KID ×10³':>12}")
    print(f"{info.name:<34}{quality.fid:>10.2f}{quality.kid * 1e3:>12.2f}  ± {quality.kid_std * 1e3:.2f}")
    ref = "training images vs the rest"
    print(f"{ref:<34}{quality.fid_reference:>10.2f}{quality.kid_reference * 1e3:>12.2f}")
    print(f"{'uniform noise (n ≤ 200)':<34}{noise.fid:>10.2f}{noise.kid * 1e3:>12.2f}")
    figures = quality.to_card()
    if args.write_card:
        card_path = args.model / "card.json"
        card = json.loads(card_path.read_text(encoding="utf-8"))
        quality = dict(card.get("quality") or {})
        if args.psi == 1.0:
            quality.update(figures)
        else:
            quality["at_psi"] = {"psi": args.psi, **figures}
            if args.recommend:
                card["sampling"] = recommendation(args.psi, quality, figures, card.get("sampling"))
        card["quality"] = quality
        atomic_write_json(card_path, card)
        print(f"written to {card_path}")
    if args.psi != 1.0:
        figures["psi"] = args.psi
    print(json.dumps({"model": info.id, **figures, "fid_noise": round(noise.fid, 2),
                      "kid_noise": round(noise.kid, 6)}))


def recommendation(psi: float, quality: dict, figures: dict, current: dict | None) -> dict | None:
    """card["sampling"]: ψ as the model's default when its KID beats ψ = 1's, else as it was."""
    untruncated = quality.get("kid")
    if untruncated is None or figures["kid"] >= untruncated:
        print(f"ψ = {psi:g} does not beat ψ = 1 (KID {untruncated}); the card's default is unchanged")
        return current
    why = (f"Inception KID {figures['kid'] * 1e3:.2f} ×10⁻³ at ψ = {psi:g} against "
           f"{untruncated * 1e3:.2f} at ψ = 1 ({figures['n']} samples vs the training set)")
    print(f"default ψ = {psi:g}: {why}")
    return {"psi": psi, "why": why}


if __name__ == "__main__":
    main()

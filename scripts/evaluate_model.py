#!/usr/bin/env python3
"""KID of a finished model's ONNX generator against its training set, with the protocol of
`bench train` (500 real vs 500 generated images, EfficientNet-Lite0 features, torchmetrics'
estimator), plus the two reference points that give the figure its scale.

    .venv/bin/python scripts/evaluate_model.py MODEL_FOLDER [--samples 500]

The training set is read from the dataset cache named in the model card (GENART_HOME).
Prints a table and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("--samples", type=int, default=500)
    args = parser.parse_args()

    import torch

    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.generation.engine import Engine
    from genart_desktop.generation.latents import latents_for_seeds
    from genart_desktop.generation.registry import read_card
    from genart_desktop.training.quality import QualityMeter, to_tensor

    info = read_card(args.model)
    dataset_id = info.card.dataset_ids[0]
    real = np.load(build_cache(dataset_id, info.resolution), mmap_mode="r")
    order = np.random.default_rng(0).permutation(len(real))
    n = min(args.samples, len(real) // 2)
    reference, other = np.asarray(real[order[:n]]), np.asarray(real[order[n:2 * n]])

    z = latents_for_seeds(list(range(n)), info.z_dim)
    engine = Engine(use_gpu=False)
    seeds = list(range(n))
    fakes = np.concatenate([engine.generate(info, z[i:i + 50], seeds[i:i + 50]) for i in range(0, n, 50)])

    meter = QualityMeter(reference, torch.device("cpu"))
    model = meter.measure(torch.from_numpy(fakes).float())
    real_floor = meter.measure(to_tensor(other, torch.device("cpu")))["kid"]
    noise = meter.measure(torch.rand(n, 3, info.resolution, info.resolution) * 2 - 1)["kid"]
    print(f"{'':<28}{'KID':>12}")
    print(f"{info.name:<28}{model['kid']:>12.2f}   diversity {model['diversity']:.3f}")
    print(f"{'other training images':<28}{real_floor:>12.2f}")
    print(f"{'uniform noise':<28}{noise:>12.2f}")
    print(json.dumps({"model": info.id, "samples": n, "kid": round(model["kid"], 2),
                      "diversity": round(model["diversity"], 4), "kid_real_floor": round(real_floor, 2),
                      "kid_noise": round(noise, 2)}))


if __name__ == "__main__":
    main()

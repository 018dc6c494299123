"""Training throughput per preset, and KID against the training set over time (quick-64).

Steps/s and images/s of every preset on this machine (training time only, after two warm-up
steps), then quick-64 on the Twemoji 64 px set (``python scripts/fetch_twemoji.py``) with KID
measured against the training set when the training time reaches each of ``--minutes-list``.
KID: torchmetrics' estimator in EfficientNet-Lite0 feature space (DESIGN.md §4).

``--threads 1,2`` measures each preset at each CPU thread count and ``--precisions fp32,auto``
in each precision (auto: bf16 autocast where the CPU computes bf16 natively), the variants
taking turns (``--rounds`` times) so that a machine whose load changes affects them alike.

Usage: bench_train.py [--data data/twemoji] [--seconds 20] [--minutes-list 10,20,40]
                      [--presets quick-64,…] [--kid-samples 500] [--device auto] [--skip-kid]
                      [--threads 1,2] [--precisions fp32,auto] [--rounds 1]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _trainer(cfg, images, budget, device, threads: int | None = None):
    from genart_desktop.training.runs import RunFolder
    from genart_desktop.training.trainer import Trainer

    run = RunFolder(Path(tempfile.mkdtemp(prefix="bench-run-"))).create()
    run.write_run({"id": run.folder.name})
    return Trainer(cfg, images, run, budget, device=device,
                   threads=(lambda: threads) if threads else None)


def throughput(name: str, images_by_res: dict, seconds: float, device: str,
               threads: int | None = None, precision: str = "auto") -> dict:
    from genart_desktop.training.config import preset
    from genart_desktop.training.trainer import Budget

    cfg = preset(name, quality_every=0, samples_every=0, checkpoint_every=0, checkpoint_minutes=1e9,
                 metrics_every=1000, precision=precision)
    trainer = _trainer(cfg, images_by_res[cfg.resolution], Budget(steps=2), device, threads)
    trainer.fit()  # warm-up: allocations, first-call overheads
    step0, wall0 = trainer.step, trainer.wall_time_s
    trainer.budget = Budget(minutes=(wall0 + seconds) / 60)
    trainer.fit()
    rate = (trainer.step - step0) / (trainer.wall_time_s - wall0)
    return {"steps_per_s": rate, "images_per_s": rate * cfg.batch_size, "batch_size": cfg.batch_size,
            "resolution": cfg.resolution, "device": str(trainer.device), "threads": trainer.threads,
            "precision": trainer.precision}


def kid_over_time(images, minutes_list: list[float], kid_samples: int, device: str) -> dict[str, float]:
    import numpy as np
    import torch

    from genart_desktop.training.config import preset
    from genart_desktop.training.quality import QualityMeter, to_tensor
    from genart_desktop.training.trainer import Budget

    cfg = preset("quick-64", quality_every=0, samples_every=500, checkpoint_every=0, checkpoint_minutes=1e9,
                 metrics_every=100)
    n = min(kid_samples, len(images))
    real_index = np.sort(np.random.default_rng(1).choice(len(images), size=n, replace=False))
    real = images[real_index]
    trainer = _trainer(cfg, images, Budget(minutes=minutes_list[0]), device)
    meter = QualityMeter(real, trainer.device, subsets=50)
    z = torch.randn(n, cfg.z_dim, generator=torch.Generator().manual_seed(4242))
    # Reference points in this feature space: other real images (the floor) and noise.
    chosen = set(real_index.tolist())
    others = np.array([i for i in range(len(images)) if i not in chosen]) if len(images) >= 2 * n else None
    rest_index = np.random.default_rng(2).choice(others if others is not None else len(images), size=n,
                                                 replace=False)
    rest = images[np.sort(rest_index)]
    floor = meter.measure(to_tensor(rest, trainer.device))["kid"]
    noise = meter.measure(torch.rand(n, 3, 64, 64) * 2 - 1)["kid"]
    print(f"  reference: KID of {n} other training images {floor:.4f}; uniform noise {noise:.4f}", flush=True)
    out = {"real_floor": floor, "noise": noise}
    for minutes in minutes_list:
        trainer.budget = Budget(minutes=minutes)
        trainer.fit()
        t0 = time.monotonic()
        q = meter.measure(trainer.generate(z))
        out[f"{minutes:g}"] = q["kid"]
        print(f"  {minutes:g} min of training: step {trainer.step}, KID {q['kid']:.4f} ± {q['kid_std']:.4f}, "
              f"diversity {q['diversity']:.3f} (measured in {time.monotonic() - t0:.0f} s)", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "twemoji")
    parser.add_argument("--seconds", type=float, default=20.0, help="training seconds per preset")
    parser.add_argument("--presets", default="quick-64,balanced-128,quality-256,vae-64,vae-128,dcgan-64")
    parser.add_argument("--minutes-list", default="10,20,40")
    parser.add_argument("--kid-samples", type=int, default=500)
    parser.add_argument("--max-images", type=int, default=512, help="images loaded for the throughput runs")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--skip-kid", action="store_true")
    parser.add_argument("--threads", default="", help="CPU thread counts to compare, e.g. 1,2")
    parser.add_argument("--precisions", default="", help="precisions to compare, e.g. fp32,auto")
    parser.add_argument("--rounds", type=int, default=1,
                        help="turns per variant (with --threads or --precisions)")
    args = parser.parse_args()
    os.environ.setdefault("GENART_HOME", tempfile.mkdtemp(prefix="bench-train-home-"))

    import numpy as np

    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.training.config import preset
    from genart_desktop.training.device import resolve_device
    from genart_desktop.training.training_data import folder_to_dataset

    if not args.data.is_dir():
        sys.exit(f"No training folder at {args.data}: run `python scripts/fetch_twemoji.py` first.")
    device = resolve_device(args.device)
    names = [p for p in args.presets.split(",") if p]
    if device.type == "cpu":
        names = [p for p in names if preset(p).resolution <= 256]
    resolutions = sorted({preset(p).resolution for p in names} | {64})
    dataset_id = folder_to_dataset({"kind": "folder", "path": str(args.data), "licence": ""}, 64)
    full64 = np.load(build_cache(dataset_id, 64), mmap_mode="r")
    images = {64: full64}
    for r in resolutions:
        if r != 64:
            images[r] = np.load(build_cache(dataset_id, r), mmap_mode="r")[: args.max_images]

    thread_counts = [int(t) for t in args.threads.split(",") if t] or [0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Training throughput on {device} ({args.seconds:g} s of training per preset; "
          f"load average {load:.1f} at the start)")
    precisions = [p for p in args.precisions.split(",") if p] or ["auto"]
    variants = [(t, p) for t in thread_counts for p in precisions]
    compared = bool(args.threads or args.precisions)
    print(f"{'preset':<14} {'res':>5} {'batch':>6} {'threads':>8} {'precision':>10} {'steps/s':>9} "
          f"{'images/s':>9}")
    rates = {}
    for name in names:
        runs: dict[tuple[int, str], list[dict]] = {v: [] for v in variants}
        for _ in range(max(args.rounds, 1) if compared else 1):
            for t, p in variants:  # variants take turns, so load changes hit them alike
                runs[(t, p)].append(throughput(name, images, args.seconds, args.device, t or None, p))
        for (t, p), results in runs.items():
            r = dict(results[-1])
            r["steps_per_s"] = sum(x["steps_per_s"] for x in results) / len(results)
            r["images_per_s"] = r["steps_per_s"] * r["batch_size"]
            key = name + (f"@{t}" if args.threads else "") + (f"/{p}" if args.precisions else "")
            rates[key] = r
            print(f"{name:<14} {r['resolution']:>5} {r['batch_size']:>6} {r['threads']:>8} "
                  f"{r['precision']:>10} {r['steps_per_s']:>9.2f} {r['images_per_s']:>9.1f}", flush=True)

    kid: dict[str, float] = {}
    minutes_list = [float(m) for m in args.minutes_list.split(",") if m]
    if not args.skip_kid:
        print(f"\nquick-64 on {len(full64)} Twemoji images: KID vs the training set "
              f"({min(args.kid_samples, len(full64))} real / fake samples)")
        kid = kid_over_time(full64, minutes_list, args.kid_samples, args.device)

    print(json.dumps({
        "steps_per_s": {k: round(v["steps_per_s"], 3) for k, v in rates.items()},
        "images_per_s": {k: round(v["images_per_s"], 1) for k, v in rates.items()},
        "kid": {k: round(v, 5) for k, v in kid.items() if k not in ("real_floor", "noise")},
        "kid_reference": {k: round(v, 5) for k, v in kid.items() if k in ("real_floor", "noise")},
        "kid_samples": min(args.kid_samples, len(full64)),
        "device": str(device) if device.type != "cpu" else f"cpu ({os.cpu_count()} cores)",
    }))


if __name__ == "__main__":
    main()

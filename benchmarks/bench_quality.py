"""Recipes side by side: each trained for the same training time on two datasets of different
looks, then FID/KID in Inception-v3 space (the StyleGAN2-ADA network) of generated samples.

Datasets (fixed, shipped by npm packages under free licences): Twemoji 64 px (CC-BY-4.0,
``scripts/fetch_twemoji.py``) and OpenMoji rendered at 64 px (CC-BY-SA-4.0, thick outlines,
``scripts/fetch_openmoji.py``). Recipes: ``fastgan`` (turn 1's quick-64: FastGAN D),
``projected`` (projected-64), ``dcgan``, ``vae``, ``vae-gan``, ``fine-tune`` (the bundled GAN's
generator against a fresh projected D) and ``fine-tune-fastgan`` (the whole bundled GAN trained
on). Every recipe of a dataset runs in this one process, one after the other, so the ratios
between them are measured under the same conditions; absolute times are context only. Each row:
steps, images shown, s/step, FID, KID at each training time, with the real-split reference (n
training images vs the rest).

Usage: bench_quality.py [--minutes 10,30] [--datasets twemoji,openmoji] [--recipes …]
                        [--samples 1000] [--device auto] [--threads N] [--max-images N]
                        [--grids DIR]
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

RECIPES = {
    "fastgan": ("quick-64", {}),
    "projected": ("projected-64", {}),
    "dcgan": ("dcgan-64", {}),
    "vae": ("vae-64", {}),
    "vae-gan": ("vae-gan-64", {}),
    # Both start from the bundled GAN's weights: its generator against a fresh projected D, or
    # the whole GAN (FastGAN D included) trained on.
    "fine-tune": ("projected-64", {}),
    "fine-tune-fastgan": ("quick-64", {}),
    # Every recipe above computes in the preset's precision, "auto" (bf16 autocast on a CPU with
    # native bf16); these keep full precision, to show what bf16 costs or gains at equal time.
    "projected-fp32": ("projected-64", {"precision": "fp32"}),
    "fastgan-fp32": ("quick-64", {"precision": "fp32"}),
}
DATASETS = {"twemoji": ("data/twemoji", "scripts/fetch_twemoji.py"),
            "openmoji": ("data/openmoji", "scripts/fetch_openmoji.py")}
QUIET = {"quality_every": 0, "samples_every": 0, "checkpoint_every": 0, "checkpoint_minutes": 1e9,
         "metrics_every": 200}


def _bundled_gan():
    """(config, state dicts) of the bundled GAN, or None when no bundled model has weights."""
    from genart_desktop.core import paths
    from genart_desktop.training.model_folder import load_model_for_fine_tune

    for folder in sorted(paths.bundled_models_dir().glob("*/")):
        if (folder / "weights.pt").is_file():
            card, cfg, states = load_model_for_fine_tune(folder)
            if card.get("kind") == "gan":
                return folder.name, cfg, states
    return None


def _trainer(recipe: str, images, device: str):
    from genart_desktop.training.config import preset
    from genart_desktop.training.runs import RunFolder
    from genart_desktop.training.trainer import Budget, Trainer

    name, overrides = RECIPES[recipe]
    cfg = preset(name, **QUIET, **overrides)
    init_state, fresh, base = None, (), None
    if recipe.startswith("fine-tune"):
        from genart_desktop.training.fine_tune import fine_tune_config, inherited_state

        bundled = _bundled_gan()
        if bundled is None:
            raise SystemExit(f"{recipe}: no bundled GAN with weights.pt in models/")
        base, base_cfg, states = bundled
        cfg = fine_tune_config(cfg, base_cfg)
        init_state, fresh = inherited_state(cfg, base_cfg, states)
    run = RunFolder(Path(tempfile.mkdtemp(prefix="bench-quality-run-"))).create()
    run.write_run({"id": run.folder.name})
    trainer = Trainer(cfg, images, run, Budget(steps=1), device=device, init_state=init_state, fresh=fresh)
    return trainer, cfg, base


def _sampler(trainer, images):
    """What the exported model draws: a VAE samples through the latent prior fitted at export."""
    if trainer.cfg.kind != "vae":
        return trainer.generate
    from genart_desktop.training.latent_prior import LatentPrior
    from genart_desktop.training.models import generator_of
    from genart_desktop.training.trainer import sample

    prior = LatentPrior.fit(trainer.models["encoder"], images).to(trainer.device)
    net = generator_of(dict(trainer.models, latent_prior=prior))
    return lambda z: sample(net, z, trainer.device)


def _save_grid(path: Path, sampler, cfg) -> None:
    from PIL import Image

    from genart_desktop.training.quality import to_uint8
    from genart_desktop.training.runs import make_grid
    from genart_desktop.training.trainer import fixed_sample_latents

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(make_grid(to_uint8(sampler(fixed_sample_latents(cfg))))).save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", default="10,30", help="training times at which to measure")
    parser.add_argument("--datasets", default="twemoji,openmoji")
    parser.add_argument("--recipes", default=",".join(RECIPES))
    parser.add_argument("--samples", type=int, default=1000, help="generated images per measurement")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (default: every core)")
    parser.add_argument("--max-images", type=int, default=0,
                        help="use N images spread over the set (a small folder, or a smoke run)")
    parser.add_argument("--grids", default="",
                        help="folder for each measurement's 4×4 grid of fixed-seed samples (to look at)")
    args = parser.parse_args()
    os.environ.setdefault("GENART_HOME", tempfile.mkdtemp(prefix="bench-quality-home-"))

    import numpy as np

    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.training import evaluation
    from genart_desktop.training.trainer import Budget
    from genart_desktop.training.training_data import folder_to_dataset

    minutes = sorted(float(m) for m in args.minutes.split(",") if m)
    recipes = [r for r in args.recipes.split(",") if r]
    unknown = [r for r in recipes if r not in RECIPES]
    if unknown:
        raise SystemExit(f"unknown recipes {unknown}; choose from {', '.join(RECIPES)}")
    results: dict[str, dict] = {}
    for ds in [d for d in args.datasets.split(",") if d]:
        folder, script = DATASETS[ds]
        path = ROOT / folder
        if not path.is_dir():
            raise SystemExit(f"No {ds} folder at {path}: run `python {script}` first.")
        dataset_id = folder_to_dataset({"kind": "folder", "path": str(path), "licence": ""}, 64)
        images = np.load(build_cache(dataset_id, 64), mmap_mode="r")
        if args.max_images and args.max_images < len(images):
            # Spread over the whole set: the first N files (sorted by code point) are mostly flags.
            images = np.asarray(images[np.linspace(0, len(images) - 1, args.max_images).astype(int)])
        t0 = time.monotonic()
        real = evaluation.real_features(np.asarray(images))
        print(f"\n{ds}: {len(images)} training images (Inception features in {time.monotonic() - t0:.0f} s)",
              flush=True)
        print(f"{'recipe':<17}{'min':>5}{'prec.':>6}{'steps':>8}{'images':>9}{'s/step':>8}{'FID':>9}"
              f"{'KID×10³':>10}",
              flush=True)
        rows: dict[str, dict] = {}
        for recipe in recipes:
            trainer, cfg, base = _trainer(recipe, images, args.device)
            if args.threads:
                import torch

                torch.set_num_threads(args.threads)
            rows[recipe] = {"preset": RECIPES[recipe][0], "fine_tuned_from": base,
                            "precision": trainer.precision, "at": {}}
            for m in minutes:
                trainer.budget = Budget(minutes=m)
                trainer.fit()
                sampler = _sampler(trainer, images)
                fake = evaluation.fake_features(sampler, cfg.z_dim, args.samples, trainer.device)
                q = evaluation.evaluate(fake, real)
                if args.grids:
                    _save_grid(Path(args.grids) / f"{ds}-{recipe}-{m:g}min.png", sampler, cfg)
                row = {"steps": trainer.step, "images_shown": trainer.step * cfg.batch_size,
                       "s_per_step": round(trainer.wall_time_s / max(trainer.step, 1), 4),
                       "fid": round(q.fid, 2), "kid": round(q.kid, 6), "kid_std": round(q.kid_std, 6)}
                rows[recipe]["at"][f"{m:g}"] = row
                rows[recipe]["reference"] = {"fid": round(q.fid_reference, 2),
                                             "kid": round(q.kid_reference, 6)}
                print(f"{recipe:<17}{m:>5g}{trainer.precision:>6}{row['steps']:>8}{row['images_shown']:>9}"
                      f"{row['s_per_step']:>8.3f}{row['fid']:>9.1f}{row['kid'] * 1e3:>10.2f}", flush=True)
        ref = next(iter(rows.values()))["reference"] if rows else {}
        print(f"{'reference':<17}{'':>36}{ref.get('fid', 0):>9.1f}{ref.get('kid', 0) * 1e3:>10.2f}"
              f"   ({min(args.samples, len(images) // 2)} training images vs the rest)", flush=True)
        results[ds] = {"images": len(images), "recipes": rows, "reference": ref}

    import torch

    print(json.dumps({"samples": args.samples, "minutes": minutes, "network": evaluation.inception.NETWORK,
                      "device": args.device, "threads": torch.get_num_threads(), "datasets": results}))


if __name__ == "__main__":
    main()

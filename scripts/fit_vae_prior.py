#!/usr/bin/env python3
"""Give a trained VAE the fitted latent prior (training/latent_prior.py) as a new model folder.

VAEs trained since the prior exists get it at export; this is for one trained before, whose
weights.pt is at hand. The networks are not changed: the prior is fitted to the posterior means
of the model's training set, both ONNX files are exported again with it built in, and the card
is copied under a new id with ``training.latent_prior`` and a note naming the model it came from.

    GENART_HOME=… .venv/bin/python scripts/fit_vae_prior.py MODEL_FOLDER [--dataset ID] [--out DIR]
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
    parser.add_argument("--dataset", help="dataset id of the training images (default: the card's first)")
    parser.add_argument("--out", type=Path, help="models folder to write into (default: GENART_HOME's)")
    args = parser.parse_args()

    import torch

    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.training import models as nets
    from genart_desktop.training.latent_prior import LatentPrior
    from genart_desktop.training.model_folder import load_trained_networks, new_model_id, write_model_folder
    from genart_desktop.training.quality import to_uint8
    from genart_desktop.training.runs import make_grid
    from genart_desktop.training.trainer import fixed_sample_latents, sample

    card, cfg, models, training_state = load_trained_networks(args.model)
    if cfg.kind != "vae":
        raise SystemExit(f"{card['name']} is not a VAE")
    dataset_id = args.dataset or card["datasets"][0]["id"]
    images = np.asarray(np.load(build_cache(dataset_id, cfg.resolution), mmap_mode="r"))
    prior = LatentPrior.fit(models["encoder"], images)
    models["latent_prior"] = prior

    new = dict(card, id=new_model_id(card["name"]), files={})
    new["training"] = {**card.get("training", {}), "latent_prior": prior.card_entry(),
                       "prior_fitted_from": card["id"]}
    note = (f"Same networks as {card['id']}; the latent prior was fitted afterwards by "
            f"scripts/fit_vae_prior.py to {len(images)} images of {dataset_id}.")
    earlier = card.get("training_data", {}).get("note")
    new["training_data"] = {**card.get("training_data", {}), "note": f"{earlier} {note}" if earlier else note}
    decoder = nets.generator_of(models)  # with the prior built in
    grid = make_grid(to_uint8(sample(decoder, fixed_sample_latents(cfg), torch.device("cpu"))))
    folder, _ = write_model_folder(new, models, cfg, samples_png=grid, root=args.out,
                                   training_state=training_state)
    print(f"{card['id']} → {folder}")
    print(json.dumps({"model": new["id"], "from": card["id"], "images": len(images)}))


if __name__ == "__main__":
    main()

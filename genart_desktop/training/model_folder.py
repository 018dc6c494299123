"""The trained model's folder: generator.onnx (+ encoder.onnx), weights.pt, card.json.

Written into a temporary folder beside the final one, fsynced, then renamed: the model
either appears complete or not at all. The card inside each ONNX file's metadata has no
"files" section (a file cannot contain its own hash); card.json has all of it.
weights.pt (config + state dicts, ``torch.load(weights_only=True)``-safe) is what fine-tuning
starts from.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

import torch

from genart_desktop.core import paths, safe_json
from genart_desktop.core.atomic import _fsync_dir, atomic_write_bytes, atomic_write_json
from genart_desktop.core.errors import DiskFull, ModelError
from genart_desktop.core.model_card import ModelCard
from genart_desktop.core.version import __version__
from genart_desktop.training import latent_prior
from genart_desktop.training.config import TrainConfig
from genart_desktop.training.inception import NETWORK as INCEPTION_NETWORK
from genart_desktop.training.onnx_export import export_encoder, export_generator
from genart_desktop.training.runs import now_iso, save_png

CARD_SCHEMA = "genart.model-card/1"
WEIGHTS = "weights.pt"
WEIGHTS_FORMAT = "genart.weights/1"


def new_model_id(name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:40] or "model"
    return f"{slug}-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{secrets.token_hex(2)}"


def build_card(*, model_id: str, name: str, cfg: TrainConfig, training: dict[str, Any],
               datasets: list[dict[str, Any]], training_data: dict[str, Any],
               quality: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": CARD_SCHEMA,
        "id": model_id,
        "name": name,
        "kind": cfg.kind,
        "architecture": cfg.architecture,
        "hyperparameters": {k: v for k, v in cfg.to_dict().items() if k != "extra"},
        "resolution": cfg.resolution,
        "z_dim": cfg.z_dim,
        "training": training,
        "datasets": datasets,
        "training_data": training_data,
        # The live figures (n = quality_samples per side); scripts/evaluate_model.py --write-card
        # replaces them with FID/KID at n = 1,000 and the real-split reference.
        "quality": {**{k: quality.get(k) for k in ("kid", "kid_std", "diversity")},
                    "n": cfg.quality_samples, "network": INCEPTION_NETWORK},
        "originality": {"feature": "efficientnet-lite0", "threshold": None, "percentile": 5},
        "latent_mean": None,
        "app_version": __version__,
        "files": {},
        "created": now_iso(),
    }


def write_model_folder(card: dict[str, Any], models: dict[str, torch.nn.Module], cfg: TrainConfig,
                       samples_png: Any = None, root: Path | None = None,
                       training_state: dict[str, Any] | None = None) -> tuple[Path, dict[str, Any]]:
    """Export, check, and write the folder atomically; returns its final path and the full card."""
    root = paths.ensure(root or paths.models_dir())
    final = root / card["id"]
    if final.exists():
        raise ModelError("A model with this id already exists.", path=final)
    files: dict[str, bytes] = {}
    if cfg.kind == "vae":
        decoder, encoder = latent_prior.export_networks(models)
        files["generator.onnx"] = export_generator(decoder, cfg.z_dim, card)
        files["encoder.onnx"] = export_encoder(encoder, cfg.resolution, card)
    else:
        files["generator.onnx"] = export_generator(models["G_ema"], cfg.z_dim, card)
    card = dict(card, files={n: {"sha256": hashlib.sha256(b).hexdigest(), "bytes": len(b)}
                             for n, b in files.items()})
    tmp = root / f".tmp-{card['id']}-{secrets.token_hex(3)}"
    tmp.mkdir()
    try:
        for fname, data in files.items():
            atomic_write_bytes(tmp / fname, data)
        atomic_write_bytes(tmp / WEIGHTS, weights_bytes(models, cfg, training_state))
        if samples_png is not None:
            save_png(samples_png, tmp / "samples.png")
        atomic_write_json(tmp / "card.json", card)
        _fsync_dir(tmp)
        os.replace(tmp, final)
        _fsync_dir(root)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, DiskFull):  # name the models folder, not the hidden temporary one
            raise DiskFull(root, sum(map(len, files.values())) * 2, what="writing the model") from exc
        raise
    return final, card


def weights_bytes(models: dict[str, torch.nn.Module], cfg: TrainConfig,
                  training_state: dict[str, Any] | None = None) -> bytes:
    """Config and state dicts; with ``training_state`` (optimizers, scaler, step, wall time, RNG)
    a later run can continue this model's training exactly where it stopped."""
    payload: dict[str, Any] = {"format": WEIGHTS_FORMAT, "config": cfg.to_dict(),
                               "models": {k: m.state_dict() for k, m in models.items()}}
    if training_state is not None:
        payload["training_state"] = training_state
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def load_model_for_fine_tune(folder: Path) -> tuple[dict[str, Any], TrainConfig, dict[str, Any]]:
    """(card, config, state dicts) of a model folder, for starting a new run from it."""
    card, cfg, models, _ = load_model_weights(folder)
    return card, cfg, models


Weights = tuple[dict[str, Any], TrainConfig, dict[str, Any], dict[str, Any] | None]


def load_model_weights(folder: Path) -> Weights:
    """(card, config, state dicts, training state or None) of a model folder."""
    card_path, weights_path = folder / "card.json", folder / WEIGHTS
    if not card_path.is_file():
        raise ModelError("This folder is not a GenArt model (no card.json).", path=folder)
    if not weights_path.is_file():
        raise ModelError(
            "This model has no training weights, so it cannot be fine-tuned.", path=weights_path,
            hint="Only models trained with this app (or shipped with weights.pt) can be fine-tuned.",
        )
    try:
        raw = safe_json.loads(card_path.read_text(encoding="utf-8"))
        card = ModelCard.parse(raw, path=card_path).to_dict()
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError("The model card could not be read.", path=card_path,
                         hint=f"The file is damaged ({exc}); re-export the model.") from exc
    try:
        payload = torch.load(weights_path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise ModelError("The model's weights could not be read.", path=weights_path) from exc
    if not isinstance(payload, dict) or payload.get("format") != WEIGHTS_FORMAT:
        raise ModelError("The weights file is not in GenArt's format.", path=weights_path)
    if not isinstance(payload.get("models"), dict) or not isinstance(payload.get("config"), dict):
        raise ModelError("The weights file has no networks or no configuration.", path=weights_path)
    state = payload.get("training_state")
    state = state if isinstance(state, dict) else None
    return card, TrainConfig.from_dict(payload["config"]), payload["models"], state


def load_trained_networks(folder: Path) -> tuple[dict[str, Any], TrainConfig, dict[str, torch.nn.Module],
                                                 dict[str, Any] | None]:
    """(card, config, built networks with their weights, training state or None) of a model
    folder, for scripts that run or re-export a trained model's torch networks."""
    from genart_desktop.training import models as nets

    card, cfg, states, training_state = load_model_weights(folder)
    networks = nets.build(cfg)
    for name, net in networks.items():
        net.load_state_dict(states[name])
    return card, cfg, networks, training_state


def load_init_state(models: dict[str, torch.nn.Module], state: dict[str, Any],
                    fresh: tuple[str, ...] = ()) -> None:
    """Load another model's weights into every network of a new run but those named in ``fresh``
    (a swapped discriminator), or refuse with the reason: an empty or partial state dict is an
    error, never a run that silently starts from scratch."""
    models = {name: net for name, net in models.items() if name not in fresh}
    missing = [name for name in models if not isinstance(state.get(name), dict) or not state[name]]
    if missing:
        raise ModelError(
            f"The weights to fine-tune from have no {', '.join(missing)} network"
            f"{'s' if len(missing) > 1 else ''} (they hold: {', '.join(map(str, state)) or 'nothing'}).",
            hint="Fine-tune from a model trained with this app, whose weights.pt holds every network.")
    for name, net in models.items():
        try:
            net.load_state_dict(state[name])
        except (RuntimeError, TypeError, ValueError, KeyError) as exc:
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise ModelError(f"The {name} weights do not fit this model ({detail[:300]}).",
                             hint="The weights file belongs to another architecture or was altered.") from exc

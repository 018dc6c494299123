"""Checkpoints: one dict (models, EMA, optimizers, config, step, RNG states), written atomically.

Only tensors, numbers, strings, lists and dicts go in, so ``torch.load(weights_only=True)``
can read it (DESIGN.md §7: untrusted files never unpickle code).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import torch

from genart_desktop.core.atomic import atomic_write_bytes
from genart_desktop.core.errors import TrainingError

log = logging.getLogger(__name__)

FORMAT = "genart.checkpoint/1"
LATEST = "latest.pt"


def rng_state(sampler: torch.Generator) -> dict[str, Any]:
    state: dict[str, Any] = {"torch": torch.get_rng_state(), "sampler": sampler.get_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict[str, Any], sampler: torch.Generator) -> None:
    torch.set_rng_state(state["torch"])
    sampler.set_state(state["sampler"])
    if "cuda" in state and torch.cuda.is_available() and len(state["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(state["cuda"])


def save(path: Path, payload: dict[str, Any]) -> Path:
    payload = {"format": FORMAT, **payload}
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return path


def load(path: Path, map_location: str | torch.device = "cpu") -> dict[str, Any]:
    if not path.is_file():
        raise TrainingError("There is no checkpoint to resume from.", path=path,
                            hint="Start a new run instead, or pick a run that has written a checkpoint.")
    try:
        payload = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as exc:  # a torn or foreign file: explain, keep the traceback in the log
        log.exception("cannot read checkpoint %s", path)
        raise TrainingError("The checkpoint could not be read (damaged or not a GenArt checkpoint).",
                            path=path, hint="Start a new run; the damaged file was left in place.") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise TrainingError("This file is not a GenArt checkpoint.", path=path)
    return payload

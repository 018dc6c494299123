"""Train and register: create a run (or resume one), train it, export the model, add it to
the library. The GUI's training job and ``genart train`` both call
:func:`train_and_register`; the torchrun entry point (``training.ddp``) does the same steps
around its process group. Also the run listing and the facts of a preset, which need no torch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.training.request import DataSpec, TrainingRequest

if TYPE_CHECKING:
    from genart_desktop.training.pipeline import Outcome
    from genart_desktop.training.trainer import EventFn, PausedFn, ThreadsFn

__all__ = ["DataSpec", "TrainingRequest", "bundled_gan_folder", "list_runs", "preset_choices",
           "preset_defaults", "preset_resolution", "train_and_register"]


def train_and_register(
    request: TrainingRequest,
    *,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
    paused: PausedFn | None = None,
    events: EventFn | None = None,
    run_created: Callable[[str], None] | None = None,
    threads: ThreadsFn | None = None,
) -> Outcome:
    """Create the run (unless ``request`` resumes one; continuing a finished model makes a new
    one), train it, register the model it made. ``threads()`` says how many CPU threads to use.

    ``run_created(run_id)`` is called before training starts, so a caller can name the run
    (or resume it later) even if training is stopped. torch is imported here, not before.
    """
    from genart_desktop.training import pipeline, registration

    run_id = request.resume_run_id or pipeline.create_run_for(request)
    if run_created is not None:
        run_created(run_id)
    device = request.resume_device if request.resume_run_id else None
    outcome = pipeline.train_run(run_id, progress=progress, should_stop=should_stop, paused=paused,
                                 events=events, device=device, threads=threads)
    assert outcome is not None  # only ranks > 0 of a distributed run get None
    registration.register_model(outcome.card, outcome.model_folder)
    return outcome


def list_runs() -> list[dict[str, Any]]:
    """Runs on disk, newest first (run.json of each); reading them needs no torch."""
    from genart_desktop.core import paths

    root = paths.runs_dir()
    out = []
    for child in root.iterdir() if root.is_dir() else []:
        try:
            out.append(json.loads((child / "run.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(out, key=lambda r: r.get("started", ""), reverse=True)


def bundled_gan_folder() -> Path | None:
    """The bundled GAN that small folders can start from (its weights.pt), if one ships."""
    from genart_desktop.core import paths
    from genart_desktop.core.errors import ModelError
    from genart_desktop.core.model_card import ModelCard

    root = paths.bundled_models_dir()
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        try:
            card = ModelCard.parse(json.loads((folder / "card.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, ModelError):
            continue
        if card.kind == "gan" and (folder / "weights.pt").is_file():
            return folder
    return None


def preset_choices() -> list[tuple[str, str]]:
    """(name, label) of every preset, for the Train panel (no torch needed)."""
    from genart_desktop.training.config import PRESET_LABELS, PRESETS

    return [(name, PRESET_LABELS.get(name, name)) for name in PRESETS]


def preset_defaults(name: str) -> dict[str, Any]:
    from genart_desktop.training.config import PRESETS

    return PRESETS[name].to_dict()


def preset_resolution(name: str, default: int = 128) -> int:
    """The training resolution of a preset (the size a dataset for it is scanned at)."""
    from genart_desktop.training.config import PRESETS

    found = PRESETS.get(name)
    return found.resolution if found is not None else default

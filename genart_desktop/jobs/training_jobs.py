"""Training in a background thread: a ``Job`` around the training pipeline.

torch is imported only inside the job's work function, so the GUI starts without it. The
trainer's events become signals (metrics, quality, samples, checkpoint); pausing uses the
trainer's ``paused`` hook (it writes a checkpoint, then waits inside ``should_stop``);
cancelling writes a checkpoint and ends with ``cancelled`` — the run can be resumed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal

from genart_desktop.jobs.job import Job

log = logging.getLogger(__name__)


@dataclass
class TrainingRequest:
    preset: str = "quick-64"
    data: dict[str, Any] = field(default_factory=dict)  # training_data spec (dataset/folder/array)
    steps: int | None = None
    minutes: float | None = None
    device: str = "auto"
    name: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    fine_tune_from: Path | None = None
    resume_run_id: str | None = None

    def describe(self) -> str:
        budget = f"{self.steps} steps" if self.steps else f"{self.minutes:g} min"
        what = self.data.get("id") or Path(str(self.data.get("path", ""))).name
        return f"{self.name or self.preset} · {what} · {budget}"


class TrainingJob(Job):
    metrics = Signal(dict)
    quality = Signal(dict)
    samples = Signal(int, object)  # step, uint8 HWC grid
    checkpointed = Signal(int)
    run_created = Signal(str)
    model_ready = Signal(dict, str)  # card, folder

    def __init__(self, request: TrainingRequest, threads: Callable[[], int] | None = None) -> None:
        super().__init__(self._work, name=f"training:{request.preset}")
        self.request = request
        self.threads = threads  # e.g. core.thread_policy.ThreadPolicy, asked between steps
        self.run_id: str | None = request.resume_run_id

    def _work(self, progress, should_stop) -> dict[str, Any]:
        from genart_desktop.training import pipeline, registration

        req = self.request
        if self.run_id is None:
            self.run_id = pipeline.create_run(
                req.preset, req.data, steps=req.steps, minutes=req.minutes, device=req.device, name=req.name,
                overrides=req.overrides, fine_tune_from=req.fine_tune_from,
            )
        self.run_created.emit(self.run_id)
        outcome = pipeline.train_run(self.run_id, progress=progress, should_stop=should_stop,
                                     paused=lambda: self.is_paused, events=self._on_event,
                                     threads=self.threads)
        assert outcome is not None
        registration.register_model(outcome.card, outcome.model_folder)
        self.model_ready.emit(outcome.card, str(outcome.model_folder))
        return {"run_id": outcome.run_id, "card": outcome.card, "folder": str(outcome.model_folder)}

    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "metrics":
            self.metrics.emit(dict(data))
        elif kind == "quality":
            self.quality.emit(dict(data))
        elif kind == "samples":
            self.samples.emit(int(data["step"]), data["grid"].copy())
        elif kind == "checkpoint":
            self.checkpointed.emit(int(data["step"]))


def preset_choices() -> list[tuple[str, str]]:
    """(name, label) of every preset, for the Train panel (no torch needed)."""
    from genart_desktop.training.config import PRESET_LABELS, PRESETS

    return [(name, PRESET_LABELS.get(name, name)) for name in PRESETS]


def bundled_gan_folder() -> Path | None:
    """The bundled GAN that small folders can start from (its weights.pt), if one ships."""
    import json

    from genart_desktop.core import paths

    root = paths.bundled_models_dir()
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        try:
            card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(card, dict) and card.get("kind") == "gan" and (folder / "weights.pt").is_file():
            return folder
    return None


def preset_defaults(name: str) -> dict[str, Any]:
    from genart_desktop.training.config import PRESETS

    return PRESETS[name].to_dict()


def list_runs() -> list[dict[str, Any]]:
    """Runs on disk, newest first (run.json of each); reading them needs no torch."""
    import json

    from genart_desktop.core import paths

    root = paths.runs_dir()
    out = []
    for child in root.iterdir() if root.is_dir() else []:
        try:
            out.append(json.loads((child / "run.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(out, key=lambda r: r.get("started", ""), reverse=True)

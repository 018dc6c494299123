"""Train and register: create a run (or resume one), train it, export the model, add it to
the library. The GUI's training job and ``genart train`` both call
:func:`train_and_register`; the torchrun entry point (``training.ddp``) does the same steps
around its process group. Also the run listing and the facts of a preset, which need no torch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.training.request import DataSpec, TrainingRequest

if TYPE_CHECKING:
    from genart_desktop.training.pipeline import Outcome
    from genart_desktop.training.trainer import EventFn, PausedFn, ThreadsFn

__all__ = ["BUNDLED_START_EVIDENCE", "DataSpec", "RunInfo", "TrainingRequest", "bundled_gan_folder",
           "bundled_start_tip", "delete_run", "export_now", "extend_run", "interrupted_runs", "list_runs",
           "preset_choices", "preset_defaults", "preset_resolution", "rename_run", "run_infos",
           "train_and_register"]

# A run that has not produced its model can be continued: "created" (killed before or during
# its first steps, or quit hard), "stopped" (cancelled or the app quit: a checkpoint was
# written), "trained" (the budget was reached but the export did not finish).
RESUMABLE = ("created", "stopped", "trained")
STATUS_WORDS = {"created": "Interrupted", "stopped": "Paused", "trained": "Trained, not exported",
                "exported": "Finished"}


@dataclass(frozen=True)
class RunInfo:
    """What the runs list shows of one run.json (read here, in one place)."""

    id: str
    name: str
    status: str
    step: int
    wall_time_s: float
    budget_steps: int | None
    budget_minutes: float | None
    started: str
    model_id: str | None
    has_checkpoint: bool

    @classmethod
    def from_run_json(cls, info: dict[str, Any], has_checkpoint: bool) -> RunInfo:
        budget = info.get("budget") or {}
        return cls(id=str(info.get("id", "")), name=str(info.get("name") or info.get("id", "")),
                   status=str(info.get("status", "created")), step=int(info.get("step") or 0),
                   wall_time_s=float(info.get("wall_time_s") or 0.0),
                   budget_steps=budget.get("steps"), budget_minutes=budget.get("minutes"),
                   started=str(info.get("started", "")), model_id=info.get("model_id"),
                   has_checkpoint=has_checkpoint)

    @property
    def resumable(self) -> bool:
        return self.status in RESUMABLE

    @property
    def interrupted(self) -> bool:
        """Stopped part-way with something to continue from: worth offering at start."""
        return self.resumable and self.has_checkpoint and self.status != "trained"

    def budget_text(self) -> str:
        parts = []
        if self.budget_steps:
            parts.append(f"step {self.step:,} of {self.budget_steps:,}")
        else:
            parts.append(f"step {self.step:,}")
        if self.budget_minutes:
            parts.append(f"{self.wall_time_s / 60:.0f} of {self.budget_minutes:g} min")
        return ", ".join(parts)

    def describe(self) -> str:
        return f"{self.name} — {STATUS_WORDS.get(self.status, self.status)}, {self.budget_text()}"



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


def run_infos() -> list[RunInfo]:
    """The runs list of the Train panel, newest first."""
    from genart_desktop.training.runs import run_dir

    out = []
    for info in list_runs():
        run_id = str(info.get("id", ""))
        if not run_id:
            continue
        has_checkpoint = any((run_dir(run_id) / "checkpoints").glob("*.pt"))
        out.append(RunInfo.from_run_json(info, has_checkpoint))
    return out


def interrupted_runs() -> list[RunInfo]:
    """Runs stopped part-way (cancelled, or the app quit during training), newest first."""
    return [r for r in run_infos() if r.interrupted]


def _update_run(run_id: str, change: Callable[[dict[str, Any]], None]) -> RunInfo:
    from genart_desktop.core.errors import TrainingError
    from genart_desktop.training.runs import RunFolder, run_dir

    run = RunFolder(run_dir(run_id))
    info = run.read_run()
    if info.get("status") == "exported":
        raise TrainingError("This run has already produced its model.", path=run.run_json)
    change(info)
    run.write_run(info)
    return RunInfo.from_run_json(info, any(run.checkpoints.glob("*.pt")))


def extend_run(run_id: str, *, steps: int = 0, minutes: float = 0.0) -> RunInfo:
    """Give a run more budget: ``steps`` more steps and/or ``minutes`` more minutes."""

    def change(info: dict[str, Any]) -> None:
        budget = dict(info.get("budget") or {})
        if steps:
            budget["steps"] = max(int(budget.get("steps") or 0), int(info.get("step") or 0)) + steps
        if minutes:
            used = float(info.get("wall_time_s") or 0.0) / 60
            budget["minutes"] = max(float(budget.get("minutes") or 0.0), used) + minutes
        info["budget"] = budget
        if info.get("status") == "trained":
            info["status"] = "stopped"

    return _update_run(run_id, change)


def export_now(run_id: str) -> RunInfo:
    """End the run's budget at the step it reached: resuming it then exports the model at once."""
    from genart_desktop.core.errors import TrainingError

    def change(info: dict[str, Any]) -> None:
        step = int(info.get("step") or 0)
        if step <= 0:
            raise TrainingError("This run has no trained steps to export yet.")
        info["budget"] = {"steps": step, "minutes": None}

    return _update_run(run_id, change)


def rename_run(run_id: str, name: str) -> RunInfo:
    """The name the model will have (run.json's ``name`` becomes the card's name)."""
    from genart_desktop.core.errors import TrainingError

    clean = " ".join(name.split())
    if not clean:
        raise TrainingError("A model needs a name.")
    return _update_run(run_id, lambda info: info.update(name=clean))


def delete_run(run_id: str) -> None:
    """Remove a run's folder (checkpoints, samples, metrics). A model it exported stays."""
    import shutil

    from genart_desktop.training.runs import run_dir

    folder = run_dir(run_id)
    if folder.is_dir():
        shutil.rmtree(folder)


def bundled_gan_folder() -> Path | None:
    """The bundled GAN that new 64 px GAN runs can start from (its weights.pt), if one ships."""
    bundled = _bundled_gan()
    return bundled[0] if bundled is not None else None


def _bundled_gan() -> tuple[Path, str, int] | None:
    """(folder, architecture, resolution) of the bundled GAN with weights.pt, read from its card."""
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
            return folder, card.architecture or "", int(card.resolution)
    return None


# What the suggestion rests on (models/README.md): at 20 minutes of training, starting from the
# bundled GAN gave about 3.6x lower KID than from scratch on 300 images it had never seen, and
# 3.8x lower than FastGAN from scratch on the full OpenMoji set (4,265 images). So every new run
# of a preset that can start from it (can_start_from_bundled) is offered the start, whatever
# the folder's size.
BUNDLED_START_EVIDENCE = ("at 20 minutes it reached 3.6× lower KID than the projected recipe from "
                          "scratch on 300 unseen images, and 3.8× lower than FastGAN from scratch "
                          "on the full OpenMoji set (4,265 images)")
_FOLDER_COUNT_CAP = 100_000  # the tip counts a folder's images up to this many


def bundled_start_tip(request: TrainingRequest) -> str:
    """For `genart train`: a line suggesting --fine-tune when a new run could start from the
    bundled GAN, as the Train panel does for any scanned images ("" otherwise). The command line
    suggests and does not switch, so a script's run stays what it asked for."""
    if request.fine_tune_from or request.continue_from or request.resume_run_id or request.data is None:
        return ""
    folder = bundled_gan_folder()
    if folder is None or not can_start_from_bundled(request.preset):
        return ""  # decided before counting, so a VAE or 128 px run does not walk the folder
    count = _image_count(DataSpec.coerce(request.data))
    if count == 0:
        return ""
    shown = f"{count:,}+" if count >= _FOLDER_COUNT_CAP else f"{count:,}"
    return (f"Tip: {shown} images; starting from the bundled GAN (--fine-tune {folder.name}) usually "
            f"learns shapes much sooner: {BUNDLED_START_EVIDENCE} (models/README.md). Its training "
            "data's credit (Twemoji, CC BY 4.0) then travels with the outputs.")


def _image_count(data: DataSpec) -> int:
    """Images in a dataset (its manifest) or a folder (up to _FOLDER_COUNT_CAP); 0 if unknown."""
    from genart_desktop.core.errors import DatasetError
    from genart_desktop.datasets.manifest import load_manifest
    from genart_desktop.datasets.walk import IMAGE_SUFFIXES

    if data.kind == "dataset":
        try:
            return int(load_manifest(data.id).get("image_count", 0))
        except DatasetError:
            return 0
    if data.kind == "folder" and Path(data.path).is_dir():
        count = 0
        for path in Path(data.path).rglob("*"):
            if path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith("."):
                count += 1
                if count >= _FOLDER_COUNT_CAP:
                    break
        return count
    return 0


def preset_choices() -> list[tuple[str, str]]:
    """(name, label) of every preset for the Train panel, the default first (no torch needed)."""
    from genart_desktop.training.config import DEFAULT_PRESET, PRESET_LABELS, PRESETS

    names = [DEFAULT_PRESET, *(n for n in PRESETS if n != DEFAULT_PRESET)]
    return [(name, PRESET_LABELS.get(name, name)) for name in names]


def can_start_from_bundled(preset_name: str) -> bool:
    """Whether runs of this preset can start from the bundled GAN: the same generator network at
    the same resolution (a fine-tune keeps the base's resolution, so a 128 px preset started from
    the 64 px GAN would quietly train at 64 px)."""
    from genart_desktop.training.config import PRESETS
    from genart_desktop.training.fine_tune import can_start_from

    bundled, found = _bundled_gan(), PRESETS.get(preset_name)
    return (bundled is not None and found is not None and found.resolution == bundled[2]
            and can_start_from(found.architecture, bundled[1]))


def preset_defaults(name: str) -> dict[str, Any]:
    from genart_desktop.training.config import PRESETS

    return PRESETS[name].to_dict()


def preset_resolution(name: str, default: int = 128) -> int:
    """The training resolution of a preset (the size a dataset for it is scanned at)."""
    from genart_desktop.training.config import PRESETS

    found = PRESETS.get(name)
    return found.resolution if found is not None else default

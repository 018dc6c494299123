"""A run from start to model: create it, train (or resume) it, export and describe the model.

``workflows.training.train_and_register`` (the GUI job and ``genart train``) and the torchrun
entry point call this. Registration in the library is their one extra call
(``training.registration.register_model``); the model folder on disk is the source of truth.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from genart_desktop.core.errors import TrainingError
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.training import checkpoint, training_data
from genart_desktop.training.config import CONTINUE_SETTINGS, TrainConfig, preset
from genart_desktop.training.distributed import DistInfo
from genart_desktop.training.fine_tune import fine_tune_config, inherited_state
from genart_desktop.training.latent_prior import LatentPrior
from genart_desktop.training.model_folder import (
    build_card,
    load_model_for_fine_tune,
    load_model_weights,
    new_model_id,
    write_model_folder,
)
from genart_desktop.training.models import generator_of
from genart_desktop.training.quality import to_uint8
from genart_desktop.training.request import DataSpec, TrainingRequest
from genart_desktop.training.runs import RunFolder, make_grid, new_run_id, now_iso, run_dir
from genart_desktop.training.trainer import Budget, EventFn, PausedFn, ThreadsFn, Trainer, sample

log = logging.getLogger(__name__)

# Share of the progress bar for loading data, training and exporting.
LOAD, TRAIN = 0.03, 0.92


@dataclass
class Outcome:
    run_id: str
    model_folder: Path
    card: dict[str, Any]


def create_run(preset_name: str, data: DataSpec | dict[str, Any], *, steps: int | None = None,
               minutes: float | None = None, device: str = "auto", name: str = "",
               overrides: dict[str, Any] | None = None, fine_tune_from: Path | None = None) -> str:
    """Write runs/<id>/run.json and return the id. Nothing heavy happens here."""
    budget = Budget(steps=steps, minutes=minutes).validate()
    cfg = preset(preset_name, **(overrides or {}))
    if fine_tune_from is not None:
        _, base_cfg, _ = load_model_for_fine_tune(fine_tune_from)
        cfg = fine_tune_config(cfg, base_cfg)
    run_id = new_run_id(preset_name)
    folder = RunFolder(run_dir(run_id)).create()
    folder.write_run({
        "id": run_id, "name": name or f"{preset_name} {now_iso()[:16]}", "preset": preset_name,
        "config": cfg.to_dict(), "budget": {"steps": budget.steps, "minutes": budget.minutes},
        "device": device, "data": DataSpec.coerce(data).to_dict(),
        "fine_tune_from": str(fine_tune_from) if fine_tune_from else None,
        "status": "created", "step": 0, "wall_time_s": 0.0, "started": now_iso(), "model_id": None,
    })
    return run_id


def create_run_for(request: TrainingRequest, *, device: str | None = None) -> str:
    """The run a :class:`TrainingRequest` asks for: :func:`continue_model` when it continues a
    finished model, else :func:`create_run`."""
    if request.continue_from is not None:
        return continue_model(request.continue_from, steps=request.steps, minutes=request.minutes,
                              device=device or request.device, name=request.name, data=request.data,
                              overrides=request.overrides)
    if request.data is None:
        raise TrainingError("Say what to train on: a folder, a .npy array or a dataset id.")
    return create_run(
        request.preset, request.data, steps=request.steps, minutes=request.minutes,
        device=device or request.device, name=request.name, overrides=request.overrides,
        fine_tune_from=request.fine_tune_from,
    )


def continue_model(model_folder: Path, *, steps: int | None = None, minutes: float | None = None,
                   device: str = "auto", name: str = "",
                   data: DataSpec | dict[str, Any] | None = None,
                   overrides: dict[str, Any] | None = None) -> str:
    """A new run that carries on training a finished model exactly where it stopped.

    The model folder's weights.pt holds the networks and the optimiser state; the budget is
    *more* steps or minutes on top of what the model has had. The data default to the
    dataset named in the card (it must be in this installation's datasets). ``overrides``
    may change how it trains from here (:data:`CONTINUE_SETTINGS`: rate, batch, EMA, …), not
    the networks. Returns the run id.
    """
    card, cfg, states, state = load_model_weights(model_folder)
    changed = dict(overrides or {})
    fixed = sorted(set(changed) - CONTINUE_SETTINGS)
    if fixed:
        raise TrainingError(
            f"A continued model keeps its networks, so {', '.join(fixed)} cannot change.",
            path=model_folder,
            hint=f"Settings a continued run may change: {', '.join(sorted(CONTINUE_SETTINGS))}. "
                 "Fine-tune (--fine-tune) to start a new model from its weights.",
        )
    cfg = cfg.replace(**changed)
    if state is None:
        raise TrainingError(
            "This model was saved without its training state, so it cannot be continued exactly.",
            path=model_folder,
            hint="Fine-tune it instead (--fine-tune): a new run that starts from its weights.",
        )
    extra = Budget(steps=steps, minutes=minutes).validate()
    done_steps, done_s = int(state["step"]), float(state["wall_time_s"])
    budget = Budget(steps=done_steps + extra.steps if extra.steps else None,
                    minutes=done_s / 60 + extra.minutes if extra.minutes else None)
    if data is None:
        datasets = card.get("datasets") or []
        if not datasets:
            raise TrainingError("The model's card names no dataset to continue on.", path=model_folder,
                                hint="Give the training folder or dataset as well.")
        data = DataSpec.dataset(datasets[0]["id"])
    run_id = new_run_id(f"continue-{cfg.architecture}-{cfg.resolution}")
    folder = RunFolder(run_dir(run_id)).create()
    folder.write_run({
        "id": run_id, "name": name or card.get("name", run_id), "preset": card.get("architecture", ""),
        "config": cfg.to_dict(), "budget": {"steps": budget.steps, "minutes": budget.minutes},
        "device": device, "data": DataSpec.coerce(data).to_dict(), "fine_tune_from": None,
        "continued_from": card.get("id"), "continued_with": changed,
        "status": "created", "step": done_steps, "wall_time_s": done_s, "started": now_iso(),
        "model_id": None,
    })
    checkpoint.save(folder.checkpoints / checkpoint.LATEST, {
        "config": cfg.to_dict(), "step": done_steps, "wall_time_s": done_s,
        "budget": {"steps": budget.steps, "minutes": budget.minutes}, "models": states,
        "optimizers": state["optimizers"], "scaler": state.get("scaler") or {},
        "quality": state.get("quality") or {}, "rng": state["rng"],
    })
    return run_id


def train_run(run_id: str, *, progress: ProgressFn = no_progress, should_stop: ShouldStop = never_stop,
              paused: PausedFn | None = None, events: EventFn | None = None, device: str | None = None,
              dist: DistInfo | None = None, export: bool = True,
              threads: ThreadsFn | None = None) -> Outcome | None:
    """Train (resuming from the last checkpoint if there is one) and export the model.

    Returns None on ranks other than 0 of a distributed run (they write nothing).
    """
    run = RunFolder(run_dir(run_id))
    info = run.read_run()
    if info.get("status") == "exported":
        raise TrainingError("This run has already produced its model.", path=run.run_json)
    cfg = TrainConfig.from_dict(info["config"])
    budget = Budget(**info["budget"])
    data = training_data.load(info["data"], cfg.resolution,
                              progress=lambda f, m: progress(LOAD * f, m), should_stop=should_stop)
    if data.spec is not None:  # a folder was scanned into a dataset: resume uses the dataset
        info["data"] = data.spec.to_dict()
        run.write_run(info)
    init_state, base_card, fresh = None, None, ()
    if info.get("fine_tune_from"):
        base_card, base_cfg, states = load_model_for_fine_tune(Path(info["fine_tune_from"]))
        init_state, fresh = inherited_state(cfg, base_cfg, states)
        data = training_data.merge_for_fine_tune(base_card, data)
    trainer = Trainer(cfg, data.images, run, budget, device=device or info.get("device", "auto"),
                      dist=dist, init_state=init_state, fresh=fresh, threads=threads)
    ckpt = run.checkpoints / checkpoint.LATEST
    if ckpt.is_file():
        trainer.load_state_dict(checkpoint.load(ckpt, map_location=trainer.device))
        log.info("run %s resumes at step %d", run_id, trainer.step)
    result = trainer.fit(progress=lambda f, m: progress(LOAD + TRAIN * f, m), should_stop=should_stop,
                         paused=paused, events=events)
    if not export or not trainer.dist.is_main:
        return None
    progress(LOAD + TRAIN, "Exporting to ONNX and checking it against PyTorch…")
    info = run.read_run()
    card = build_card(
        model_id=new_model_id(info["name"]), name=info["name"], cfg=cfg,
        training={"run_id": run_id, "steps": result.step, "wall_time_s": round(result.wall_time_s, 1),
                  "device": result.device, "precision": trainer.precision,
                  "started": info["started"], "finished": now_iso(),
                  "fine_tuned_from": base_card["id"] if base_card else None,
                  "continued_from": info.get("continued_from"),
                  "continued_with": info.get("continued_with") or {}},
        datasets=data.datasets, training_data=data.training_data_card(), quality=result.quality,
    )
    state = trainer.state_dict()
    training_state = {k: state[k] for k in ("step", "wall_time_s", "optimizers", "scaler", "quality", "rng")}
    models = {k: m.cpu() for k, m in trainer.models.items()}
    if cfg.kind == "vae":
        progress(LOAD + TRAIN, "Fitting the latent prior to the training images…")
        models["latent_prior"] = prior = LatentPrior.fit(models["encoder"], data.images)
        card["training"]["latent_prior"] = prior.card_entry()
    grid = make_grid(to_uint8(sample(generator_of(models), trainer.fixed_z, torch.device("cpu"))))
    folder, card = write_model_folder(card, models, cfg, samples_png=grid, training_state=training_state)
    info.update(status="exported", model_id=card["id"], model_folder=str(folder), updated=now_iso())
    run.write_run(info)
    progress(1.0, f"Model {card['name']} is ready.")
    return Outcome(run_id, folder, card)

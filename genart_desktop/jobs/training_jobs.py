"""Training in a background thread: a ``Job`` around ``workflows.training.train_and_register``.

torch is imported only inside the job's work function, so the GUI starts without it. The
trainer's events become signals (metrics, quality, samples, checkpoint); pausing uses the
trainer's ``paused`` hook (it writes a checkpoint, then waits inside ``should_stop``);
cancelling writes a checkpoint and ends with ``cancelled`` — the run can be resumed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal

from genart_desktop.jobs.job import Job
from genart_desktop.workflows.training import (  # re-exported: the Train panel imports them here
    BUNDLED_START_EVIDENCE,
    DataSpec,
    RunInfo,
    TrainingRequest,
    bundled_gan_folder,
    can_start_from_bundled,
    delete_run,
    export_now,
    extend_run,
    interrupted_runs,
    list_runs,
    preset_choices,
    preset_defaults,
    preset_resolution,
    rename_run,
    run_infos,
)

# The runs list's operations read and write one small run.json each (no torch): the panel
# calls them directly; training itself runs in the TrainingJob below.
__all__ = ["BUNDLED_START_EVIDENCE", "DataSpec", "RunInfo", "TrainingJob", "TrainingRequest",
           "bundled_gan_folder", "can_start_from_bundled", "delete_run", "export_now",
           "extend_run", "interrupted_runs", "list_runs", "preset_choices",
           "preset_defaults", "preset_resolution", "rename_run", "run_infos"]

log = logging.getLogger(__name__)


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
        from genart_desktop.workflows.training import train_and_register

        outcome = train_and_register(self.request, progress=progress, should_stop=should_stop,
                                     paused=lambda: self.is_paused, events=self._on_event,
                                     run_created=self._on_run_created, threads=self.threads)
        self.model_ready.emit(outcome.card, str(outcome.model_folder))
        return {"run_id": outcome.run_id, "card": outcome.card, "folder": str(outcome.model_folder)}

    def _on_run_created(self, run_id: str) -> None:
        self.run_id = run_id
        self.run_created.emit(run_id)

    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "metrics":
            self.metrics.emit(dict(data))
        elif kind == "quality":
            self.quality.emit(dict(data))
        elif kind == "samples":
            self.samples.emit(int(data["step"]), data["grid"].copy())
        elif kind == "checkpoint":
            self.checkpointed.emit(int(data["step"]))

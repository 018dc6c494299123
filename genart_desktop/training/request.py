"""What a caller asks training for: one plain dataclass (no torch), shared by the GUI job,
the ``genart train`` command and the torchrun entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_MINUTES = 20.0  # the budget when the caller names neither steps nor minutes


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
    # On resume: train on this device instead of the one the run was created with.
    resume_device: str | None = None

    def describe(self) -> str:
        budget = f"{self.steps} steps" if self.steps else f"{self.minutes:g} min"
        what = self.data.get("id") or Path(str(self.data.get("path", ""))).name
        return f"{self.name or self.preset} · {what} · {budget}"

    def with_default_budget(self) -> TrainingRequest:
        """The command line's rule: no budget given means twenty minutes."""
        if self.steps or self.minutes:
            return self
        from dataclasses import replace

        return replace(self, minutes=DEFAULT_MINUTES)

"""What a caller asks training for: plain dataclasses (no torch), shared by the GUI job,
the ``genart train`` command and the torchrun entry point.

:class:`DataSpec` says where the training images come from. Its JSON form is stored in
run.json, so a resume finds the same images:
  {"kind": "dataset", "id": …}          a datasets-engine dataset (manifest + cache)
  {"kind": "folder", "path": …, "licence": SPDX, "attribution_name", "attribution_url"}
  {"kind": "array", "path": ….npy, "licence": …, …}   a uint8 NHWC array (tests, benchmarks)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genart_desktop.core.errors import DatasetError, TrainingError
from genart_desktop.core.model_card import MAX_NAME_CHARS
from genart_desktop.training.config import DEFAULT_PRESET

DEFAULT_MINUTES = 20.0  # the budget when the caller names neither steps nor minutes
DATA_KINDS = ("dataset", "folder", "array")


@dataclass(frozen=True)
class DataSpec:
    kind: str  # "dataset" | "folder" | "array"
    id: str = ""  # dataset
    path: str = ""  # folder or array
    licence: str = ""  # declared for a folder's open files, or an array's images
    attribution_name: str = ""
    attribution_url: str = ""
    source_url: str = ""
    name: str = ""  # the dataset a folder becomes (default: the folder's name)
    from_folder: str = ""  # a dataset made from this folder by an earlier attempt of the run

    def __post_init__(self) -> None:
        if self.kind not in DATA_KINDS:
            raise DatasetError(f"Unknown training data kind {self.kind!r}.",
                               hint=f"Use one of {', '.join(DATA_KINDS)}.")

    @classmethod
    def dataset(cls, dataset_id: str, **extra: str) -> DataSpec:
        return cls("dataset", id=dataset_id, **extra)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> DataSpec:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: str(v) for k, v in raw.items() if k in names and v is not None})

    @classmethod
    def coerce(cls, spec: DataSpec | Mapping[str, Any]) -> DataSpec:
        return spec if isinstance(spec, DataSpec) else cls.from_dict(spec)

    def with_declaration(self, licence: str, attribution_name: str = "",
                         attribution_url: str = "") -> DataSpec:
        return dataclasses.replace(self, licence=licence, attribution_name=attribution_name,
                                   attribution_url=attribution_url)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the kind and the fields that say something."""
        return {"kind": self.kind, **{f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                                      if f.name != "kind" and getattr(self, f.name)}}

    @property
    def label(self) -> str:
        return self.id or Path(self.path).name


@dataclass
class TrainingRequest:
    preset: str = DEFAULT_PRESET
    data: DataSpec | None = None  # where the images come from (None when resuming a run)
    steps: int | None = None
    minutes: float | None = None
    device: str = "auto"
    name: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    fine_tune_from: Path | None = None
    continue_from: Path | None = None  # a finished model folder to carry on training (its weights.pt)
    resume_run_id: str | None = None
    # On resume: train on this device instead of the one the run was created with.
    resume_device: str | None = None

    def __post_init__(self) -> None:
        if self.data is not None and not isinstance(self.data, DataSpec):
            self.data = DataSpec.coerce(self.data)  # the JSON form (tests, old callers)
        if len(self.name) > MAX_NAME_CHARS:  # the card's schema bound: refused now, not after training
            raise TrainingError(f"The model name is {len(self.name):,} characters long; at most"
                                f" {MAX_NAME_CHARS} are allowed.", hint="Choose a shorter name.")

    def describe(self) -> str:
        if self.resume_run_id and self.data is None:
            return f"{self.name or 'resume'} · run {self.resume_run_id}"
        budget = f"{self.steps} steps" if self.steps else f"{self.minutes or 0:g} min"
        what = self.data.label if self.data is not None else self.resume_run_id or ""
        return f"{self.name or self.preset} · {what} · {budget}"

    def with_default_budget(self) -> TrainingRequest:
        """The command line's rule: no budget given means twenty minutes."""
        if self.steps or self.minutes:
            return self
        from dataclasses import replace

        return replace(self, minutes=DEFAULT_MINUTES)

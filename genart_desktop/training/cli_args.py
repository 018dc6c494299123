"""Arguments shared by ``genart train`` and the torchrun entry point, and the request they make.

No torch import here, so ``genart --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from genart_desktop.core import paths
from genart_desktop.core.errors import TrainingError
from genart_desktop.training.config import DEFAULT_PRESET, PRESETS, TrainConfig
from genart_desktop.training.request import DataSpec, TrainingRequest


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", help="a folder of images, a uint8 .npy array, or a dataset id")
    parser.add_argument("--preset", default=DEFAULT_PRESET, choices=sorted(PRESETS),
                        help=f"what to train (default {DEFAULT_PRESET})")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--minutes", type=float, help="time budget in minutes (of training time)")
    budget.add_argument("--steps", type=int, help="number of optimisation steps")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N or mps")
    parser.add_argument("--resume", metavar="RUN_ID", help="continue a stopped or killed run")
    parser.add_argument("--name", default="", help="the model's name")
    parser.add_argument("--licence", default="",
                        help="SPDX licence of a folder/array source (e.g. LicenseRef-Own, CC-BY-4.0)")
    parser.add_argument("--attribution-name", default="", help="creator to credit (CC-BY sources)")
    parser.add_argument("--attribution-url", default="", help="where the source images come from")
    parser.add_argument("--fine-tune", metavar="MODEL", help="start from a model folder or model id")
    parser.add_argument("--continue", dest="continue_model", metavar="MODEL",
                        help="carry on training a finished model where it stopped (its weights.pt); "
                             "--minutes/--steps are added to what it has had")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a hyper-parameter, e.g. --set lr=0.0001 --set r1_gamma=1 "
                             "(with --continue: how it trains from here, e.g. lr or batch_size)")


def data_spec(args: argparse.Namespace) -> DataSpec:
    if not args.source:
        raise TrainingError("Say what to train on: a folder, a .npy array or a dataset id.")
    path = Path(args.source).expanduser()
    declared = {"licence": args.licence, "attribution_name": args.attribution_name,
                "attribution_url": args.attribution_url}
    if path.is_dir():
        return DataSpec("folder", path=str(path.resolve()), **declared)
    if path.suffix == ".npy" and path.is_file():
        return DataSpec("array", path=str(path.resolve()), **declared)
    return DataSpec.dataset(args.source)


def overrides(pairs: list[str]) -> dict[str, Any]:
    fields = TrainConfig.__dataclass_fields__
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or key not in fields or key == "extra":
            raise TrainingError(f"Cannot set {pair!r}.", hint="Use KEY=VALUE with a TrainConfig field name.")
        default = getattr(TrainConfig(), key)
        try:
            if isinstance(default, bool):
                out[key] = raw.strip().lower() in ("1", "true", "yes", "on")
            else:
                out[key] = type(default)(raw)
        except ValueError as exc:
            raise TrainingError(f"{raw!r} is not a valid value for {key}.") from exc
    return out


def fine_tune_folder(value: str | None) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    if path.is_dir():
        return path.resolve()
    for root in (paths.models_dir(), paths.bundled_models_dir()):
        if (root / value).is_dir():
            return root / value
    raise TrainingError(f"There is no model {value!r} to fine-tune.", hint="Give a model folder or id.")


def request_from_args(args: argparse.Namespace) -> TrainingRequest:
    """The training request these arguments make (``--resume`` names a run and, maybe, a device)."""
    if args.resume:
        return TrainingRequest(resume_run_id=args.resume, resume_device=args.device)
    if args.continue_model:
        return TrainingRequest(
            continue_from=fine_tune_folder(args.continue_model),
            data=data_spec(args) if args.source else None, steps=args.steps, minutes=args.minutes,
            device=args.device, name=args.name, overrides=overrides(args.set),
        ).with_default_budget()
    return TrainingRequest(
        preset=args.preset, data=data_spec(args), steps=args.steps, minutes=args.minutes,
        device=args.device, name=args.name, overrides=overrides(args.set),
        fine_tune_from=fine_tune_folder(args.fine_tune),
    ).with_default_budget()

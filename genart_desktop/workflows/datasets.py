"""Declare and finalize a dataset: apply what the artist declares about the files whose
licence the scan could not settle, then, if the verdict allows training, save the manifest,
register it in the library and build the preprocessing cache.

``genart dataset add`` calls :func:`declare_and_finalize` with the declaration its options
make; the GUI's dataset flow declares file by file in its report dialog, then calls
:func:`finalize_dataset`. Training on a plain folder (``training.training_data``) uses the
same two service calls, ``declarations.declare_open`` and ``finalize.finalize``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.datasets.declarations import Declaration, declare_open, readiness
from genart_desktop.datasets.finalize import finalize
from genart_desktop.datasets.model import ScanResult
from genart_desktop.provenance.obligations import Verdict


@dataclass
class DatasetOutcome:
    verdict: Verdict
    manifest: dict[str, Any] | None  # None when the verdict refuses training (nothing saved)


def declare_and_finalize(result: ScanResult, declaration: Declaration | None = None, name: str = "", *,
                         build: bool = True, progress: ProgressFn = no_progress,
                         should_stop: ShouldStop = never_stop) -> DatasetOutcome:
    """Declare (if asked) for the open files, then save the dataset when it may train."""
    if declaration is not None:
        declare_open(result, declaration)
    verdict = readiness(result)
    manifest = (finalize(result, name, build=build, progress=progress, should_stop=should_stop)
                if verdict.allowed else None)
    return DatasetOutcome(verdict, manifest)


def finalize_dataset(result: ScanResult, name: str = "", progress: ProgressFn = no_progress,
                     should_stop: ShouldStop = never_stop) -> dict[str, Any]:
    """Save a scan the artist has reviewed (and declared for) as a dataset; refused with the
    reasons when it may not train."""
    return finalize(result, name, progress=progress, should_stop=should_stop)


def list_datasets() -> list[dict[str, Any]]:
    from genart_desktop.datasets.manifest import list_datasets as saved

    return saved()


def left_out_of_cache(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, reason) of the included files the training cache had to leave out (a file that
    changed, went away or failed to decode after the scan)."""
    from genart_desktop.datasets.cache import dropped_files

    settings = manifest.get("settings", {})
    return dropped_files(manifest["id"], int(settings.get("size", 128)), str(settings.get("fit", "crop")))

"""Where the training images and their licence facts come from (the dataset-id glue).

A run's ``data`` is a :class:`~genart_desktop.training.request.DataSpec` (dataset, folder or
array), stored as JSON in run.json so a resume finds the same images. A folder is scanned by
the datasets engine (licence detection, a manifest); the licence the artist declared fills in
what the scan could not find. For arrays the declared licence is the
licence. The verdict comes from the provenance obligations engine; training is refused when
it does not allow it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from genart_desktop.core.errors import DatasetError, LicenceError
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.training.request import DataSpec

log = logging.getLogger(__name__)



@dataclass
class TrainingData:
    images: np.ndarray  # uint8 [N, S, S, 3]
    datasets: list[dict[str, Any]]  # [{"id", "name", "hash", "image_count"}]
    sources: list[dict[str, Any]]  # LicenceSource dicts
    verdict: dict[str, Any] | None
    expression: str = ""
    notes: list[str] = field(default_factory=list)
    spec: DataSpec | None = None  # set when the source became a dataset (folder → scan)

    def training_data_card(self) -> dict[str, Any]:
        return {"sources": self.sources, "expression": self.expression, "verdict": self.verdict}


def load(spec: DataSpec | dict[str, Any], resolution: int, progress: ProgressFn = no_progress,
         should_stop: ShouldStop = never_stop) -> TrainingData:
    spec = DataSpec.coerce(spec)
    if spec.kind == "dataset":
        return _from_dataset(spec.id, resolution, progress, should_stop)
    if spec.kind == "folder":
        dataset_id = folder_to_dataset(spec, resolution, progress, should_stop)
        data = _from_dataset(dataset_id, resolution, progress, should_stop)
        data.spec = DataSpec.dataset(dataset_id, from_folder=spec.path)
        return data
    path = Path(spec.path)  # an array
    if not path.is_file():
        raise DatasetError("The training array file is missing.", path=path)
    return _declared(spec, np.load(path, mmap_mode="r"), path.stem)


def _from_dataset(dataset_id: str, resolution: int, progress: ProgressFn,
                  should_stop: ShouldStop) -> TrainingData:
    from genart_desktop.datasets.cache import build_cache
    from genart_desktop.datasets.manifest import load_manifest

    manifest = load_manifest(dataset_id)
    cache = build_cache(dataset_id, resolution, progress=progress, should_stop=should_stop)
    images = np.load(cache, mmap_mode="r")
    verdict = manifest.get("verdict")
    _require_allowed(verdict, manifest.get("name", dataset_id))
    return TrainingData(
        images=images,
        datasets=[{"id": manifest["id"], "name": manifest.get("name", ""), "hash": manifest.get("hash", ""),
                   "content": content_hash(manifest), "image_count": len(images)}],
        sources=list(manifest.get("licence_sources", [])),
        verdict=verdict,
        expression=manifest.get("expression", ""),
    )


def content_hash(manifest: dict[str, Any]) -> str:
    """The included files' content (their sorted sha256s), whatever the manifest format: the same
    folder scanned by two app versions gets two dataset ids but one content hash."""
    digests = sorted(str(f.get("sha256", "")) for f in manifest.get("files", []) if f.get("included"))
    return "sha256:" + hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


def folder_to_dataset(spec: DataSpec | dict[str, Any], size: int, progress: ProgressFn = no_progress,
                      should_stop: ShouldStop = never_stop) -> str:
    """Scan a folder with the datasets engine (licence detection), apply the declared licence to
    the images whose licence was not found, and save the dataset; returns its id."""
    from genart_desktop.datasets import declarations
    from genart_desktop.datasets.finalize import finalize
    from genart_desktop.datasets.scan import scan

    spec = DataSpec.coerce(spec)
    folder = Path(spec.path)
    result = scan([folder], size=size, progress=lambda f, m: progress(0.5 * f, m), should_stop=should_stop)
    decl = declarations.declaration_for(spec.licence, attribution_name=spec.attribution_name,
                                        attribution_url=spec.attribution_url)
    if decl is not None and declarations.open_entries(result):
        declarations.declare_open(result, decl)
    verdict = declarations.readiness(result)
    if not verdict.allowed:
        raise LicenceError(
            f"The images in {folder.name!r} cannot be used for training yet: "
            + "; ".join(r.rstrip(".") for r in verdict.refusals) + ".",
            path=folder, hint="Declare a licence for them (--licence) or exclude the files concerned.",
        )
    manifest = finalize(result, spec.name or folder.name, build=False)
    return str(manifest["id"])


def _declared(spec: DataSpec, images: np.ndarray, name: str) -> TrainingData:
    licence = spec.licence.strip()
    if not licence:
        raise LicenceError(
            "No licence was declared for the training images.",
            path=spec.path or None,
            hint="Declare one (e.g. LicenseRef-Own for your own work, CC-BY-4.0 with an attribution).",
        )
    source = {"licence": licence, "attribution_name": spec.attribution_name,
              "attribution_url": spec.attribution_url, "source_url": spec.source_url,
              "count": len(images), "permission_text": "", "permission_date": ""}
    verdict, expression = evaluate_sources([source])
    _require_allowed(verdict, name)
    digest = hashlib.sha256(np.ascontiguousarray(images[: min(len(images), 256)]).tobytes()).hexdigest()
    return TrainingData(
        images=images,
        datasets=[{"id": None, "name": name, "hash": f"sha256:{digest}", "image_count": len(images)}],
        sources=[source], verdict=verdict, expression=expression,
    )


def evaluate_sources(sources: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The obligations verdict for these sources and their aggregate SPDX expression."""
    from genart_desktop.provenance.obligations import LicenceSource, evaluate

    verdict = evaluate([LicenceSource.from_dict(s) for s in sources])
    return verdict.to_dict(), verdict.expression


def _require_allowed(verdict: dict[str, Any] | None, name: str) -> None:
    if verdict is not None and not verdict.get("allowed", True):
        reasons = "; ".join(verdict.get("refusals", [])) or "the licences do not allow it"
        raise LicenceError(f"Training on {name!r} is not allowed: {reasons}.",
                           hint="Exclude the files concerned or record the permission, then try again.")


def merge_for_fine_tune(base_card: dict[str, Any], data: TrainingData) -> TrainingData:
    """The new model inherits the base model's datasets and licence sources (both sets of obligations).

    Images the base model was already trained on are not counted twice: a dataset of the new run
    that the base card lists (same id, manifest hash or content hash) adds no licence source. It
    is still listed, under the id this installation knows it by (the originality index is built
    from it; readers group the entries by content).
    """
    base = base_card.get("training_data") or {}
    base_datasets = list(base_card.get("datasets", []))
    seen_before = bool(data.datasets) and all(_listed(d, base_datasets) for d in data.datasets)
    sources = list(base.get("sources", []))
    notes = list(data.notes)
    if seen_before:
        notes.append(f"{data.datasets[0].get('name') or 'the dataset'} holds the images the base model "
                     "was trained on: its licence sources are counted once")
    else:
        sources += list(data.sources)
    verdict, expression = evaluate_sources(sources)
    _require_allowed(verdict, f"{base_card.get('name', 'the base model')} + {data.datasets[0]['name']}")
    base_ids = {d.get("id") for d in base_datasets}
    # Not listed again: the same id, or an id-less array the base card lists by its hash.
    again = [d for d in data.datasets
             if _listed(d, base_datasets) and (d.get("id") in base_ids or not d.get("id"))]
    datasets = base_datasets + [d for d in data.datasets if d not in again]
    return TrainingData(images=data.images, datasets=datasets,
                        sources=sources, verdict=verdict, expression=expression, notes=notes)


def _listed(dataset: dict[str, Any], among: list[dict[str, Any]]) -> bool:
    """The same dataset: same id or manifest hash, or the same files (content hash)."""
    for other in among:
        for key in ("id", "hash", "content"):
            if dataset.get(key) and dataset.get(key) == other.get(key):
                return True
    return False



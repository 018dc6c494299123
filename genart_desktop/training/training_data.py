"""Where the training images and their licence facts come from (the dataset-id glue).

A run's ``data`` spec is plain JSON, stored in run.json so a resume finds the same images:
  {"kind": "dataset", "id": …}          a datasets-engine dataset (manifest + cache)
  {"kind": "folder", "path": …, "licence": SPDX, "attribution_name", "attribution_url"}
  {"kind": "array", "path": ….npy, "licence": …, …}   a uint8 NHWC array (tests, benchmarks)
For folders and arrays the licence is the one the artist declared (as the GUI's licence
dialog does). The licence verdict comes from the provenance obligations engine when it is
installed in this build; training is refused when the verdict does not allow it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from genart_desktop.core.errors import DatasetError, LicenceError, NotAvailable
from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"}


@dataclass
class TrainingData:
    images: np.ndarray  # uint8 [N, S, S, 3]
    datasets: list[dict[str, Any]]  # [{"id", "name", "hash", "image_count"}]
    sources: list[dict[str, Any]]  # LicenceSource dicts
    verdict: dict[str, Any] | None
    expression: str = ""
    notes: list[str] = field(default_factory=list)

    def training_data_card(self) -> dict[str, Any]:
        return {"sources": self.sources, "expression": self.expression, "verdict": self.verdict}


def load(spec: dict[str, Any], resolution: int, progress: ProgressFn = no_progress,
         should_stop: ShouldStop = never_stop) -> TrainingData:
    kind = spec.get("kind")
    if kind == "dataset":
        return _from_dataset(spec["id"], resolution, progress, should_stop)
    if kind == "folder":
        images = load_folder(Path(spec["path"]), resolution, progress, should_stop)
        return _declared(spec, images, Path(spec["path"]).name)
    if kind == "array":
        path = Path(spec["path"])
        if not path.is_file():
            raise DatasetError("The training array file is missing.", path=path)
        return _declared(spec, np.load(path, mmap_mode="r"), path.stem)
    raise DatasetError(f"Unknown training data kind {kind!r}.")


def _from_dataset(dataset_id: str, resolution: int, progress: ProgressFn,
                  should_stop: ShouldStop) -> TrainingData:
    from genart_desktop import datasets

    if not all(hasattr(datasets, n) for n in ("load_manifest", "build_cache")):
        raise NotAvailable("Training on a dataset id needs the datasets engine, which this build lacks.",
                           hint="Train on a folder with a declared licence instead.")
    manifest = datasets.load_manifest(dataset_id)
    cache = datasets.build_cache(dataset_id, resolution, progress=progress, should_stop=should_stop)
    images = np.load(cache, mmap_mode="r")
    verdict = manifest.get("verdict")
    _require_allowed(verdict, manifest.get("name", dataset_id))
    return TrainingData(
        images=images,
        datasets=[{"id": manifest["id"], "name": manifest.get("name", ""), "hash": manifest.get("hash", ""),
                   "image_count": len(images)}],
        sources=list(manifest.get("licence_sources", [])),
        verdict=verdict,
        expression=manifest.get("expression", ""),
    )


def _declared(spec: dict[str, Any], images: np.ndarray, name: str) -> TrainingData:
    licence = (spec.get("licence") or "").strip()
    if not licence:
        raise LicenceError(
            "No licence was declared for the training images.",
            path=spec.get("path"),
            hint="Declare one (e.g. LicenseRef-Own for your own work, CC-BY-4.0 with an attribution).",
        )
    source = {"licence": licence, "attribution_name": spec.get("attribution_name", ""),
              "attribution_url": spec.get("attribution_url", ""), "source_url": spec.get("source_url", ""),
              "count": len(images), "permission_text": "", "permission_date": ""}
    verdict, expression = evaluate_sources([source])
    _require_allowed(verdict, name)
    digest = hashlib.sha256(np.ascontiguousarray(images[: min(len(images), 256)]).tobytes()).hexdigest()
    return TrainingData(
        images=images,
        datasets=[{"id": None, "name": name, "hash": f"sha256:{digest}", "image_count": len(images)}],
        sources=[source], verdict=verdict, expression=expression,
    )


def evaluate_sources(sources: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str]:
    """The obligations verdict for these sources (None when the provenance engine is absent)."""
    try:
        from genart_desktop.provenance.obligations import LicenceSource, evaluate
    except ImportError:
        log.warning("provenance obligations engine not in this build; the card's verdict stays empty")
        return None, " AND ".join(sorted({s["licence"] for s in sources}))
    known = set(LicenceSource.__dataclass_fields__)
    verdict = evaluate([LicenceSource(**{k: v for k, v in s.items() if k in known}) for s in sources])
    return verdict.to_dict(), verdict.expression


def _require_allowed(verdict: dict[str, Any] | None, name: str) -> None:
    if verdict is not None and not verdict.get("allowed", True):
        reasons = "; ".join(verdict.get("refusals", [])) or "the licences do not allow it"
        raise LicenceError(f"Training on {name!r} is not allowed: {reasons}.",
                           hint="Exclude the files concerned or record the permission, then try again.")


def load_folder(folder: Path, size: int, progress: ProgressFn = no_progress,
                should_stop: ShouldStop = never_stop) -> np.ndarray:
    """Every readable image under ``folder``, centre-cropped and resized to ``size``² RGB."""
    if not folder.is_dir():
        raise DatasetError("The training folder does not exist.", path=folder)
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
    out = []
    for i, path in enumerate(files):
        if i % 32 == 0:
            check_stop(should_stop)
            progress(i / max(len(files), 1), f"Reading images {i}/{len(files)}")
        try:
            with Image.open(path) as im:
                out.append(to_square_rgb(im, size))
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            log.warning("skipping %s: %s", path, exc)
    if not out:
        raise DatasetError("No readable images were found in the training folder.", path=folder,
                           hint="Use PNG, JPEG or WebP files.")
    return np.stack(out)


def to_square_rgb(im: Image.Image, size: int) -> np.ndarray:
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        background = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(background, im)
    im = ImageOps.fit(im.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
    return np.asarray(im, dtype=np.uint8)


def merge_for_fine_tune(base_card: dict[str, Any], data: TrainingData) -> TrainingData:
    """The new model inherits the base model's datasets and licence sources (both sets of obligations)."""
    base = base_card.get("training_data") or {}
    sources = list(base.get("sources", [])) + list(data.sources)
    verdict, expression = evaluate_sources(sources)
    if verdict is None:
        verdict = _conservative_merge(base.get("verdict"), data.verdict)
    _require_allowed(verdict, f"{base_card.get('name', 'the base model')} + {data.datasets[0]['name']}")
    return TrainingData(images=data.images, datasets=list(base_card.get("datasets", [])) + data.datasets,
                        sources=sources, verdict=verdict, expression=expression, notes=data.notes)


def _conservative_merge(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any] | None:
    """Without the obligations engine: every obligation of either side, allowed only if both are."""
    if a is None or b is None:
        return a or b
    outs = set(a.get("allowed_output_licences", [])) & set(b.get("allowed_output_licences", []))
    return {"allowed": bool(a.get("allowed")) and bool(b.get("allowed")),
            "refusals": list(a.get("refusals", [])) + list(b.get("refusals", [])),
            "obligations": list(a.get("obligations", [])) + list(b.get("obligations", [])),
            "allowed_output_licences": sorted(outs),
            "expression": f"({a.get('expression', '')}) AND ({b.get('expression', '')})"}

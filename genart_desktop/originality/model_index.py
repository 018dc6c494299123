"""The originality index of one model: where its training images are, where the index lives.

Training images are the dataset preprocessing caches named in the model card
(``datasets/<id>/cache-<resolution>-crop.npy``, docs/ARCHITECTURE.md), labelled with the manifest's
relative paths so the detail panel can show the nearest training image. The index is built
once per model and kept beside the model (``originality.npz``; the card's ``originality``
block gets the thresholds) or, for read-only bundled models, in the cache folder.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_json
from genart_desktop.core.errors import DatasetError, ModelError
from genart_desktop.core.model_card import ModelCard
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.originality.features import FeatureExtractor, shared_extractor
from genart_desktop.originality.index import OriginalityIndex, build_index, phash_bits

log = logging.getLogger(__name__)

AnyCard = ModelCard | dict[str, Any]  # the registry's card, or its JSON form

INDEX_NAME = "originality.npz"


def index_path(folder: Path, card: AnyCard) -> Path:
    if os.access(folder, os.W_OK):
        return folder / INDEX_NAME
    card = ModelCard.coerce(card)
    return paths.cache_dir() / "originality" / f"{card.id or folder.name}-{card.generator_sha256[:16]}.npz"


def _dataset_pixels(dataset_id: str, size: int, progress: ProgressFn, should_stop: ShouldStop) -> Path | None:
    cache = paths.datasets_dir() / dataset_id / f"cache-{size}-crop.npy"
    if cache.is_file():
        return cache
    from genart_desktop.datasets.cache import build_cache

    try:
        return Path(build_cache(dataset_id, size, "crop", progress=progress, should_stop=should_stop))
    except DatasetError as exc:
        log.warning("cannot rebuild the cache of dataset %s: %s", dataset_id, exc.describe())
        return None


def _labels(dataset_id: str, count: int) -> tuple[list[str], list[str]]:
    """(dataset:relative path, sha256) of the included files, in cache order."""
    manifest = paths.datasets_dir() / dataset_id / "manifest.json"
    try:
        files = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
        included = [f for f in files if f.get("included", True)]
        names = [f"{dataset_id}:{f['path']}" for f in included]
        shas = [str(f.get("sha256", "")) for f in included]
    except (OSError, ValueError, KeyError, TypeError):
        names, shas = [], []
    if len(names) != count:
        return [f"{dataset_id}:#{i}" for i in range(count)], [""] * count
    return names, shas


def training_images(card: AnyCard, *, progress: ProgressFn = no_progress,
                    should_stop: ShouldStop = never_stop
                    ) -> tuple[np.ndarray, list[str], list[str]] | None:
    """All training images as uint8 [N, H, W, 3] with labels and sha256s; None if unavailable."""
    card = ModelCard.coerce(card)
    size = card.resolution
    arrays, labels, shas = [], [], []
    for ids in _same_files_groups(card.dataset_dicts()):
        # One folder may be listed under several ids (a fine-tune on its base's own images, scanned
        # by another manifest version): its images once, from whichever id is on this machine.
        here = [i for i in ids if (paths.datasets_dir() / i / "manifest.json").is_file()]
        dataset_id = here[0] if here else ids[0]
        cache = _dataset_pixels(dataset_id, size, progress, should_stop) if dataset_id else None
        if cache is None:
            return None
        array = np.load(cache, mmap_mode="r")
        arrays.append(array)
        names, digests = _labels(dataset_id, len(array))
        labels += names
        shas += digests
    if not arrays:
        return None
    return (np.concatenate(arrays) if len(arrays) > 1 else arrays[0]), labels, shas


def _same_files_groups(datasets: list[dict[str, Any]]) -> list[list[str]]:
    """Dataset ids grouped by content hash (an entry without one is a group of its own)."""
    groups: dict[str, list[str]] = {}
    for n, entry in enumerate(datasets):
        key = str(entry.get("content") or f"#{n}")
        groups.setdefault(key, []).append(str(entry.get("id") or ""))
    return list(groups.values())


def _record_in_card(folder: Path, index: OriginalityIndex) -> None:
    card_path = folder / "card.json"
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        card["originality"] = {**(card.get("originality") or {}), **index.summary()}
        atomic_write_json(card_path, card)
    except (OSError, ValueError) as exc:  # the index file still holds the thresholds
        log.warning("could not record the originality thresholds in %s: %s", card_path, exc)


def load_or_build(folder: Path, card: AnyCard, *, extractor: FeatureExtractor | None = None,
                  progress: ProgressFn = no_progress, should_stop: ShouldStop = never_stop
                  ) -> OriginalityIndex | None:
    """The model's index, built from its training images the first time; None if they are gone."""
    path = index_path(folder, card)
    if path.is_file():
        try:
            return OriginalityIndex.load(path)
        except ModelError:
            log.warning("rebuilding the damaged originality index %s", path)
    found = training_images(card, progress=progress, should_stop=should_stop)
    if found is None:
        log.info("model %s: training images not available; originality not checked",
                 ModelCard.coerce(card).id)
        return None
    pixels, labels, shas = found
    index = build_index(pixels, labels, extractor or shared_extractor(), shas=shas, progress=progress,
                        should_stop=should_stop)
    index.save(path)
    if path.parent == folder:
        _record_in_card(folder, index)
    return index


class OriginalityChecker:
    """Checks generated images of any model; indexes are loaded (or built) once per model."""

    def __init__(self, extractor: FeatureExtractor | None = None) -> None:
        self._extractor = extractor
        self._indexes: dict[str, OriginalityIndex | None] = {}
        self._lock = threading.Lock()

    @property
    def extractor(self) -> FeatureExtractor:
        return self.open_extractor()

    def open_extractor(self, should_stop: ShouldStop = never_stop) -> FeatureExtractor:
        """The feature session, exported first if needed (stoppable: a one-off child process)."""
        if self._extractor is None:
            self._extractor = shared_extractor(should_stop=should_stop)
        return self._extractor

    def index_for(self, folder: Path, card: AnyCard, **callbacks: Any) -> OriginalityIndex | None:
        key = str(index_path(folder, card))
        with self._lock:
            if key not in self._indexes:
                # The extractor only when an index must be built (it may need a one-off export).
                self._indexes[key] = load_or_build(folder, card, extractor=self._extractor, **callbacks)
            return self._indexes[key]

    def check(self, folder: Path, card: AnyCard, pixels: np.ndarray) -> list[dict[str, Any] | None]:
        """One verdict per image (uint8 [N, H, W, 3]); None for each when the model has no index."""
        index = self.index_for(folder, card)
        if index is None:
            return [None] * len(pixels)
        return list(index.check(self.extractor.features(pixels), phash_bits(pixels)))

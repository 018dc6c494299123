"""Engine + originality checker + gallery store, wired once: what jobs and the CLI call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np

from genart_desktop.core.errors import Cancelled, GenArtError
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.generation.engine import Engine, default_engine
from genart_desktop.generation.registry import ModelInfo, find_model
from genart_desktop.generation.results import GeneratedImage
from genart_desktop.generation.service import GenerationRequest, run_generation
from genart_desktop.generation.store import GalleryStore
from genart_desktop.library import Library
from genart_desktop.originality.model_index import OriginalityChecker

log = logging.getLogger(__name__)


class Pipeline:
    def __init__(self, library: Library | None = None, *, engine: Engine | None = None,
                 checker: OriginalityChecker | None = None, check_originality: bool = True,
                 library_provider: Callable[[], Library] | None = None) -> None:
        self.engine = engine or default_engine()
        # The library is opened on first store (in the worker thread), not when the GUI starts:
        # a damaged library must not stop the window from opening.
        self._library = library
        self._provider = library_provider
        self._store: GalleryStore | None = None
        self.checker = (checker or OriginalityChecker()) if check_originality else None

    @property
    def store(self) -> GalleryStore | None:
        if self._store is None:
            library = self._library or (self._provider() if self._provider else None)
            self._store = GalleryStore(library) if library is not None else None
        return self._store

    @property
    def library(self) -> Library | None:
        return self.store.library if self.store is not None else None

    def _originality(self, info: ModelInfo, pixels: np.ndarray) -> list[dict[str, Any] | None]:
        assert self.checker is not None
        try:
            return self.checker.check(info.folder, info.card, pixels)
        except GenArtError as exc:  # a missing feature net must not lose the images
            log.warning("originality check skipped for %s: %s", info.id, exc.describe())
            return [None] * len(pixels)

    def warm(self, model: str | ModelInfo, *, progress: ProgressFn = no_progress,
             should_stop: ShouldStop = never_stop) -> str:
        """Open the session and load (or build) the originality index; returns the device."""
        info = model if isinstance(model, ModelInfo) else find_model(model)
        progress(0.0, f"Loading {info.name}…")
        device = self.engine.warm(info)
        if self.checker is not None:
            try:
                index = self.checker.index_for(info.folder, info.card, progress=progress,
                                               should_stop=should_stop)
                if index is not None:
                    self.checker.open_extractor(should_stop)  # now, not at the first image
            except Cancelled:
                raise
            except GenArtError as exc:
                log.warning("originality index for %s unavailable: %s", info.id, exc.describe())
        progress(1.0, f"{info.name} ready on {device}")
        return device

    def run(self, request: GenerationRequest, *, on_image: Callable[[GeneratedImage], None] | None = None,
            progress: ProgressFn = no_progress, should_stop: ShouldStop = never_stop,
            keep: bool = True) -> list[GeneratedImage]:
        """``keep=False``: generate (and check) without adding the images to the gallery, e.g.
        the frames of an animation that the artist keeps only as the animation file."""
        return run_generation(
            request, engine=self.engine, on_image=on_image,
            originality=self._originality if self.checker is not None else None,
            store=self.store if keep else None, progress=progress, should_stop=should_stop)

"""The GUI's way into generation: model list, warm sessions, generation runs as Jobs.

``GenerationController`` lives in the GUI thread. Work runs in :class:`Job` threads; every
finished image is announced with ``image_ready`` (a queued signal, so slots run in the GUI
thread) while the rest are still being generated. ``ui/`` never imports generation/: it
gets plain objects and dictionaries from here.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from genart_desktop.core import paths
from genart_desktop.core.errors import LibraryError
from genart_desktop.generation import registry
from genart_desktop.generation.animation import default_animation_path, save_animation
from genart_desktop.generation.gallery_latents import image_interpolation_request, like_image_request
from genart_desktop.generation.pipeline import Pipeline
from genart_desktop.generation.registry import ModelInfo
from genart_desktop.generation.results import GeneratedImage
from genart_desktop.generation.service import (
    GenerationRequest,
    seed_interpolation_request,
    walk_request,
)
from genart_desktop.generation.vae import DEFAULT_CHANGE as VARIATION_CHANGE

__all__ = ["VARIATION_CHANGE", "GenerationController", "GenerationRequest", "ModelsWatcher", "card_summary",
           "random_seed"]
from genart_desktop.jobs.job import Job
from genart_desktop.jobs.manager import JobManager
from genart_desktop.library import Library

log = logging.getLogger(__name__)


def random_seed() -> int:
    return secrets.randbelow(2**31)


def card_summary(info: ModelInfo) -> dict[str, Any]:
    """What the Generate and Models panels show about a model (plain data, no generation types)."""
    card = info.card
    return {
        "id": info.id, "name": info.name, "kind": info.kind, "resolution": info.resolution,
        "z_dim": info.z_dim, "architecture": card.architecture, "bundled": info.bundled,
        # One line per distinct dataset: a model fine-tuned on its base's own images lists the
        # same folder under two dataset ids (two manifest versions), with one name and count.
        "datasets": list(dict.fromkeys(f"{d.label} ({'?' if d.image_count is None else d.image_count} images)"
                                       for d in card.datasets)),
        "licence": card.licence_expression or "unknown",
        "obligations": card.obligations,
        "attributions": card.attributions,
        "steps": card.training_steps,
        "kid": card.quality.get("kid"),
        "psi": info.default_psi, "psi_why": card.sampling.get("why"),
        "originality_threshold": card.originality.get("threshold"),
        "folder": str(info.folder),
    }


def _library_of(pipeline: Pipeline) -> Library:
    """The library a request reads gallery images from (opened by the pipeline's store)."""
    library = pipeline.library
    if library is None:
        raise LibraryError("The image library is not available, so its images cannot be used.")
    return library


class ModelsWatcher(QObject):
    """Re-scans the model folders when something changes in them (a model was trained/copied in)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, delay_ms: int = 400) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)  # a model folder is written file by file: wait for quiet
        self._timer.timeout.connect(self._rescan)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self.models: list[ModelInfo] = []
        self.unusable: list[registry.Unusable] = []  # folders whose card was refused, with why
        self._watch()

    def _watch(self) -> None:
        folders = [str(root) for root, _bundled in registry.model_roots() if root.is_dir()]
        folders += [str(m.folder) for m in self.models]
        missing = [f for f in folders if f not in self._watcher.directories()]
        if missing:
            self._watcher.addPaths(missing)

    def _rescan(self) -> None:
        self.scan()
        self.changed.emit()

    def scan(self) -> list[ModelInfo]:
        paths.ensure(paths.models_dir())
        self.models, self.unusable = registry.scan_all()
        self._watch()
        return list(self.models)


class GenerationController(QObject):
    image_ready = Signal(object)  # GeneratedImage (pixels, data, image_id, seed, originality)
    device_changed = Signal(str, str)  # model id, device description
    models_changed = Signal()
    run_finished = Signal(object)  # list[GeneratedImage] or None when cancelled/failed
    animation_saved = Signal(str)

    def __init__(self, jobs: JobManager | None = None, *, library: Any = None,
                 library_provider: Callable[[], Any] | None = None,
                 pipeline_factory: Callable[..., Pipeline] | None = None,
                 watcher: ModelsWatcher | None = None) -> None:
        super().__init__()
        self.jobs = jobs or JobManager()
        self._library = library
        self._owns_library = library is None and library_provider is None
        self._provider = library_provider or self._open_own_library
        self._pipeline: Pipeline | None = None
        self._factory = pipeline_factory or (lambda lib, **kw: Pipeline(lib, **kw))
        self.watcher = watcher or ModelsWatcher(self)  # the window shares one with the Models panel
        self.watcher.changed.connect(self.models_changed.emit)
        self.current: Job | None = None
        self.warming: Job | None = None
        # Warm-ups are housekeeping, not user tasks: their own manager, so quitting never asks
        # "1 task is still running" about them; close() waits for them.
        self._warm_jobs = JobManager()
        self.devices: dict[str, str] = {}

    # -- models --------------------------------------------------------------------------
    def refresh_models(self) -> list[ModelInfo]:
        return self.watcher.scan()

    def models(self) -> list[ModelInfo]:
        return list(self.watcher.models)

    def model(self, model_id: str) -> ModelInfo | None:
        return next((m for m in self.watcher.models if m.id == model_id), None)

    def _open_own_library(self) -> Any:
        from genart_desktop.library import Library

        self._library = Library.open()
        return self._library

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = self._factory(self._library, library_provider=self._provider)
        return self._pipeline

    # -- work ----------------------------------------------------------------------------
    def warm(self, model_id: str) -> Job | None:
        """Create the model's session (and originality index) in the background."""
        info = self.model(model_id)
        if info is None:
            return None
        pipeline = self.pipeline
        job = Job(pipeline.warm, info, name=f"warm:{model_id}")
        job.succeeded.connect(lambda device, mid=model_id: self._set_device(mid, device))
        job.errored.connect(lambda exc: log.warning("warming %s failed: %s", model_id, exc))
        self.warming = job
        return self._warm_jobs.start(job)

    def _set_device(self, model_id: str, device: str) -> None:
        self.devices[model_id] = device
        self.device_changed.emit(model_id, device)

    def _start(self, build: Callable[[], GenerationRequest], name: str,
               after: Callable[[list[GeneratedImage]], None] | None = None, keep: bool = True) -> Job:
        pipeline = self.pipeline

        def work(*, progress, should_stop) -> list[GeneratedImage]:
            request = build()  # may read the library or encode a picture: off the GUI thread
            results = pipeline.run(request, on_image=self.image_ready.emit, progress=progress,
                                   should_stop=should_stop, keep=keep)
            if results:
                self.devices[results[0].model.id] = results[0].device
            if after is not None:
                after(results)
            return results

        job = Job(work, name=name)
        job.succeeded.connect(self.run_finished.emit)
        job.cancelled.connect(lambda: self.run_finished.emit(None))
        job.errored.connect(lambda exc: self.run_finished.emit(None))
        self.current = job
        return self.jobs.start(job)

    def generate(self, request: GenerationRequest) -> Job:
        return self._start(lambda: request, f"generate:{request.model}")

    def interpolate_seeds(self, model_id: str, seed_a: int, seed_b: int, frames: int, *,
                          animation: str = "webp", walk: bool = False, keep_frames: bool = True,
                          **kwargs: Any) -> Job:
        """``frames`` images in all: a walk (there and back) makes ``frames // 2`` per leg."""
        info = self.model(model_id)
        if info is None:
            raise KeyError(model_id)

        def build() -> GenerationRequest:
            if walk:
                return walk_request(info, [seed_a, seed_b], max(1, frames // 2), **kwargs)
            return seed_interpolation_request(info, seed_a, seed_b, frames, **kwargs)

        return self._start(build, f"interpolate:{model_id}", self._animation_writer(model_id, animation),
                           keep=keep_frames)

    def interpolate_images(self, first_id: int, second_id: int, frames: int, *,
                           animation: str = "webp", keep_frames: bool = True, **kwargs: Any) -> Job:
        pipeline = self.pipeline

        def build() -> GenerationRequest:
            return image_interpolation_request(_library_of(pipeline), first_id, second_id, frames, **kwargs)

        return self._start(build, "interpolate-images", self._animation_writer("images", animation),
                           keep=keep_frames)

    def generate_like(self, image_id: int, count: int = 8, strength: float = 0.3, **kwargs: Any) -> Job:
        """The gallery's "Generate more like this" (``generate_like_requested(image_id)``)."""
        pipeline = self.pipeline
        seeds = [random_seed() for _ in range(count)]
        return self._start(lambda: like_image_request(_library_of(pipeline), image_id, seeds, strength,
                                                      **kwargs),
                           f"like:{image_id}")

    def variations(self, model_id: str, picture: Path, count: int, change: float, seed: int,
                   **kwargs: Any) -> Job:
        from PIL import Image

        from genart_desktop.generation.vae import variation_request

        info = self.model(model_id)
        if info is None:
            raise KeyError(model_id)
        pipeline = self.pipeline

        def build() -> GenerationRequest:
            with Image.open(picture) as opened:
                opened.load()
                return variation_request(pipeline.engine, info, opened, count, change=change,
                                         seed=seed, **kwargs)

        return self._start(build, f"variations:{model_id}")

    def _animation_writer(self, model_id: str, fmt: str) -> Callable[[list[GeneratedImage]], None]:
        def write(results: list[GeneratedImage]) -> None:
            if len(results) >= 2 and fmt:
                path = save_animation([r.pixels for r in results],
                                      default_animation_path(results[0].model.id or model_id, fmt))
                self.animation_saved.emit(str(path))

        return write

    def cancel(self) -> None:
        if self.current is not None:
            self.current.cancel()

    def close(self) -> None:
        """Cancel and wait for this controller's jobs (window closing, tests)."""
        if self.current is not None:
            self.current.cancel()
            self.current.wait()
        self._warm_jobs.shutdown()
        if self._owns_library and self._library is not None:
            self._library.close()
            self._library = None
            self._pipeline = None

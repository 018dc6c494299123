"""Live latent exploration off the GUI thread: the directions of a model (computed once and
cached, ``generation.directions``), a preview rendered for the newest slider position (older
positions still waiting are dropped, so a moving slider never queues work), and "keep", which
generates the current picture through the normal pipeline into the gallery with the
directions and amounts in its provenance."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from genart_desktop.jobs.generation_jobs import GenerationController, GenerationRequest
from genart_desktop.jobs.job import Job

log = logging.getLogger(__name__)


class LatentExplorer(QObject):
    directions_ready = Signal(object)  # LatentDirections
    preview_ready = Signal(object)  # uint8 [H, W, 3]
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, controller: GenerationController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model_id: str | None = None
        self.seed = 0
        self.directions: Any = None
        self.amounts: list[float] = []
        self._base: np.ndarray | None = None
        self._render: Job | None = None
        self._pending: tuple[str, np.ndarray, int] | None = None
        self._loading: Job | None = None
        self._encoding: Job | None = None
        self.picture_digest: str | None = None  # a VAE explored from a picture: its pixels' hash
        self.renders = 0  # how many previews were rendered (tests, the benchmark)

    # -- the model and its directions ------------------------------------------------------------
    def load(self, model_id: str, seed: int) -> Job | None:
        info = self.controller.model(model_id)
        if info is None:
            self.failed.emit(f"No model {model_id}.")
            return None
        from genart_desktop.generation import latents as lat
        from genart_desktop.generation.directions import directions_for

        self.model_id, self.seed, self.directions = model_id, seed, None
        self._base = lat.latents_for_seeds([seed], info.z_dim)[0]
        engine = self.controller.pipeline.engine
        job = Job(lambda progress, should_stop: directions_for(engine, info, progress=progress,
                                                                 should_stop=should_stop),
                  name=f"directions:{model_id}")
        job.succeeded.connect(lambda found, m=model_id: self._directions_done(m, found))
        job.errored.connect(lambda exc: self.failed.emit(getattr(exc, "user_message", str(exc))))
        job.finished.connect(lambda: self.busy_changed.emit(False))
        self._loading = job
        self.busy_changed.emit(True)
        job.start()
        return job

    def _directions_done(self, model_id: str, found: Any) -> None:
        if model_id != self.model_id:
            return
        self.directions = found
        self.amounts = [0.0] * found.count
        self.directions_ready.emit(found)
        self.request_preview()

    def set_seed(self, seed: int) -> None:
        info = self.controller.model(self.model_id or "")
        if info is None:
            return
        from genart_desktop.generation import latents as lat

        self.seed, self.picture_digest = seed, None
        self._base = lat.latents_for_seeds([seed], info.z_dim)[0]
        self.request_preview()

    def set_picture(self, path: str) -> Job | None:
        """A VAE: start from the encoder's latent (μ) of this picture instead of a seed's."""
        info = self.controller.model(self.model_id or "")
        if info is None:
            return None
        engine = self.controller.pipeline.engine

        def encode() -> tuple[np.ndarray, str]:
            from PIL import Image

            from genart_desktop.generation.vae import _picture_digest, encode_picture

            with Image.open(path) as opened:
                picture = opened.convert("RGB")
            mu, _ = encode_picture(engine, info, picture)
            return mu, _picture_digest(picture)

        job = Job(encode, name="latent-encode", pass_callbacks=False)
        job.succeeded.connect(self._encoded)
        job.errored.connect(lambda exc: self.failed.emit(getattr(exc, "user_message", str(exc))))
        self._encoding = job
        job.start()
        return job

    def _encoded(self, found: tuple[np.ndarray, str]) -> None:
        self._base, self.picture_digest = np.asarray(found[0], np.float32), found[1]
        self.request_preview()

    # -- sliders → preview -----------------------------------------------------------------------
    def current_latent(self) -> np.ndarray | None:
        if self._base is None or self.directions is None:
            return None
        return self.directions.apply(self._base, self.amounts)

    def set_amount(self, index: int, amount: float) -> None:
        if 0 <= index < len(self.amounts):
            self.amounts[index] = float(amount)
            self.request_preview()

    def reset(self) -> None:
        self.amounts = [0.0] * len(self.amounts)
        self.request_preview()

    def request_preview(self) -> None:
        z = self.current_latent()
        if z is None or self.model_id is None:
            return
        self._pending = (self.model_id, z, self.seed)
        if self._render is None:
            self._start_render()

    def _start_render(self) -> None:
        if self._pending is None:
            return
        model_id, z, seed = self._pending
        self._pending = None
        info = self.controller.model(model_id)
        if info is None:
            return
        engine = self.controller.pipeline.engine

        def render() -> np.ndarray:
            from genart_desktop.generation.images import to_uint8

            return to_uint8(engine.generate(info, z[None, :], [seed]))[0]

        job = Job(render, name="latent-preview", pass_callbacks=False)
        job.succeeded.connect(self._rendered)
        job.errored.connect(lambda exc: self.failed.emit(getattr(exc, "user_message", str(exc))))
        job.finished.connect(self._render_finished)
        self._render = job
        job.start()

    def _rendered(self, pixels: np.ndarray) -> None:
        self.renders += 1
        self.preview_ready.emit(pixels)

    def _render_finished(self) -> None:
        job, self._render = self._render, None
        if job is not None:
            job.wait()
        self._start_render()  # the newest position that arrived meanwhile, if any

    # -- keep --------------------------------------------------------------------------------------
    def keep(self) -> Job | None:
        """Generate the current picture into the gallery, its directions and amounts recorded."""
        z = self.current_latent()
        if z is None or self.model_id is None or self.directions is None:
            return None
        base = ({"base_picture_sha256": self.picture_digest} if self.picture_digest
                else {"base_seed": self.seed})
        edit = self.directions.describe(self.amounts) | base
        request = GenerationRequest(model=self.model_id, seeds=[self.seed], latents=[z.tolist()],
                                    mode="latent-sliders", extra={"latent_edit": edit})
        return self.controller.generate(request)

    def shutdown(self) -> None:
        for job in (self._loading, self._render, self._encoding):
            if job is not None:
                job.cancel()
                job.wait()
        self._pending = None

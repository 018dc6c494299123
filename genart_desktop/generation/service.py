"""The generation pipeline: request → latents → ONNX → pixels → edits → originality → gallery.

:func:`run_generation` is what the GUI job, the CLI and the benchmark call. It streams: the
first image is generated alone (so it appears as soon as it exists), the rest in batches, and
``on_image`` is called for every finished picture. Because each image's latent comes from its
own seed (latents.py), splitting into batches never changes the pixels.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from genart_desktop.core.errors import GenerationError
from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.generation import images as imgs
from genart_desktop.generation import latents as lat
from genart_desktop.generation.engine import Engine, default_engine
from genart_desktop.generation.postprocess import apply_edits, validate
from genart_desktop.generation.registry import ModelInfo, find_model
from genart_desktop.generation.results import GeneratedImage, utc_now

log = logging.getLogger(__name__)

MAX_BATCH = 256
# Pixels per ONNX Runtime run: bounds the activation memory of one run (≈1 GB per layer for
# 64 images of 256 px). Batching does not change pixels, and per-image speed is flat beyond
# this size (bench_generate: 26.3 vs 26.5 img/s at batch 16 vs 64, 256 px, CPU).
MAX_PIXELS_PER_RUN = 16 * 256 * 256


def effective_batch(requested: int, resolution: int) -> int:
    by_pixels = MAX_PIXELS_PER_RUN // max(1, resolution * resolution)
    return max(1, min(MAX_BATCH, int(requested), by_pixels))
OriginalityFn = Callable[[ModelInfo, np.ndarray], list[dict[str, Any] | None]]
StoreFn = Callable[[GeneratedImage], int | None]


@dataclass
class GenerationRequest:
    model: str  # id or name
    seeds: list[int] = field(default_factory=lambda: [0])
    # Explicit latents (interpolation, "generate more like this") replace the seeds' latents and
    # are used as they are (no truncation): they already are what the network should see.
    latents: list[list[float]] | None = None
    batch_size: int = 16
    psi: float = 1.0  # truncation ψ for a GAN, temperature for a VAE
    edits: list[dict[str, Any]] = field(default_factory=list)
    fmt: str = "png"
    mode: str = "sample"
    extra: dict[str, Any] = field(default_factory=dict)  # recorded in the parameters

    def count(self) -> int:
        return len(self.latents) if self.latents is not None else len(self.seeds)


def prepare_latents(info: ModelInfo, request: GenerationRequest) -> tuple[np.ndarray, list[int | None]]:
    if request.latents is not None:
        z = np.asarray(request.latents, np.float32)
        if z.ndim != 2 or z.shape[1] != info.z_dim:
            raise GenerationError(f"The latents do not fit the model {info.name!r} "
                                  f"(expected {info.z_dim} values each, got shape {list(z.shape)}).",
                                  hint="Interpolate only between images made by the same model.")
        seeds: list[int | None] = list(request.seeds) if len(request.seeds) == len(z) else [None] * len(z)
        return z, seeds
    try:
        z = lat.latents_for_seeds(list(request.seeds), info.z_dim)
    except ValueError as exc:
        raise GenerationError(str(exc), hint="Seeds are whole numbers from 0 upwards.") from exc
    mean = info.truncation_centre
    return lat.truncate(z, request.psi, mean), list(request.seeds)


def parameters_for(info: ModelInfo, request: GenerationRequest, batch: int) -> dict[str, Any]:
    params: dict[str, Any] = {
        "mode": request.mode,
        "resolution": info.resolution,
        "batch_size": batch,
        "latent_generator": f"numpy.random.Generator({lat.BIT_GENERATOR}(seed)).standard_normal",
    }
    if request.latents is None:
        params["truncation_psi" if info.kind == "gan" else "temperature"] = float(request.psi)
        params["truncation_centre"] = "latent_mean" if info.truncation_centre else "zero"
    params.update(request.extra)
    return params


def _chunks(count: int, batch_size: int) -> list[tuple[int, int]]:
    """The first image alone (it shows up at once), then full batches."""
    if count <= 0:
        return []
    spans, start = [(0, 1)], 1
    while start < count:
        spans.append((start, min(count, start + batch_size)))
        start = spans[-1][1]
    return spans


def run_generation(
    request: GenerationRequest,
    *,
    engine: Engine | None = None,
    info: ModelInfo | None = None,
    on_image: Callable[[GeneratedImage], None] | None = None,
    originality: OriginalityFn | None = None,
    store: StoreFn | None = None,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> list[GeneratedImage]:
    """Generate ``request``; ``store`` saves each image (returns its gallery id), ``on_image`` streams."""
    engine = engine or default_engine()
    info = info or find_model(request.model)
    for edit in request.edits:
        validate(edit)
    if request.fmt.lower() not in ("png", "webp", "jpg", "jpeg"):
        raise GenerationError(f"Unsupported image format {request.fmt!r}.", hint="Use png, webp or jpg.")
    batch_size = effective_batch(request.batch_size, info.resolution)
    z, seeds = prepare_latents(info, request)
    count = len(z)
    progress(0.0, f"Loading {info.name}…")
    device = engine.device(info)
    results: list[GeneratedImage] = []
    started = time.perf_counter()
    for lo, hi in _chunks(count, batch_size):
        check_stop(should_stop)
        batch_seeds = [s if s is not None else 0 for s in seeds[lo:hi]]
        pixels = imgs.to_uint8(engine.generate(info, z[lo:hi], batch_seeds))
        params = parameters_for(info, request, batch_size)
        outputs = []
        for offset, array in enumerate(pixels):
            picture, applied = apply_edits(imgs.to_pil(array), request.edits)
            final = np.asarray(picture.convert("RGB"))
            outputs.append(GeneratedImage(
                model=info, index=lo + offset, seed=seeds[lo + offset], latent=z[lo + offset].copy(),
                pixels=final, data=imgs.encode(picture, request.fmt), fmt=request.fmt.lower(),
                parameters=params, edits=applied, device=device, created=utc_now()))
        if originality is not None:
            for image, verdict in zip(outputs, originality(info, np.stack([o.pixels for o in outputs])),
                                      strict=True):
                image.originality = verdict
        for image in outputs:
            if store is not None:
                image.image_id = store(image)
            results.append(image)
            if on_image is not None:
                on_image(image)
        progress(hi / count, f"{hi} of {count} images")
    log.info("generated %d images with %s on %s in %.3f s", count, info.id, device,
             time.perf_counter() - started)
    return results


def interpolation_request(model: str, start: list[float], end: list[float], frames: int, *,
                          extra: dict[str, Any] | None = None, **kwargs: Any) -> GenerationRequest:
    """``frames`` images along the great circle from latent ``start`` to ``end`` (inclusive)."""
    path = lat.slerp_frames(np.asarray(start, np.float32), np.asarray(end, np.float32), frames)
    return GenerationRequest(model=model, latents=path.tolist(), mode="interpolation",
                             extra={"frames": frames, "method": "slerp", **(extra or {})}, **kwargs)


def seed_interpolation_request(info: ModelInfo, seed_a: int, seed_b: int, frames: int,
                               psi: float = 1.0, **kwargs: Any) -> GenerationRequest:
    mean = info.truncation_centre
    a = lat.truncate(lat.latent_for_seed(seed_a, info.z_dim)[None], psi, mean)[0]
    b = lat.truncate(lat.latent_for_seed(seed_b, info.z_dim)[None], psi, mean)[0]
    return interpolation_request(info.id, a.tolist(), b.tolist(), frames,
                                 extra={"from_seed": seed_a, "to_seed": seed_b, "psi": psi}, **kwargs)


def walk_request(info: ModelInfo, seeds: list[int], frames_per_step: int, psi: float = 1.0,
                 **kwargs: Any) -> GenerationRequest:
    mean = info.truncation_centre
    path = lat.truncate(lat.latent_walk(seeds, info.z_dim, frames_per_step), psi, mean)
    return GenerationRequest(model=info.id, latents=path.tolist(), mode="latent-walk",
                             extra={"walk_seeds": list(seeds), "frames_per_step": frames_per_step,
                                    "psi": psi}, **kwargs)


def like_request(model: str, latent: list[float], seeds: list[int], strength: float = 0.3,
                 *, source_image_id: int | None = None, **kwargs: Any) -> GenerationRequest:
    """"Generate more like this": each seed's latent pulled to within ``strength`` of a stored latent."""
    base = np.asarray(latent, np.float32)
    near = [lat.slerp(base, lat.latent_for_seed(s, len(base)), strength) for s in seeds]
    return GenerationRequest(model=model, seeds=list(seeds), latents=np.stack(near).tolist(), mode="like",
                             extra={"like_image_id": source_image_id, "strength": strength}, **kwargs)

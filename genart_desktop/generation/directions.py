"""Main directions of a generator's latent space (GANSpace-style), for the latent sliders.

GANSpace (Härkönen et al., 2020) finds interpretable controls by PCA of a network's features
over many sampled latents and carries the principal directions back to the latent space. Here
the "features" are the generator's output pictures pooled to 16×16 (what the artist sees, and
available for any exported ONNX generator without opening its graph): sample ``samples``
latents, PCA of the pooled pictures, then a least-squares map from the PCA coordinates back to
the latents gives one unit direction in z per component. z itself is isotropic Gaussian, so a
PCA of the latents alone would find nothing. Computed once per generator file and cached.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.generation import latents as lat
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.registry import ModelInfo

POOL = 16  # pictures are average-pooled to POOL × POOL before the PCA
DEFAULT_SAMPLES = 512
DEFAULT_COMPONENTS = 8
BATCH = 64
SAMPLE_SEED_BASE = 10_000_000  # the sampled latents' seeds: fixed, so the result is reproducible


@dataclass(frozen=True)
class LatentDirections:
    """Unit directions in z (``components`` [k, z_dim]), the share of the pictures' variation
    each explains, and the spread of the sampled latents along each (for the slider range)."""

    components: np.ndarray
    explained: np.ndarray
    spread: np.ndarray
    samples: int
    method: str = "pca-of-pooled-outputs"

    @property
    def count(self) -> int:
        return int(self.components.shape[0])

    def apply(self, z: np.ndarray, amounts: list[float] | np.ndarray) -> np.ndarray:
        """``z`` [z_dim] moved ``amounts[i]`` spreads along direction i."""
        steps = np.zeros(self.count, np.float32)
        given = np.asarray(amounts, np.float32)[: self.count]
        steps[: len(given)] = given
        return (np.asarray(z, np.float32) + (steps * self.spread) @ self.components).astype(np.float32)

    def describe(self, amounts: list[float]) -> dict:
        """What goes into the provenance record of an image made with the sliders."""
        return {"method": self.method, "samples": self.samples,
                "amounts": {f"direction {i + 1}": round(float(a), 3) for i, a in enumerate(amounts) if a},
                "explained_variance": [round(float(e), 4) for e in self.explained]}


def _pooled(images: np.ndarray) -> np.ndarray:
    n, c, h, w = images.shape
    if h % POOL or w % POOL:
        return images.reshape(n, -1)
    return images.reshape(n, c, POOL, h // POOL, POOL, w // POOL).mean(axis=(3, 5)).reshape(n, -1)


def compute_directions(engine: Engine, info: ModelInfo, *, samples: int = DEFAULT_SAMPLES,
                       components: int = DEFAULT_COMPONENTS, progress: ProgressFn = no_progress,
                       should_stop: ShouldStop = never_stop) -> LatentDirections:
    seeds = list(range(SAMPLE_SEED_BASE, SAMPLE_SEED_BASE + samples))
    z = lat.latents_for_seeds(seeds, info.z_dim)
    features = []
    for start in range(0, samples, BATCH):
        check_stop(should_stop)
        chunk = slice(start, start + BATCH)
        features.append(_pooled(engine.generate(info, z[chunk], seeds[chunk])))
        progress(min(1.0, (start + BATCH) / samples) * 0.95, "Finding the main directions…")
    x = np.concatenate(features).astype(np.float64)
    x -= x.mean(axis=0)
    _, singular, vt = np.linalg.svd(x, full_matrices=False)
    k = min(components, vt.shape[0])
    coords = x @ vt[:k].T  # [samples, k]
    coords /= coords.std(axis=0) + 1e-8  # one unit = one standard deviation of that component
    back, *_ = np.linalg.lstsq(coords, z.astype(np.float64), rcond=None)  # [k, z_dim]
    spread = np.linalg.norm(back, axis=1)
    units = back / (spread[:, None] + 1e-8)
    variance = singular**2
    progress(1.0, "Directions ready")
    return LatentDirections(units.astype(np.float32), (variance[:k] / variance.sum()).astype(np.float32),
                            spread.astype(np.float32), samples)


def cache_path(info: ModelInfo, samples: int, components: int) -> Path:
    from genart_desktop.core import paths

    digest = info.generator_sha256 or hashlib.sha256(str(info.generator_path).encode()).hexdigest()
    return paths.cache_dir() / "directions" / f"{digest[:24]}-{samples}-{components}.npz"


def directions_for(engine: Engine, info: ModelInfo, *, samples: int = DEFAULT_SAMPLES,
                   components: int = DEFAULT_COMPONENTS, progress: ProgressFn = no_progress,
                   should_stop: ShouldStop = never_stop) -> LatentDirections:
    """The cached directions of this generator, computed on first use."""
    from genart_desktop.core.atomic import atomic_writer

    path = cache_path(info, samples, components)
    if path.is_file():
        try:
            with np.load(path) as saved:
                return LatentDirections(saved["components"], saved["explained"], saved["spread"],
                                        int(saved["samples"]))
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file: compute again
    found = compute_directions(engine, info, samples=samples, components=components, progress=progress,
                               should_stop=should_stop)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as handle:
        np.savez(handle, components=found.components, explained=found.explained, spread=found.spread,
                 samples=np.int64(found.samples))
    return found

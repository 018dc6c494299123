"""Latent vectors from seeds, truncation, temperature and spherical interpolation.

Determinism: the latent of seed ``s`` is ``numpy.random.Generator(PCG64(s)).standard_normal(
z_dim, dtype=float32)``. PCG64 is NumPy's documented, stable bit generator, and a stream per
image (rather than one stream for a whole batch) means seed 7 gives the same image alone, in
a batch of 64, or in a seed range — so batching never changes the pixels. Extra noise inputs
(a generator that takes explicit noise) draw from ``PCG64([s, k])`` for input number ``k``.
"""

from __future__ import annotations

import numpy as np

BIT_GENERATOR = "PCG64"
MAX_SEED = 2**63 - 1


def rng_for(seed: int, stream: int | None = None) -> np.random.Generator:
    if not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"seed must be between 0 and {MAX_SEED}, got {seed}")
    entropy = int(seed) if stream is None else [int(seed), int(stream)]
    return np.random.Generator(np.random.PCG64(entropy))


def latent_for_seed(seed: int, z_dim: int) -> np.ndarray:
    """The standard-normal latent of one seed, float32 [z_dim]."""
    return rng_for(seed).standard_normal(z_dim, dtype=np.float32)


def latents_for_seeds(seeds: list[int], z_dim: int) -> np.ndarray:
    return np.stack([latent_for_seed(s, z_dim) for s in seeds]).astype(np.float32)


def noise_for_seed(seed: int, stream: int, shape: tuple[int, ...]) -> np.ndarray:
    return rng_for(seed, stream).standard_normal(shape, dtype=np.float32)


def truncate(z: np.ndarray, psi: float, mean: np.ndarray | list[float] | None = None) -> np.ndarray:
    """Pull latents towards the mean latent (zero when the card has none): ψ=1 unchanged, ψ=0 the mean.

    For a VAE this is the sampling temperature: z ~ N(0, ψ²).
    """
    centre = np.zeros(z.shape[-1], np.float32) if mean is None else np.asarray(mean, np.float32)
    return (centre + np.float32(psi) * (z - centre)).astype(np.float32)


def slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Spherical interpolation (Shoemake): Gaussian latents keep their norm along the path."""
    a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
    na, nb = np.linalg.norm(a64), np.linalg.norm(b64)
    if na == 0 or nb == 0:
        return ((1 - t) * a64 + t * b64).astype(np.float32)
    cos = np.clip(np.dot(a64 / na, b64 / nb), -1.0, 1.0)
    omega = np.arccos(cos)
    if omega < 1e-6:  # (almost) parallel: slerp degenerates to lerp
        return ((1 - t) * a64 + t * b64).astype(np.float32)
    s = np.sin(omega)
    return (np.sin((1 - t) * omega) / s * a64 + np.sin(t * omega) / s * b64).astype(np.float32)


def slerp_frames(a: np.ndarray, b: np.ndarray, frames: int) -> np.ndarray:
    """``frames`` latents from ``a`` to ``b`` inclusive, float32 [frames, z_dim]."""
    if frames < 2:
        raise ValueError("an interpolation needs at least 2 frames")
    return np.stack([slerp(a, b, i / (frames - 1)) for i in range(frames)])


def latent_walk(seeds: list[int], z_dim: int, frames_per_step: int, *, loop: bool = True) -> np.ndarray:
    """A smooth walk through the latents of ``seeds`` (back to the first when ``loop``)."""
    if len(seeds) < 2:
        raise ValueError("a latent walk needs at least 2 seeds")
    keys = latents_for_seeds([*seeds, seeds[0]] if loop else list(seeds), z_dim)
    parts = [slerp_frames(keys[i], keys[i + 1], frames_per_step + 1)[:-1] for i in range(len(keys) - 1)]
    if not loop:
        parts.append(keys[-1:])
    return np.concatenate(parts).astype(np.float32)

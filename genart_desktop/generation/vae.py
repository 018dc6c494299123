"""VAE-only requests: variations of an input picture and interpolation between two pictures.

Variations: encode the picture to its latent μ, then z_i = √(1 − a²) · μ + a · ε_i with ε_i the
standard-normal latent of seed ``seed + i`` (reproducible like every other latent) and ``a`` the
change, 0 to 1, and decode. The change is measured against the prior, not the encoder's σ: a
trained VAE's posterior σ is small (about 0.16 for the bundled one), so μ + σ·ε gave eight
copies of the reconstruction. At 0 every variation is the reconstruction, at 1 a new sample from
the prior; the mix keeps z at the prior's scale in between. Interpolation: slerp between the two
pictures' μ.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from PIL import Image

from genart_desktop.core.errors import GenerationError
from genart_desktop.generation import images as imgs
from genart_desktop.generation import latents as lat
from genart_desktop.generation.engine import Engine
from genart_desktop.generation.registry import ModelInfo
from genart_desktop.generation.service import GenerationRequest, interpolation_request


def _require_vae(info: ModelInfo) -> None:
    if info.kind != "vae":
        raise GenerationError(f"{info.name!r} is a GAN; variations of an input image need a VAE.",
                              hint="Pick a VAE model (its card says kind: vae).")


def _picture_digest(picture: Image.Image) -> str:
    return hashlib.sha256(np.asarray(picture.convert("RGB")).tobytes()).hexdigest()


def encode_picture(engine: Engine, info: ModelInfo, picture: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    _require_vae(info)
    mu, logvar = engine.encode(info, imgs.from_pil(picture, info.resolution)[None])
    return mu[0], logvar[0]


DEFAULT_CHANGE = 0.35  # recognisably the picture, with visible changes


def variation_latents(mu: np.ndarray, seeds: list[int], change: float) -> np.ndarray:
    if not 0.0 <= change <= 1.0:
        raise GenerationError(f"The change must be between 0 and 1 (got {change}).")
    eps = lat.latents_for_seeds(seeds, len(mu)).astype(np.float64)
    keep = (1.0 - change * change) ** 0.5
    return (keep * mu[None].astype(np.float64) + change * eps).astype(np.float32)


def variation_request(engine: Engine, info: ModelInfo, picture: Image.Image, count: int, *,
                      change: float = DEFAULT_CHANGE, seed: int = 0, **kwargs: Any) -> GenerationRequest:
    mu, _ = encode_picture(engine, info, picture)
    seeds = [seed + i for i in range(count)]
    z = variation_latents(mu, seeds, change)
    return GenerationRequest(model=info.id, seeds=seeds, latents=z.tolist(), mode="vae-variation",
                             extra={"change": float(change),
                                    "input_pixels_sha256": _picture_digest(picture)}, **kwargs)


def picture_interpolation_request(engine: Engine, info: ModelInfo, first: Image.Image, second: Image.Image,
                                  frames: int, **kwargs: Any) -> GenerationRequest:
    mu_a, _ = encode_picture(engine, info, first)
    mu_b, _ = encode_picture(engine, info, second)
    return interpolation_request(info.id, mu_a.tolist(), mu_b.tolist(), frames,
                                 extra={"from_pixels_sha256": _picture_digest(first),
                                        "to_pixels_sha256": _picture_digest(second)}, **kwargs)

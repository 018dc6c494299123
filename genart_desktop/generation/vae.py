"""VAE-only requests: variations of an input picture and interpolation between two pictures.

Variations: encode the picture to (μ, log σ²), then z_i = μ + T · σ · ε_i with ε_i the
standard-normal latent of seed ``seed + i`` — reproducible like every other latent — and
decode. Interpolation: slerp between the two pictures' μ.
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


def variation_latents(mu: np.ndarray, logvar: np.ndarray, seeds: list[int], temperature: float) -> np.ndarray:
    sigma = np.exp(0.5 * logvar.astype(np.float64))
    eps = lat.latents_for_seeds(seeds, len(mu)).astype(np.float64)
    return (mu[None].astype(np.float64) + float(temperature) * sigma[None] * eps).astype(np.float32)


def variation_request(engine: Engine, info: ModelInfo, picture: Image.Image, count: int, *,
                      temperature: float = 1.0, seed: int = 0, **kwargs: Any) -> GenerationRequest:
    mu, logvar = encode_picture(engine, info, picture)
    seeds = [seed + i for i in range(count)]
    z = variation_latents(mu, logvar, seeds, temperature)
    return GenerationRequest(model=info.id, seeds=seeds, latents=z.tolist(), mode="vae-variation",
                             extra={"temperature": float(temperature),
                                    "input_pixels_sha256": _picture_digest(picture)}, **kwargs)


def picture_interpolation_request(engine: Engine, info: ModelInfo, first: Image.Image, second: Image.Image,
                                  frames: int, **kwargs: Any) -> GenerationRequest:
    mu_a, _ = encode_picture(engine, info, first)
    mu_b, _ = encode_picture(engine, info, second)
    return interpolation_request(info.id, mu_a.tolist(), mu_b.tolist(), frames,
                                 extra={"from_pixels_sha256": _picture_digest(first),
                                        "to_pixels_sha256": _picture_digest(second)}, **kwargs)

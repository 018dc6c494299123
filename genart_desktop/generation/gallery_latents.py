"""Requests that start from images already in the gallery (their stored latents)."""

from __future__ import annotations

from typing import Any

from genart_desktop.core.errors import GenerationError
from genart_desktop.generation.service import GenerationRequest, interpolation_request, like_request
from genart_desktop.library import Library


def _latent_of(library: Library, image_id: int) -> tuple[str, list[float]]:
    row = library.get_image(image_id)
    latent = (row.generation or {}).get("latent")
    if row.origin != "generated" or not row.model_id or not latent:
        raise GenerationError(f"Image {image_id} was not made by a model of this app, so it has no latent.",
                              hint="Pick an image generated here (its details show a seed and a model).")
    return row.model_id, list(latent)


def like_image_request(library: Library, image_id: int, seeds: list[int], strength: float = 0.3,
                       **kwargs: Any) -> GenerationRequest:
    """"Generate more like this": variations around the stored latent of ``image_id``."""
    model_id, latent = _latent_of(library, image_id)
    return like_request(model_id, latent, seeds, strength, source_image_id=image_id, **kwargs)


def image_interpolation_request(library: Library, first_id: int, second_id: int, frames: int,
                                **kwargs: Any) -> GenerationRequest:
    """Slerp between two gallery images; both must come from the same model."""
    model_a, start = _latent_of(library, first_id)
    model_b, end = _latent_of(library, second_id)
    if model_a != model_b:
        raise GenerationError("These two images were made by different models; they cannot be interpolated.",
                              hint="Select two images made by the same model.")
    return interpolation_request(model_a, start, end, frames,
                                 extra={"from_image_id": first_id, "to_image_id": second_id}, **kwargs)

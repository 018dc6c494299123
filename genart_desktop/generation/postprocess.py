"""Simple post-processing, each step returned as an edit record for the provenance.

An edit is ``{"action": name, "parameters": {...}}``. The provenance record lists them as
human edits, which turns the digital source type into compositeWithTrainedAlgorithmicMedia.
"""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageEnhance

from genart_desktop.core.errors import GenerationError

ROTATIONS = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
             270: Image.Transpose.ROTATE_270}
FLIPS = {"horizontal": Image.Transpose.FLIP_LEFT_RIGHT, "vertical": Image.Transpose.FLIP_TOP_BOTTOM}
ENHANCERS = {"brightness": ImageEnhance.Brightness, "contrast": ImageEnhance.Contrast,
             "saturation": ImageEnhance.Color}


def upscale(factor: int) -> dict[str, Any]:
    return {"action": "upscale", "parameters": {"factor": int(factor), "filter": "lanczos"}}


def rotate(degrees: int) -> dict[str, Any]:
    return {"action": "rotate", "parameters": {"degrees": int(degrees)}}


def flip(direction: str) -> dict[str, Any]:
    return {"action": "flip", "parameters": {"direction": direction}}


def adjust(kind: str, factor: float) -> dict[str, Any]:
    """``kind`` is brightness, contrast or saturation; factor 1.0 leaves the image unchanged."""
    return {"action": kind, "parameters": {"factor": round(float(factor), 4)}}


def validate(edit: dict[str, Any]) -> None:
    action, params = edit.get("action"), edit.get("parameters") or {}
    ok = (
        (action == "upscale" and params.get("factor") in (2, 4))
        or (action == "rotate" and params.get("degrees") in ROTATIONS)
        or (action == "flip" and params.get("direction") in FLIPS)
        or (action in ENHANCERS and isinstance(params.get("factor"), int | float)
            and 0.0 <= float(params["factor"]) <= 4.0)
    )
    if not ok:
        raise GenerationError(f"Unknown or invalid post-processing step: {edit!r}.",
                              hint="Upscale ×2/×4, rotate 90/180/270, flip horizontal/vertical, "
                                   "brightness/contrast/saturation factor 0–4.")


def apply_edit(image: Image.Image, edit: dict[str, Any]) -> Image.Image:
    validate(edit)
    action, params = edit["action"], edit["parameters"]
    if action == "upscale":
        factor = params["factor"]
        return image.resize((image.width * factor, image.height * factor), Image.Resampling.LANCZOS)
    if action == "rotate":
        return image.transpose(ROTATIONS[params["degrees"]])
    if action == "flip":
        return image.transpose(FLIPS[params["direction"]])
    return ENHANCERS[action](image).enhance(float(params["factor"]))


def apply_edits(image: Image.Image, edits: list[dict[str, Any]]) -> tuple[Image.Image, list[dict[str, Any]]]:
    """Apply ``edits`` in order; returns the image and the edits that changed something.

    Steps that are no-ops (factor 1.0) are dropped so they do not mark an untouched image as edited.
    """
    applied = []
    for edit in edits:
        validate(edit)
        if edit["action"] in ENHANCERS and float(edit["parameters"]["factor"]) == 1.0:
            continue
        image = apply_edit(image, edit)
        applied.append({"action": edit["action"], "parameters": dict(edit["parameters"])})
    return image, applied

"""What one generated picture is: pixels, encoded bytes and everything needed to reproduce it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from genart_desktop.generation.registry import ModelInfo


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class GeneratedImage:
    model: ModelInfo = field(repr=False)
    index: int
    seed: int | None  # None when the latent came from interpolation or a stored image
    latent: np.ndarray = field(repr=False)
    pixels: np.ndarray = field(repr=False)  # uint8 [H, W, 3], after post-processing
    data: bytes = field(repr=False)  # the encoded file
    fmt: str
    parameters: dict[str, Any]
    edits: list[dict[str, Any]]
    device: str
    created: str
    originality: dict[str, Any] | None = None
    image_id: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    def generation_dict(self) -> dict[str, Any]:
        """The ``generation`` block of the library row and the provenance record."""
        info = self.model
        record: dict[str, Any] = {
            "seed": self.seed,
            "latent": [float(v) for v in self.latent],
            "parameters": dict(self.parameters),
            "device": self.device,
            "created": self.created,
            "model_sha256": info.generator_sha256,
            "model_id": info.id,
            "model_name": info.name,
            "model_kind": info.kind,
            "edits": [dict(e) for e in self.edits],
        }
        if self.originality is not None:
            record["originality"] = dict(self.originality)
        return record

    def image_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "format": self.fmt, "width": self.width, "height": self.height}

"""Tiny generated training data: coloured shapes, so tests train real networks in seconds."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw


def make_images(n: int, size: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        im = Image.new("RGB", (size, size), tuple(int(c) for c in rng.integers(0, 255, 3)))
        draw = ImageDraw.Draw(im)
        x0, y0 = rng.integers(0, size // 2, 2)
        x1, y1 = x0 + rng.integers(size // 4, size // 2), y0 + rng.integers(size // 4, size // 2)
        fill = tuple(int(c) for c in rng.integers(0, 255, 3))
        draw.ellipse([int(x0), int(y0), int(x1), int(y1)], fill=fill)
        out.append(np.asarray(im))
    return np.stack(out)


@pytest.fixture
def tiny_images() -> np.ndarray:
    return make_images(12, 64)


@pytest.fixture
def tiny_array(tmp_path, tiny_images) -> dict:
    """A data spec for the pipeline: a .npy array with a declared CC-BY licence."""
    path = tmp_path / "shapes.npy"
    np.save(path, tiny_images)
    return {"kind": "array", "path": str(path), "licence": "CC-BY-4.0",
            "attribution_name": "Test Artist", "attribution_url": "https://example.org/artist"}


# Small, fast settings for every test run (the networks keep their structure).
TINY = {"width": 4, "batch_size": 4, "metrics_every": 1, "samples_every": 2, "quality_every": 0,
        "checkpoint_every": 2, "sample_count": 4}

"""Synthetic 'training sets': random coloured shapes drawn with Pillow (real, varied images)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw


def shapes(count: int, size: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((count, size, size, 3), np.uint8)
    for i in range(count):
        picture = Image.new("RGB", (size, size), tuple(int(v) for v in rng.integers(0, 256, 3)))
        draw = ImageDraw.Draw(picture)
        for _ in range(int(rng.integers(2, 5))):
            x0, y0 = (int(v) for v in rng.integers(0, size - 8, 2))
            x1, y1 = x0 + int(rng.integers(6, size - x0 + 1)), y0 + int(rng.integers(6, size - y0 + 1))
            colour = tuple(int(v) for v in rng.integers(0, 256, 3))
            kind = int(rng.integers(0, 3))
            if kind == 0:
                draw.ellipse((x0, y0, x1, y1), fill=colour)
            elif kind == 1:
                draw.rectangle((x0, y0, x1, y1), fill=colour)
            else:
                draw.polygon([(x0, y1), ((x0 + x1) // 2, y0), (x1, y1)], fill=colour)
        out[i] = np.asarray(picture)
    return out

"""Real images for the library tests (small PNG/JPEG files made with Pillow)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image


def png_bytes(seed: int, size: tuple[int, int] = (16, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (seed % 256, (seed * 7) % 256, (seed * 13) % 256)).save(buffer, "PNG")
    return buffer.getvalue()


def write_png(path: Path, seed: int, size: tuple[int, int] = (16, 12)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(seed, size))
    return path

"""Between generator tensors and pictures: [-1, 1] NCHW floats ↔ uint8 RGB, PNG bytes."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def to_uint8(images: np.ndarray) -> np.ndarray:
    """float32 [N, 3, H, W] in [-1, 1] → uint8 [N, H, W, 3] (round half to even, clipped)."""
    scaled = np.clip((images + 1.0) * 127.5, 0.0, 255.0)
    return np.rint(scaled).astype(np.uint8).transpose(0, 2, 3, 1).copy()


def to_pil(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(pixels), "RGB")


def from_pil(image: Image.Image, size: int) -> np.ndarray:
    """An input picture → float32 [3, size, size] in [-1, 1] (centre-cropped square, Lanczos).

    Transparency is composited onto white, as the dataset cache does for training images: a
    plain RGB conversion keeps whatever colour the transparent pixels hold (black, or the palette's
    first entry), and a VAE then encodes a different picture from the one the artist sees.
    """
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        canvas.alpha_composite(rgba)
        image = canvas
    image = image.convert("RGB")
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((size, size), Image.Resampling.LANCZOS)
    array = np.asarray(image, np.float32) / 127.5 - 1.0
    return array.transpose(2, 0, 1).copy()


def encode(image: Image.Image, fmt: str = "png") -> bytes:
    """Encode losslessly where the format allows (PNG, WebP lossless); JPEG at quality 95."""
    buffer = io.BytesIO()
    fmt = fmt.lower()
    if fmt == "png":
        image.save(buffer, "PNG", optimize=False, compress_level=3)
    elif fmt == "webp":
        image.save(buffer, "WEBP", lossless=True)
    elif fmt in ("jpg", "jpeg"):
        image.save(buffer, "JPEG", quality=95)
    else:
        raise ValueError(f"unsupported image format {fmt!r}")
    return buffer.getvalue()

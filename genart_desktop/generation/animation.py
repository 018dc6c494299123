"""Interpolation frames as an animated WebP or GIF (Pillow), written atomically."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from genart_desktop.core.atomic import atomic_write_bytes
from genart_desktop.core.errors import GenerationError

FORMATS = {"webp": "WEBP", "gif": "GIF"}


def animation_bytes(frames: list[np.ndarray], fmt: str = "webp", *, frame_ms: int = 80,
                    bounce: bool = False) -> bytes:
    """uint8 [H, W, 3] frames → an endlessly looping animation; ``bounce`` plays back and forth."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise GenerationError(f"Unsupported animation format {fmt!r}.", hint="Use webp or gif.")
    if len(frames) < 2:
        raise GenerationError("An animation needs at least two frames.")
    sequence = list(frames) + (list(frames[-2:0:-1]) if bounce else [])
    pictures = [Image.fromarray(np.ascontiguousarray(f), "RGB") for f in sequence]
    buffer = io.BytesIO()
    options = {"lossless": True} if fmt == "webp" else {"optimize": False}
    pictures[0].save(buffer, FORMATS[fmt], save_all=True, append_images=pictures[1:],
                     duration=int(frame_ms), loop=0, **options)
    return buffer.getvalue()


def save_animation(frames: list[np.ndarray], path: Path, *, frame_ms: int = 80, bounce: bool = False) -> Path:
    fmt = path.suffix.lower().lstrip(".")
    atomic_write_bytes(path, animation_bytes(frames, fmt, frame_ms=frame_ms, bounce=bounce))
    return path


def default_animation_path(model_id: str, fmt: str = "webp") -> Path:
    """A new file under ``<data>/animations/`` (the GUI saves interpolations there)."""
    from datetime import UTC, datetime

    from genart_desktop.core import paths

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    return paths.data_dir() / "animations" / f"{model_id}-{stamp}.{fmt.lower()}"

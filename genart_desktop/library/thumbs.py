"""Thumbnails: decode + resize (pure Pillow), cached on disk by content hash and size.

The cache lives in ``paths.thumbnails_dir()/<ab>/<sha256>-<size>.webp``: a file's content
never changes under its hash, so a cached thumbnail never goes stale. Big JPEGs are decoded
at a reduced scale (``draft``), other formats shrink with ``reduce`` first (``reducing_gap``),
so a 4000 px source costs a fraction of a full decode.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_writer
from genart_desktop.core.errors import LibraryError

log = logging.getLogger(__name__)

THUMB_SIZE = 256
FORMAT = "webp"


@dataclass(frozen=True)
class Thumbnail:
    """Raw RGBA pixels, ready for a QImage in the GUI thread (no Qt here)."""

    width: int
    height: int
    rgba: bytes


def cache_path(sha256: str, size: int = THUMB_SIZE, root: Path | None = None) -> Path:
    root = root or paths.thumbnails_dir()
    return root / sha256[:2] / f"{sha256}-{size}.{FORMAT}"


def render(source: Path, size: int = THUMB_SIZE) -> Image.Image:
    """Decode ``source`` and shrink it to fit ``size`` × ``size`` (RGB or RGBA)."""
    try:
        with Image.open(source) as image:
            if image.format == "JPEG":
                image.draft("RGB", (size, size))  # decode at 1/2, 1/4 or 1/8 scale
            image.thumbnail((size, size), Image.Resampling.BICUBIC, reducing_gap=2.0)
            image = ImageOps.exif_transpose(image)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            return image.convert("RGBA" if has_alpha else "RGB")
    except (OSError, Image.DecompressionBombError, ValueError) as exc:
        raise LibraryError(f"No thumbnail could be made: {exc}.", path=source) from exc


def save(image: Image.Image, target: Path) -> None:
    with atomic_writer(target, "wb") as handle:
        image.save(handle, format="WEBP", quality=82, method=0)


def load_or_make(source: Path, sha256: str, size: int = THUMB_SIZE, root: Path | None = None) -> Thumbnail:
    """The cached thumbnail, made (and cached) first if needed."""
    target = cache_path(sha256, size, root)
    image: Image.Image | None = None
    if target.is_file():
        try:
            with Image.open(target) as cached:
                image = cached.convert("RGBA")
        except OSError:
            log.warning("damaged thumbnail %s is remade", target)
            with contextlib.suppress(OSError):
                target.unlink()
    if image is None:
        made = render(source, size)
        try:
            save(made, target)
        except OSError as exc:  # a full or read-only cache must not stop the gallery
            log.warning("thumbnail not cached (%s): %s", target, exc)
        image = made.convert("RGBA")
    return Thumbnail(image.width, image.height, image.tobytes())


def make_cached(source: Path, sha256: str, size: int = THUMB_SIZE, root: Path | None = None) -> Path:
    """Make the cached file only (for pre-warming and the benchmark)."""
    target = cache_path(sha256, size, root)
    if not target.is_file():
        save(render(source, size), target)
    return target

"""Thumbnails: decode + resize (pure Pillow), cached on disk by content hash and size.

The cache lives in ``paths.thumbnails_dir()/<ab>/<sha256>-<size>.jpg`` (``.webp`` for images
with transparency): a file's content never changes under its hash, so a cached thumbnail never
goes stale. JPEG because it encodes ~20× and decodes ~2× faster than WebP at this size. Big JPEGs are decoded
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
OPAQUE_EXT, ALPHA_EXT = "jpg", "webp"


@dataclass(frozen=True)
class Thumbnail:
    """Raw RGBA pixels, ready for a QImage in the GUI thread (no Qt here)."""

    width: int
    height: int
    rgba: bytes


def cache_path(sha256: str, size: int = THUMB_SIZE, root: Path | None = None, *, alpha: bool = False) -> Path:
    root = root or paths.thumbnails_dir()
    return root / sha256[:2] / f"{sha256}-{size}.{ALPHA_EXT if alpha else OPAQUE_EXT}"


def find_cached(sha256: str, size: int = THUMB_SIZE, root: Path | None = None) -> Path | None:
    for alpha in (False, True):
        candidate = cache_path(sha256, size, root, alpha=alpha)
        if candidate.is_file():
            return candidate
    return None


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
    except (OSError, Image.DecompressionBombError, ValueError, SyntaxError, EOFError) as exc:
        raise LibraryError(f"No thumbnail could be made: {exc}.", path=source) from exc


def save(image: Image.Image, sha256: str, size: int = THUMB_SIZE, root: Path | None = None) -> Path:
    alpha = image.mode == "RGBA"
    target = cache_path(sha256, size, root, alpha=alpha)
    # No fsync: a thumbnail torn by a crash fails to decode in load_or_make and is remade.
    with atomic_writer(target, "wb", durable=False) as handle:
        if alpha:
            image.save(handle, format="WEBP", quality=82, method=0)
        else:
            image.save(handle, format="JPEG", quality=85)
    return target


def load_or_make(
    source: Path, sha256: str, size: int = THUMB_SIZE, root: Path | None = None, *, fit: int | None = None
) -> Thumbnail:
    """The cached thumbnail, made (and cached) first if needed; shrunk to ``fit`` px if given
    (so the GUI thread only wraps the pixels, never scales them)."""
    target = find_cached(sha256, size, root)
    image: Image.Image | None = None
    if target is not None:
        try:
            with Image.open(target) as cached:
                image = cached.convert("RGBA")  # a torn file raises here (truncated)
        except (OSError, SyntaxError, ValueError):
            log.warning("damaged thumbnail %s is remade", target)
            with contextlib.suppress(OSError):
                target.unlink()
    if image is None:
        made = render(source, size)
        try:
            save(made, sha256, size, root)
        except OSError as exc:  # a full or read-only cache must not stop the gallery
            log.warning("thumbnail for %s not cached: %s", source, exc)
        image = made.convert("RGBA")
    if fit and max(image.size) > fit:
        image.thumbnail((fit, fit), Image.Resampling.BILINEAR)
    return Thumbnail(image.width, image.height, image.tobytes())


def make_cached(source: Path, sha256: str, size: int = THUMB_SIZE, root: Path | None = None) -> Path:
    """Make the cached file only (for pre-warming and the benchmark)."""
    return find_cached(sha256, size, root) or save(render(source, size), sha256, size, root)

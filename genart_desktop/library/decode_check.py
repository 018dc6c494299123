"""Decode an image completely before the library accepts it, and say in words why not.

Import promises that whatever it accepts can be shown, exported and signed later, so every
frame is decoded here, once, with Pillow's own limits (decompression bombs, oversized text
chunks). Each failure becomes a ``LibraryError`` whose message a person can read: no Python
object names, no exception class names.
"""

from __future__ import annotations

import io
import struct
import warnings

from PIL import Image, UnidentifiedImageError

from genart_desktop.core.errors import LibraryError

ACCEPTED_FORMATS = {"PNG", "JPEG", "MPO", "WEBP", "GIF", "BMP", "DIB", "TIFF"}
MAX_FRAMES = 1000
_HINT = "Use PNG, JPEG, WebP, GIF, BMP or TIFF files that open in other programs."


def _reason(exc: BaseException) -> str:
    text = str(exc)
    low = text.lower()
    if isinstance(exc, UnidentifiedImageError):
        return "not an image file GenArt Desktop can read"
    if isinstance(exc, Image.DecompressionBombError):
        return "too many pixels (refused as a possible decompression bomb)"
    if "decompressed data too large" in low or "too much memory used in text chunks" in low:
        return "a metadata text chunk is larger than the image reader accepts"
    if "truncated" in low or isinstance(exc, EOFError):
        return "the file ends early (truncated)"
    if "data stream" in low or "decoder error" in low:
        return "its pixel data is damaged"
    if isinstance(exc, SyntaxError):
        return f"its structure is damaged ({text})" if text else "its structure is damaged"
    if isinstance(exc, MemoryError):
        return "it would need more memory to decode than is available"
    return f"it cannot be decoded ({text or 'no detail given'})"


def decode_all_frames(data: bytes, source: str = "") -> tuple[int, int, str]:
    """Decode every frame of ``data``; ``(width, height, format)`` or LibraryError with a reason."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format or ""
                if fmt not in ACCEPTED_FORMATS:
                    raise LibraryError(f"{fmt or 'This'} images are not supported.", path=source or None,
                                       hint=_HINT)
                size = image.size
                if size[0] <= 0 or size[1] <= 0:
                    raise LibraryError("The image has no pixels (zero width or height).",
                                       path=source or None, hint=_HINT)
                frames = min(int(getattr(image, "n_frames", 1) or 1), MAX_FRAMES)
                for index in range(frames):
                    image.seek(index)
                    image.load()
                return size[0], size[1], fmt
    except LibraryError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
            struct.error, MemoryError, Image.DecompressionBombError) as exc:
        raise LibraryError(f"This image cannot be used: {_reason(exc)}.", path=source or None,
                           hint=_HINT) from exc


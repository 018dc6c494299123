"""Open, check and convert one image with Pillow, decoding no more than needed.

``inspect_image`` reads the header first (format, size, pixel limit) and only then decodes:
JPEGs through ``Image.draft`` at a reduced scale, which still reads the whole compressed
stream, so truncation is caught at a fraction of the cost. ``to_rgb`` is the one place that
turns any accepted mode (CMYK, 16-bit, palette, grey, alpha) into 8-bit RGB.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import imagehash
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "MPO", "WEBP", "BMP", "DIB", "TIFF", "GIF"}
DEFAULT_PIXEL_LIMIT = 100_000_000
MAX_ASPECT = 8.0  # longer side / shorter side beyond which an image is not usable
HASH_SIZE = 64  # the image phash sees


class Rejected(Exception):
    """The image cannot be used; ``args[0]`` is the reason, written for a person."""


@dataclass
class Inspection:
    format: str
    mode: str
    width: int  # after EXIF orientation
    height: int
    phash: str
    notes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # raw embedded metadata (see metadata.py)


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:  # a broken EXIF block is not a broken image
        return 1


def too_small_reason(width: int, height: int, size: int, fit: str) -> str:
    short, long = min(width, height), max(width, height)
    if short and long / short > MAX_ASPECT:
        return f"too elongated ({width}×{height} px; at most {MAX_ASPECT:g}:1 is usable)"
    side = short if fit == "crop" else long
    if side < size:
        which = "shorter" if fit == "crop" else "longer"
        return f"too small ({width}×{height} px; the {which} side must be at least {size} px)"
    return ""


def inspect_image(
    data: bytes,
    *,
    size: int,
    fit: str = "crop",
    pixel_limit: int = DEFAULT_PIXEL_LIMIT,
    background: tuple[int, int, int] = (255, 255, 255),
    read_meta=None,
) -> Inspection:
    if not data:
        raise Rejected("empty file (0 bytes)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise Rejected(f"decompression bomb (more than {pixel_limit / 1e6:g} megapixels)") from None
    except UnidentifiedImageError:
        raise Rejected("not an image (or a format that is not supported)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise Rejected(f"corrupt image header ({exc})") from None
    with im:
        fmt = im.format or ""
        if fmt not in ACCEPTED_FORMATS:
            raise Rejected(f"{fmt} images are not supported (use PNG, JPEG, WebP, BMP, TIFF or GIF)")
        w, h = im.size
        if w * h > pixel_limit:
            raise Rejected(
                f"decompression bomb ({w}×{h} = {w * h / 1e6:.0f} megapixels; limit {pixel_limit / 1e6:g})"
            )
        if w == 0 or h == 0:
            raise Rejected("corrupt image (zero width or height)")
        # The size test is the same either way round, so it comes before any decoding.
        small_reason = too_small_reason(w, h, size, fit)
        if small_reason:
            raise Rejected(small_reason)
        mode = im.mode
        frames = getattr(im, "n_frames", 1)
        # Decoded exactly as the cache will decode it, and before anything else reads it:
        # reading EXIF from a PNG decodes the pixels, and a failure there used to be swallowed.
        try:
            load_like_cache(im, size)
        except Image.DecompressionBombError:
            raise Rejected("decompression bomb") from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
            raise Rejected(_decode_failure(exc)) from None
        orient = _orientation(im)
        if orient in (5, 6, 7, 8):
            w, h = h, w
        notes = []
        if orient != 1:
            notes.append(f"EXIF orientation {orient} applied")
        if frames > 1:
            notes.append(f"first of {frames} frames used")
        meta = read_meta(im) if read_meta else {}
        small = to_rgb(im, background, apply_orientation=False, max_side=HASH_SIZE * 4)
        small = orient_image(small, orient)
        phash = str(imagehash.phash(small.resize((HASH_SIZE, HASH_SIZE), Image.Resampling.BILINEAR)))
        return Inspection(fmt, mode, w, h, phash, notes, meta)


def load_like_cache(im: Image.Image, size: int | None) -> None:
    """Decode ``im`` as the preprocessing cache does: JPEGs at the DCT scale for ``size``."""
    if size and im.format in ("JPEG", "MPO"):
        im.draft(None, (size, size))
    im.load()


def _decode_failure(exc: BaseException) -> str:
    text = str(exc)
    if "truncated" in text or "end of file" in text.lower() or isinstance(exc, EOFError):
        return "truncated image (the file ends early)"
    if isinstance(exc, MemoryError):
        return "too large to decode in the memory available"
    if "data stream" in text:
        return "corrupt image data (the compressed pixel data is damaged)"
    return f"corrupt image data ({text or type(exc).__name__})"


_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def orient_image(im: Image.Image, orient: int) -> Image.Image:
    """Apply an EXIF orientation value (the same table ``ImageOps.exif_transpose`` uses)."""
    method = _TRANSPOSE.get(orient)
    return im.transpose(method) if method is not None else im


def to_rgb(
    im: Image.Image,
    background: tuple[int, int, int] = (255, 255, 255),
    *,
    apply_orientation: bool = True,
    max_side: int | None = None,
) -> Image.Image:
    """8-bit RGB: alpha composited onto ``background``, 16-bit scaled, palette/CMYK converted."""
    if apply_orientation:
        im = ImageOps.exif_transpose(im)
    if max_side and max(im.size) > max_side * 2 and im.mode in ("RGB", "RGBA", "L", "LA", "CMYK", "I", "F"):
        # Cheap integer downscale first, so later conversions touch few pixels.
        im = im.reduce(max(1, max(im.size) // max_side))
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(im).astype(np.uint32)
        if mode == "I" and arr.max(initial=0) <= 255:
            im = Image.fromarray(arr.astype(np.uint8), "L")
        else:
            im = Image.fromarray((arr >> 8).clip(0, 255).astype(np.uint8), "L")
    elif mode == "F":
        arr = np.asarray(im, dtype=np.float32)
        scale = 255.0 if arr.max(initial=0.0) <= 1.0 else 1.0
        im = Image.fromarray((arr * scale).clip(0, 255).astype(np.uint8), "L")
    if im.mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif im.mode == "PA":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "La", "RGBa"):
        rgba = im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, background)
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    if im.mode in ("L", "1") and "transparency" in im.info:
        return to_rgb(im.convert("LA"), background, apply_orientation=False)
    if im.mode == "RGB" and "transparency" in im.info:
        return to_rgb(im.convert("RGBA"), background, apply_orientation=False)
    return im if im.mode == "RGB" else im.convert("RGB")


def open_rgb(
    data: bytes, background: tuple[int, int, int] = (255, 255, 255), draft_to: int | None = None
) -> Image.Image:
    """Decode ``data`` to oriented 8-bit RGB (used by the preprocessing cache)."""
    with Image.open(io.BytesIO(data)) as im:
        load_like_cache(im, draft_to)
        return to_rgb(im, background)


def parse_colour(text: str) -> tuple[int, int, int]:
    """ "#rrggbb" → (r, g, b); anything unreadable is white."""
    value = text.strip().lstrip("#")
    if len(value) == 6:
        try:
            return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
        except ValueError:
            pass
    return (255, 255, 255)

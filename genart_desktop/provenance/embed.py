"""Encode an image with its XMP embedded, and read embedded XMP back.

PNG: an uncompressed iTXt chunk keyed ``XML:com.adobe.xmp``; JPEG: an APP1 segment
(``http://ns.adobe.com/xap/1.0/``); WebP: the ``XMP `` chunk of an extended (VP8X) file.
Pillow writes all three; we only check the limits it does not.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, PngImagePlugin

from genart_desktop.core.errors import ExportError, VerificationError

FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}
PNG_XMP_KEY = "XML:com.adobe.xmp"
# A JPEG segment holds 65,533 bytes; the XMP namespace header takes 29 of them.
JPEG_XMP_LIMIT = 65533 - 29


@dataclass(frozen=True)
class EncodeOptions:
    format: str = "png"  # png | jpeg | webp
    jpeg_quality: int = 92
    webp_lossless: bool = True
    webp_quality: int = 90
    png_compress_level: int = 6


def prepare(image: Image.Image, fmt: str) -> Image.Image:
    """The image in a mode the format stores (JPEG has no alpha: composited on white)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if fmt == "jpeg":
        if has_alpha:
            rgba = image.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            return background
        return image.convert("RGB")
    return image.convert("RGBA" if has_alpha else "RGB")


def pixel_sha256(image: Image.Image) -> str:
    """sha256 of the decoded pixels, with mode and size, so metadata edits do not change it."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    pixels = image.convert("RGBA" if has_alpha else "RGB")
    digest = hashlib.sha256(f"{pixels.mode} {pixels.width}x{pixels.height}\n".encode())
    digest.update(pixels.tobytes())
    return digest.hexdigest()


def encode(image: Image.Image, xmp: bytes | None, options: EncodeOptions) -> bytes:
    """The encoded file, XMP embedded when given. ``image`` must come from ``prepare``."""
    fmt = options.format
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format “{fmt}”.", hint="Choose png, jpeg or webp.")
    out = io.BytesIO()
    if fmt == "png":
        info = PngImagePlugin.PngInfo()
        if xmp:
            info.add_itxt(PNG_XMP_KEY, xmp.decode("utf-8"), zip=False)
        image.save(out, "PNG", pnginfo=info, compress_level=options.png_compress_level)
    elif fmt == "jpeg":
        if xmp and len(xmp) > JPEG_XMP_LIMIT:
            raise ExportError(
                f"The provenance metadata is {len(xmp):,} bytes, more than the {JPEG_XMP_LIMIT:,} bytes a "
                "JPEG can embed as standard XMP.",
                hint="Shorten the longest text (notes, statement, usage terms), or export as PNG or WebP; "
                     "the .xmp and .provenance.json sidecars carry any length.",
            )
        image.save(out, "JPEG", quality=options.jpeg_quality, xmp=xmp or b"")
    else:
        kwargs = {"lossless": True} if options.webp_lossless else {"quality": options.webp_quality}
        image.save(out, "WEBP", xmp=xmp or b"", **kwargs)
    return out.getvalue()


def read_embedded_xmp(path: str | Path) -> bytes | None:
    """The XMP packet embedded in a PNG, JPEG or WebP file, or None when there is none."""
    path = Path(path)
    try:
        with Image.open(path) as im:
            key = PNG_XMP_KEY if im.format == "PNG" else "xmp"
            value = im.info.get(key)
            if value is None and im.format == "PNG":
                im.load()  # chunks after the image data are only read on load
                value = im.info.get(key)
    except (OSError, Image.DecompressionBombError) as exc:
        raise VerificationError(f"Cannot open the image {path.name}: {exc}", path=path,
                                hint="The file is damaged or not a PNG, JPEG or WebP image.") from exc
    if value is None or value == b"" or value == "":
        return None
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)

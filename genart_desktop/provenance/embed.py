"""Encode an image with its XMP embedded, and read embedded XMP back.

PNG: an uncompressed iTXt chunk keyed ``XML:com.adobe.xmp``; JPEG: an APP1 segment
(``http://ns.adobe.com/xap/1.0/``); WebP: the ``XMP `` chunk of an extended (VP8X) file.
Pillow writes all three; we only check the limits it does not.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from genart_desktop.core.errors import ExportError, VerificationError

FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
EXTENSIONS = {"png": "png", "jpeg": "jpg", "webp": "webp"}
PNG_XMP_KEY = "XML:com.adobe.xmp"
# A JPEG segment holds 65,533 bytes; the XMP namespace header takes 29 of them.
JPEG_XMP_LIMIT = 65533 - 29
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
EXTENSION_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
EXTENSION_CHUNK = 65400  # extended-XMP bytes per APP1 segment (header + GUID + 2 lengths leave room)


@dataclass(frozen=True)
class EncodeOptions:
    format: str = "png"  # png | jpeg | webp
    jpeg_quality: int = 92
    webp_lossless: bool = True
    webp_quality: int = 90
    png_compress_level: int = 3


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


def encode(image: Image.Image, xmp: bytes | None, options: EncodeOptions,
           extended_xmp: bytes | None = None, text_chunks: dict[str, str] | None = None) -> bytes:
    """The encoded file, XMP embedded when given. ``image`` must come from ``prepare``.
    ``extended_xmp`` (JPEG only) follows the standard XMP in extension segments.
    ``text_chunks`` (PNG only): another generator's text chunks, carried as they were found."""
    fmt = options.format
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format “{fmt}”.", hint="Choose png, jpeg or webp.")
    out = io.BytesIO()
    if fmt == "png":
        if image.mode in ("RGB", "RGBA"):
            return encode_png(image, xmp, options.png_compress_level, text_chunks)
        info = PngImagePlugin.PngInfo()
        for key, value in (text_chunks or {}).items():
            info.add_text(key, value)
        if xmp:
            info.add_itxt(PNG_XMP_KEY, xmp.decode("utf-8"), zip=False)
        image.save(out, "PNG", pnginfo=info, compress_level=options.png_compress_level)
    elif fmt == "jpeg":
        if xmp and len(xmp) > JPEG_XMP_LIMIT:
            raise ExportError(
                f"The standard XMP is {len(xmp):,} bytes, more than the {JPEG_XMP_LIMIT:,} bytes of one "
                "JPEG segment.", hint="This is a bug: large properties should have moved to extended XMP.")
        image.save(out, "JPEG", quality=options.jpeg_quality, xmp=xmp or b"")
        if extended_xmp:
            return _insert_after_xmp(out.getvalue(), _extension_segments(xmp or b"", extended_xmp))
    else:
        kwargs = {"lossless": True} if options.webp_lossless else {"quality": options.webp_quality}
        image.save(out, "WEBP", xmp=xmp or b"", **kwargs)
    return out.getvalue()


def _extension_segments(standard: bytes, extended: bytes) -> list[bytes]:
    """APP1 segments carrying ``extended`` in pieces, each tagged with its MD5 GUID and offset."""
    guid = hashlib.md5(extended, usedforsecurity=False).hexdigest().upper().encode("ascii")
    segments = []
    for offset in range(0, len(extended), EXTENSION_CHUNK):
        body = (EXTENSION_HEADER + guid + struct.pack(">II", len(extended), offset)
                + extended[offset:offset + EXTENSION_CHUNK])
        segments.append(b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body)
    return segments


def _jpeg_segments(data: bytes):
    """(start, end, marker, payload) of each segment before the image data."""
    pos = 2  # after SOI
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: metadata ends here
            return
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        yield pos, pos + 2 + length, marker, data[pos + 4:pos + 2 + length]
        pos += 2 + length


def _insert_after_xmp(data: bytes, segments: list[bytes]) -> bytes:
    for _start, end, marker, payload in _jpeg_segments(data):
        if marker == 0xE1 and payload.startswith(XMP_HEADER):
            return data[:end] + b"".join(segments) + data[end:]
    raise ExportError("The JPEG encoder wrote no XMP segment to extend.", hint="This is a bug; see the log.")


def _jpeg_extended_xmp(path: Path) -> bytes | None:
    """The extended XMP of a JPEG, assembled from its pieces; None if absent or incomplete."""
    data = path.read_bytes()
    pieces: dict[bytes, dict[int, bytes]] = {}
    sizes: dict[bytes, int] = {}
    for _start, _end, marker, payload in _jpeg_segments(data):
        if marker == 0xE1 and payload.startswith(EXTENSION_HEADER):
            rest = payload[len(EXTENSION_HEADER):]
            guid, (total, offset) = rest[:32], struct.unpack(">II", rest[32:40])
            pieces.setdefault(guid, {})[offset] = rest[40:]
            sizes[guid] = total
    for guid, parts in pieces.items():
        joined = b"".join(parts[o] for o in sorted(parts))
        if len(joined) == sizes[guid] and hashlib.md5(joined, usedforsecurity=False).hexdigest().upper() == (
                guid.decode("ascii", "replace")):
            return joined
    return None


def read_embedded_xmp_parts(path: str | Path) -> list[bytes]:
    """The standard XMP and, for JPEG, the extended XMP it links to ([] when there is none)."""
    path = Path(path)
    standard = read_embedded_xmp(path)
    if standard is None:
        return []
    if path.suffix.lower() in (".jpg", ".jpeg") and b"HasExtendedXMP" in standard:
        extended = _jpeg_extended_xmp(path)
        if extended is not None:
            return [standard, extended]
    return [standard]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def text_chunk(key: str, value: str) -> bytes:
    """tEXt when Latin-1 can carry the text (as A1111/ComfyUI write it), else UTF-8 iTXt."""
    name = key.encode("latin-1", errors="replace")[:79]
    try:
        return _chunk(b"tEXt", name + b"\x00" + value.encode("latin-1"))
    except UnicodeEncodeError:
        return _chunk(b"iTXt", name + b"\x00\x00\x00\x00\x00" + value.encode("utf-8"))


def encode_png(image: Image.Image, xmp: bytes | None, level: int = 3,
               text_chunks: dict[str, str] | None = None) -> bytes:
    """An 8-bit RGB/RGBA PNG with the XMP iTXt chunk before the image data.

    Why not Pillow's writer: it tries every PNG filter on every row, which takes ~4x longer
    than the compression itself at 512 px. One "Up" filter, computed with numpy, gives
    files within a few percent of Pillow's size (measured: 524 KB vs 498 KB on grainy 512 px
    colour fields) in a quarter of the time, and zlib releases the GIL so threads overlap.
    """
    pixels = np.asarray(image, dtype=np.uint8)
    height, width = pixels.shape[:2]
    rows = pixels.reshape(height, -1)
    filtered = np.empty((height, rows.shape[1] + 1), dtype=np.uint8)
    filtered[:, 0] = 2  # filter type Up: each byte minus the byte above it
    filtered[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])
    colour_type = 6 if image.mode == "RGBA" else 2
    parts = [b"\x89PNG\r\n\x1a\n",
             _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))]
    if xmp:
        # keyword, NUL, compression flag 0, method 0, empty language tag and translated keyword
        parts.append(_chunk(b"iTXt", PNG_XMP_KEY.encode("latin-1") + b"\x00\x00\x00\x00\x00" + xmp))
    parts.extend(text_chunk(k, v) for k, v in (text_chunks or {}).items() if k != PNG_XMP_KEY)
    parts.append(_chunk(b"IDAT", zlib.compress(filtered.tobytes(), level)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)


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

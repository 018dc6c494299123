"""Hostile and broken files, made here byte by byte (no third-party corpus in the repository).

Each builder returns bytes; the cases mirror what issue 14 found in Pillow's, libvips' and
exiftool's test images: corrupt IDAT data, oversized zTXt, an APNG with frame-sequence
errors, truncated JPEGs, text chunks of 10 MB, XMP with a DTD, JSON nested 100,000 deep.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image, PngImagePlugin


def noise_image(w: int = 96, h: int = 80, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8))


def png(seed: int = 0, size: tuple[int, int] = (96, 80), **save) -> bytes:
    buffer = io.BytesIO()
    noise_image(*size, seed=seed).save(buffer, "PNG", **save)
    return buffer.getvalue()


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        out.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _assemble(chunks: list[tuple[bytes, bytes]]) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"".join(_chunk(k, b) for k, b in chunks)


def png_with_corrupt_idat(seed: int = 1) -> bytes:
    """Valid header and CRCs, damaged zlib stream: only decoding the pixels finds it."""
    chunks = _chunks(png(seed))
    out = []
    for kind, body in chunks:
        if kind == b"IDAT":
            middle = len(body) // 2
            body = body[:middle] + bytes(b ^ 0x55 for b in body[middle:middle + 64]) + body[middle + 64:]
        out.append((kind, body))
    return _assemble(out)


def png_with_chunk_before_idat(kind: bytes, body: bytes, seed: int = 2) -> bytes:
    chunks = _chunks(png(seed))
    at = next(i for i, (k, _) in enumerate(chunks) if k == b"IDAT")
    return _assemble([*chunks[:at], (kind, body), *chunks[at:]])


def png_with_oversized_ztxt(seed: int = 3) -> bytes:
    """A zTXt chunk that inflates to 2 MB (Pillow refuses: 'Decompressed data too large')."""
    body = b"Comment\x00\x00" + zlib.compress(b"a" * (2 * 1024 * 1024 + 1), 9)
    return png_with_chunk_before_idat(b"zTXt", body, seed)


def png_with_text(key: str, value: str, seed: int = 4) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return png(seed, pnginfo=info)


def png_with_xmp(packet: str, seed: int = 5) -> bytes:
    body = b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet.encode("utf-8")
    return png_with_chunk_before_idat(b"iTXt", body, seed)


XXE_XMP = """<?xml version="1.0"?>
<!DOCTYPE x [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="&secret;"/></rdf:RDF></x:xmpmeta>"""


def apng_with_frame_sequence_errors(seed: int = 6, size: tuple[int, int] = (48, 40), which: int = 2) -> bytes:
    """A 3-frame APNG whose ``which``-th fcTL has a wrong sequence number."""
    frames = [noise_image(*size, seed=seed + i) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:], duration=100)
    out, seen = [], 0
    for kind, body in _chunks(buffer.getvalue()):
        if kind == b"fcTL":
            seen += 1
            if seen == which:
                body = struct.pack(">I", 999) + body[4:]
        out.append((kind, body))
    return _assemble(out)


def jpeg(seed: int = 7, size: tuple[int, int] = (96, 80), **save) -> bytes:
    buffer = io.BytesIO()
    noise_image(*size, seed=seed).save(buffer, "JPEG", quality=90, **save)
    return buffer.getvalue()


def truncated_jpeg(seed: int = 8) -> bytes:
    data = jpeg(seed, (160, 120))
    return data[: len(data) // 2]


def encoded(fmt: str, seed: int = 9, size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    image = noise_image(*size, seed=seed)
    image = image.convert("P") if fmt == "GIF" else image
    image.save(buffer, fmt)
    return buffer.getvalue()


def deep_json(levels: int = 100_000) -> bytes:
    return b"[" * levels + b"]" * levels


def tiff_with_cyclic_ifd_chain(seed: int = 10) -> bytes:
    """A little-endian TIFF whose first IFD names itself as the next one (a loop readers must
    survive; the C2PA parser refuses it)."""
    data = bytearray(encoded("TIFF", seed))
    assert data[:2] == b"II"
    (first,) = struct.unpack("<I", data[4:8])
    (count,) = struct.unpack("<H", data[first:first + 2])
    next_at = first + 2 + 12 * count
    data[next_at:next_at + 4] = struct.pack("<I", first)
    return bytes(data)

"""Test helpers: source images, records, and PNG edits that keep every other chunk intact."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from genart_desktop.core.settings import Settings
from genart_desktop.provenance.rights import generated_record
from tests.provenance.conftest import GENERATION, IMAGE, make_card


def source_png(folder: Path, name: str = "source.png", size: int = 64, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    gradient = np.linspace(0, 255, size, dtype=np.float32)
    pixels = np.stack([np.add.outer(gradient, gradient) / 2, np.tile(gradient, (size, 1)),
                       rng.uniform(0, 255, (size, size))], axis=-1).astype(np.uint8)
    path = folder / name
    Image.fromarray(pixels).save(path)
    return path


def record_dict(**rights) -> dict:
    record = generated_record(make_card(), GENERATION, IMAGE, Settings())
    record.rights.creator = "Zoë Example"
    record.rights.credit = "Zoë Example / GenArt"
    record.rights.copyright_notice = "© 2026 Zoë Example"
    record.rights.licence = "CC-BY-4.0"
    record.rights.attribution_name = "Zoë Example"
    record.rights.attribution_url = "https://example.org/zoe"
    record.rights.usage_terms = "Credit the artist."
    record.rights.data_mining = "notAllowed"
    record.notes = "first of the series"
    record.human_contribution.statement = "I chose the palette."
    for key, value in rights.items():
        setattr(record.rights, key, value)
    return record.to_dict()


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        chunks.append((kind, data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return chunks


def png_from_chunks(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = [b"\x89PNG\r\n\x1a\n"]
    for kind, body in chunks:
        out.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)))
    return b"".join(out)


def change_one_pixel(path: Path) -> None:
    """Change one byte of pixel data in place, leaving every metadata chunk as it was."""
    chunks = png_chunks(path.read_bytes())
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    raw = bytearray(zlib.decompress(idat))
    raw[10] = (raw[10] + 1) % 256  # row 0 (filter byte at 0), a colour byte of pixel 3
    first = next(i for i, (kind, _) in enumerate(chunks) if kind == b"IDAT")
    rest = [c for c in chunks if c[0] != b"IDAT"]
    rest.insert(first, (b"IDAT", zlib.compress(bytes(raw))))
    path.write_bytes(png_from_chunks(rest))


def edit_embedded_xmp(path: Path, old: bytes, new: bytes) -> None:
    """Replace text inside the PNG's XMP iTXt chunk, as a metadata editor would."""
    chunks = png_chunks(path.read_bytes())
    edited = []
    for kind, body in chunks:
        if kind == b"iTXt" and body.startswith(b"XML:com.adobe.xmp\x00"):
            assert old in body
            body = body.replace(old, new)
        edited.append((kind, body))
    path.write_bytes(png_from_chunks(edited))


def library_with_records(tmp_path: Path, records: list[dict]):
    """A library (in GENART_HOME) holding one generated picture per provenance record."""
    from genart_desktop.library import Library

    library = Library.open()
    ids = [library.add_image_bytes(source_png(tmp_path, f"s{i}.png", seed=i).read_bytes(), "png",
                                   origin="generated", title=f"art{i}", provenance=r)
           for i, r in enumerate(records)]
    return library, ids

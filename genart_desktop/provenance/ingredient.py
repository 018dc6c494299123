"""The MIME type a C2PA ingredient (the parent of an export) is handed to the signer with.

Taken from the file's content, not its name: a library original may be TIFF, GIF or BMP, and
handing those to the signer as PNG failed (``expected [89, 50, 4E, 47…], got [49, 49, 2A, 00]``).
The type chosen is written into the ingredient's ``format``, so the manifest says what it was.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MIME_BY_FORMAT = {
    "PNG": "image/png", "JPEG": "image/jpeg", "MPO": "image/jpeg", "WEBP": "image/webp",
    "TIFF": "image/tiff", "GIF": "image/gif", "BMP": "image/bmp", "DIB": "image/bmp",
}
_BY_SUFFIX = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
              ".tif": "image/tiff", ".tiff": "image/tiff", ".gif": "image/gif", ".bmp": "image/bmp"}


def ingredient_mime(path: Path) -> str:
    """``image/tiff`` for a TIFF, whatever it is called; by its suffix when Pillow cannot tell."""
    try:
        with Image.open(path) as image:
            found = MIME_BY_FORMAT.get(image.format or "")
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        found = None
    return found or _BY_SUFFIX.get(path.suffix.lower(), "application/octet-stream")


def png_copy(path: Path) -> bytes | None:
    """The first frame of ``path`` as PNG bytes, for a parent the signer cannot parse; None if
    Pillow cannot read it either."""
    try:
        with Image.open(path) as image:
            image.load()
            alpha = "A" in image.mode or "transparency" in image.info
            buffer = io.BytesIO()
            image.convert("RGBA" if alpha else "RGB").save(buffer, "PNG")
            return buffer.getvalue()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, EOFError):
        return None

"""Embedded rights metadata of an open Pillow image: XMP, EXIF Copyright/Artist, IPTC."""

from __future__ import annotations

import logging

from PIL import Image, ImageFile, IptcImagePlugin

from genart_desktop.datasets.xmp import UnsafeXML, parse_xmp

log = logging.getLogger(__name__)

EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
TIFF_XMP = 700


def _raw_xmp(im: Image.Image) -> bytes | str | None:
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = im.info.get(key)
        if value:
            return value
    if im.format == "TIFF":
        value = getattr(im, "tag_v2", {}).get(TIFF_XMP)
        if value:
            return value
    return None


def _decode(value) -> str:
    if isinstance(value, bytes):
        for enc in ("utf-8", "latin-1"):
            try:
                return value.decode(enc).strip("\x00 ").strip()
            except UnicodeDecodeError:
                continue
    return str(value).strip("\x00 ").strip()


def read_embedded(im: Image.Image) -> dict[str, str]:
    """Field name → value, e.g. {"cc:license": …, "exif:Copyright": …}; "" values left out."""
    found: dict[str, str] = {}
    raw = _raw_xmp(im)
    if raw:
        try:
            found.update(parse_xmp(raw))
        except (UnsafeXML, Exception) as exc:
            found["xmp:error"] = f"embedded XMP ignored ({exc})"
    try:
        exif = im.getexif()
        for tag, name in ((EXIF_COPYRIGHT, "exif:Copyright"), (EXIF_ARTIST, "exif:Artist")):
            value = _decode(exif.get(tag, "") or "")
            if value:
                found[name] = value
    except Exception:
        log.debug("unreadable EXIF", exc_info=True)
    if im.format in ("JPEG", "TIFF") and isinstance(im, ImageFile.ImageFile):
        try:
            iptc = IptcImagePlugin.getiptcinfo(im) or {}
        except Exception:
            iptc = {}
        for key, name in (((2, 116), "iptc:CopyrightNotice"), ((2, 80), "iptc:By-line")):
            value = iptc.get(key)
            if isinstance(value, list):
                value = value[0] if value else b""
            text = _decode(value or b"")
            if text:
                found[name] = text
    return {k: v for k, v in found.items() if v}

"""EXIF and IPTC-IIM creator/copyright for JPEG exports, from the same record as the XMP.

Many readers (older DAM tools, web uploaders, camera-centric viewers) look only at EXIF
Artist/Copyright or at the IPTC-IIM By-line/Copyright Notice/Credit, never at XMP. The
values are the record's, UTF-8 (IIM's 1:90 names the character set; EXIF ASCII tags hold
UTF-8 bytes, which exiftool and exiv2 both read back as written). The MWG IPTC digest
(Photoshop resource 0x0425) tells readers that IIM and XMP are in step.

An imported image's A1111 ``parameters`` go back into the EXIF UserComment, where A1111
itself puts them in a JPEG (UNICODE prefix, UTF-16 big-endian, as piexif writes it).
"""

from __future__ import annotations

import hashlib
import struct

from PIL import Image

from genart_desktop.provenance.record import ProvenanceRecord

_ARTIST, _COPYRIGHT, _EXIF_IFD, _USER_COMMENT = 0x013B, 0x8298, 0x8769, 0x9286
_PHOTOSHOP = b"Photoshop 3.0\x00"
_UTF8 = b"\x1b%G"  # ISO 2022 escape for UTF-8, IIM dataset 1:90


def _dataset(record: int, number: int, value: bytes) -> bytes:
    if len(value) > 0x7FFF:
        value = value[:0x7FFF]  # the standard length field; longer text stays in XMP and JSON
    return struct.pack(">BBBH", 0x1C, record, number, len(value)) + value


def iim_bytes(record: ProvenanceRecord) -> bytes:
    """IPTC-IIM datasets: character set, record version, By-line, Credit, Copyright Notice."""
    rights = record.rights
    parts = [_dataset(1, 90, _UTF8), _dataset(2, 0, struct.pack(">H", 4))]
    for number, value in ((80, rights.creator), (110, rights.credit), (116, rights.copyright_notice)):
        if value:
            parts.append(_dataset(2, number, value.encode("utf-8")))
    return b"".join(parts)


def _resource(resource_id: int, data: bytes) -> bytes:
    body = data + (b"\x00" if len(data) % 2 else b"")
    return b"8BIM" + struct.pack(">H", resource_id) + b"\x00\x00" + struct.pack(">I", len(data)) + body


def app13_segment(iim: bytes) -> bytes:
    digest = hashlib.md5(iim, usedforsecurity=False).digest()
    payload = _PHOTOSHOP + _resource(0x0404, iim) + _resource(0x0425, digest)
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def exif_bytes(record: ProvenanceRecord) -> bytes | None:
    """The APP1 Exif payload ("Exif\\0\\0" + TIFF), or None when there is nothing to say."""
    exif = Image.Exif()
    if record.rights.creator:
        exif[_ARTIST] = record.rights.creator.encode("utf-8")
    if record.rights.copyright_notice:
        exif[_COPYRIGHT] = record.rights.copyright_notice.encode("utf-8")
    parameters = record.imported.chunks.get("parameters") if record.imported else None
    if parameters:
        exif.get_ifd(_EXIF_IFD)[_USER_COMMENT] = b"UNICODE\x00" + parameters.encode("utf-16-be")
    return exif.tobytes() if len(exif) else None


def _app1(payload: bytes) -> bytes:
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def add_rights(data: bytes, record: ProvenanceRecord) -> bytes:
    """The JPEG ``data`` with Exif right after SOI/JFIF and the IIM segment after the APPn ones."""
    segments = []
    exif = exif_bytes(record)
    if exif is not None and len(exif) <= 65533:
        segments.append(_app1(exif))
    iim = iim_bytes(record)
    if len(iim) <= 65000:
        segments.append(app13_segment(iim))
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF and 0xE0 <= data[pos + 1] <= 0xEF:
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        pos += 2 + length  # past every APPn segment (JFIF, XMP, extended XMP)
    return data[:pos] + b"".join(segments) + data[pos:]

"""Third-party readers for the interoperability tests: Debian's exiftool and exiv2."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

EXIFTOOL = shutil.which("exiftool")
EXIV2 = shutil.which("exiv2")
needs_exiftool = pytest.mark.skipif(EXIFTOOL is None, reason="exiftool is not installed "
                                    "(Debian package libimage-exiftool-perl; ./test installs it when it can)")
needs_exiv2 = pytest.mark.skipif(EXIV2 is None, reason="exiv2 is not installed (Debian package exiv2)")


def exiftool(path: Path, *tags: str) -> dict:
    """exiftool's JSON for ``path`` (raw values, family-1 groups), e.g. tags "-XMP:all"."""
    assert EXIFTOOL is not None
    out = subprocess.run([EXIFTOOL, "-j", "-struct", "-G1", "-n", *(tags or ("-all",)), str(path)],
                         capture_output=True, check=True)
    return json.loads(out.stdout.decode("utf-8"))[0]


def exiv2(path: Path) -> dict[str, str]:
    """exiv2's XMP, EXIF and IPTC values of ``path``, keyed like "Xmp.iptcExt.DigitalSourceType"."""
    assert EXIV2 is not None
    out = subprocess.run([EXIV2, "-q", "-pa", "-g", ".", str(path)], capture_output=True)
    values: dict[str, str] = {}
    for line in out.stdout.decode("utf-8", errors="replace").splitlines():
        parts = line.split(None, 3)
        if len(parts) >= 3 and "." in parts[0]:
            values[parts[0]] = parts[3] if len(parts) == 4 else ""
    return values

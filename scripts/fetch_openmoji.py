#!/usr/bin/env python3
"""Fetch the OpenMoji colour emoji (npm package ``openmoji``) as 64 px PNGs into ./data/openmoji.

The second fixed dataset of ``bench quality``: flat fills with thick black outlines, a
different look from Twemoji's outline-free shapes. The package ships SVGs only; they are
rendered with Qt's SVG renderer (PySide6, already installed) onto white, like the Twemoji
cache. ``npm pack`` (the registry's ordinary client) fetches the tarball; no package code runs.
OpenMoji graphics are CC BY-SA 4.0; LICENSE/ATTRIBUTION files let the datasets engine detect it.

    python scripts/fetch_openmoji.py [--dest data/openmoji] [--size 64] [--version 17.0.0]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "openmoji"
MEMBER_PREFIX = "package/color/svg/"
ATTRIBUTION = "OpenMoji – the open-source emoji and icon project"
SOURCE_URL = "https://openmoji.org/"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
LICENCE_TEXT = f"""All emojis designed by OpenMoji ({SOURCE_URL}), {ATTRIBUTION}.
Licensed under CC BY-SA 4.0 (Creative Commons Attribution-ShareAlike 4.0 International): {LICENCE_URL}
SPDX-License-Identifier: CC-BY-SA-4.0
SPDX-FileCopyrightText: {ATTRIBUTION}
Source: {SOURCE_URL} (via the npm package {PACKAGE}; rendered from its colour SVGs)
"""


def render(svg: bytes, size: int):  # -> QImage
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        return None
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # OpenMoji's 72-unit artboard has a 12 % margin; crop it so the emoji fill the frame like Twemoji.
    renderer.setViewBox(QRectF(9, 9, 54, 54))
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def fetch(dest: Path, size: int, version: str | None) -> int:
    if shutil.which("npm") is None:
        print("npm is not installed; install Node.js/npm to fetch OpenMoji.", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QPainter needs one)
    spec = f"{PACKAGE}@{version}" if version else PACKAGE
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", tmp], check=True,
                       stdout=subprocess.DEVNULL)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if not tarballs:
            print(f"npm pack produced no tarball for {spec}.", file=sys.stderr)
            return 1
        staging = dest.with_name(dest.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        count = skipped = 0
        with tarfile.open(tarballs[0], "r:gz") as tar:
            for member in tar.getmembers():
                name = member.name
                if not (member.isfile() and name.startswith(MEMBER_PREFIX) and name.endswith(".svg")):
                    continue
                base = Path(name).stem
                source = tar.extractfile(member)
                if "/" in base or base.startswith(".") or source is None:
                    continue
                image = render(source.read(), size)
                if image is None or not image.save(str(staging / f"{base}.png"), "PNG"):
                    skipped += 1
                    continue
                count += 1
        (staging / "LICENSE").write_text(LICENCE_TEXT, encoding="utf-8")
        (staging / "ATTRIBUTION.txt").write_text(
            f"{ATTRIBUTION}\nLicence: CC-BY-SA-4.0 {LICENCE_URL}\nSource: {SOURCE_URL}\n", encoding="utf-8"
        )
        shutil.rmtree(dest, ignore_errors=True)
        staging.rename(dest)
    print(f"{count} OpenMoji {size} px PNGs in {dest} ({skipped} SVGs could not be rendered; CC-BY-SA-4.0)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=Path("data/openmoji"))
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--version", default=None, help="package version (default: latest)")
    args = parser.parse_args(argv)
    return fetch(args.dest, args.size, args.version)


if __name__ == "__main__":
    sys.exit(main())

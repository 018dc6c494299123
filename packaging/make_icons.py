"""Render the app icon (the SVG named in pyproject.toml) to the PNG sizes desktops want,
plus a Windows .ico and a macOS .icns. Run after changing the SVG:

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from genart_desktop.core.version import APP_ID, ICON_PATH  # noqa: E402

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OUT = ROOT / "packaging" / "icons"


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")


def main() -> None:
    QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / ICON_PATH))
    if not renderer.isValid():
        raise SystemExit(f"{ICON_PATH} is not a valid SVG")
    for size in SIZES:
        render(renderer, size, OUT / f"{size}x{size}" / f"{APP_ID}.png")
    largest = Image.open(OUT / "512x512" / f"{APP_ID}.png")
    largest.save(OUT / "genart.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    largest.save(OUT / "genart.icns")
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()

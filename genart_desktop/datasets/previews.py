"""Small RGB previews of included images for the report's grid (decoded off the GUI thread)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.datasets import decode
from genart_desktop.datasets.model import ScanResult


def previews(
    result: ScanResult,
    *,
    limit: int = 240,
    side: int = 96,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> list[tuple[str, int, int, bytes]]:
    """(path, width, height, RGB bytes) for up to ``limit`` included images, in report order."""
    bg = decode.parse_colour(result.background)
    chosen = result.included[:limit]
    archives: dict[int, zipfile.ZipFile] = {}
    out = []
    try:
        for i, entry in enumerate(chosen):
            check_stop(should_stop)
            base = Path(result.sources[entry.source])
            try:
                if base.is_file():
                    archive = archives.setdefault(entry.source, zipfile.ZipFile(base))
                    data = archive.read(entry.path)
                else:
                    data = (base / entry.path).read_bytes()
                im = decode.open_rgb(data, bg, draft_to=side)
            except Exception:
                continue
            im.thumbnail((side, side))
            out.append((entry.path, im.width, im.height, im.tobytes()))
            progress((i + 1) / max(1, len(chosen)), f"Preview {i + 1} of {len(chosen)}")
    finally:
        for archive in archives.values():
            archive.close()
    return out

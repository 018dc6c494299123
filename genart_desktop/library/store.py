"""The content-addressed image store: ``images/ab/<sha256>.<ext>``.

The same bytes always land at the same path, so an image is never stored twice and a
file's name proves its content. Writes are atomic (temporary file + rename).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_bytes
from genart_desktop.core.errors import LibraryError

# Extensions the store accepts, normalised (".JPG" -> "jpg", "jpeg" -> "jpg").
_ALIASES = {"jpeg": "jpg", "tif": "tiff"}
KNOWN_EXTS = {"png", "jpg", "webp", "gif", "bmp", "tiff"}


def normalise_ext(ext: str) -> str:
    clean = ext.lower().lstrip(".")
    clean = _ALIASES.get(clean, clean)
    if clean not in KNOWN_EXTS:
        raise LibraryError(
            f"Images of type '.{clean}' cannot be stored in the library.",
            hint=f"Supported types: {', '.join(sorted(KNOWN_EXTS))}.",
        )
    return clean




class Store:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or paths.images_dir()

    def path_for(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.{normalise_ext(ext)}"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def put(self, data: bytes, sha256: str, ext: str) -> Path:
        """Write ``data`` at its address unless an identical file is already there."""
        target = self.path_for(sha256, ext)
        if target.is_file() and target.stat().st_size == len(data):
            return target
        atomic_write_bytes(target, data)
        return target

    def remove(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        self.remove_temporaries(path)

    def remove_temporaries(self, path: Path) -> None:
        """Delete half-written temporaries of ``path`` left by a crash (core.atomic naming)."""
        if path.parent.is_dir():
            for tmp in path.parent.glob(f".{path.name}.*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()

    def iter_files(self) -> Iterator[Path]:
        """Every file under the store, temporaries included (for the consistency check)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                yield from (p for p in sorted(sub.iterdir()) if p.is_file())
            elif sub.is_file():
                yield sub

"""What ``genart verify`` checks: files, folders and globs become the images among them.

A sidecar (``name.ext.xmp``, ``name.xmp``, ``name.ext.provenance.json``, ``name.c2pa``,
``name.ext.c2pa``) is a part of its image, not an image of its own: it is checked with the
image, and named on its own only when its image is missing.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

from genart_desktop.provenance import files

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
SIDECAR_ENDINGS = (files.JSON_SUFFIX, ".xmp", files.C2PA_SUFFIX)


@dataclass
class Targets:
    images: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # arguments that name nothing
    orphans: list[Path] = field(default_factory=list)  # sidecars whose image is not there


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_ENDINGS)


def image_of(sidecar: Path) -> Path | None:
    """The image a sidecar belongs to, if it exists."""
    name = sidecar.name
    for ending in SIDECAR_ENDINGS:
        if name.lower().endswith(ending):
            base = sidecar.with_name(name[: -len(ending)])
            if base.suffix.lower() in IMAGE_SUFFIXES and base.is_file():
                return base  # name.ext.xmp, name.ext.provenance.json, name.ext.c2pa
            for suffix in IMAGE_SUFFIXES:  # name.xmp, name.c2pa: the extension was replaced
                candidate = base.with_name(base.name + suffix)
                if candidate.is_file():
                    return candidate
    return None


def _expand_one(raw: str) -> tuple[list[Path], bool] | None:
    """(files, named one by one) for one argument; None when it names nothing."""
    path = Path(raw)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file()), False
    if path.exists():
        return [path], True
    if glob.has_magic(raw):  # a glob the shell did not expand (quoted, or on Windows)
        found = sorted(Path(p) for p in glob.glob(raw) if Path(p).is_file())
        return (found, False) if found else None
    return None


def expand(arguments: list[str | Path]) -> Targets:
    """The images named by files, folders (their files) and globs, each once, in order."""
    targets = Targets()
    seen: set[Path] = set()
    for raw in arguments:
        expanded = _expand_one(str(raw))
        if expanded is None:
            targets.missing.append(str(raw))
            continue
        found, named = expanded
        for path in found:
            if is_sidecar(path):
                image = image_of(path)
                if image is None:
                    targets.orphans.append(path)
                    continue
                path = image
            elif path.suffix.lower() not in IMAGE_SUFFIXES and not named:
                continue  # a folder's other files (notes, other tools' files); a named one is checked
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                targets.images.append(path)
    return targets

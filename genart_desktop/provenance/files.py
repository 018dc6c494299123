"""File names for exports: sidecar names, safe templates, and writes that never overwrite."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from genart_desktop.core.errors import ExportError

JSON_SUFFIX = ".provenance.json"
C2PA_SUFFIX = ".c2pa"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def xmp_sidecar(image: Path, style: str = "ext") -> Path:
    """``name.png.xmp`` (style "ext", keeps sidecars of name.png and name.jpg apart) or ``name.xmp``."""
    return image.with_name(image.name + ".xmp") if style == "ext" else image.with_suffix(".xmp")


def json_sidecar(image: Path) -> Path:
    return image.with_name(image.name + JSON_SUFFIX)


def c2pa_sidecar(image: Path) -> Path:
    """``name.c2pa``: the extension replaced, where c2pa-rs (and so c2patool) looks for it."""
    return image.with_suffix(C2PA_SUFFIX)


def c2pa_sidecars(image: Path) -> list[Path]:
    """Where a manifest of ``image`` may be: ``name.c2pa``, then the older ``name.ext.c2pa``."""
    return [c2pa_sidecar(image), image.with_name(image.name + C2PA_SUFFIX)]


def safe_stem(text: str, fallback: str = "image") -> str:
    """A file-name stem any OS accepts: no separators or control characters, at most 120 chars."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned[:120].rstrip(" .") or fallback


def render_template(template: str, fields: dict[str, object]) -> str:
    """Fill ``{name}``-style fields; an unknown field is a clear error, not a crash."""
    try:
        return safe_stem(template.format_map({k: "" if v is None else v for k, v in fields.items()}))
    except (KeyError, IndexError, ValueError) as exc:
        raise ExportError(
            f"The file-name template “{template}” cannot be used: {exc}.",
            hint=f"Available fields: {', '.join('{' + k + '}' for k in sorted(fields))}.",
        ) from exc


def unique_base(folder: Path, stem: str, ext: str, sidecars: list[str], *, plain_xmp: bool = False,
                reserved: set[str] | None = None) -> Path:
    """``folder/stem.ext``, or ``stem-1.ext``, ``stem-2.ext`` … so that no file of the set exists
    (nor was ``reserved`` by an export still in progress). The caller adds what it takes."""
    reserved = reserved if reserved is not None else set()
    n = 0
    while True:
        name = stem if n == 0 else f"{stem}-{n}"
        image = folder / f"{name}.{ext}"
        taken = [image, *(image.with_name(image.name + s) for s in sidecars), c2pa_sidecar(image)]
        if plain_xmp:
            taken.append(xmp_sidecar(image, "plain"))
        if not any(p.name in reserved or p.exists() or p.is_symlink() for p in taken):
            reserved.update(p.name for p in taken)
            return image
        n += 1


def create_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file atomically; FileExistsError if ``path`` already exists.

    Temporary file, fsync, then a hard link to the final name: the link fails instead of
    replacing a file that appeared meanwhile, so nothing is ever overwritten.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)
        except (NotImplementedError, PermissionError):  # file systems without hard links
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()

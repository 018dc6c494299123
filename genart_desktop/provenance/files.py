"""File names for exports: sidecar names, safe templates, and writes that never overwrite."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import tempfile
from pathlib import Path

from genart_desktop.core.errors import ExportError

JSON_SUFFIX = ".provenance.json"
STAGING = ".genart-export"
C2PA_SUFFIX = ".c2pa"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_OLD_TMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # mkstemp's ".{name}.XXXXXXXX.tmp"


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


def staging_dir(folder: Path) -> Path:
    """Where an export's temporaries live: a hidden folder inside the export folder (the same
    file system, so the final link is atomic), emptied of what killed exports left."""
    return folder / STAGING


def create_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file atomically; FileExistsError if ``path`` already exists.

    Temporary file (in the hidden staging folder), fsync, then a hard link to the final name:
    the link fails instead of replacing a file that appeared meanwhile, so nothing is ever
    overwritten, and a kill leaves no temporary beside the user's images.
    """
    stage = staging_dir(path.parent)
    stage.mkdir(exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".tmp", dir=stage)
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


def write_set(image: tuple[Path, bytes], sidecars: list[tuple[Path, bytes]]) -> list[Path]:
    """Write an image and its sidecars as one unit: the sidecars first, the image last, so a
    visible image always has its sidecars. An intent file in the staging folder lists the set
    while it is written; ``clean_staging`` removes the sidecars of a set whose writer died
    before its image appeared. Returns the paths written; on error, removes them and raises."""
    target = image[0]
    stage = staging_dir(target.parent)
    stage.mkdir(exist_ok=True)
    intent = stage / f"{os.getpid()}-{secrets.token_hex(6)}.set.json"
    intent.write_text(json.dumps({"image": target.name, "sidecars": [p.name for p, _ in sidecars]}),
                      encoding="utf-8")
    written: list[Path] = []
    try:
        for path, payload in [*sidecars, image]:
            create_new(path, payload)
            written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    finally:
        with contextlib.suppress(OSError):
            intent.unlink()
    return written


def clean_staging(folder: Path) -> int:
    """Remove what killed exports left in ``folder``: temporaries, and the sidecars of a set
    whose image was never written. Returns how many files were removed."""
    stage = staging_dir(folder)
    removed = 0
    for old in folder.glob(".*.tmp"):  # temporaries of versions that wrote beside the image
        if _OLD_TMP.match(old.name) and old.is_file():
            with contextlib.suppress(OSError):
                old.unlink()
                removed += 1
    if not stage.is_dir():
        return removed
    for entry in stage.iterdir():
        pid = entry.name.split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        if entry.name.endswith(".set.json"):
            removed += _undo_set(folder, entry)
        with contextlib.suppress(OSError):
            entry.unlink()
            removed += 1
    with contextlib.suppress(OSError):
        stage.rmdir()  # only when empty
    return removed


def _undo_set(folder: Path, intent: Path) -> int:
    try:
        plan = json.loads(intent.read_text(encoding="utf-8"))
        image, sidecars = str(plan["image"]), [str(n) for n in plan["sidecars"]]
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    if (folder / image).exists():
        return 0  # the set was finished: the kill came after the image's link
    removed = 0
    for name in sidecars:
        if Path(name).name == name:  # a plain name inside the folder, as write_set wrote it
            with contextlib.suppress(OSError):
                (folder / name).unlink()
                removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True

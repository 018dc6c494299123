"""Import files and folders into the library (copy in, read their metadata, origin "imported").

Each file is checked before it is read (a regular file, within the size limit: a FIFO or a
link to ``/dev/zero`` named ``x.png`` is skipped, not read), decoded completely before it is
accepted (``decode_check``), and any failure of one file becomes a skipped item with its
reason: an import always ends with a summary of what was added and what was skipped.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from genart_desktop.core import limits
from genart_desktop.core.errors import Cancelled, DiskFull, GenArtError
from genart_desktop.core.hashing import sha256_bytes
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.library.decode_check import decode_all_frames
from genart_desktop.library.library import Library
from genart_desktop.library.metadata import read_metadata
from genart_desktop.library.rows import ImportReport

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
MAX_FILE_BYTES = limits.MAX_IMAGE_FILE_BYTES
MAX_RECORD_CHARS = 4 * limits.MAX_TEXT_FIELD_CHARS  # a provenance record kept from a sidecar


def is_image_path(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")


def collect(paths_in: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Image files among ``paths_in`` (folders searched recursively), and what was skipped."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths_in:
        path = Path(raw)
        if path.is_dir():
            files.extend(_walk(path))
        elif not os.path.lexists(path):
            skipped.append((str(path), "no such file or folder"))
        elif path.name.endswith((".xmp", ".provenance.json")):
            continue
        elif is_image_path(path):
            files.append(path)  # its type and size are checked before it is read
        else:
            skipped.append((str(path), "not an image type the library stores"))
    return files, skipped


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            candidate = Path(root) / name
            if is_image_path(candidate):
                yield candidate


def unreadable_reason(path: Path) -> str:
    """Why ``path`` is not read at all ("" when it may be): checked before opening it."""
    try:
        st = path.stat()  # follows a symbolic link to what it names
    except FileNotFoundError:
        return "broken symbolic link (its target is missing)" if path.is_symlink() else "no such file"
    except PermissionError:
        return "cannot be read (permission denied)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a pipe, device or socket with an image name); not read"
    if st.st_size == 0:
        return "empty file (0 bytes)"
    return limits.too_large_reason(st.st_size)


def _read_bounded(path: Path) -> bytes:
    # O_NONBLOCK: if the file was swapped for a FIFO after the check, opening it cannot hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise GenArtError("not a regular file (a pipe, device or socket with an image name); not read")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise GenArtError(limits.too_large_reason(len(data)))
    return data


def import_files(
    library: Library,
    paths_in: Iterable[str | Path],
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> ImportReport:
    files, skipped = collect(paths_in)
    report = ImportReport(skipped=skipped)
    total = len(files)
    progress(0.0, f"Importing {total} image(s)…")
    for n, path in enumerate(files):
        if should_stop():
            report.cancelled = True
            break
        try:
            _import_one(library, path, report)
        except Cancelled:
            report.cancelled = True
            break
        except DiskFull as exc:  # every later file would fail the same way: stop, say where
            report.stopped = exc.user_message
            break
        except GenArtError as exc:
            report.skipped.append((str(path), exc.user_message.rstrip(".")))
        except OSError as exc:
            report.skipped.append((str(path), f"could not be read ({exc.strerror or exc})"))
        except Exception as exc:  # one file never ends the import
            log.warning("import of %s failed", path, exc_info=True)
            report.skipped.append((str(path), f"could not be imported ({_plain(exc)})"))
        progress((n + 1) / max(1, total), f"Imported {n + 1} of {total}: {path.name}")
    log.info("library import: %s", report.summary())
    return report


def _plain(exc: BaseException) -> str:
    text = str(exc)
    return text if text and "object at 0x" not in text else "an unexpected problem with this file"


def _import_one(library: Library, path: Path, report: ImportReport) -> None:
    reason = unreadable_reason(path)
    if reason:
        report.skipped.append((str(path), reason))
        return
    data = _read_bounded(path)
    existing = library.find_sha(sha256_bytes(data))
    if existing is not None:
        library.add_image_bytes(data, path.suffix, origin="imported")  # brings it back from the trash
        report.duplicates.append(existing)
        return
    decode_all_frames(data, str(path))
    found = read_metadata(path, data)
    if found.provenance and len(json.dumps(found.provenance, default=str)) > MAX_RECORD_CHARS:
        found.provenance = {}
        found.notes.append(f"The provenance record beside this file is larger than {MAX_RECORD_CHARS:,}"
                           " characters and was not kept.")
    image_id, created = library.add_image(
        data,
        path.suffix,
        origin="imported",
        title=limits.clip_text(found.title or path.stem, limits.MAX_TITLE_CHARS),
        notes=limits.clip_text(found.notes_text),
        rights={k: limits.clip_text(v) for k, v in found.rights.items()},
        generation=_bounded(found.generation) or None,
        provenance=found.provenance or None,
        tags=[limits.clip_text(t, limits.MAX_TITLE_CHARS) for t in found.tags],
        source_path=str(path.resolve()),
    )
    _keep_sidecar_manifest(path, data)
    # Another process importing the same file at the same time may have stored it first.
    (report.added if created else report.duplicates).append(image_id)


def _keep_sidecar_manifest(path: Path, data: bytes) -> None:
    """A ``name.c2pa`` beside the file is its signed history: keep it for re-exports."""
    from genart_desktop.provenance import parent_manifests

    manifest = parent_manifests.sidecar_manifest(path)
    if manifest is not None:
        parent_manifests.keep(sha256_bytes(data), manifest)


def _bounded(generation: dict) -> dict:
    """Generation fields found in the file, each within the text limit (a long prompt is cut;
    a graph too large to keep is replaced by a note saying so)."""
    out: dict = {}
    for key, value in generation.items():
        if isinstance(value, str):
            out[key] = limits.clip_text(value)
        elif len(json.dumps(value, default=str)) <= limits.MAX_TEXT_FIELD_CHARS:
            out[key] = value
        else:
            out[key] = f"[not kept: larger than {limits.MAX_TEXT_FIELD_CHARS:,} characters]"
    return out

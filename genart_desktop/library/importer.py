"""Import files and folders into the library (copy in, read their metadata, origin "imported")."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from genart_desktop.core.errors import Cancelled, GenArtError
from genart_desktop.core.hashing import sha256_bytes
from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.library.library import Library
from genart_desktop.library.metadata import read_metadata
from genart_desktop.library.rows import ImportReport

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
MAX_FILE_BYTES = 512 * 1024 * 1024


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
        elif path.is_file():
            if is_image_path(path):
                files.append(path)
            elif not path.name.endswith((".xmp", ".provenance.json")):
                skipped.append((str(path), "not an image type the library stores"))
        else:
            skipped.append((str(path), "no such file or folder"))
    return files, skipped


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            candidate = Path(root) / name
            if is_image_path(candidate):
                yield candidate


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
        except GenArtError as exc:
            report.skipped.append((str(path), exc.user_message))
        except OSError as exc:
            report.skipped.append((str(path), f"could not be read ({exc.strerror or exc})"))
        progress((n + 1) / max(1, total), f"Imported {n + 1} of {total}: {path.name}")
    log.info("library import: %s", report.summary())
    return report


def _import_one(library: Library, path: Path, report: ImportReport) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        report.skipped.append((str(path), f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"))
        return
    data = path.read_bytes()
    existing = library.find_sha(sha256_bytes(data))
    if existing is not None:
        library.add_image_bytes(data, path.suffix, origin="imported")  # brings it back from the trash
        report.duplicates.append(existing)
        return
    found = read_metadata(path, data)
    image_id = library.add_image_bytes(
        data,
        path.suffix,
        origin="imported",
        title=found.title or path.stem,
        notes=found.notes_text,
        rights=found.rights,
        generation=found.generation or None,
        provenance=found.provenance or None,
        tags=found.tags,
        source_path=str(path.resolve()),
    )
    _keep_sidecar_manifest(path, data)
    report.added.append(image_id)


def _keep_sidecar_manifest(path: Path, data: bytes) -> None:
    """A ``name.c2pa`` beside the file is its signed history: keep it for re-exports."""
    from genart_desktop.provenance import parent_manifests

    manifest = parent_manifests.sidecar_manifest(path)
    if manifest is not None:
        parent_manifests.keep(sha256_bytes(data), manifest)

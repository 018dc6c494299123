"""Scan folders or zips into a ``ScanResult``: every file with a decision and a reason.

Work per file: read the bytes once, hash them (sha256), inspect the image (decode.py) and
read embedded rights metadata. Files are processed by a small thread pool: hashing and
Pillow's decoders release the GIL, so two cores give nearly twice the throughput without
the cost of worker processes. Progress and cancellation are checked between files.
"""

from __future__ import annotations

import hashlib
import logging
import os
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path, PurePosixPath

import numpy as np

from genart_desktop.core.errors import DatasetError
from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.datasets import decode
from genart_desktop.datasets.metadata import read_embedded
from genart_desktop.datasets.model import FileEntry, ScanResult
from genart_desktop.datasets.walk import IMAGE_SUFFIXES, Item, Listing, is_text_for_licences, list_sources

log = logging.getLogger(__name__)

SIZES = (64, 128, 256, 512)
FITS = ("crop", "pad")
NEAR_DUPLICATE_DISTANCE = 4  # phash Hamming distance (of 64 bits) treated as "the same picture"


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _inspect_item(item: Item, size: int, fit: str, pixel_limit: int, background) -> FileEntry:
    entry = FileEntry(source=item.source, path=item.rel, size=item.size)
    if item.skip:
        entry.reason = item.skip
        return entry
    assert item.read is not None
    try:
        data = item.read()
    except PermissionError:
        entry.reason = "cannot be read (permission denied)"
        return entry
    except DatasetError as exc:
        entry.reason = f"cannot be read ({exc.user_message})"
        return entry
    except MemoryError:
        entry.reason = "cannot be read (not enough memory for a file this large)"
        return entry
    except OSError as exc:
        entry.reason = f"cannot be read ({exc.strerror or exc or type(exc).__name__})"
        return entry
    except Exception as exc:
        entry.reason = f"cannot be read ({exc or type(exc).__name__})"
        return entry
    entry.size = len(data)
    entry.sha256 = hashlib.sha256(data).hexdigest()
    if item.restat is not None:
        try:
            now = item.restat()
        except OSError:
            now = (-1, -1)
        if now != (item.size, item.mtime_ns) or len(data) != item.size:
            entry.reason = "changed while it was being scanned (scan again when it is finished)"
            return entry
    try:
        info = decode.inspect_image(
            data, size=size, fit=fit, pixel_limit=pixel_limit, background=background, read_meta=read_embedded
        )
    except decode.Rejected as exc:
        entry.reason = str(exc.args[0])
        if (
            entry.reason.startswith("not an image")
            and PurePosixPath(item.rel).suffix.lower() in IMAGE_SUFFIXES
        ):
            entry.reason = "corrupt image (has an image name but its content is not a readable image)"
        elif entry.reason.startswith("not an image") and is_text_for_licences(item.rel):
            entry.reason = "licence or metadata file (read for licence information), not an image"
        return entry
    except Exception as exc:
        log.debug("unexpected error on %s", item.rel, exc_info=True)
        entry.reason = f"corrupt image ({type(exc).__name__}: {exc})"
        return entry
    entry.format, entry.mode = info.format, info.mode
    entry.width, entry.height = info.width, info.height
    entry.phash = info.phash
    entry.notes = info.notes
    entry.included = True
    entry.override["embedded"] = info.meta  # consumed by licence detection, then removed
    return entry


def scan(
    paths: list[Path] | list[str],
    *,
    size: int = 128,
    fit: str = "crop",
    background: str = "#ffffff",
    pixel_limit: int = decode.DEFAULT_PIXEL_LIMIT,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> ScanResult:
    """Scan ``paths`` (folders and/or zip files) for training images."""
    if size not in SIZES:
        raise DatasetError(
            f"{size} px is not a training size.", hint=f"Use one of {', '.join(map(str, SIZES))}."
        )
    if fit not in FITS:
        raise DatasetError(f"Unknown fit {fit!r}.", hint="Use 'crop' (centre crop) or 'pad'.")
    if not paths:
        raise DatasetError("Nothing to scan.", hint="Choose at least one folder or zip file.")
    sources = [Path(p) for p in paths]
    progress(0.0, "Listing files…")
    listing = list_sources(sources, should_stop)
    bg = decode.parse_colour(background)
    result = ScanResult(
        sources=[str(p.resolve()) for p in sources], size=size, fit=fit, background=background
    )
    result.files = _inspect_all(listing, size, fit, pixel_limit, bg, progress, should_stop)
    _mark_duplicates(result)
    from genart_desktop.datasets.licence_detect import detect_licences

    progress(0.97, "Looking for licences…")
    detect_licences(result, listing)
    progress(1.0, f"{len(result.included)} usable images, {len(result.skipped)} skipped")
    return result


def _inspect_all(
    listing: Listing, size: int, fit: str, pixel_limit: int, bg, progress: ProgressFn, should_stop: ShouldStop
) -> list[FileEntry]:
    items = listing.items
    total = max(1, len(items))
    results: list[FileEntry | None] = [None] * len(items)
    done = 0
    # Bounded submission keeps memory flat for huge folders (bytes of at most ~2×workers files).
    workers = _workers()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dataset-scan") as pool:
        pending: dict[Future, int] = {}
        next_index = 0
        try:
            while next_index < len(items) or pending:
                while next_index < len(items) and len(pending) < workers * 2:
                    fut = pool.submit(_inspect_item, items[next_index], size, fit, pixel_limit, bg)
                    pending[fut] = next_index
                    next_index += 1
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    results[pending.pop(fut)] = fut.result()
                    done += 1
                progress(0.95 * done / total, f"Checked {done} of {len(items)} files")
                check_stop(should_stop)
        finally:
            for fut in pending:
                fut.cancel()
    return [r for r in results if r is not None]


def _mark_duplicates(result: ScanResult) -> None:
    """Exact duplicates are skipped (first one kept); near-duplicates are only reported."""
    by_hash: dict[str, FileEntry] = {}
    for entry in result.files:
        if not entry.included:
            continue
        first = by_hash.get(entry.sha256)
        if first is not None:
            entry.included = False
            entry.reason = f"exact duplicate of {first.path}"
        else:
            by_hash[entry.sha256] = entry
    kept = [e for e in result.files if e.included]
    if not kept:
        return
    # Vectorised Hamming distances (numpy popcount): 10,000 images take well under a second.
    bits = np.array([int(e.phash, 16) for e in kept], dtype=np.uint64)
    root_of: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    for i in range(1, len(kept)):
        close = np.nonzero(np.bitwise_count(bits[:i] ^ bits[i]) <= NEAR_DUPLICATE_DISTANCE)[0]
        if close.size:
            root = root_of.get(int(close[0]), int(close[0]))
            root_of[i] = root
            groups.setdefault(root, [root]).append(i)
            kept[i].near_duplicate_of = kept[root].path
    result.near_duplicate_groups = [[kept[i].path for i in members] for members in groups.values()]

"""The preprocessing cache: included images at the training size in one uint8 .npy file.

``build_cache`` decodes each included file once (re-reading it from its source and checking
its sha256 against the manifest), centre-crops or pads it to a square, resizes it, and writes
``cache-<size>-<fit>.npy`` (N, size, size, 3) through a temporary file replaced atomically.
Training opens it with ``numpy.load(path, mmap_mode="r")`` and never decodes an image.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from genart_desktop.core.atomic import atomic_write_json
from genart_desktop.core.errors import DatasetError, DiskFull, is_disk_full
from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.datasets import decode
from genart_desktop.datasets.manifest import dataset_dir, load_manifest
from genart_desktop.datasets.scan import FITS, SIZES


def cache_path(dataset_id: str, size: int, fit: str = "crop") -> Path:
    return dataset_dir(dataset_id) / f"cache-{int(size)}-{fit}.npy"


def square(im: Image.Image, size: int, fit: str, background: tuple[int, int, int]) -> Image.Image:
    w, h = im.size
    if fit == "crop":
        side = min(w, h)
        left, top = (w - side) // 2, (h - side) // 2
        im = im.crop((left, top, left + side, top + side))
    else:
        side = max(w, h)
        canvas = Image.new("RGB", (side, side), background)
        canvas.paste(im, ((side - w) // 2, (side - h) // 2))
        im = canvas
    return im.resize((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _reader(sources: list[str]):
    archives: dict[int, zipfile.ZipFile] = {}
    lock = threading.Lock()

    def read(source: int, rel: str) -> bytes:
        base = Path(sources[source])
        if base.is_file():
            with lock:
                if source not in archives:
                    archives[source] = zipfile.ZipFile(base)
                return archives[source].read(rel)
        return (base / rel).read_bytes()

    def close() -> None:
        for archive in archives.values():
            archive.close()

    return read, close


def dropped_path(dataset_id: str, size: int, fit: str = "crop") -> Path:
    return dataset_dir(dataset_id) / f"cache-{int(size)}-{fit}.dropped.json"


def dropped_files(dataset_id: str, size: int, fit: str = "crop") -> list[tuple[str, str]]:
    """(path, reason) of included files the cache at this size had to leave out."""
    try:
        raw = json.loads(dropped_path(dataset_id, size, fit).read_text(encoding="utf-8"))
        return [(str(p), str(r)) for p, r in raw]
    except (OSError, ValueError, TypeError):
        return []


class _Dropped(Exception):
    """This file cannot go into the cache; ``args[0]`` is the reason, for a person."""


def build_cache(
    dataset_id: str,
    size: int,
    fit: str = "crop",
    *,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> Path:
    """Build (or find) the cache. A file that cannot be read or decoded any more is left out
    with its reason (``dropped_files``), never the whole dataset; none left is an error."""
    if size not in SIZES or fit not in FITS:
        raise DatasetError(f"No cache for size {size} and fit {fit!r}.", hint="Sizes: 64, 128, 256, 512.")
    target = cache_path(dataset_id, size, fit)
    manifest = load_manifest(dataset_id)
    files = [f for f in manifest["files"] if f["included"]]
    if target.exists():
        expected = len(files) - len(dropped_files(dataset_id, size, fit))
        with contextlib.suppress(ValueError, OSError):
            if np.load(target, mmap_mode="r").shape == (expected, size, size, 3):
                return target
    background = decode.parse_colour(manifest.get("settings", {}).get("background", "#ffffff"))
    read, close = _reader(manifest["sources"])

    def one(entry: dict) -> np.ndarray | str:
        try:
            data = read(entry.get("source", 0), entry["path"])
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            return f"can no longer be read ({getattr(exc, 'strerror', None) or exc})"
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return "has changed since the dataset was made (scan the folder again to use it)"
        try:
            im = decode.open_rgb(data, background, draft_to=size)
            return np.asarray(square(im, size, fit, background), dtype=np.uint8)
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError, Image.DecompressionBombError) as exc:
            return f"cannot be decoded for training ({exc or type(exc).__name__})"

    try:
        dropped = _write(target, files, one, size, progress, should_stop)
    finally:
        close()
    if len(dropped) == len(files) and files:
        raise DatasetError(
            f"None of the {len(files)} images of dataset {dataset_id} can be prepared for training:"
            f" {dropped[0][0]} {dropped[0][1]}.", hint="Reconnect the folder or scan it again.")
    return target


def _write(target: Path, files: list[dict], one, size: int, progress: ProgressFn,
           should_stop: ShouldStop) -> list[tuple[str, str]]:
    """Decode into a temporary array, leave out the files that failed, then replace
    ``target`` (and its list of dropped files) atomically."""
    fd, tmp_name = tempfile.mkstemp(prefix=".cache-", suffix=".npy", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    dropped: list[tuple[str, str]] = []
    try:
        array = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.uint8, shape=(len(files), size, size, 3))
        _reserve_space(tmp)
        row = 0
        with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
            chunk = 32
            for start in range(0, len(files), chunk):
                check_stop(should_stop)
                batch = files[start : start + chunk]
                for entry, img in zip(batch, pool.map(one, batch), strict=True):
                    if isinstance(img, str):
                        dropped.append((entry["path"], img))
                    else:
                        array[row] = img
                        row += 1
                done = min(len(files), start + chunk)
                progress(done / max(1, len(files)), f"Prepared {done} of {len(files)} images")
        if dropped:
            array = _compact(tmp, array, row)
        array.flush()
        del array
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        side = target.with_name(target.stem + ".dropped.json")
        if dropped:
            atomic_write_json(side, [list(d) for d in dropped])
        else:
            with contextlib.suppress(FileNotFoundError):
                side.unlink()
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if is_disk_full(exc):
            raise DiskFull(target.parent, len(files) * size * size * 3,
                           what="preparing the training cache") from exc
        raise
    return dropped


def _reserve_space(path: Path) -> None:
    """Allocate the whole (sparse) file now: a full disk is then ENOSPC here, not a SIGBUS
    when a page of the memory map is first written."""
    if not hasattr(os, "posix_fallocate"):
        return
    fd = os.open(path, os.O_RDWR)
    try:
        os.posix_fallocate(fd, 0, os.fstat(fd).st_size)
    except OSError as exc:
        if is_disk_full(exc):
            raise
        # file systems without fallocate (EOPNOTSUPP): the write path reports a full disk
    finally:
        os.close(fd)


def _compact(tmp: Path, array: np.memmap, rows: int) -> np.memmap:
    """A copy of the first ``rows`` rows in a new file at ``tmp`` (the others were dropped)."""
    keep = tmp.with_name(tmp.name + ".keep")
    out = np.lib.format.open_memmap(keep, mode="w+", dtype=np.uint8, shape=(rows, *array.shape[1:]))
    out[:] = array[:rows]
    del array
    os.replace(keep, tmp)
    return out

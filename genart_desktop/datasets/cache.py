"""The preprocessing cache: included images at the training size in one uint8 .npy file.

``build_cache`` decodes each included file once (re-reading it from its source and checking
its sha256 against the manifest), centre-crops or pads it to a square, resizes it, and writes
``cache-<size>-<fit>.npy`` (N, size, size, 3) through a temporary file replaced atomically.
Training opens it with ``numpy.load(path, mmap_mode="r")`` and never decodes an image.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from genart_desktop.core.errors import DatasetError
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


def build_cache(
    dataset_id: str,
    size: int,
    fit: str = "crop",
    *,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> Path:
    if size not in SIZES or fit not in FITS:
        raise DatasetError(f"No cache for size {size} and fit {fit!r}.", hint="Sizes: 64, 128, 256, 512.")
    target = cache_path(dataset_id, size, fit)
    manifest = load_manifest(dataset_id)
    files = [f for f in manifest["files"] if f["included"]]
    if target.exists():
        with contextlib.suppress(ValueError, OSError):
            if np.load(target, mmap_mode="r").shape == (len(files), size, size, 3):
                return target
    background = decode.parse_colour(manifest.get("settings", {}).get("background", "#ffffff"))
    read, close = _reader(manifest["sources"])

    def one(entry: dict) -> np.ndarray:
        try:
            data = read(entry.get("source", 0), entry["path"])
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            raise DatasetError(
                f"{entry['path']} can no longer be read ({exc}).",
                hint="Reconnect the folder or scan it again.",
            ) from exc
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise DatasetError(
                f"{entry['path']} has changed since the dataset was made.",
                hint="Scan the folder again to make a new dataset version.",
            )
        im = decode.open_rgb(data, background, draft_to=size)
        return np.asarray(square(im, size, fit, background), dtype=np.uint8)

    fd, tmp_name = tempfile.mkstemp(prefix=".cache-", suffix=".npy", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        array = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.uint8, shape=(len(files), size, size, 3))
        with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
            chunk = 32
            for start in range(0, len(files), chunk):
                check_stop(should_stop)
                for i, img in enumerate(pool.map(one, files[start : start + chunk])):
                    array[start + i] = img
                done = min(len(files), start + chunk)
                progress(done / max(1, len(files)), f"Prepared {done} of {len(files)} images")
        array.flush()
        del array
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    finally:
        close()
    return target

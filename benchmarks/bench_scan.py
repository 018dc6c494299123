"""Folder scan and validation throughput (DESIGN.md §6: ≥ 100 images/s on 2 cores).

Generates a corpus of N images of mixed formats (JPEG 50 %, PNG 25 %, WebP 10 %, BMP, TIFF,
GIF 5 % each) and sizes (70 % 256–1024 px, 25 % 1024–2048 px, 5 % 2048–4000 px on the longer
side, random aspect ratios), cached under the temp folder between runs because making it is
much slower than scanning it. Then runs ``datasets.scan`` on it (hash, header checks, decode,
perceptual hash, embedded metadata, duplicates, licences) and reports images per second.

Usage: bench_scan.py [--images 10000] [--size 64] [--corpus DIR] [--subfolders K]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

FORMATS = [("jpg", 50), ("png", 25), ("webp", 10), ("bmp", 5), ("tiff", 5), ("gif", 5)]


def _picture(w: int, h: int, rng: np.random.Generator) -> Image.Image:
    # Smooth gradients plus a few blocks: realistic to decode, quick to make.
    small = rng.integers(0, 256, (6, 6, 3), dtype=np.uint8)
    im = Image.fromarray(small, "RGB").resize((w, h), Image.Resampling.BILINEAR)
    return im


def _size(rng: np.random.Generator) -> tuple[int, int]:
    bucket = rng.random()
    lo, hi = (256, 1024) if bucket < 0.70 else (1024, 2048) if bucket < 0.95 else (2048, 4000)
    long = int(rng.integers(lo, hi + 1))
    short = max(256, int(long * rng.uniform(0.5, 1.0)))
    return (long, short) if rng.random() < 0.5 else (short, long)


def make_corpus(folder: Path, n: int) -> Path:
    marker = folder / f".complete-{n}"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1234)
    names = [f for f, _ in FORMATS]
    weights = np.array([w for _, w in FORMATS], dtype=float)
    start = time.perf_counter()
    for i in range(n):
        fmt = names[rng.choice(len(names), p=weights / weights.sum())]
        w, h = _size(rng)
        path = folder / f"{i // 500:03d}" / f"img_{i:05d}.{fmt}"
        if path.exists():
            continue
        path.parent.mkdir(exist_ok=True)
        im = _picture(w, h, rng)
        kwargs = {"jpg": {"quality": 85}, "png": {"compress_level": 1}, "webp": {"quality": 80, "method": 0}}
        if fmt == "gif":
            im = im.convert("P")
        im.save(path, **kwargs.get(fmt, {}))
        if i and i % 500 == 0:
            print(f"  made {i} images ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    marker.write_text("ok")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--subfolders", type=int, default=0, help="scan only the first K folders of 500")
    args = parser.parse_args()
    folder = args.corpus or Path(tempfile.gettempdir()) / f"genart-bench-scan-{args.images}"
    make_corpus(folder, args.images)
    os.environ.setdefault("GENART_HOME", tempfile.mkdtemp(prefix="genart-bench-home-"))
    from genart_desktop.datasets.scan import _workers, scan

    targets = (
        sorted(p for p in folder.iterdir() if p.is_dir())[: args.subfolders] if args.subfolders else [folder]
    )
    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = scan(targets, size=args.size)
    elapsed = time.perf_counter() - start
    cpu_end = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = (cpu_end.ru_utime - cpu_start.ru_utime) + (cpu_end.ru_stime - cpu_start.ru_stime)
    images = len(result.included) + sum(1 for f in result.skipped if f.sha256)
    per_s = images / elapsed if elapsed else 0.0
    # What two uncontended cores would do if the work stayed CPU-bound (context, not the figure).
    cpu_bound_2 = 2 * images / cpu_s if cpu_s else 0.0
    load = os.getloadavg()[0]
    print(f"{'corpus':<10} {folder}")
    print(f"{'images':<10} {images}")
    print(f"{'included':<10} {len(result.included)}")
    print(f"{'seconds':<10} {elapsed:.1f}")
    print(
        f"{'per second':<10} {per_s:.1f}   (target ≥ 100; {_workers()} threads, {os.cpu_count()} CPUs)"
    )
    print(f"{'CPU s':<10} {cpu_s:.1f}   ({1000 * cpu_s / max(1, images):.1f} ms per image)")
    print(f"{'2-core CPU-bound estimate':<10} {cpu_bound_2:.0f} images/s")
    print(f"{'load avg':<10} {load:.1f}   (other work on the machine lowers the wall-clock figure)")
    summary = {
        "images": images,
        "per_s": round(per_s, 1),
        "seconds": round(elapsed, 2),
        "cpu_s": round(cpu_s, 1),
        "cpu_bound_2core_per_s": round(cpu_bound_2, 1),
        "load_avg_1min": round(load, 2),
        "cpus": os.cpu_count(),
        "target_per_s": 100,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

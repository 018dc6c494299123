"""Export throughput (DESIGN.md §6: >= 50 images/s for 512 px PNG with XMP + JSON sidecars).

Makes N distinct 512 px source images (smooth colour fields with grain, like a generator's
output), then exports them all as PNG with embedded XMP, an .xmp and a .provenance.json
sidecar; then again with an embedded C2PA manifest. Every file is written atomically and
fsynced, as in the app. Usage: bench_export.py [--images N] [--size PX] [--compress-level L]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from genart_desktop.core.settings import Settings
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.obligations import LicenceSource, evaluate
from genart_desktop.provenance.rights import generated_record


def _card() -> dict:
    sources = [LicenceSource("CC-BY-4.0", "Alice Example", "https://example.org/alice", count=40),
               LicenceSource("LicenseRef-Own", count=80)]
    verdict = evaluate(sources)
    return {"id": "bench-model", "name": "Bench", "kind": "gan", "architecture": "fastgan", "resolution": 512,
            "datasets": [{"id": "d", "name": "d", "hash": "ab" * 32, "image_count": 120}],
            "training_data": {"sources": [s.to_dict() for s in sources], "expression": verdict.expression},
            "files": {"generator.onnx": {"sha256": "cd" * 32}}}


def _sources(folder: Path, n: int, size: int) -> list[Path]:
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    paths = []
    for i in range(n):
        phase = rng.uniform(0, 6.28, 3)
        base = np.stack([np.sin(6 * x + phase[c]) * np.cos(5 * y - phase[c]) for c in range(3)], axis=-1)
        pixels = (127.5 + 100 * base + rng.normal(0, 6, (size, size, 3))).clip(0, 255).astype(np.uint8)
        path = folder / f"src{i:05d}.png"
        Image.fromarray(pixels).save(path, compress_level=1)
        paths.append(path)
    return paths


def _items(sources: list[Path], size: int) -> list[ExportItem]:
    card = _card()
    items = []
    for i, path in enumerate(sources):
        record = generated_record(card, {"seed": i, "latent": None, "parameters": {"truncation": 0.7},
                                         "device": "cpu", "created": "2026-11-23T12:00:00Z"},
                                  {"sha256": f"{i:064x}", "format": "png", "width": size, "height": size},
                                  Settings())
        record.rights.creator = "Bench Artist"
        record.rights.licence = "CC-BY-4.0"
        items.append(ExportItem(path, record.to_dict(), f"img{i:05d}"))
    return items


def _run(items: list[ExportItem], folder: Path, c2pa: str, level: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, bytes written)."""
    wall, cpu = time.perf_counter(), time.process_time()
    report = export_images(items, ExportOptions(folder, format="png", c2pa=c2pa, png_compress_level=level))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if report.failed:
        raise SystemExit(f"export failed: {report.failed[:3]}")
    return wall, cpu, sum(p.stat().st_size for p in folder.iterdir())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--compress-level", type=int, default=ExportOptions.png_compress_level,
                        help="PNG zlib level (default: the app's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["GENART_HOME"] = str(root / "home")  # the signing CA is created here, not in $HOME
        (root / "src").mkdir()
        items = _items(_sources(root / "src", args.images, args.size), args.size)
        _run(items[:10], root / "warm-up", "embed", args.compress_level)  # imports, CA, schema: not timed
        runs = [("PNG + XMP + JSON sidecars", *_run(items, root / "plain", "off", args.compress_level)),
                ("... + C2PA (embedded)", *_run(items, root / "c2pa", "embed", args.compress_level))]
    n = args.images
    print(f"{'run':<28} {'images':>7} {'wall s':>8} {'images/s':>9} {'CPU ms/image':>13} {'MB':>7}")
    for name, wall, cpu, size in runs:
        print(f"{name:<28} {n:>7} {wall:>8.2f} {n / wall:>9.1f} {cpu / n * 1000:>13.1f} {size / 1e6:>7.1f}")
    print(f"target: >= 50 images/s without C2PA ({args.size} px, compress level {args.compress_level}); "
          f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    plain_per_s, c2pa_per_s = round(n / runs[0][1], 1), round(n / runs[1][1], 1)
    print(json.dumps({"images": n, "plain_per_s": plain_per_s, "c2pa_per_s": c2pa_per_s}))


if __name__ == "__main__":
    main()

"""Gallery at scale (DESIGN.md §6): open to first paint, scroll frame times, thumbnail rate, RSS.

Usage: bench_gallery.py [--images N] [--home DIR] [--step-fraction F] [--thumb-workers N] [--thumbs-only]

How the synthetic library is built (to keep building 100,000 images to seconds):
  * a few hundred distinct small PNGs (varied colours, gradients and sizes, 48–128 px) are made
    with Pillow, and each catalogue row gets its own sha256-shaped key whose store file is a
    hard link to one of those PNGs (so each row has its own file, without 100,000 encodes);
  * rows are inserted with direct bulk SQL (one transaction, plus the FTS index), not through
    add_image_bytes; the thumbnails are pre-cached the same way (hard links in the cache);
  * the gallery then reads everything through the normal code path (GalleryPanel → model →
    query → delegate → ThumbnailLoader → disk cache). ``library check --deep`` would report the
    linked rows, since their key is not the hash of their bytes: a benchmark library only.
Figures:
  first_paint_ms  open the library + build the panel + show it, until the grid's first paint
  scroll p50/p95  top to bottom in steps of ``step-fraction`` × the viewport height; one frame =
                  deliver finished thumbnails + scroll + repaint, with thumbnails cached on disk
  thumbs_per_s    fresh thumbnails from 512–4000 px JPEG and PNG sources through ThumbnailLoader
                  (the app's worker count, cores − 1, unless --thumb-workers says otherwise)
  png_inflate_bound_per_s   the PNG bound: inflating the IDAT data alone, same files, same threads
  png_ratio_to_inflate_bound  inflate CPU ms over PNG thumbnail CPU ms (target >= 0.8); in
                  wall-clock rates as png_rate_ratio_to_inflate_bound (swings with other load)
  cpu_ms_per_thumb_*        process CPU time per thumbnail (all threads), steadier than rates on
                  a shared machine
  rss_mb          peak resident memory of this process
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DISTINCT = 300


def _distinct_pngs(folder: Path) -> list[Path]:
    from PIL import Image, ImageDraw

    rng = random.Random(7)
    made = []
    for n in range(DISTINCT):
        w, h = rng.randint(48, 128), rng.randint(48, 128)
        image = Image.new("RGB", (w, h), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(4):
            box = sorted(rng.sample(range(w), 2)), sorted(rng.sample(range(h), 2))
            draw.ellipse(
                (box[0][0], box[1][0], box[0][1], box[1][1]), fill=tuple(rng.randrange(256) for _ in range(3))
            )
        path = folder / f"src{n:03d}.png"
        image.save(path)
        made.append(path)
    return made


def build_library(n_images: int) -> float:
    """Create the synthetic library in GENART_HOME; returns seconds taken."""
    from genart_desktop.core import paths
    from genart_desktop.core.hashing import sha256_file
    from genart_desktop.library import Library, thumbs

    started = time.perf_counter()
    library = Library.open()
    existing = library.conn().execute("SELECT COUNT(*) FROM images").fetchone()[0]
    if existing == n_images:
        library.daily_backup()  # if due, now rather than in the middle of the measurement
        library.close()
        return 0.0
    if existing:
        raise SystemExit(
            f"{paths.data_dir()} holds a different library ({existing} images); use a fresh --home"
        )
    work = paths.ensure(paths.data_dir() / "bench-sources")
    sources = _distinct_pngs(work)
    from PIL import Image

    sizes = []
    for src in sources:
        with Image.open(src) as im:
            sizes.append(im.size)
        thumbs.make_cached(src, sha256_file(src))  # one real thumbnail per distinct source
    rng = random.Random(11)
    models = [("bench-model-a", "Moths"), ("bench-model-b", "Harbours")]
    rows = []
    base = time.time() - n_images * 60
    for i in range(n_images):
        k = i % DISTINCT
        key = f"{i:016x}{sha256_file(sources[k])[16:]}" if i < DISTINCT else f"{i:016x}" + "b" * 48
        rows.append((key, k))
    # Store files and cached thumbnails: hard links to the distinct ones.
    distinct_sha = [sha256_file(s) for s in sources]
    for key, k in rows:
        target = library.store.path_for(key, "png")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.link(sources[k], target)
        original = thumbs.find_cached(distinct_sha[k])
        cached = thumbs.cache_path(key, alpha=original.suffix == ".webp")
        cached.parent.mkdir(parents=True, exist_ok=True)
        if not cached.exists():
            os.link(original, cached)
    with library.transaction() as conn:
        for model_id, name in models:
            conn.execute(
                "INSERT INTO models (id, name, kind, registered) VALUES (?, ?, 'gan', '2026-01-01')",
                (model_id, name),
            )
        conn.executemany(
            "INSERT INTO images (sha256, ext, bytes, width, height, title, origin, model_id, created,"
            " favourite, licence) VALUES (?, 'png', 1000, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    key,
                    sizes[k][0],
                    sizes[k][1],
                    f"image {i}",
                    "generated" if i % 3 else "imported",
                    models[i % 2][0] if i % 3 else None,
                    time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(base + i * 60)),
                    int(rng.random() < 0.05),
                    ("CC0-1.0", "CC-BY-4.0", "LicenseRef-Own")[i % 3],
                )
                for i, (key, k) in enumerate(rows)
            ],
        )
        conn.execute(
            "INSERT INTO images_fts (rowid, title, notes, tags, creator, licence, model_name)"
            " SELECT i.id, i.title, i.notes, '', i.creator, i.licence, COALESCE(m.name, '')"
            " FROM images i LEFT JOIN models m ON m.id = i.model_id"
        )
    library.daily_backup()  # the app's daily copy: made here, not during the measurement
    library.close()
    return time.perf_counter() - started


def measure_gallery() -> dict:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from genart_desktop.ui.context import AppContext
    from genart_desktop.ui.gallery_panel import GalleryPanel

    app = QApplication.instance() or QApplication([])
    painted: list[float] = []

    class PaintSpy(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    t0 = time.perf_counter()
    context = AppContext()
    panel = GalleryPanel(context=context)
    spy = PaintSpy()
    panel.view.viewport().installEventFilter(spy)
    panel.resize(1280, 800)
    panel.show()
    while not painted:
        app.processEvents()
    first_paint_ms = (painted[0] - t0) * 1000
    rows = panel.model.rowCount()
    # Wait for the first screen of thumbnails (read from the disk cache by the workers).
    deadline = time.perf_counter() + 30
    while panel.loader.pending() and time.perf_counter() < deadline:
        app.processEvents()
    first_screen_ms = (time.perf_counter() - t0) * 1000

    return {
        "panel": panel,
        "app": app,
        "context": context,
        "rows": rows,
        "first_paint_ms": first_paint_ms,
        "first_screen_ms": first_screen_ms,
    }


def measure_scroll(panel, app, step_fraction: float) -> list[float]:
    bar = panel.view.verticalScrollBar()
    viewport = panel.view.viewport()
    step = max(1, int(viewport.height() * step_fraction))
    frames = []
    value = 0
    while value <= bar.maximum():
        t = time.perf_counter()
        app.processEvents()  # thumbnails that arrived since the last frame
        bar.setValue(value)
        viewport.repaint()
        frames.append((time.perf_counter() - t) * 1000)
        value += step
    return frames


def measure_thumbnails(app, folder: Path, workers: int) -> dict[str, tuple[float, int]]:
    import numpy as np
    from PIL import Image

    from genart_desktop.jobs.thumbnails import ThumbnailLoader

    rng = np.random.default_rng(3)
    sources = []
    # Both formats at four sizes across the 512–4000 px range (4:3); PNG cannot be decoded at a
    # reduced scale, so its big sizes dominate the time.
    specs = [(w, w * 3 // 4, fmt) for fmt in ("JPEG", "PNG") for w in (512, 1024, 2000, 4000)]
    for i, (w, h, fmt) in enumerate(specs):
        small = rng.integers(0, 255, (h // 16, w // 16, 3), dtype=np.uint8)
        image = Image.fromarray(small).resize((w, h), Image.Resampling.BICUBIC)  # photo-like smoothness
        path = folder / f"big{i}.{fmt.lower()}"
        image.save(path, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
        sources.append(path)
    cache = folder / "fresh-cache"
    rates = {}
    for label, chosen in (("all", sources), ("jpeg", sources[:4]), ("png", sources[4:])):
        if label == "png":  # the bound right before the PNG run, so both see the same machine
            bound_rate, bound_cpu_ms = _inflate_bound(sources[4:], workers)
            rates["inflate_bound_png"] = (bound_rate, 0)
            rates["cpu_ms_inflate_png"] = (bound_cpu_ms, 0)
        loader = ThumbnailLoader(cache_root=cache / label, threads=workers)
        done = []
        loader.ready.connect(lambda sha, thumb, done=done: done.append(sha))
        loader.failed.connect(lambda sha, msg, done=done: done.append(sha))
        repeats = 6
        total = len(chosen) * repeats
        t, cpu = time.perf_counter(), time.process_time()
        for r in range(repeats):
            for i, src in enumerate(chosen):
                loader.request(f"{r:02d}{i:02d}" + "c" * 60, src)  # a new key each time: no cache hits
        while len(done) < total:
            app.processEvents()
            time.sleep(0.001)
        rates[label] = (total / (time.perf_counter() - t), total)
        rates[f"cpu_ms_{label}"] = ((time.process_time() - cpu) * 1000 / total, total)
        loader.shutdown()
    return rates


def _idat(path: Path) -> bytes:
    """The concatenated IDAT payload of a PNG: the zlib stream its pixels are in."""
    import struct

    data, pos, out = path.read_bytes(), 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if data[pos + 4:pos + 8] == b"IDAT":
            out.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    return b"".join(out)


def _inflate_bound(pngs: list[Path], workers: int, repeats: int = 6) -> tuple[float, float]:
    """The PNG bound on the same files and the same number of threads: images per second if a
    thumbnail cost nothing but inflating its IDAT data (Python's zlib, which releases the GIL),
    and the CPU milliseconds that inflating takes per image."""
    import zlib
    from concurrent.futures import ThreadPoolExecutor

    streams = [_idat(p) for p in pngs] * repeats
    with ThreadPoolExecutor(max_workers=workers) as pool:
        t, cpu = time.perf_counter(), time.process_time()
        list(pool.map(zlib.decompress, streams))
        return len(streams) / (time.perf_counter() - t), (time.process_time() - cpu) * 1000 / len(streams)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=100_000)
    parser.add_argument("--home", help="library folder to build in / reuse (default: a temporary one)")
    parser.add_argument("--step-fraction", type=float, default=0.5, help="scroll step, × viewport height")
    parser.add_argument("--thumb-workers", type=int, default=0, help="thumbnail threads (default: the app's)")
    parser.add_argument("--thumbs-only", action="store_true",
                        help="measure only the thumbnail rate (no library, gallery or scroll)")
    args = parser.parse_args()
    if args.thumbs_only:
        return thumbs_only(args.thumb_workers)
    tmp = None
    if args.home:
        os.environ["GENART_HOME"] = str(Path(args.home).resolve())
    else:
        tmp = tempfile.TemporaryDirectory(prefix="genart-bench-gallery-")
        os.environ["GENART_HOME"] = tmp.name
    build_s = build_library(args.images)
    gallery = measure_gallery()
    frames = measure_scroll(gallery["panel"], gallery["app"], args.step_fraction)
    rss_gallery_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as folder:
        from genart_desktop.jobs.thumbnails import default_threads

        workers = args.thumb_workers or default_threads()
        rates = measure_thumbnails(gallery["app"], Path(folder), workers)
    thumbs_per_s, n_thumbs = rates["all"]
    gallery["panel"].shutdown()
    gallery["context"].library.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p50 = statistics.median(frames)
    p95 = statistics.quantiles(frames, n=20)[-1] if len(frames) >= 20 else max(frames)
    rows = [
        ("images in the gallery", f"{gallery['rows']}", ""),
        ("library build (s)", f"{build_s:.1f}", "bulk SQL + hard links (0 = reused)"),
        ("open to first paint (ms)", f"{gallery['first_paint_ms']:.0f}", "target < 500"),
        ("first screen of thumbnails (ms)", f"{gallery['first_screen_ms']:.0f}", ""),
        ("scroll frames", f"{len(frames)}", f"step {args.step_fraction} × viewport"),
        ("scroll frame p50 (ms)", f"{p50:.1f}", ""),
        ("scroll frame p95 (ms)", f"{p95:.1f}", "target < 16"),
        (
            "thumbnails/s (512–4000 px)",
            f"{thumbs_per_s:.0f}",
            f"{n_thumbs} made, {workers} worker(s); target >= 200",
        ),
        ("  of which JPEG only", f"{rates['jpeg'][0]:.0f}", "512–4000 px, decoded at reduced scale"),
        ("  of which PNG only", f"{rates['png'][0]:.0f}", "512–4000 px, full decode"),
        ("peak RSS after scroll (MB)", f"{rss_gallery_mb:.0f}", "before the thumbnail test"),
        ("peak RSS (MB)", f"{rss_mb:.0f}", "target < 500 (includes decoding 4000 px sources)"),
    ]
    for name, value, note in rows:
        print(f"{name:<34} {value:>10}  {note}")
    print(
        json.dumps(
            {
                "images": gallery["rows"],
                "first_paint_ms": round(gallery["first_paint_ms"], 1),
                "scroll_p50_ms": round(p50, 2),
                "scroll_p95_ms": round(p95, 2),
                "thumbs_per_s": round(thumbs_per_s, 1),
                "thumbs_per_s_jpeg": round(rates["jpeg"][0], 1),
                "thumbs_per_s_png": round(rates["png"][0], 1),
                **_bound_figures(rates),
                "rss_mb": round(rss_mb, 1),
            }
        )
    )
    if tmp is not None:
        tmp.cleanup()


def _bound_figures(rates: dict[str, tuple[float, int]]) -> dict[str, float]:
    bound = rates["inflate_bound_png"][0]
    return {
        "png_inflate_bound_per_s": round(bound, 1),
        # In CPU time (inflate CPU ms / thumbnail CPU ms): steady where other work shares the
        # cores; the same ratio in wall-clock rates follows, and swings with the machine's load.
        "png_ratio_to_inflate_bound": round(rates["cpu_ms_inflate_png"][0] / rates["cpu_ms_png"][0], 3),
        "png_rate_ratio_to_inflate_bound": round(rates["png"][0] / bound, 3),
        "cpu_ms_inflate_png": round(rates["cpu_ms_inflate_png"][0], 2),
        "cpu_ms_per_thumb_jpeg": round(rates["cpu_ms_jpeg"][0], 2),
        "cpu_ms_per_thumb_png": round(rates["cpu_ms_png"][0], 2),
    }


def thumbs_only(workers_arg: int) -> None:
    """``--thumbs-only``: the thumbnail figures alone (seconds, not minutes)."""
    from PySide6.QtWidgets import QApplication

    from genart_desktop.jobs.thumbnails import default_threads

    app = QApplication.instance() or QApplication([])
    workers = workers_arg or default_threads()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GENART_HOME"] = folder
        rates = measure_thumbnails(app, Path(folder), workers)
    rows = [
        ("thumbnails/s (512–4000 px)", f"{rates['all'][0]:.0f}", f"{workers} worker(s); target >= 200"),
        ("  JPEG only", f"{rates['jpeg'][0]:.0f}", f"{rates['cpu_ms_jpeg'][0]:.1f} CPU ms each"),
        ("  PNG only", f"{rates['png'][0]:.0f}", f"{rates['cpu_ms_png'][0]:.1f} CPU ms each"),
        ("  PNG inflate bound", f"{rates['inflate_bound_png'][0]:.0f}", "IDAT inflate alone, same files"),
        ("  PNG ratio to the bound (CPU)", f"{rates['cpu_ms_inflate_png'][0] / rates['cpu_ms_png'][0]:.2f}",
         f"target >= 0.8; inflate {rates['cpu_ms_inflate_png'][0]:.1f} CPU ms per PNG"),
        ("  the same in rates", f"{rates['png'][0] / rates['inflate_bound_png'][0]:.2f}",
         "wall clock: swings with other load"),
    ]
    for name, value, note in rows:
        print(f"{name:<34} {value:>10}  {note}")
    print(json.dumps({"workers": workers, "thumbs_per_s": round(rates["all"][0], 1),
                      "thumbs_per_s_jpeg": round(rates["jpeg"][0], 1),
                      "thumbs_per_s_png": round(rates["png"][0], 1), **_bound_figures(rates)}))


if __name__ == "__main__":
    main()

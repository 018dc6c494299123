"""GUI event-loop lag while the latent sliders move (issue 16 item 12: no tick > 50 ms).

Opens the Explore panel offscreen on the bundled GAN (or ``--model``), finds its directions
(cached after the first run), then for ``--seconds`` moves slider 1 back and forth every
``--move-ms`` while a QTimer probe fires every 10 ms; lag = how late each tick arrives. Also
reports how many previews were rendered per second (the newest slider position wins).

Usage: bench_slider_lag.py [--seconds 10] [--move-ms 30] [--model ID]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INTERVAL_MS = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--move-ms", type=int, default=30)
    parser.add_argument("--model", default="")
    args = parser.parse_args()
    os.environ.setdefault("GENART_HOME", tempfile.mkdtemp(prefix="bench-slider-home-"))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from genart_desktop.jobs.generation_jobs import GenerationController
    from genart_desktop.ui.latent_panel import LatentPanel

    app = QApplication.instance() or QApplication([])
    controller = GenerationController()
    models = [m for m in controller.refresh_models() if m.kind == "gan"]
    if not models:
        sys.exit("no GAN model to explore")
    info = next((m for m in models if m.id == args.model), models[0])
    panel = LatentPanel(controller)
    panel.resize(360, 700)
    panel.show()
    panel.model_combo.setCurrentIndex(panel.model_combo.findData(info.id))
    started = time.perf_counter()
    panel.load()
    while not panel.sliders and time.perf_counter() - started < 600:
        app.processEvents()
        time.sleep(0.005)
    directions_s = time.perf_counter() - started
    if not panel.sliders:
        sys.exit(f"no directions: {panel.status.text()}")

    lags: list[float] = []
    last = time.perf_counter()

    def tick() -> None:
        nonlocal last
        now = time.perf_counter()
        lags.append(max(0.0, (now - last) * 1000 - INTERVAL_MS))
        last = now

    position = [0, 2]

    def move() -> None:
        value, step = position
        if abs(value + step) > panel.sliders[0].maximum():
            step = -step
        position[:] = [value + step, step]
        panel.sliders[0].setValue(value + step)

    probe, mover = QTimer(), QTimer()
    probe.setInterval(INTERVAL_MS)
    probe.timeout.connect(tick)
    mover.setInterval(args.move_ms)
    mover.timeout.connect(move)
    renders_before = panel.explorer.renders
    end = time.monotonic() + args.seconds
    last = time.perf_counter()
    probe.start()
    mover.start()
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    probe.stop()
    mover.stop()
    renders = panel.explorer.renders - renders_before
    panel.shutdown()
    controller.close()
    lags.sort()
    p99 = lags[int(len(lags) * 0.99) - 1] if lags else 0.0
    figures = {"model": info.id, "seconds": args.seconds, "ticks": len(lags),
               "p50_ms": round(statistics.median(lags), 2) if lags else 0.0, "p99_ms": round(p99, 2),
               "max_ms": round(lags[-1], 2) if lags else 0.0,
               "previews_per_s": round(renders / args.seconds, 1),
               "slider_moves_per_s": round(1000 / args.move_ms, 1), "directions_s": round(directions_s, 1)}
    print(f"{'ticks':>6}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'previews/s':>12}  ({info.name}; "
          f"directions in {directions_s:.1f} s)")
    print(f"{figures['ticks']:>6}{figures['p50_ms']:>8}{figures['p99_ms']:>8}{figures['max_ms']:>8}"
          f"{figures['previews_per_s']:>12}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

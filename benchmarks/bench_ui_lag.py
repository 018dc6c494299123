"""GUI event-loop lag while a Quick run trains in the background (DESIGN.md §6: p99 < 50 ms).

Opens the Train panel offscreen, starts quick-64 on the Twemoji folder (or generated shapes
when it is absent), waits for the first samples, then a QTimer probe fires every 10 ms for
``--seconds``; lag = how late each tick arrives. The live sample grid and charts update
during the measurement, as they do for a user.

The training threads follow the Train panel's default policy ("auto"): the probe runs twice,
once as an idle window (training on every core) and once with simulated input on every tick
(the artist working: cores − 1). ``--threads N`` fixes the count instead.

Usage: bench_ui_lag.py [--seconds 30] [--data data/twemoji] [--preset quick-64] [--threads auto]
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


def _shapes_folder() -> Path:
    from PIL import Image, ImageDraw

    folder = Path(tempfile.mkdtemp(prefix="bench-lag-"))
    for i in range(64):
        im = Image.new("RGB", (64, 64), (i * 4, 128, 255 - i * 4))
        ImageDraw.Draw(im).ellipse([i % 20, i % 30, 40 + i % 20, 50], fill=(255, i * 3, 0))
        im.save(folder / f"{i}.png")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "twemoji")
    parser.add_argument("--preset", default="quick-64")
    parser.add_argument("--threads", default="auto", help="auto (the app's default) or a count")
    args = parser.parse_args()
    os.environ.setdefault("GENART_HOME", tempfile.mkdtemp(prefix="bench-lag-home-"))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from genart_desktop.ui.train_panel import TrainPanel

    app = QApplication.instance() or QApplication([])
    panel = TrainPanel()
    panel.resize(480, 900)
    panel.show()
    folder = args.data if args.data.is_dir() else _shapes_folder()
    panel.accept_paths([folder])
    panel.licence.setCurrentIndex(panel.licence.findData("CC-BY-4.0"))
    panel.attribution.setText("Twemoji, © Twitter, Inc and other contributors")
    panel.by_steps.setChecked(True)
    panel.steps.setValue(10_000_000)
    panel.device.setCurrentText("cpu")
    panel.preset.setCurrentIndex(panel.preset.findData(args.preset))
    panel.threads.setCurrentIndex(max(0, panel.threads.findData(args.threads)))
    panel.advanced.setChecked(True)
    panel.advanced.samples_every.setValue(25)  # frequent previews: the GUI has work to do
    panel.start_button.click()

    deadline = time.monotonic() + 600
    while not panel.sample_grid.has_image() and time.monotonic() < deadline and panel.job is not None:
        app.processEvents()
        time.sleep(0.01)
    if not panel.sample_grid.has_image():
        sys.exit(f"training did not start: {panel.status.text()}")

    def probe(working: bool) -> tuple[list[float], int]:
        lags: list[float] = []
        last = time.perf_counter()
        policy = panel.thread_policy
        policy.set_window_hidden(False)

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            lags.append(max(0.0, (now - last) * 1000 - INTERVAL_MS))
            last = now
            if working:
                policy.note_input()  # as a mouse move would (ui.user_activity)
            else:
                policy.set_window_hidden(True)  # as the app going to the background would

        timer = QTimer()
        timer.setInterval(INTERVAL_MS)
        timer.timeout.connect(tick)
        end = time.monotonic() + args.seconds
        last = time.perf_counter()
        timer.start()
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        return sorted(lags), policy()

    phases = {"idle": probe(working=False), "working": probe(working=True)}
    step = panel.sample_grid.step
    job = panel.job
    if job is not None:
        job.cancel()
        while panel.job is not None:
            app.processEvents()
            time.sleep(0.01)

    print(f"{'window':<9}{'threads':>8}{'ticks':>7}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}"
          f"  ({args.preset}, reached step ~{step})")
    out: dict[str, dict] = {}
    for name, (lags, threads) in phases.items():
        p50 = statistics.median(lags)
        p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
        print(f"{name:<9}{threads:>8}{len(lags):>7}{p50:>8.2f}{p99:>8.2f}{lags[-1]:>8.2f}")
        out[name] = {"threads": threads, "lag_p99_ms": round(p99, 2), "lag_p50_ms": round(p50, 2),
                     "ticks": len(lags)}
    print(json.dumps({"lag_p99_ms": max(v["lag_p99_ms"] for v in out.values()), "phases": out,
                      "preset": args.preset, "threads_setting": args.threads, "seconds": args.seconds,
                      "target_p99_ms": 50}))


if __name__ == "__main__":
    main()

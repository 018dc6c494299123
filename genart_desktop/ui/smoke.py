"""``--smoke-test``: show the window, wait for its first paint, print one JSON line, exit."""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication

from genart_desktop.core.startup import process_start_time
from genart_desktop.jobs.system_info import onnx_providers
from genart_desktop.ui.main_window import MainWindow

TIMEOUT_MS = 30_000


def run_smoke_test(app: QApplication, window: MainWindow) -> int:
    started = process_start_time()
    result: dict = {}

    def on_first_paint() -> None:
        result["first_paint_ms"] = round((time.time() - started) * 1000.0, 1)
        # Read after the paint: neither measurement nor the answer may load torch.
        result["torch_imported"] = "torch" in sys.modules
        QTimer.singleShot(0, finish)

    def finish() -> None:
        result["qt"] = qVersion()
        try:
            result["providers"] = onnx_providers()
        except Exception as exc:  # report, do not hide: the JSON says what failed
            result["providers"] = []
            result["providers_error"] = str(exc)
        app.exit(0)

    def give_up() -> None:
        print("smoke test: the window was not painted within 30 s", file=sys.stderr)
        app.exit(3)

    window.first_painted.connect(on_first_paint)
    QTimer.singleShot(TIMEOUT_MS, give_up)
    window.show()
    code = app.exec()
    # On a slow machine the first paint can come after the daily backup has started: wait for
    # it (and any other job), or Qt aborts on a QThread destroyed while running.
    window.stop_background_work()
    if code == 0:
        print(json.dumps(result), flush=True)
    return code

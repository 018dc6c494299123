"""``--self-check`` in the GUI process: build the main window offscreen (so the frozen app's
Qt plugins, resources and bundled models are all exercised), run workflows.self_check in a Job,
print one JSON line and exit non-zero unless the exported image verified."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from genart_desktop.jobs.job import Job
from genart_desktop.ui.main_window import MainWindow
from genart_desktop.workflows.self_check import run_self_check

TIMEOUT_MS = 300_000


def run_self_check_gui(app: QApplication, window: MainWindow) -> int:
    outcome: dict = {}
    job = Job(run_self_check, name="self-check")

    def succeeded(result: dict) -> None:
        outcome.update(result)
        outcome["models_listed"] = window.models_panel.list.count()
        app.exit(0 if result.get("verified") else 1)

    def errored(exc: BaseException) -> None:
        outcome.update({"verified": False, "error": getattr(exc, "user_message", str(exc))})
        app.exit(1)

    def give_up() -> None:
        job.cancel()
        outcome.update({"verified": False, "error": "the self-check did not finish within 5 minutes"})
        app.exit(1)

    job.succeeded.connect(succeeded)
    job.errored.connect(errored)
    QTimer.singleShot(TIMEOUT_MS, give_up)
    window.show()
    QTimer.singleShot(0, job.start)
    code = app.exec()
    job.wait()
    window.stop_background_work()  # the daily backup may have started meanwhile (slow machine)
    print(json.dumps(outcome), flush=True)
    return code if code else (0 if outcome.get("verified") else 1)

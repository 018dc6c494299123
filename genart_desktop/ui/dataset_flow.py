"""From dropped folders to a dataset id: scan Job with progress and cancel, report, licences.

The window connects the train panel's ``folders_chosen`` signal to :meth:`DatasetFlow.start`,
so it works for drops on the panel and on the window alike. Emits ``dataset_ready(dataset_id)``
once the manifest is saved, registered in the library and the preprocessing cache is built.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from genart_desktop.core.errors import GenArtError
from genart_desktop.jobs import dataset_jobs
from genart_desktop.jobs.job import Job
from genart_desktop.ui.context import AppContext

if TYPE_CHECKING:  # the report (and the licence model it loads) is imported on first use
    from genart_desktop.ui.dataset_report import DatasetReportDialog

SIZES = (64, 128, 256, 512)


def training_size(preset: str, default: int = 128) -> int:
    """The training resolution of a preset (its config's, not a number in its name)."""
    from genart_desktop.jobs.training_jobs import preset_resolution

    size = preset_resolution(preset, default)
    return size if size in SIZES else default


class DatasetFlow(QObject):
    dataset_ready = Signal(str, str, int)  # dataset id, its name and size, its image count

    def __init__(self, window: QMainWindow, context: AppContext,
                 show_status: Callable[[str], None] | None = None) -> None:
        super().__init__(window)
        self.window = window  # the parent of the dialogs; closing it stops the quiet jobs
        self.context = context
        self._show_status = show_status
        self.report_dialog: DatasetReportDialog | None = None
        self.job: Job | None = None
        self._progress: QProgressDialog | None = None
        # Scans and previews lose nothing when stopped, so closing the window cancels them
        # quietly instead of asking (the app's JobManager asks about real work like training).
        self.quiet_jobs: list[Job] = []
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop_quiet_jobs()
        return False

    def stop_quiet_jobs(self) -> None:
        for job in list(self.quiet_jobs):
            job.cancel()
        for job in list(self.quiet_jobs):
            job.wait(10_000)

    def busy(self) -> bool:
        # A quiet job counts until the GUI has handled its end (it leaves the list on
        # ``finished``), not until its thread stops: a scan that ends before its report is
        # shown would otherwise look idle, and the resume offer would open over the report.
        return bool(self.quiet_jobs) or bool(self.context.jobs.active)

    def _start_quiet(self, job: Job) -> None:
        self.quiet_jobs.append(job)
        job.finished.connect(lambda j=job: self.quiet_jobs.remove(j) if j in self.quiet_jobs else None)
        job.start()

    # -- scanning ------------------------------------------------------------------------------
    def start(self, folders: list[Path]) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
        settings = self.context.settings
        job = dataset_jobs.scan_job(
            folders, size=training_size(settings.training.preset), background=settings.alpha_background
        )
        self._run(job, "Scanning training images…", self._scanned, quiet=True)

    def _run(self, job: Job, title: str, on_success, quiet: bool = False) -> None:
        self.job = job
        dialog = QProgressDialog(title, "Cancel", 0, 1000, self.window)
        dialog.setObjectName("datasetProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)
        self._progress = dialog
        job.progress.connect(lambda f, m: (dialog.setValue(int(f * 1000)), dialog.setLabelText(m)))
        job.succeeded.connect(on_success)
        job.errored.connect(self._failed)
        job.cancelled.connect(lambda: self._status("Cancelled."))
        job.finished.connect(dialog.close)
        if quiet:
            self._start_quiet(job)
        else:
            self.context.jobs.start(job)

    def _failed(self, exc: BaseException) -> None:
        text = exc.describe() if isinstance(exc, GenArtError) else f"Unexpected error: {exc}"
        box = QMessageBox(QMessageBox.Icon.Warning, "Training images", text, parent=self.window)
        box.setObjectName("datasetError")
        box.open()  # not exec(): never block the event loop (or a test) on an error

    def _status(self, text: str) -> None:
        if self._show_status is not None:
            self._show_status(text)

    # -- report --------------------------------------------------------------------------------
    def _scanned(self, result) -> None:
        from genart_desktop.ui.dataset_report import DatasetReportDialog

        dialog = DatasetReportDialog(result, self.window)
        self.report_dialog = dialog
        dialog.use_requested.connect(lambda: self._finalize(result))
        dialog.show()
        self._status(f"{len(result.included)} usable images, {len(result.skipped)} skipped.")
        previews = dataset_jobs.previews_job(result)
        previews.succeeded.connect(lambda items: dialog.set_previews(items) if dialog.isVisible() else None)
        self._start_quiet(previews)

    def _finalize(self, result) -> None:
        self._run(dataset_jobs.finalize_job(result), "Preparing the dataset…", self._ready)

    def _ready(self, manifest: dict) -> None:
        if self.report_dialog is not None:
            self.report_dialog.accept()
        from genart_desktop.workflows.datasets import left_out_of_cache

        dropped = left_out_of_cache(manifest)
        left_out = (f" {len(dropped)} left out of the training cache ({dropped[0][0]}: {dropped[0][1]}"
                    f"{'; …' if len(dropped) > 1 else ''})." if dropped else "")
        usable = manifest["image_count"] - len(dropped)
        self._status(f"Dataset {manifest['name']} ready: {usable} images." + left_out)
        self.dataset_ready.emit(manifest["id"], f"{manifest['name']} ({usable} images)", usable)

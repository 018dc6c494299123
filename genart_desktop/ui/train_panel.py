"""Train panel: what to train on, the preset and budget, run controls, live samples and charts.

Training runs in a ``TrainingJob`` (jobs/); this widget only shows and asks. Runs started
while one is training wait in a queue. A cancelled run keeps its checkpoint; the queue then
waits for Start, so quitting the app never starts the next run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.errors import GenArtError
from genart_desktop.core.thread_policy import AUTO, ThreadPolicy, cpu_cores
from genart_desktop.jobs.manager import JobManager
from genart_desktop.jobs.training_jobs import (
    BUNDLED_START_EVIDENCE,
    DataSpec,
    TrainingJob,
    TrainingRequest,
    bundled_gan_folder,
    can_start_from_bundled,
    preset_choices,
    preset_defaults,
)
from genart_desktop.ui.drop_zone import DropZone
from genart_desktop.ui.runs_panel import RunsPanel
from genart_desktop.ui.sample_grid import SampleGrid
from genart_desktop.ui.training_charts import TrainingCharts
from genart_desktop.ui.user_activity import UserActivityWatcher

LICENCES = [("My own work", "LicenseRef-Own"), ("Public domain (CC0 1.0)", "CC0-1.0"),
            ("CC BY 4.0 (attribution)", "CC-BY-4.0"), ("CC BY-SA 4.0", "CC-BY-SA-4.0"),
            ("CC BY-NC 4.0", "CC-BY-NC-4.0"), ("Permission granted", "LicenseRef-Permission")]


class AdvancedSettings(QGroupBox):
    """Hyper-parameters and mode-collapse guards; filled from the preset, editable when checked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Advanced", parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.body = QWidget(self)
        form = QFormLayout(self.body)
        self.lr = _dspin(0.000001, 0.1, 6, 0.0001)
        self.batch_size = _spin(1, 256)
        self.width_spin = _spin(4, 128)
        self.schedule = QComboBox()
        self.schedule.addItems(["constant", "cosine", "step"])
        self.r1_gamma = _dspin(0.0, 100.0, 2, 0.5)
        self.ema_decay = _dspin(0.0, 0.9999, 4, 0.001)
        self.spectral_norm = QCheckBox("Spectral norm in D")
        self.batch_norm = QCheckBox("Batch norm")
        self.self_attention = QCheckBox("Self-attention at 32×32")
        self.recon_decoder = QCheckBox("Reconstruction decoder in D")
        self.diffaugment = QCheckBox("DiffAugment")
        self.diffaugment.setToolTip("Differentiable augmentation of real and generated images "
                                    "(colour, translation, cutout): GANs learn from small folders.")
        self.samples_every = _spin(1, 100000)
        self.quality_every = _spin(0, 1000000)
        self.seed = _spin(0, 2**31 - 1)
        self.samples_every.setToolTip("Steps between two updates of the sample grid.")
        self.quality_every.setToolTip("Steps between two KID measurements (0: never).")
        self.precision = QComboBox()
        self.precision.setObjectName("trainPrecision")
        self.precision.addItem("Auto", "auto")
        self.precision.addItem("Full (fp32)", "fp32")
        self.precision.addItem("bf16", "bf16")
        self.precision.setToolTip("Auto computes in bf16 on a GPU or a CPU with native bf16 units "
                                  "(1.4–1.7× the steps per second on such a CPU) and in full "
                                  "precision elsewhere. The weights are always kept in full precision.")
        for label, widget in (("Learning rate", self.lr), ("Batch size", self.batch_size),
                              ("Network width", self.width_spin), ("LR schedule", self.schedule),
                              ("R1 penalty γ", self.r1_gamma), ("EMA decay", self.ema_decay),
                              ("", self.spectral_norm), ("", self.batch_norm), ("", self.self_attention),
                              ("", self.recon_decoder), ("", self.diffaugment),
                              ("Preview every (steps)", self.samples_every),
                              ("KID every (0 = off)", self.quality_every), ("Seed", self.seed),
                              ("Precision", self.precision)):
            if label:
                form.addRow(label, widget)
            else:  # a checkbox says what it is: the whole row, so a narrow dock does not cut it
                form.addRow(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        self.body.setVisible(False)
        self.toggled.connect(self.body.setVisible)
        self._diffaugment_policy = "color,translation,cutout"

    def load(self, cfg: dict[str, Any]) -> None:
        self.lr.setValue(cfg["lr"])
        self.batch_size.setValue(cfg["batch_size"])
        self.width_spin.setValue(cfg["width"])
        self.schedule.setCurrentText(cfg["schedule"])
        self.r1_gamma.setValue(cfg["r1_gamma"])
        self.ema_decay.setValue(cfg["ema_decay"])
        for name in ("spectral_norm", "batch_norm", "self_attention", "recon_decoder"):
            getattr(self, name).setChecked(bool(cfg[name]))
        self.diffaugment.setChecked(bool(cfg["diffaugment"]))
        self.samples_every.setValue(cfg["samples_every"])
        self.quality_every.setValue(cfg["quality_every"])
        self.seed.setValue(cfg["seed"])
        self.precision.setCurrentIndex(max(0, self.precision.findData(cfg.get("precision", "auto"))))

    def overrides(self) -> dict[str, Any]:
        if not self.isChecked():
            return {}
        return {"lr": self.lr.value(), "batch_size": self.batch_size.value(),
                "width": self.width_spin.value(),
                "schedule": self.schedule.currentText(), "r1_gamma": self.r1_gamma.value(),
                "ema_decay": self.ema_decay.value(), "spectral_norm": self.spectral_norm.isChecked(),
                "batch_norm": self.batch_norm.isChecked(), "self_attention": self.self_attention.isChecked(),
                "recon_decoder": self.recon_decoder.isChecked(),
                "diffaugment": self._diffaugment_policy if self.diffaugment.isChecked() else "",
                "samples_every": self.samples_every.value(), "quality_every": self.quality_every.value(),
                "seed": self.seed.value(), "precision": self.precision.currentData()}


class TrainPanel(QWidget):
    folders_chosen = Signal(list)
    model_ready = Signal(dict, str)  # card, folder: the Models/Generate panels can refresh
    state_changed = Signal(str)  # "Training", "Training paused", … for the window's status line

    def __init__(self, parent: QWidget | None = None, jobs: JobManager | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainPanel")
        self.jobs = jobs or JobManager()  # the window passes its context's; alone, its own
        self.job: TrainingJob | None = None
        self.queue: list[TrainingRequest] = []
        self._data: DataSpec | dict[str, Any] | None = None
        self._hold_queue = False  # after a cancel, queued runs wait for Start
        self._stopped_run: str | None = None

        self.drop_zone = DropZone("Drop a folder of images here to train a model on it,\n"
                                  "or click to choose one", self)
        self.drop_zone.setObjectName("trainDropZone")
        self.drop_zone.clicked.connect(self.choose_folder)
        self.choose_button = QPushButton("Train on a folder…", self)
        self.choose_button.setObjectName("trainChooseFolder")
        self.choose_button.clicked.connect(self.choose_folder)
        self.folders = QListWidget(self)
        self.folders.setObjectName("trainFolders")
        self.folders.setMaximumHeight(60)
        self.folders.hide()
        self.dataset_label = QLabel("", self)
        self.dataset_label.setWordWrap(True)
        self.dataset_label.hide()
        self.drop_zone.paths_dropped.connect(self.accept_paths)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.licence = QComboBox(self)
        for label, spdx in LICENCES:
            self.licence.addItem(label, spdx)
        self.attribution = QLineEdit(self)
        self.attribution.setPlaceholderText("Creator to credit (for CC BY images)")
        self.preset = QComboBox(self)
        for name, label in preset_choices():
            self.preset.addItem(label, name)
        self.by_minutes, self.by_steps = QRadioButton("Minutes", self), QRadioButton("Steps", self)
        self.by_minutes.setChecked(True)
        self.minutes, self.steps = _spin(1, 100000, 20), _spin(1, 10_000_000, 2000)
        budget = QGridLayout()  # two short rows: a narrow dock shows both labels whole
        budget.setContentsMargins(0, 0, 0, 0)
        budget.addWidget(self.by_minutes, 0, 0)
        budget.addWidget(self.minutes, 0, 1)
        budget.addWidget(self.by_steps, 1, 0)
        budget.addWidget(self.steps, 1, 1)
        budget.setColumnStretch(1, 1)
        self.device = QComboBox(self)
        self.device.addItems(["auto", "cpu", "cuda", "mps"])
        self.form = form
        form.addRow("Licence of the folder", self.licence)
        form.addRow("Attribution", self.attribution)
        form.addRow("Preset", self.preset)
        form.addRow("Budget", budget)
        form.addRow("Device", self.device)
        # CPU threads: "auto" gives training every core while the window is idle or minimised
        # and leaves one free while the artist works in it (core.thread_policy).
        self.thread_policy = ThreadPolicy(AUTO)
        self.threads = QComboBox(self)
        self.threads.setObjectName("trainThreads")
        self.threads.addItem("Auto (all cores when idle)", AUTO)
        for n in range(1, cpu_cores() + 1):
            self.threads.addItem(f"{n} thread{'s' if n > 1 else ''}", str(n))
        self.threads.setToolTip("CPU threads for training. Auto uses every core while you are not "
                                "using the window and leaves one free while you work in it.")
        self.threads.currentIndexChanged.connect(
            lambda: self.thread_policy.set_setting(self.threads.currentData()))
        self.threads_label = QLabel(self)
        self.threads_label.setObjectName("trainThreadsNow")
        threads_row = QHBoxLayout()
        threads_row.addWidget(self.threads)
        threads_row.addWidget(self.threads_label, 1)
        form.addRow("CPU threads", threads_row)
        self._activity = UserActivityWatcher(self.thread_policy, self.window())
        self._threads_timer = QTimer(self)
        self._threads_timer.setInterval(1000)
        self._threads_timer.timeout.connect(self._show_threads)
        # Fine-tuning: a folder learns shapes faster from a model that already knows emoji-like
        # forms than from scratch (measured on 300 and 4,265 unseen images); the card records both
        # the bundled model and the new data.
        self.base_model = bundled_gan_folder()
        self._image_count = 0  # of the dataset to train on, once scanned
        self.fine_tune = QCheckBox("Start from the bundled GAN", self)
        self.fine_tune.setObjectName("trainFineTune")
        self.fine_tune.setToolTip(
            "Begin from the weights of the 64 px GAN that ships with the app instead of from "
            "scratch: shapes come much sooner, on small and large folders alike. With a preset of "
            "its kind the whole GAN trains on; with another discriminator its generator trains on "
            "against a new one. The model card names both sources, and the bundled model's "
            "training-data licence (CC BY 4.0, Twemoji) travels with the outputs. Not for VAE, "
            "DCGAN or 128 px presets (other networks or sizes).")
        self.fine_tune.setEnabled(self.base_model is not None
                                  and can_start_from_bundled(str(self.preset.currentData() or "")))
        form.addRow("", self.fine_tune)
        self.fine_tune_hint = QLabel(self)  # why the box is ticked, and its licence consequence
        self.fine_tune_hint.setObjectName("trainFineTuneHint")
        self.fine_tune_hint.setWordWrap(True)
        self.fine_tune_hint.hide()
        form.addRow("", self.fine_tune_hint)
        self.advanced = AdvancedSettings(self)

        self.start_button = QPushButton("Start training", self)
        self.start_button.setEnabled(False)
        self.pause_button = QPushButton("Pause", self)
        self.cancel_button = QPushButton("Cancel", self)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.cancel_button):
            buttons.addWidget(b)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.status = QLabel(
            "Training runs in the background; you can keep working, pause or cancel it.", self
        )
        self.status.setWordWrap(True)
        self.sample_grid = SampleGrid(self)
        self.charts = TrainingCharts(self)
        self.queue_list = QListWidget(self)
        self.queue_list.setMaximumHeight(60)
        self.queue_list.setToolTip("Runs waiting to start")
        self.runs = RunsPanel(self, busy_run=lambda: self.job.run_id if self.job else None)
        self.runs.resume_requested.connect(self.resume_run)
        self.runs.message.connect(self.status.setText)

        layout = QVBoxLayout(self)
        for w in (self.drop_zone, self.choose_button, self.folders, self.dataset_label):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.advanced)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        # The runs list right under the controls: a paused run is resumed from here.
        layout.addWidget(QLabel("<b>Runs</b> — resume, extend, export now, rename, delete", self))
        layout.addWidget(self.runs)
        layout.addWidget(self.sample_grid, 2)
        layout.addWidget(self.charts, 1)
        layout.addWidget(QLabel("Queue", self))
        layout.addWidget(self.queue_list)

        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(self.cancel)
        self._preset_changed()
        self._update_buttons()

    # -- choosing what to train on -------------------------------------------------------
    def choose_folder(self) -> None:
        """Train on a folder…: the folder dialog (the drop zone's click, the button, the menu)."""
        folder = QFileDialog.getExistingDirectory(self, "Train on a folder of images")
        if folder:
            self.accept_paths([Path(folder)])

    def accept_paths(self, paths: list[Path]) -> None:
        folders = [p for p in paths if p.is_dir() or p.suffix.lower() == ".zip"]
        if not folders:
            return
        self.folders.clear()
        for folder in folders:
            self.folders.addItem(str(folder))
        self.folders.show()
        if folders[0].is_dir():
            self._data = DataSpec("folder", path=str(folders[0]))
            self._show_licence_fields(True)
        self._update_buttons()
        self.folders_chosen.emit(folders)

    def set_dataset(self, dataset_id: str, summary: str = "", image_count: int = 0) -> None:
        """Train on a scanned dataset (its manifest carries the licences). A 64 px GAN run on it
        starts from the bundled GAN unless the artist unticks it (measured better; see
        workflows.training.BUNDLED_START_EVIDENCE)."""
        self._data = DataSpec.dataset(dataset_id)
        self._image_count = image_count
        if self._fine_tune_suggested():
            self.fine_tune.setChecked(True)
        self._label_fine_tune()
        self.dataset_label.setText(f"Dataset: {summary or dataset_id} — licences as declared in its report")
        self.dataset_label.setToolTip(dataset_id)
        self.dataset_label.show()
        self._show_licence_fields(False)
        self._update_buttons()

    def _show_licence_fields(self, visible: bool) -> None:
        """A folder: the artist says its licence here. A dataset: its manifest already holds a
        licence per image (declared in the report), so these rows are hidden, not left saying
        "My own work" for third-party images."""
        self.licence.setEnabled(visible)
        self.attribution.setEnabled(visible)
        self.form.setRowVisible(self.licence, visible)
        self.form.setRowVisible(self.attribution, visible)

    # -- runs ----------------------------------------------------------------------------
    def request(self) -> TrainingRequest:
        assert self._data is not None
        data = DataSpec.coerce(self._data)
        if data.kind in ("folder", "array"):
            data = data.with_declaration(self.licence.currentData(), self.attribution.text().strip())
        by_steps = self.by_steps.isChecked()
        return TrainingRequest(preset=self.preset.currentData(), data=data,
                               steps=self.steps.value() if by_steps else None,
                               minutes=None if by_steps else float(self.minutes.value()),
                               device=self.device.currentText(), overrides=self.advanced.overrides(),
                               fine_tune_from=self.base_model if self._fine_tune_applies() else None)

    def _fine_tune_applies(self) -> bool:
        return self.fine_tune.isChecked() and self.fine_tune.isEnabled()

    def start(self) -> None:
        if self._data is not None and not (self.start_button.text() == "Start queue" and self.queue):
            self.queue.append(self.request())
        if self.job is None:
            self._start_next()
        self._refresh_queue()

    def resume_run(self, run_id: str) -> None:
        """Continue a run from its last checkpoint (with its own budget); queued if one trains."""
        request = TrainingRequest(resume_run_id=run_id, resume_device=None)
        if self.job is None:
            self.queue.insert(0, request)
            self._hold_queue = False
            self._start_next()
        else:
            self.queue.append(request)
            self.status.setText(f"Run {run_id} will resume when the current run ends.")
        self._refresh_queue()

    def _start_next(self) -> None:
        if not self.queue:
            self._update_buttons()
            return
        request = self.queue.pop(0)
        job = TrainingJob(request, threads=self.thread_policy)
        job.progress.connect(self._on_progress)
        job.samples.connect(self.sample_grid.set_grid)
        job.metrics.connect(self.charts.add_metrics)
        job.quality.connect(self.charts.add_quality)
        job.paused_changed.connect(self._on_paused)
        job.succeeded.connect(self._on_succeeded)
        job.errored.connect(self._on_errored)
        job.cancelled.connect(self._on_cancelled)
        job.finished.connect(self._on_finished)
        job.model_ready.connect(self.model_ready)
        job.run_created.connect(lambda _run: self.runs.refresh())
        self.job = job
        self.charts.reset()
        self.sample_grid.clear_grid()
        self.progress.setValue(0)
        self.status.setText(f"Starting {request.describe()}…")
        self.jobs.start(job)
        self.state_changed.emit("Training")
        self._threads_timer.start()
        self._show_threads()
        self._refresh_queue()
        self._update_buttons()

    def toggle_pause(self) -> None:
        if self.job is None:
            return
        if self.job.is_paused:
            self.job.resume()
        else:
            self.job.pause()

    def cancel(self) -> None:
        if self.job is not None:
            self.status.setText("Stopping: writing a checkpoint…")
            self.job.cancel()

    def is_training(self) -> bool:
        return self.job is not None

    def _show_threads(self) -> None:
        """Which thread count training uses now, and why (CPU only; a GPU run ignores it)."""
        if self.job is None:
            self._threads_timer.stop()
            self.threads_label.setText("")
            return
        self.threads_label.setText(f"Now: {self.thread_policy.describe()}")

    # -- job signals ---------------------------------------------------------------------
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(message)

    def _on_paused(self, paused: bool) -> None:
        self.pause_button.setText("Resume" if paused else "Pause")
        self.state_changed.emit("Training paused" if paused else "Training")
        if paused:
            self.status.setText("Paused (a checkpoint is written); press Resume to continue.")

    def _on_succeeded(self, result: dict) -> None:
        self.progress.setValue(1000)
        self.status.setText(f"Model “{result['card']['name']}” is ready ({result['folder']}).")

    def _on_errored(self, exc: BaseException) -> None:
        text = exc.describe() if isinstance(exc, GenArtError) else str(exc)
        self.status.setText(f"Training failed: {text}")
        self.queue.clear()

    def _on_cancelled(self) -> None:
        run = self.job.run_id if self.job else None
        self.status.setText("Stopped; resume it from the runs list below." if run else "Stopped.")
        self._stopped_run = run
        self._hold_queue = True

    def _on_finished(self) -> None:
        stopped, self._stopped_run = self._stopped_run, None
        self.job = None
        self.pause_button.setText("Pause")
        self.runs.refresh()
        if stopped:
            self.runs.select_run(stopped)
        self.state_changed.emit("Training paused (resume it in Train ▸ Runs)" if stopped else "")
        if self._hold_queue:
            self._hold_queue = False
        else:
            self._start_next()
        self._refresh_queue()
        self._update_buttons()

    # -- helpers -------------------------------------------------------------------------
    def _preset_changed(self) -> None:
        self.advanced.load(preset_defaults(self.preset.currentData()))
        self.fine_tune.setEnabled(self.base_model is not None
                                  and can_start_from_bundled(str(self.preset.currentData() or "")))
        self._label_fine_tune()

    def _fine_tune_suggested(self) -> bool:
        # The box is enabled exactly when the preset can start from the bundled GAN (set on
        # preset change), so this needs no second read of the bundled card on the GUI thread.
        return self._image_count > 0 and self.fine_tune.isEnabled()

    def _label_fine_tune(self) -> None:
        """Say why the box is suggested, and what it brings with it."""
        suggested = self._fine_tune_suggested()
        self.fine_tune_hint.setText(
            f"Suggested for these {self._image_count:,} images: 3–4× lower KID than from scratch "
            "after 20 min on unseen sets. Twemoji's credit (CC BY 4.0) then travels with your "
            "outputs." if suggested else "")
        self.fine_tune_hint.setToolTip(f"Measured: {BUNDLED_START_EVIDENCE} (models/README.md)."
                                       if suggested else "")
        self.fine_tune_hint.setVisible(suggested)

    def _refresh_queue(self) -> None:
        self.queue_list.clear()
        for request in self.queue:
            self.queue_list.addItem(request.describe())

    def _update_buttons(self) -> None:
        running = self.job is not None
        self.start_button.setEnabled(self._data is not None or bool(self.queue))
        if running:
            self.start_button.setText("Add to queue")
        else:
            self.start_button.setText("Start queue" if self.queue else "Start training")
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)


def _spin(lo: int, hi: int, value: int | None = None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    if value is not None:
        box.setValue(value)
    return box


def _dspin(lo: float, hi: float, decimals: int, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(lo, hi)
    box.setSingleStep(step)
    return box

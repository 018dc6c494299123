"""Generate panel: model + card summary, seeds, count, batch, ψ/temperature, edits, interpolation.

Work runs in jobs (jobs/generation_jobs.py); images stream into the preview strip as they are
made, and ``image_generated(image_id)`` tells the gallery about each one. The model's session
is created in the background as soon as the model is picked, so the first click is fast.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.errors import GenArtError
from genart_desktop.jobs.generation_jobs import (
    VARIATION_CHANGE,
    GenerationController,
    GenerationRequest,
    ModelsWatcher,
    card_summary,
    random_seed,
)
from genart_desktop.provenance.licences import describe_expression
from genart_desktop.ui.context import AppContext
from genart_desktop.ui.widgets import add_rows, icon_grid

log = logging.getLogger(__name__)

# Modes that only some kinds of model can run; the others are disabled in the menu and a mode
# left selected when the artist switches to a model that cannot run it goes back to Samples.
MODE_KINDS = {"variations": ("vae",)}
MODES = [("sample", "Samples"), ("interpolate", "Interpolation between two seeds"),
         ("walk", "Latent walk (loops)"), ("variations", "Variations of a picture (VAE)"),
         ("images", "Interpolation between two selected gallery images")]
SEED_MODES = [("random", "Random"), ("fixed", "Fixed (seed, seed+1, …)"), ("range", "Range (from … to)")]
PREVIEW = 96


def _pixmap(pixels: Any) -> QPixmap:
    height, width = pixels.shape[:2]
    image = QImage(pixels.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


def _dspin(low: float, high: float, value: float, step: float = 0.05) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(2)
    spin.setValue(value)
    return spin


class GeneratePanel(QWidget):
    image_generated = Signal(int)  # gallery image id, for each image as it is stored
    run_started = Signal()  # a new batch begins: the gallery selects only what it makes

    def __init__(self, parent: QWidget | None = None, controller: GenerationController | None = None, *,
                 context: AppContext | None = None, watcher: ModelsWatcher | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("generatePanel")
        if controller is None:
            # The library is the context's (opened lazily), asked for on the first store; without
            # a context the controller opens its own.
            provider = (lambda: context.library) if context is not None else None
            controller = GenerationController(context.jobs if context is not None else None,
                                              library_provider=provider, watcher=watcher)
        self.controller = controller
        self.results: list[Any] = []
        self._busy = False
        # Set by wire_generation: the gallery's selected image ids (for "images" interpolation).
        self.selection_provider: Callable[[], list[int]] | None = None
        self._build()
        controller.image_ready.connect(self._on_image)
        controller.run_finished.connect(self._on_finished)
        controller.device_changed.connect(self._on_device)
        controller.animation_saved.connect(self._animation_saved)
        controller.models_changed.connect(self.refresh_models)
        controller.refresh_models()
        self.refresh_models()

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.model_combo = QComboBox(self)
        self.model_combo.setPlaceholderText("No models yet")
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)
        self.card_label = QLabel(self)
        self.card_label.setWordWrap(True)
        self.card_label.setTextFormat(Qt.TextFormat.PlainText)
        self.device_label = QLabel("Device: —", self)
        self.mode_combo = QComboBox(self)
        for key, text in MODES:
            self.mode_combo.addItem(text, key)
        self.mode_combo.currentIndexChanged.connect(self._update_visibility)
        self.seed_mode = QComboBox(self)
        for key, text in SEED_MODES:
            self.seed_mode.addItem(text, key)
        self.seed_mode.setCurrentIndex(1)
        self.seed_mode.currentIndexChanged.connect(self._update_visibility)
        self.seed_spin = _spin(0, 2**31 - 1, 42)
        self.seed_to_spin = _spin(0, 2**31 - 1, 49)
        self.count_spin = _spin(1, 1024, 8)
        self.batch_spin = _spin(1, 256, 16)
        self.psi_spin = _dspin(0.0, 2.0, 1.0)
        self.change_spin = _dspin(0.0, 1.0, VARIATION_CHANGE)
        self.change_spin.setToolTip("0: the picture as the VAE reconstructs it; 1: a new picture. "
                                    "Each variation's seed decides the direction of the change.")
        self.frames_spin = _spin(2, 240, 16)
        self.animation_combo = QComboBox(self)
        for fmt in ("webp", "gif"):
            self.animation_combo.addItem(f"Animated {fmt.upper()}", fmt)
        self.keep_frames = QCheckBox("Frames to the gallery too", self)
        self.keep_frames.setChecked(True)
        self.keep_frames.setToolTip("Off: only the animation file is kept (its frames are not stored)")
        self.save_animation_button = QPushButton("Save animation as…", self)
        self.save_animation_button.setEnabled(False)
        self.save_animation_button.clicked.connect(self.save_animation_as)
        self.animation_path: Path | None = None
        self.picture_button = QPushButton("Choose picture…", self)
        self.picture_button.clicked.connect(self._choose_picture)
        self.picture_path: Path | None = None

        form = QFormLayout()
        form.addRow("Model", self.model_combo)
        form.addRow(self.card_label)
        form.addRow(self.device_label)
        add_rows(form, [("Mode", self.mode_combo), ("Seeds", self.seed_mode), ("Seed", self.seed_spin),
                        ("To seed", self.seed_to_spin), ("Count", self.count_spin),
                        ("Batch", self.batch_spin)])
        self.psi_label = QLabel("Truncation ψ", self)
        form.addRow(self.psi_label, self.psi_spin)
        form.addRow("Frames", self.frames_spin)
        form.addRow("Animation", self.animation_combo)
        form.addRow("", self.keep_frames)
        form.addRow("", self.save_animation_button)
        form.addRow("Picture", self.picture_button)
        form.addRow("Change", self.change_spin)
        self.form = form

        post = QGroupBox("Post-processing (recorded as edits)", self)
        post_form = QFormLayout(post)
        self.upscale_combo = QComboBox(post)
        for factor in (1, 2, 4):
            self.upscale_combo.addItem("none" if factor == 1 else f"×{factor} (Lanczos)", factor)
        self.rotate_combo = QComboBox(post)
        for degrees in (0, 90, 180, 270):
            self.rotate_combo.addItem(f"{degrees}°", degrees)
        self.flip_combo = QComboBox(post)
        for key in ("", "horizontal", "vertical"):
            self.flip_combo.addItem(key or "none", key)
        self.brightness_spin = _dspin(0.0, 4.0, 1.0)
        self.contrast_spin = _dspin(0.0, 4.0, 1.0)
        self.saturation_spin = _dspin(0.0, 4.0, 1.0)
        for label, widget in (("Upscale", self.upscale_combo), ("Rotate", self.rotate_combo),
                              ("Flip", self.flip_combo), ("Brightness", self.brightness_spin),
                              ("Contrast", self.contrast_spin), ("Saturation", self.saturation_spin)):
            post_form.addRow(label, widget)

        self.generate_button = QPushButton("Generate", self)
        self.generate_button.setEnabled(False)
        self.generate_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.status = QLabel("Train a model by dropping a folder on the window.", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = icon_grid(self, "generatedPreview", PREVIEW)

        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(post)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        self._update_visibility()

    # -- models ----------------------------------------------------------------------------
    def refresh_models(self) -> None:
        """Show the current model list (the controller re-scans when the folders change)."""
        current = self.model_combo.currentData()
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for info in self.controller.models():
            self.model_combo.addItem(f"{info.name} ({info.kind.upper()}, {info.resolution} px)", info.id)
        self.model_combo.blockSignals(False)
        if self.model_combo.count():
            index = max(0, self.model_combo.findData(current)) if current else 0
            self.model_combo.setCurrentIndex(index)
            self._on_model_changed()
        else:
            self.card_label.setText("")
            self._update_enabled()

    def select_model(self, model_id: str) -> None:
        index = self.model_combo.findData(model_id)
        if index >= 0:
            self.model_combo.setCurrentIndex(index)

    def _on_model_changed(self, *_: Any) -> None:
        model_id = self.model_combo.currentData()
        info = self.controller.model(model_id) if model_id else None
        if info is None:
            return
        s = card_summary(info)
        lines = [f"Trained on: {', '.join(s['datasets']) or 'unknown data'}",
                 f"Training data licence: {describe_expression(s['licence'])}"]
        obligations = [f"• {text}" for text in s["obligations"]] or ["No obligations on outputs."]
        # Two short lines in the panel; the obligations in full in the tooltip (and Models panel).
        short = "Outputs carry the required credits." if s["obligations"] else obligations[0]
        self.card_label.setText("\n".join([*lines, short]))
        self.card_label.setToolTip("\n".join(lines + obligations))
        self.psi_label.setText("Temperature" if info.kind == "vae" else "Truncation ψ")
        # Each model starts at the ψ its card recommends (measured on its training set).
        self.psi_spin.setValue(info.default_psi)
        why = info.card.sampling.get("why")
        self.psi_spin.setToolTip(f"{info.name} recommends {info.default_psi:g}: {why}" if why else "")
        self.device_label.setText(f"Device: {self.controller.devices.get(info.id, 'loading…')}")
        self.status.setText(f"{info.name}: {info.resolution} px {info.kind.upper()}.")
        self._update_visibility()
        self.controller.warm(info.id)

    def _on_device(self, model_id: str, device: str) -> None:
        if model_id == self.model_combo.currentData():
            self.device_label.setText(f"Device: {device}")
        self._update_enabled()

    # -- options ---------------------------------------------------------------------------
    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def _update_visibility(self, *_: Any) -> None:
        mode, seeds = self.mode(), self.seed_mode.currentData()
        interpolating = mode in ("interpolate", "walk", "images")
        info = self.controller.model(self.model_combo.currentData() or "")
        rows = {self.seed_to_spin: mode in ("interpolate", "walk") or (mode == "sample" and seeds == "range"),
                self.count_spin: mode in ("sample", "variations") and seeds != "range",
                self.frames_spin: interpolating, self.animation_combo: interpolating,
                self.keep_frames: interpolating, self.save_animation_button: interpolating,
                self.picture_button: mode == "variations", self.change_spin: mode == "variations",
                self.psi_spin: mode != "variations", self.seed_mode: mode == "sample",
                self.seed_spin: mode != "images" and not (mode == "sample" and seeds == "random")}
        for widget, visible in rows.items():
            self.form.setRowVisible(widget, visible)
        modes = self.mode_combo.model()
        kind = info.kind if info else ""
        if isinstance(modes, QStandardItemModel):  # a QComboBox's own model
            for row in range(self.mode_combo.count()):
                needs = MODE_KINDS.get(str(self.mode_combo.itemData(row)))
                item = modes.item(row)
                item.setEnabled(needs is None or kind in needs)
                item.setToolTip(f"Needs a {' or '.join(k.upper() for k in needs)} model" if needs else "")
        if not self.mode_runs(mode, kind):
            self.mode_combo.setCurrentIndex(self.mode_combo.findData("sample"))  # calls us again
            self.status.setText(f"{dict(MODES)[mode]} needs a {' or '.join(MODE_KINDS[mode]).upper()} "
                                "model: back to Samples.")
            return
        self._update_enabled()

    @staticmethod
    def mode_runs(mode: str, kind: str) -> bool:
        """Whether a model of this kind ("gan", "vae") can run this mode."""
        needs = MODE_KINDS.get(mode)
        return needs is None or kind in needs

    def _update_enabled(self) -> None:
        running = self._busy
        ready = self.model_combo.count() > 0 and not running
        info = self.controller.model(self.model_combo.currentData() or "")
        ready = ready and self.mode_runs(self.mode(), info.kind if info else "")
        if self.mode() == "variations":
            ready = ready and self.picture_path is not None
        self.generate_button.setEnabled(ready)
        self.cancel_button.setEnabled(running)

    def _choose_picture(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Picture for variations", "",
                                              "Images (*.png *.jpg *.jpeg *.webp *.bmp)")
        if path:
            self.set_picture(Path(path))

    def set_picture(self, path: Path) -> None:
        self.picture_path = path
        self.picture_button.setText(path.name)
        self._update_enabled()

    def seeds(self) -> list[int]:
        kind, start = self.seed_mode.currentData(), self.seed_spin.value()
        if kind == "random":
            return [random_seed() for _ in range(self.count_spin.value())]
        if kind == "range":
            low, high = sorted((start, self.seed_to_spin.value()))
            return list(range(low, min(high, low + 1023) + 1))
        return [start + i for i in range(self.count_spin.value())]

    def edits(self) -> list[dict[str, Any]]:
        edits: list[dict[str, Any]] = []
        if self.upscale_combo.currentData() != 1:
            edits.append({"action": "upscale",
                          "parameters": {"factor": self.upscale_combo.currentData(), "filter": "lanczos"}})
        if self.rotate_combo.currentData():
            edits.append({"action": "rotate", "parameters": {"degrees": self.rotate_combo.currentData()}})
        if self.flip_combo.currentData():
            edits.append({"action": "flip", "parameters": {"direction": self.flip_combo.currentData()}})
        for action, spin in (("brightness", self.brightness_spin), ("contrast", self.contrast_spin),
                             ("saturation", self.saturation_spin)):
            if spin.value() != 1.0:
                edits.append({"action": action, "parameters": {"factor": round(spin.value(), 4)}})
        return edits

    # -- running ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def _begin(self, job: Any, message: str) -> None:
        self._busy = True
        self.run_started.emit()
        job.progress.connect(self._on_progress)
        job.errored.connect(self._on_error)
        job.finished.connect(self._on_job_finished)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(message)
        self._update_enabled()

    def _on_job_finished(self) -> None:
        self._busy = False
        self.progress.setVisible(False)
        self._update_enabled()

    def start(self) -> None:
        model_id = self.model_combo.currentData()
        if not model_id or self._busy:
            return
        common = {"batch_size": self.batch_spin.value(), "edits": self.edits()}
        mode, psi = self.mode(), self.psi_spin.value()
        self.preview.clear()
        self.animation_path = None
        self.save_animation_button.setEnabled(False)
        self.results = []
        if mode == "sample":
            job = self.controller.generate(GenerationRequest(model=model_id, seeds=self.seeds(), psi=psi,
                                                             **common))
        elif mode in ("interpolate", "walk"):
            job = self.controller.interpolate_seeds(
                model_id, self.seed_spin.value(), self.seed_to_spin.value(), self.frames_spin.value(),
                animation=self.animation_combo.currentData(), walk=mode == "walk", psi=psi,
                keep_frames=self.keep_frames.isChecked(), **common)
        elif mode == "images":
            ids = self.selection_provider() if self.selection_provider else []
            if len(ids) != 2:
                self.status.setText("Select exactly two images made by the same model in the gallery.")
                return
            job = self.controller.interpolate_images(ids[0], ids[1], self.frames_spin.value(),
                                                     animation=self.animation_combo.currentData(),
                                                     keep_frames=self.keep_frames.isChecked(), **common)
        else:
            assert self.picture_path is not None
            job = self.controller.variations(model_id, self.picture_path, self.count_spin.value(),
                                             self.change_spin.value(), self.seed_spin.value(), **common)
        self._begin(job, "Generating…")

    def generate_like(self, image_id: int, count: int = 8) -> None:
        """Slot for the gallery's ``generate_like_requested(image_id)``."""
        if self._busy:
            self.status.setText("Wait for the current generation to finish (or cancel it).")
            return
        self.preview.clear()
        self.results = []
        job = self.controller.generate_like(image_id, count, batch_size=self.batch_spin.value())
        self._begin(job, f"Generating more like image {image_id}…")

    def cancel(self) -> None:
        self.controller.cancel()
        self.status.setText("Cancelling…")

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        if message:
            self.status.setText(message)

    def _on_image(self, image: Any) -> None:
        self.results.append(image)
        verdict = image.originality or {}
        label = f"seed {image.seed}" if image.seed is not None else f"#{image.index + 1}"
        item = QListWidgetItem(QIcon(_pixmap(image.pixels)), label)
        tip = [f"{image.model.name}, {image.device}", f"gallery id {image.image_id}"]
        if verdict.get("flagged"):
            tip.append(f"⚠ close to training image {verdict.get('nearest_path')} "
                       f"(distance {verdict.get('distance')} < {verdict.get('threshold')})")
            item.setText(f"⚠ {label}")
        item.setToolTip("\n".join(tip))
        item.setData(Qt.ItemDataRole.UserRole, image.image_id)
        self.preview.addItem(item)
        if image.image_id is not None:
            self.image_generated.emit(int(image.image_id))

    def _on_error(self, exc: BaseException) -> None:
        self.status.setText(exc.describe() if isinstance(exc, GenArtError) else f"Generation failed: {exc}")

    def _on_finished(self, results: Any) -> None:
        if results is None:  # cancelled (an error's message comes from _on_error right after)
            self.status.setText(f"Stopped after {len(self.results)} images.")
        else:
            flagged = sum(bool((r.originality or {}).get("flagged")) for r in results)
            device = results[0].device if results else ""
            text = f"{len(results)} image{'s' if len(results) != 1 else ''} on {device}."
            if flagged:
                text += f" {flagged} flagged as too close to a training image (⚠)."
            if self.animation_path is not None and self.mode() in ("interpolate", "walk", "images"):
                text += f" Animation saved to {self.animation_path} (Save animation as… to copy it)."
            self.status.setText(text)
            self.status.setToolTip(text)
            if results:
                self.device_label.setText(f"Device: {device}")

    def _animation_saved(self, path: str) -> None:
        self.animation_path = Path(path)
        self.save_animation_button.setEnabled(True)
        self.status.setText(f"Animation saved to {path}")

    def save_animation_as(self, target: str | None = None) -> Path | None:
        """Copy the last animation where the artist chooses (it was written to the data folder)."""
        if self.animation_path is None:
            return None
        if target is None:
            suffix = self.animation_path.suffix
            target, _ = QFileDialog.getSaveFileName(self, "Save animation as", self.animation_path.name,
                                                    f"Animation (*{suffix})")
            if not target:
                return None
        import shutil

        destination = Path(target)
        if not destination.suffix:
            destination = destination.with_suffix(self.animation_path.suffix)
        try:
            shutil.copyfile(self.animation_path, destination)
        except OSError as exc:
            self.status.setText(f"Could not save the animation: {exc}")
            return None
        self.status.setText(f"Animation saved as {destination}")
        return destination

    def shutdown(self) -> None:
        self.controller.close()


def wire_generation(panel: GeneratePanel, gallery: Any, models_panel: Any,
                    show_panel: Callable[[], None]) -> None:
    """Connect the Generate panel to the gallery (new images appear in it, "generate like this",
    the selection for interpolation) and the Models panel (picking a model); ``show_panel``
    brings the Generate panel to the front."""
    batch: list[int] = []  # this run's images: the gallery selects all of them, and only them
    flush_timer = QTimer(panel)
    flush_timer.setSingleShot(True)
    flush_timer.setInterval(250)  # the first image shows at once; the stream refreshes 4× a second
    dirty = [False]

    def flush() -> None:
        if dirty[0]:
            dirty[0] = False
            gallery.show_new_images(list(batch))

    def new_run() -> None:
        batch.clear()

    def stored(image_id: int) -> None:
        batch.append(image_id)
        dirty[0] = True
        if not flush_timer.isActive():
            flush()
            flush_timer.start()

    def like(image_id: int) -> None:
        show_panel()
        panel.generate_like(image_id)

    flush_timer.timeout.connect(flush)
    panel.image_generated.connect(stored)
    panel.run_started.connect(new_run)
    gallery.generate_like_requested.connect(like)
    models_panel.model_selected.connect(panel.select_model)
    panel.selection_provider = gallery.selected_image_ids

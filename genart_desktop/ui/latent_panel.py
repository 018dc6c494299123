"""Explore: sliders along the main directions of a model's latent space with a live preview
(jobs.latent_jobs renders off the GUI thread, newest position first), "Keep" adds the picture
to the gallery with the directions and amounts in its provenance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.jobs.generation_jobs import GenerationController
from genart_desktop.jobs.latent_jobs import LatentExplorer

PREVIEW_PX = 192
SLIDER_STEPS = 30  # a slider runs from −3 to +3 standard deviations in steps of 0.1


class LatentPanel(QWidget):
    keeping = Signal()  # before a kept picture is generated: the gallery selects only it

    def __init__(self, controller: GenerationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("latentPanel")
        self.controller = controller
        self.explorer = LatentExplorer(controller, self)
        self.model_combo = QComboBox(self)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(42)
        self.picture_button = QPushButton("Start from a picture…", self)
        self.picture_button.setToolTip("A VAE: explore around the latent its encoder gives this picture")
        self.picture_button.setEnabled(False)
        self.picture_button.clicked.connect(self.choose_picture)
        self.load_button = QPushButton("Find directions", self)
        self.load_button.setToolTip("Computed once per model (about 500 pictures), then cached")
        self.preview = QLabel("Pick a model and press Find directions.", self)
        self.preview.setObjectName("latentPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_PX, PREVIEW_PX)  # a new picture never re-lays out the panel
        self.preview.setWordWrap(True)
        self.sliders: list[QSlider] = []
        self.slider_box = QWidget(self)
        self.slider_form = QFormLayout(self.slider_box)
        self.slider_form.setContentsMargins(0, 0, 0, 0)
        self.reset_button = QPushButton("Reset", self)
        self.keep_button = QPushButton("Keep", self)
        self.keep_button.setToolTip("Add this picture to the gallery; its provenance records the "
                                    "directions and amounts as your contribution")
        for b in (self.reset_button, self.keep_button):
            b.setEnabled(False)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Model", self.model_combo)
        form.addRow("Seed", self.seed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.load_button)
        layout.addWidget(self.picture_button)
        layout.addWidget(self.preview)
        layout.addWidget(self.slider_box)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.load_button.clicked.connect(self.load)
        self.seed.valueChanged.connect(self.explorer.set_seed)
        self.reset_button.clicked.connect(self.reset)
        self.keep_button.clicked.connect(self.keep)
        self.explorer.directions_ready.connect(self._directions_ready)
        self.explorer.preview_ready.connect(self._show_preview)
        self.explorer.failed.connect(self.status.setText)
        self.explorer.busy_changed.connect(lambda busy: self.load_button.setEnabled(not busy))
        controller.models_changed.connect(self.refresh_models)
        self.refresh_models()

    def refresh_models(self) -> None:
        current = self.model_combo.currentData()
        self.model_combo.clear()
        for info in self.controller.models():
            self.model_combo.addItem(f"{info.name} ({info.kind.upper()})", info.id)
        if current:
            self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(current)))

    def load(self) -> Any:
        model_id = self.model_combo.currentData()
        if not model_id:
            return None
        self.status.setText("Finding the main directions of this model (once; then cached)…")
        return self.explorer.load(model_id, self.seed.value())

    def _directions_ready(self, directions: Any) -> None:
        while self.slider_form.rowCount():
            self.slider_form.removeRow(0)
        self.sliders = []
        for i in range(directions.count):
            slider = QSlider(Qt.Orientation.Horizontal, self.slider_box)
            slider.setObjectName(f"latentSlider{i}")
            slider.setRange(-SLIDER_STEPS, SLIDER_STEPS)
            slider.setValue(0)
            share = float(directions.explained[i]) * 100
            slider.setToolTip(f"Direction {i + 1}: {share:.0f}% of the variation between pictures")
            slider.valueChanged.connect(lambda value, i=i: self.explorer.set_amount(i, value / 10))
            self.slider_form.addRow(f"{i + 1} ({share:.0f}%)", slider)
            self.sliders.append(slider)
        for b in (self.reset_button, self.keep_button):
            b.setEnabled(True)
        info = self.controller.model(self.explorer.model_id or "")
        self.picture_button.setEnabled(bool(info and info.kind == "vae"))
        self.status.setText("Move a slider: the picture follows. Keep adds it to the gallery.")

    def _show_preview(self, pixels: Any) -> None:
        height, width = pixels.shape[:2]
        image = QImage(pixels.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        scale = max(1, PREVIEW_PX // max(width, height))
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            width * scale, height * scale, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation))

    def choose_picture(self, path: str | None = None) -> Any:
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getOpenFileName(self, "Picture to explore from", "",
                                                  "Images (*.png *.jpg *.jpeg *.webp *.bmp)")
            if not path:
                return None
        self.status.setText("Encoding the picture…")
        return self.explorer.set_picture(path)

    def reset(self) -> None:
        for slider in self.sliders:
            slider.blockSignals(True)
            slider.setValue(0)
            slider.blockSignals(False)
        self.explorer.reset()

    def keep(self) -> Any:
        self.keeping.emit()
        job = self.explorer.keep()
        if job is not None:
            moved = sum(1 for a in self.explorer.amounts if a)
            self.status.setText(f"Kept: added to the gallery ({moved} direction(s) moved, recorded "
                                "in its provenance).")
        return job

    def shutdown(self) -> None:
        self.explorer.shutdown()

"""Generate panel: model, seed, count. Enabled once a model is available."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class GeneratePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("generatePanel")
        self.model_combo = QComboBox(self)
        self.model_combo.setPlaceholderText("No models yet")
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(42)
        self.count_spin = QSpinBox(self)
        self.count_spin.setRange(1, 256)
        self.count_spin.setValue(8)
        self.generate_button = QPushButton("Generate", self)
        self.generate_button.setEnabled(False)
        self.status = QLabel("Train a model by dropping a folder on the window.", self)
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Model", self.model_combo)
        form.addRow("Seed", self.seed_spin)
        form.addRow("Count", self.count_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.generate_button)
        layout.addWidget(self.status)
        layout.addStretch(1)

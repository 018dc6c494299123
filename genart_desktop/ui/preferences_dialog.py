"""Preferences: the artist's name and defaults used for new images and exports."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from genart_desktop.core.settings import Settings

# The licences an artist most often puts on their own output.
DEFAULT_LICENCE_CHOICES = [
    ("All rights reserved (your own work)", "LicenseRef-Own"),
    ("CC BY 4.0", "CC-BY-4.0"),
    ("CC BY-SA 4.0", "CC-BY-SA-4.0"),
    ("CC BY-NC 4.0", "CC-BY-NC-4.0"),
    ("CC BY-NC-SA 4.0", "CC-BY-NC-SA-4.0"),
    ("CC BY-ND 4.0", "CC-BY-ND-4.0"),
    ("CC0 1.0 (public domain dedication)", "CC0-1.0"),
]


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.artist_name = QLineEdit(settings.artist_name, self)
        self.artist_name.setPlaceholderText("Your name, as it should appear as creator")
        self.credit = QLineEdit(settings.default_credit, self)
        self.licence = QComboBox(self)
        for label, spdx in DEFAULT_LICENCE_CHOICES:
            self.licence.addItem(label, spdx)
        index = self.licence.findData(settings.default_licence)
        self.licence.setCurrentIndex(max(index, 0))
        self.mining = QComboBox(self)
        self.mining.addItem("Not allowed for AI training", "notAllowed")
        self.mining.addItem("Allowed", "allowed")
        self.mining.setCurrentIndex(max(self.mining.findData(settings.data_mining), 0))
        self.thumb = QSpinBox(self)
        self.thumb.setRange(64, 512)
        self.thumb.setSingleStep(16)
        self.thumb.setValue(settings.thumbnail_size)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Artist name", self.artist_name)
        form.addRow("Credit line", self.credit)
        form.addRow("Default licence", self.licence)
        form.addRow("Data mining of your images", self.mining)
        form.addRow("Thumbnail size (px)", self.thumb)
        form.addRow(buttons)

    def apply(self) -> None:
        """Copy the edited values into the settings object."""
        s = self._settings
        s.artist_name = self.artist_name.text().strip()
        s.default_credit = self.credit.text().strip()
        s.default_licence = self.licence.currentData()
        s.data_mining = self.mining.currentData()
        s.thumbnail_size = self.thumb.value()

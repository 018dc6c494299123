"""Preferences: the artist's name and defaults used for new images and exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from genart_desktop.core.settings import Settings
from genart_desktop.ui.widgets import add_rows

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
        self.attribution_url = QLineEdit(settings.attribution_url, self)
        self.attribution_url.setPlaceholderText("https://… (your page: how people credit you)")
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

        self.export_root_button = QPushButton("Export root certificate…", self)
        self.export_root_button.setToolTip(
            "Save the public root certificate of this install's C2PA signing CA, so others can "
            "verify your exports as trusted (genart verify --trust-anchor ROOT.pem)."
        )
        self.export_root_button.clicked.connect(self._ask_export_root)
        self.root_status = QLabel(self)
        self.root_status.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = add_rows(QFormLayout(self), [
            ("Artist name", self.artist_name), ("Credit line", self.credit),
            ("Attribution URL", self.attribution_url),
            ("Default licence", self.licence),
            ("Data mining of your images", self.mining), ("Thumbnail size (px)", self.thumb),
            ("C2PA signing", self.export_root_button), ("", self.root_status),
        ])
        form.addRow(buttons)

    def apply(self) -> None:
        """Copy the edited values into the settings object."""
        s = self._settings
        s.artist_name = self.artist_name.text().strip()
        s.default_credit = self.credit.text().strip()
        s.attribution_url = self.attribution_url.text().strip()
        s.default_licence = self.licence.currentData()
        s.data_mining = self.mining.currentData()
        s.thumbnail_size = self.thumb.value()

    def _ask_export_root(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export root certificate", str(Path.home() / "genart-root-ca.pem"), "PEM (*.pem)"
        )
        if path:
            self.export_root(Path(path))

    def export_root(self, path: Path) -> None:
        """Write the root certificate (created on first use; public, no private key)."""
        from genart_desktop.core.errors import GenArtError
        from genart_desktop.provenance import keys

        try:
            written = keys.export_root(path)
        except GenArtError as exc:
            self.root_status.setText(exc.describe())
        else:
            self.root_status.setText(f"Saved to {written}. Give it to a verifier as a trust anchor.")

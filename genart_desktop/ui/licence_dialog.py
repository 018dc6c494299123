"""Declare the licence status of files: own work, a licence with attribution, permission, exclude."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.errors import GenArtError
from genart_desktop.datasets.declarations import Declaration, validate
from genart_desktop.ui.widgets import add_rows

# Suggestions only: any SPDX id or Creative Commons name/URL can be typed.
SUGGESTED = ["CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
             "CC-BY-2.0", "CC-BY-SA-2.0", "CC-BY-3.0", "CC-BY-SA-3.0", "CC-PDM-1.0", "MIT", "Apache-2.0",
             "BSD-2-Clause", "BSD-3-Clause", "OFL-1.1", "Unlicense", "LicenseRef-Unsplash",
             "LicenseRef-Pexels", "LicenseRef-Pixabay"]


class LicenceDialog(QDialog):
    """Returns a ``Declaration`` (``declaration()``) and the scope chosen (``scope()``)."""

    def __init__(self, count: int, folders: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Licence of the training images")
        self.setObjectName("licenceDialog")
        self.own = QRadioButton("My own work", self)
        self.licensed = QRadioButton("Licensed to me (give the licence and attribution)", self)
        self.permission = QRadioButton("Used with permission (recorded with its date and text)", self)
        self.exclude = QRadioButton("Exclude from training", self)
        self.group = QButtonGroup(self)
        for i, b in enumerate((self.own, self.licensed, self.permission, self.exclude)):
            self.group.addButton(b, i)
        self.own.setChecked(True)

        self.licence = QComboBox(self)
        self.licence.setEditable(True)
        self.licence.addItems(SUGGESTED)
        self.licence.setCurrentText("CC-BY-4.0")
        self.attribution = QLineEdit(self)
        self.attribution.setPlaceholderText("Name to credit")
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://…")
        self.permission_text = QPlainTextEdit(self)
        self.permission_text.setPlaceholderText("Who gave permission, for what, and how (e-mail, contract…)")
        self.permission_text.setMaximumHeight(80)
        today = dt.date.today()
        self.permission_date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.permission_date.setCalendarPopup(True)
        self.override = QCheckBox(
            "The creator asked not to use these for AI training, and I have their permission", self
        )

        details = QGroupBox("Details", self)
        add_rows(QFormLayout(details), [
            ("Licence", self.licence), ("Attribution name", self.attribution), ("Attribution URL", self.url),
            ("Permission text", self.permission_text), ("Permission date", self.permission_date),
        ])

        self.scope = QComboBox(self)
        self.scope.addItem(f"The {count} selected file(s)", None)
        for folder in folders:
            self.scope.addItem(f"Every file in {folder or 'the whole dataset'}", folder)

        self.error = QLabel("", self)
        self.error.setObjectName("licenceError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        note = QLabel("The app records what you declare; it is not legal advice.", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for w in (self.own, self.licensed, self.permission, self.exclude, details, self.override):
            layout.addWidget(w)
        layout.addWidget(QLabel("Apply to", self))
        layout.addWidget(self.scope)
        layout.addWidget(self.error)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.group.idToggled.connect(lambda *_: self._update())
        self._update()

    def _update(self) -> None:
        licensed, perm = self.licensed.isChecked(), self.permission.isChecked()
        self.licence.setEnabled(licensed)
        self.attribution.setEnabled(licensed or perm)
        self.url.setEnabled(licensed or perm)
        self.permission_text.setEnabled(perm)
        self.permission_date.setEnabled(perm)

    def declaration(self) -> Declaration:
        kind = ("own", "licence", "permission", "exclude")[self.group.checkedId()]
        return Declaration(
            kind,
            licence=self.licence.currentText().strip() if kind == "licence" else "",
            attribution_name=self.attribution.text().strip() if kind in ("licence", "permission") else "",
            attribution_url=self.url.text().strip() if kind in ("licence", "permission") else "",
            permission_text=self.permission_text.toPlainText().strip() if kind == "permission" else "",
            permission_date=self.permission_date.date().toString("yyyy-MM-dd")
            if kind == "permission"
            else "",
            override_data_mining=self.override.isChecked(),
        )

    def chosen_folder(self) -> str | None:
        """None = the selected files; a string = every file under that folder."""
        return self.scope.currentData()

    def accept(self) -> None:
        try:
            validate(self.declaration())
        except GenArtError as exc:
            self.error.setText(exc.describe())
            return
        super().accept()

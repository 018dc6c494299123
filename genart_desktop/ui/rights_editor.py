"""Rights and notes of one image, or of a selection at once (bulk editor).

The licence picker offers every output licence but disables those the training data's
obligations rule out, with the reason beside it. In bulk mode a field that differs between
the images shows "(various)" and is only changed if the artist edits it. Saving runs in a
background job (a large selection touches many rows); reading and saving are
``workflows.rights``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.limits import MAX_TITLE_CHARS
from genart_desktop.core.settings import Settings
from genart_desktop.jobs.job import Job
from genart_desktop.jobs.rights_jobs import read_rights_job, save_rights_job
from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.obligations import NOT_LEGAL_ADVICE, OUTPUT_LICENCES
from genart_desktop.provenance.record import ProvenanceRecord
from genart_desktop.provenance.rights import output_licence_for
from genart_desktop.workflows.rights import field_value, licence_choices, read_records

VARIOUS = "(various)"
SYNC_LOAD_LIMIT = 50  # more images than this are read off the GUI thread
TEXT_FIELDS = ["creator", "credit", "copyright_notice", "attribution_name", "attribution_url"]
LONG_FIELDS = ["usage_terms", "statement", "notes"]
MINING = [("Not allowed for AI training", "notAllowed"), ("Allowed", "allowed"),
          ("Not specified", "unspecified")]


def _label(spdx: str) -> str:
    found = lic.lookup(spdx)
    return found.label if found else spdx


class RightsEditor(QWidget):
    """Edits the output rights, the human contribution statement and the notes."""

    saved = Signal(list)  # image ids whose records changed

    def __init__(self, settings: Settings, library: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rightsEditor")
        self._settings = settings
        self._library = library
        self._ids: list[int] = []
        self._records: list[ProvenanceRecord] = []
        self._loaded: dict[str, str | None] = {}
        self.job: Job | None = None
        self._load_jobs: list[Job] = []  # kept until finished: a QThread must outlive its run
        self._load_serial = 0  # only the newest selection's records are shown
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in TEXT_FIELDS:
            line = QLineEdit(self)
            line.setMaxLength(MAX_TITLE_CHARS)  # longer text is cut when it is saved, too
            self.fields[name] = line
        for name in LONG_FIELDS:
            edit = QPlainTextEdit(self)
            edit.setFixedHeight(60)
            self.fields[name] = edit
        self.licence = QComboBox(self)
        self.licence_reason = QLabel(self)
        self.licence_reason.setWordWrap(True)
        self.licence_reason.setObjectName("licenceReason")
        self.mining = QComboBox(self)
        for label, value in MINING:
            self.mining.addItem(label, value)
        self.save_button = QPushButton("Save", self)
        self.defaults_button = QPushButton("Fill from Preferences", self)
        self.status = QLabel(self)
        self._build_layout()
        self.save_button.clicked.connect(self.save)
        self.defaults_button.clicked.connect(self.fill_defaults)
        self.licence.currentIndexChanged.connect(self._show_reason)
        self.load([], [])

    def _build_layout(self) -> None:
        form = QFormLayout()
        labels = {"creator": "Creator", "credit": "Credit line", "copyright_notice": "Copyright notice",
                  "attribution_name": "Attribution name", "attribution_url": "Attribution URL",
                  "usage_terms": "Usage terms", "statement": "Human contribution", "notes": "Notes"}
        for name in TEXT_FIELDS:
            form.addRow(labels[name], self.fields[name])
        form.addRow("Licence", self.licence)
        form.addRow("", self.licence_reason)
        form.addRow("Data mining", self.mining)
        for name in LONG_FIELDS:
            form.addRow(labels[name], self.fields[name])
        buttons = QHBoxLayout()
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        legal = QLabel(NOT_LEGAL_ADVICE, self)
        legal.setWordWrap(True)
        layout.addWidget(legal)

    # -- loading ------------------------------------------------------------------------------
    def load_images(self, image_ids: Sequence[int]) -> None:
        """Show the rights of these library images (one: single editor; several: bulk).
        A large selection is read in a background job so the window stays responsive."""
        ids = list(image_ids)
        self._load_serial += 1
        if len(ids) <= SYNC_LOAD_LIMIT:
            self.load(ids, read_records(self._library, ids, release=False))
            return
        self.setEnabled(False)
        self.status.setText(f"Reading {len(ids)} images…")
        serial = self._load_serial
        job = read_rights_job(self._library, ids)
        job.succeeded.connect(lambda records: self._read_done(serial, ids, records))
        job.errored.connect(self._failed)
        job.finished.connect(lambda: self._forget(job))
        self._load_jobs.append(job)
        job.start()

    def _read_done(self, serial: int, ids: list[int], records: list[ProvenanceRecord]) -> None:
        if serial == self._load_serial:
            self.load(ids, records)

    def _forget(self, job: Job) -> None:
        job.wait()  # past its last signal: make sure the thread has ended
        if job in self._load_jobs:
            self._load_jobs.remove(job)

    def wait_jobs(self) -> None:
        """Block until background reads and saves end (for shutdown and tests)."""
        for job in [*self._load_jobs, *([self.job] if self.job else [])]:
            job.wait()

    def load(self, image_ids: list[int], records: list[ProvenanceRecord]) -> None:
        self._ids, self._records = image_ids, records
        self.setEnabled(bool(records))
        for name, widget in self.fields.items():
            values = {field_value(r, name) for r in records}
            common = values.pop() if len(values) == 1 else None
            self._loaded[name] = common
            text = common or ""
            if isinstance(widget, QLineEdit):
                widget.setText(text)
            else:
                widget.setPlainText(text)
            widget.setPlaceholderText(VARIOUS if len(records) > 1 and common is None else "")
        self._fill_licences()
        mining = {r.rights.data_mining for r in records}
        self._loaded["data_mining"] = mining.pop() if len(mining) == 1 else None
        self.mining.setCurrentIndex(max(self.mining.findData(self._loaded["data_mining"]), 0)
                                    if self._loaded["data_mining"] else -1)
        count = len(records)
        self.status.setText("" if count <= 1 else f"Editing {count} images: only changed fields are saved.")

    def _fill_licences(self) -> None:
        allowed, self._reasons = licence_choices(self._records)
        self.licence.blockSignals(True)
        self.licence.clear()
        self.licence.addItem("(not chosen)", "")
        model = self.licence.model()
        for spdx in OUTPUT_LICENCES:
            found = lic.lookup(spdx)
            self.licence.addItem(found.label if found else spdx, spdx)
            if spdx not in allowed and isinstance(model, QStandardItemModel):
                item = model.item(self.licence.count() - 1)
                item.setEnabled(False)
                item.setToolTip(self._reasons.get(spdx, ""))
        values = {r.rights.licence for r in self._records}
        self._loaded["licence"] = values.pop() if len(values) == 1 else None
        self.licence.setCurrentIndex(self.licence.findData(self._loaded["licence"])
                                     if self._loaded["licence"] is not None else -1)
        self.licence.blockSignals(False)
        self._show_reason()

    def allowed_licences(self) -> list[str]:
        model = self.licence.model()
        return [self.licence.itemData(i) for i in range(1, self.licence.count())
                if model.item(i).isEnabled()]  # type: ignore[attr-defined]

    def _show_reason(self) -> None:
        if not self._reasons:
            self.licence_reason.setText("")
            return
        lines = [f"{_label(s)}: {why}" for s, why in self._reasons.items()]
        self.licence_reason.setText("Not available:\n" + "\n".join(lines))

    # -- editing ------------------------------------------------------------------------------
    def _value(self, name: str) -> str:
        widget = self.fields[name]
        return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()

    def changes(self) -> dict[str, str]:
        """Fields whose value differs from what was loaded (all of a bulk selection's "various"
        fields count as unchanged until typed into)."""
        result: dict[str, str] = {}
        for name in self.fields:
            value = self._value(name)
            loaded = self._loaded.get(name)
            if (loaded is None and value) or (loaded is not None and value != loaded):
                result[name] = value
        if self.licence.currentIndex() >= 0:
            licence = self.licence.currentData()
            if licence != self._loaded.get("licence"):
                result["licence"] = licence
        if self.mining.currentIndex() >= 0 and self.mining.currentData() != self._loaded.get("data_mining"):
            result["data_mining"] = self.mining.currentData()
        return result

    def fill_defaults(self) -> None:
        """Put the Preferences' name, credit, licence and data-mining choice into the fields."""
        s = self._settings
        if s.artist_name:
            for name in ("creator", "attribution_name"):
                self.fields[name].setText(s.artist_name)  # type: ignore[union-attr]
        if s.default_credit or s.artist_name:
            self.fields["credit"].setText(s.default_credit or s.artist_name)  # type: ignore[union-attr]
        if s.attribution_url:
            self.fields["attribution_url"].setText(s.attribution_url)  # type: ignore[union-attr]
        licence = output_licence_for(s.default_licence)
        if licence in self.allowed_licences():
            self.licence.setCurrentIndex(self.licence.findData(licence))
        self.mining.setCurrentIndex(max(self.mining.findData(s.data_mining), 0))

    def save(self) -> None:
        changes = self.changes()
        if not changes or not self._ids or self._library is None:
            self.status.setText("Nothing to save." if not changes else self.status.text())
            return
        if "licence" in changes and changes["licence"] and changes["licence"] not in self.allowed_licences():
            QMessageBox.warning(self, "Licence not allowed", self._reasons.get(changes["licence"], ""))
            return
        self.save_button.setEnabled(False)
        self.status.setText(f"Saving {len(self._ids)} images…")
        ids = list(self._ids)
        self.job = save_rights_job(self._library, ids, changes)
        self.job.succeeded.connect(lambda n: self._saved(ids, n))
        self.job.errored.connect(lambda exc: self._failed(exc))
        self.job.finished.connect(lambda: self.save_button.setEnabled(True))
        self.job.start()

    def _saved(self, ids: list[int], count: int) -> None:
        self.status.setText(f"Saved {count} image{'s' if count != 1 else ''}.")
        self.load_images(ids)
        self.saved.emit(ids)

    def _failed(self, exc: BaseException) -> None:
        message = getattr(exc, "user_message", str(exc))
        self.status.setText(f"Not saved: {message}")

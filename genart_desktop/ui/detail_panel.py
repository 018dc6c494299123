"""The selected image: a large preview (fit or zoom), its editable fields and its provenance.

Every edit is saved as soon as a field is left (or Enter is pressed) through the shared undo
stack, so Edit ▸ Undo reverts it and the grid shows it at once. The provenance area's rights
editor (``set_rights_editor``) can replace the basic creator/licence/attribution fields.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QImage, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.limits import MAX_TITLE_CHARS
from genart_desktop.jobs.job import Job
from genart_desktop.jobs.originality_jobs import nearest_image_job
from genart_desktop.library import ImageRow, Library, thumbs
from genart_desktop.ui.gallery.commands import Changed, EditFieldsCommand
from genart_desktop.ui.gallery.record_html import record_summary, record_to_html

PREVIEW_MAX = 2048
COMMON_LICENCES = [
    "",
    "LicenseRef-Own",
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "LicenseRef-Permission",
]


class _NotesEdit(QPlainTextEdit):
    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


NEAREST_PX = 96

def _load_preview(path, progress=None, should_stop=None) -> thumbs.Thumbnail:
    image = thumbs.render(path, PREVIEW_MAX).convert("RGBA")
    return thumbs.Thumbnail(image.width, image.height, image.tobytes())


class DetailPanel(QWidget):
    def __init__(self, library: Library, undo_stack: QUndoStack, changed: Changed, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPanel")
        self.library = library
        self.undo_stack = undo_stack
        self.changed = changed
        self.row: ImageRow | None = None
        self._pixmap: QPixmap | None = None
        self._zoom: float | None = None  # None: fit to the panel
        self._preview_jobs: list[Job] = []  # kept alive until their threads end

        self.preview = QLabel("Select an image to see it here.", self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.preview)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setMinimumHeight(160)
        self.fit_button = QPushButton("Fit", self)
        self.actual_button = QPushButton("100%", self)
        self.zoom_in = QPushButton("+", self)
        self.zoom_out = QPushButton("−", self)
        self.fit_button.clicked.connect(lambda: self.set_zoom(None))
        self.actual_button.clicked.connect(lambda: self.set_zoom(1.0))
        self.zoom_in.clicked.connect(lambda: self.set_zoom((self._zoom or self._fit_scale()) * 1.25))
        self.zoom_out.clicked.connect(lambda: self.set_zoom((self._zoom or self._fit_scale()) / 1.25))
        zoom_row = QHBoxLayout()
        for button in (self.fit_button, self.actual_button, self.zoom_out, self.zoom_in):
            zoom_row.addWidget(button)
        zoom_row.addStretch(1)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        # Generated images: the nearest training image side by side, from the originality check.
        self.nearest_box = QWidget(self)
        self.nearest_image = QLabel(self.nearest_box)
        self.nearest_image.setFixedSize(NEAREST_PX, NEAREST_PX)
        self.nearest_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nearest_text = QLabel(self.nearest_box)
        self.nearest_text.setWordWrap(True)
        nearest_row = QHBoxLayout(self.nearest_box)
        nearest_row.setContentsMargins(0, 0, 0, 0)
        nearest_row.addWidget(self.nearest_image)
        nearest_row.addWidget(self.nearest_text, 1)
        self.nearest_box.hide()

        self.title = QLineEdit(self)
        self.notes = _NotesEdit(self)
        self.notes.setMaximumHeight(90)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("comma, separated, tags")
        self.creator = QLineEdit(self)
        self.licence = QComboBox(self)
        self.licence.setEditable(True)
        self.licence.addItems(COMMON_LICENCES)
        self.attribution = QLineEdit(self)
        for edit in (self.title, self.tags, self.creator, self.attribution):
            edit.setMaxLength(MAX_TITLE_CHARS)  # the library cuts longer text too (core.limits)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Notes", self.notes)
        form.addRow("Tags", self.tags)
        self.rights_form = QWidget(self)
        rights_layout = QFormLayout(self.rights_form)
        rights_layout.setContentsMargins(0, 0, 0, 0)
        rights_layout.addRow("Creator", self.creator)
        rights_layout.addRow("Licence", self.licence)
        rights_layout.addRow("Attribution", self.attribution)
        # Where the provenance area's full rights editor goes (set_rights_editor).
        self.rights_slot = QWidget(self)
        self.rights_slot.setObjectName("rightsEditorSlot")
        self._slot_layout = QVBoxLayout(self.rights_slot)
        self._slot_layout.setContentsMargins(0, 0, 0, 0)
        self._slot_layout.addWidget(self.rights_form)

        # A readable summary on top; the full record (hashes, latents) behind "Full record".
        self.summary = QLabel(self)
        self.summary.setObjectName("provenanceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.record_button = QPushButton("Full record ▸", self)
        self.record_button.setCheckable(True)
        self.record = QTextBrowser(self)
        self.record.setOpenExternalLinks(True)
        self.record.setVisible(False)
        self.record_button.toggled.connect(self._toggle_record)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.scroll_area, 1)
        top_layout.addLayout(zoom_row)
        top_layout.addWidget(self.nearest_box)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.info)
        bottom_layout.addLayout(form)
        bottom_layout.addWidget(self.rights_slot)
        provenance_row = QHBoxLayout()
        provenance_row.addWidget(QLabel("<b>Provenance</b>", self))
        provenance_row.addStretch(1)
        provenance_row.addWidget(self.record_button)
        bottom_layout.addLayout(provenance_row)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.record, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.title.editingFinished.connect(lambda: self._save("title", self.title.text().strip()))
        self.notes.editing_finished.connect(lambda: self._save("notes", self.notes.toPlainText()))
        self.tags.editingFinished.connect(lambda: self._save("tags", _split_tags(self.tags.text())))
        self.creator.editingFinished.connect(lambda: self._save("creator", self.creator.text().strip()))
        licence_edit = self.licence.lineEdit()  # the licence box is editable: it has one
        if licence_edit is not None:
            licence_edit.editingFinished.connect(
                lambda: self._save("licence", self.licence.currentText().strip())
            )
        self.licence.activated.connect(lambda _i: self._save("licence", self.licence.currentText().strip()))
        self.attribution.editingFinished.connect(
            lambda: self._save("attribution", self.attribution.text().strip())
        )
        self.show_image(None)

    def _toggle_record(self, shown: bool) -> None:
        self.record.setVisible(shown)
        self.record.setMinimumHeight(260 if shown else 0)
        self.record_button.setText("Full record ▾" if shown else "Full record ▸")

    # -- the rights editor from the provenance area ---------------------------------------
    def set_rights_editor(self, editor: QWidget) -> None:
        """Put a fuller rights editor in place of the basic creator/licence/attribution fields."""
        self.rights_form.hide()
        self._slot_layout.addWidget(editor)

    # -- showing an image -------------------------------------------------------------------
    def show_image(self, image_id: int | None) -> None:
        self.row = self.library.get_image(image_id) if image_id is not None else None
        enabled = self.row is not None
        for widget in (
            self.title,
            self.notes,
            self.tags,
            self.creator,
            self.licence,
            self.attribution,
            self.fit_button,
            self.actual_button,
            self.zoom_in,
            self.zoom_out,
        ):
            widget.setEnabled(enabled)
        self._fill_fields()
        self._pixmap = None
        if self.row is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Select an image to see it here.")
            return
        self.preview.setText("Loading…")
        job = Job(_load_preview, self.row.path, name="preview")
        job.succeeded.connect(lambda thumb, i=self.row.id: self._preview_ready(i, thumb))
        job.errored.connect(lambda exc: self.preview.setText(getattr(exc, "user_message", str(exc))))
        job.finished.connect(lambda j=job: self._forget_job(j))
        self._preview_jobs.append(job)
        job.start()
        self._show_nearest()

    def _show_nearest(self) -> None:
        row = self.row
        if row is None:
            self.nearest_box.hide()
            return
        check = (row.generation or {}).get("originality") or (row.provenance or {}).get("originality") or {}
        label = check.get("nearest_path") if isinstance(check, dict) else None
        if not label:
            self.nearest_box.hide()
            return
        name = html.escape(str(label).split(":", 1)[-1])
        if check.get("flagged"):
            words = (f"<b>⚠ Close to training image {name}</b><br>It may be a near-copy: compare "
                     "them before publishing.")
        else:
            words = f"<b>Looks new</b><br>No training image is close (the nearest is {name})."
        self.nearest_text.setText(words)
        self.nearest_text.setToolTip(
            f"Nearest training image: {label}\nFeature distance {float(check.get('distance', 0)):.3f}; "
            f"images closer than {float(check.get('threshold', 0)):.3f} are flagged as near-copies.")
        self.nearest_image.setPixmap(QPixmap())
        self.nearest_image.setText("…")
        self.nearest_box.show()
        resolution = int((row.generation or {}).get("parameters", {}).get("resolution") or row.width)
        job = nearest_image_job(str(label), resolution)
        job.succeeded.connect(lambda pixels, i=row.id: self._nearest_ready(i, pixels))
        job.finished.connect(lambda j=job: self._forget_job(j))
        self._preview_jobs.append(job)
        job.start()

    def _nearest_ready(self, image_id: int, pixels) -> None:
        if self.row is None or self.row.id != image_id:
            return
        if pixels is None:
            self.nearest_image.setText("not on\nthis\nmachine")
            return
        height, width = pixels.shape[:2]
        image = QImage(pixels.tobytes(), width, height, width * 3, QImage.Format.Format_RGB888).copy()
        self.nearest_image.setPixmap(QPixmap.fromImage(image).scaled(
            NEAREST_PX, NEAREST_PX, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def _forget_job(self, job: Job) -> None:
        job.wait()  # past its last signal: make sure the thread has ended
        if job in self._preview_jobs:
            self._preview_jobs.remove(job)

    def wait_preview(self) -> None:
        for job in list(self._preview_jobs):
            job.wait()

    def refresh(self) -> None:
        """Re-read the shown image's fields (after an undo or an edit elsewhere)."""
        if self.row is not None:
            self.row = self.library.get_image(self.row.id)
            self._fill_fields()

    def _fill_fields(self) -> None:
        row = self.row
        self.title.setText(row.title if row else "")
        self.notes.setPlainText(row.notes if row else "")
        self.tags.setText(", ".join(row.tags) if row else "")
        self.creator.setText(row.creator if row else "")
        self.licence.setEditText(row.licence if row else "")
        self.attribution.setText(row.attribution if row else "")
        if row is None:
            self.info.setText("")
            self.summary.setText("")
            self.record.setHtml("")
            return
        origin = (
            "AI-generated" + (f" by {row.model_name or row.model_id}" if row.model_id else "")
            if row.origin == "generated"
            else "Imported"
        )
        self.info.setText(
            f"<b>{origin}</b> · {row.width} × {row.height} {row.ext.upper()} · "
            f"{row.created[:19].replace('T', ' ')}" + (" · in the trash" if row.trashed else "")
        )
        record = row.provenance or ({"generation": row.generation} if row.generation else {})
        self.summary.setText(record_summary(record))
        self.record.setHtml(record_to_html(record))

    def _preview_ready(self, image_id: int, thumb: thumbs.Thumbnail) -> None:
        if self.row is None or self.row.id != image_id:
            return  # another image was selected meanwhile
        image = QImage(thumb.rgba, thumb.width, thumb.height, thumb.width * 4, QImage.Format.Format_RGBA8888)
        self._pixmap = QPixmap.fromImage(image.copy())
        self.preview.setText("")
        self._apply_zoom()

    # -- zoom -------------------------------------------------------------------------------
    def _fit_scale(self) -> float:
        if self._pixmap is None or self._pixmap.isNull():
            return 1.0
        area = self.scroll_area.viewport().size()
        return max(0.01, min(area.width() / self._pixmap.width(), area.height() / self._pixmap.height()))

    def set_zoom(self, zoom: float | None) -> None:
        self._zoom = None if zoom is None else max(0.05, min(16.0, zoom))
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        if self._pixmap is None:
            return
        scale = self._fit_scale() if self._zoom is None else self._zoom
        size = self._pixmap.size() * scale
        mode = (
            Qt.TransformationMode.SmoothTransformation
            if scale < 1
            else Qt.TransformationMode.FastTransformation
        )
        self.preview.setPixmap(self._pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._zoom is None:
            self._apply_zoom()

    # -- saving -----------------------------------------------------------------------------
    def _save(self, name: str, value) -> None:
        if self.row is None:
            return
        old = getattr(self.row, name)
        if old == value:
            return
        self.undo_stack.push(
            EditFieldsCommand(self.library, self.row.id, {name: old}, {name: value}, self.changed)
        )


def _split_tags(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return list(seen.values())

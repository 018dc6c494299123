"""Export dialog: format and quality, resize, file names, folder, sidecars, C2PA; progress and cancel.

The export itself runs in a ``jobs.export_jobs`` job; the dialog stays responsive and shows
what was exported, what failed and why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from genart_desktop.core.settings import Settings
from genart_desktop.jobs.export_jobs import export_job
from genart_desktop.jobs.job import Job
from genart_desktop.provenance.export import ExportOptions, ExportReport
from genart_desktop.ui.context import AppContext
from genart_desktop.workflows.export import LicenceProblems

if TYPE_CHECKING:
    from genart_desktop.ui.rights_editor import RightsEditor

FORMATS = [("PNG (lossless)", "png"), ("JPEG", "jpeg"), ("WebP", "webp")]
C2PA_CHOICES = [("Off", "off"), ("Embedded in the image", "embed"), ("Sidecar file (.c2pa)", "sidecar")]
XMP_SIDECARS = [("name.png.xmp", "ext"), ("name.xmp", "plain"), ("None", "none")]


class ExportDialog(QDialog):
    def __init__(self, settings: Settings, library: Any, image_ids: list[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {len(image_ids)} image{'s' if len(image_ids) != 1 else ''}")
        self._settings = settings
        self._library = library
        self._ids = list(image_ids)
        self.job: Job | None = None
        self.report: ExportReport | None = None
        d = settings.export

        self.format = self._combo(FORMATS, d.format)
        self.jpeg_quality = self._spin(1, 100, d.jpeg_quality)
        self.webp_lossless = QCheckBox("Lossless", self)
        self.webp_lossless.setChecked(d.webp_lossless)
        self.webp_quality = self._spin(1, 100, d.webp_quality)
        self.resize_on = QCheckBox("Resize, longest side", self)
        self.resize_px = self._spin(16, 16384, 1024)
        self.template = QLineEdit(d.filename_template, self)
        self.template.setToolTip("Fields: {title}, {id}, {name}, {index}, {format}, {sha}")
        self.folder = QLineEdit(d.last_folder or str(Path.home()), self)
        self.browse = QPushButton("Browse…", self)
        self.embed_xmp = QCheckBox("Embed XMP in the image", self)
        self.embed_xmp.setChecked(True)
        self.xmp_sidecar = self._combo(XMP_SIDECARS, d.xmp_sidecar_style)
        self.json_sidecar = QCheckBox("Write name.ext.provenance.json", self)
        self.json_sidecar.setChecked(True)
        self.c2pa = self._combo(C2PA_CHOICES, d.c2pa)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.export_button = QPushButton("Export", self)
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", self)
        self._layout()
        self.format.currentIndexChanged.connect(self._update_enabled)
        self.webp_lossless.toggled.connect(self._update_enabled)
        self.resize_on.toggled.connect(self._update_enabled)
        self.browse.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel)
        self._update_enabled()

    def _combo(self, choices: list[tuple[str, str]], current: str) -> QComboBox:
        box = QComboBox(self)
        for label, value in choices:
            box.addItem(label, value)
        box.setCurrentIndex(max(box.findData(current), 0))
        return box

    def _spin(self, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setValue(value)
        return spin

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("JPEG quality", self.jpeg_quality)
        webp = QHBoxLayout()
        webp.addWidget(self.webp_lossless)
        webp.addWidget(QLabel("quality", self))
        webp.addWidget(self.webp_quality)
        form.addRow("WebP", webp)
        resize = QHBoxLayout()
        resize.addWidget(self.resize_on)
        resize.addWidget(self.resize_px)
        form.addRow("Size", resize)
        form.addRow("File names", self.template)
        folder = QHBoxLayout()
        folder.addWidget(self.folder, 1)
        folder.addWidget(self.browse)
        form.addRow("Folder", folder)
        form.addRow("XMP", self.embed_xmp)
        form.addRow("XMP sidecar", self.xmp_sidecar)
        form.addRow("JSON record", self.json_sidecar)
        form.addRow("C2PA manifest", self.c2pa)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

    def _update_enabled(self) -> None:
        fmt = self.format.currentData()
        self.jpeg_quality.setEnabled(fmt == "jpeg")
        self.webp_lossless.setEnabled(fmt == "webp")
        self.webp_quality.setEnabled(fmt == "webp" and not self.webp_lossless.isChecked())
        self.resize_px.setEnabled(self.resize_on.isChecked())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export to", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def options(self) -> ExportOptions:
        sidecar = self.xmp_sidecar.currentData()
        return ExportOptions(
            folder=Path(self.folder.text().strip()).expanduser(),
            format=self.format.currentData(),
            jpeg_quality=self.jpeg_quality.value(),
            webp_lossless=self.webp_lossless.isChecked(),
            webp_quality=self.webp_quality.value(),
            resize=self.resize_px.value() if self.resize_on.isChecked() else None,
            template=self.template.text().strip() or "{title}-{id}",
            embed_xmp=self.embed_xmp.isChecked(),
            xmp_sidecar=sidecar != "none",
            xmp_sidecar_style="plain" if sidecar == "plain" else "ext",
            json_sidecar=self.json_sidecar.isChecked(),
            c2pa=self.c2pa.currentData(),
        )

    def _remember(self, options: ExportOptions) -> None:
        d = self._settings.export
        d.format, d.c2pa = options.format, options.c2pa
        d.jpeg_quality, d.webp_quality, d.webp_lossless = (options.jpeg_quality, options.webp_quality,
                                                            options.webp_lossless)
        d.filename_template, d.last_folder = options.template, str(options.folder)
        d.xmp_sidecar_style = options.xmp_sidecar_style

    # -- running ------------------------------------------------------------------------------
    def start_export(self) -> None:
        if not self.folder.text().strip():
            self.message.setText("Choose a folder to export to.")
            return
        options = self.options()
        self._remember(options)
        self.export_button.setEnabled(False)
        self.message.setText("Exporting…")
        self.details.setVisible(False)
        self.job = export_job(self._library, self._ids, options)
        self.job.progress.connect(self._on_progress)
        self.job.succeeded.connect(self._on_done)
        self.job.errored.connect(self._on_error)
        self.job.cancelled.connect(lambda: self.message.setText("Export cancelled."))
        self.job.finished.connect(self._on_finished)
        self.job.start()

    def cancel(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.message.setText("Cancelling after the current image…")
        else:
            self.reject()

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.message.setText(message)

    def _on_done(self, report: ExportReport) -> None:
        self.report = report
        self.progress.setValue(1000 if not report.cancelled else self.progress.value())
        self.message.setText(f"{report.summary()} to {self.folder.text()}.")
        if report.failed:
            self.details.setPlainText("\n\n".join(f"{name}: {why}" for name, why in report.failed))
            self.details.setVisible(True)

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, LicenceProblems):  # found before anything was written
            self.message.setText(f"{len(exc.problems)} licence problem(s): choose an allowed output licence "
                                 "in the rights editor, then export again. Nothing was exported.")
            self.details.setPlainText("\n\n".join(exc.problems))
            self.details.setVisible(True)
            return
        describe = getattr(exc, "describe", None)
        self.message.setText("Export failed: " + (describe() if describe else str(exc)))

    def _on_finished(self) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setText("Close")

    def reject(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self.job.wait()
        super().reject()


def export_selected(context: AppContext, gallery: Any, parent: QWidget,
                    show_status: Callable[[str], None]) -> None:
    """File ▸ Export…: the Export dialog for the gallery's selection."""
    ids = gallery.selected_image_ids()
    if not ids:
        show_status("Select images in the gallery to export them.")
        return
    dialog = ExportDialog(context.settings, gallery.library, ids, parent)
    dialog.exec()
    context.save_settings()
    if dialog.report is not None:
        show_status(f"Export: {dialog.report.summary()}.")


def rights_editor_for(context: AppContext, gallery: Any) -> RightsEditor:
    """The rights editor in the gallery's detail panel, following the selection."""
    from genart_desktop.ui.rights_editor import RightsEditor
    from genart_desktop.workflows.changes import LibraryChanges

    editor = RightsEditor(context.settings, gallery.library, gallery.detail)
    gallery.detail.set_rights_editor(editor)
    # selection_changed carries only the count; the ids come from the gallery itself.
    gallery.selection_changed.connect(lambda _count: editor.load_images(gallery.selected_image_ids()))
    # Saved rights change the badges (licence, credit) the gallery paints: it refreshes those rows.
    editor.saved.connect(lambda ids: gallery.apply_changes(LibraryChanges(ids, fields=True)))
    return editor

"""The export dialog runs a real export in a job, with progress, and reports failures."""

from __future__ import annotations

from genart_desktop.core.settings import Settings
from genart_desktop.provenance.verify import verify_file
from genart_desktop.ui.export_dialog import ExportDialog
from genart_desktop.ui.preferences_dialog import PreferencesDialog
from tests.provenance.helpers import library_with_records, record_dict, source_png


def test_export_dialog_exports_with_progress(qtbot, tmp_path):
    records = [record_dict(), record_dict(), record_dict(licence="CC0-1.0")]
    library, ids = library_with_records(tmp_path, records)
    settings = Settings()
    dialog = ExportDialog(settings, library, ids)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.format.setCurrentIndex(dialog.format.findData("webp"))
    dialog.c2pa.setCurrentIndex(dialog.c2pa.findData("embed"))
    assert dialog.webp_lossless.isEnabled() and not dialog.jpeg_quality.isEnabled()
    # CC0 breaks the CC BY training data's attribution: said before anything is written.
    dialog.start_export()
    qtbot.waitUntil(lambda: "licence problem" in dialog.message.text(), timeout=30_000)
    dialog.job.wait()
    assert dialog.report is None and not (tmp_path / "out").exists()
    assert "1 licence problem" in dialog.message.text() and "Nothing was exported" in dialog.message.text()
    assert dialog.details.isVisibleTo(dialog) and "CC0-1.0" in dialog.details.toPlainText()

    dialog = ExportDialog(settings, library, ids[:2])
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.format.setCurrentIndex(dialog.format.findData("webp"))
    dialog.c2pa.setCurrentIndex(dialog.c2pa.findData("embed"))
    progress = []
    dialog.start_export()
    dialog.job.progress.connect(lambda f, m: progress.append(f))
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    dialog.job.wait()
    assert len(dialog.report.exported) == 2 and dialog.report.failed == []
    assert "2 exported" in dialog.message.text()
    assert all(verify_file(e.image).ok for e in dialog.report.exported)
    assert settings.export.format == "webp" and settings.export.last_folder == str(tmp_path / "out")
    library.close()


def test_cancel_before_start_closes(qtbot, tmp_path):
    library, ids = library_with_records(tmp_path, [record_dict()])
    dialog = ExportDialog(Settings(), library, ids)
    qtbot.addWidget(dialog)
    dialog.cancel()
    assert dialog.result() == 0
    library.close()


def test_preferences_export_root_certificate(qtbot, tmp_path):
    dialog = PreferencesDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.export_root(tmp_path / "root.pem")
    assert (tmp_path / "root.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert "Saved to" in dialog.root_status.text()


def test_main_window_wires_rights_editor_and_export(qtbot, tmp_path, monkeypatch):
    from genart_desktop.ui import export_dialog
    from genart_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    library = window.gallery.library
    image_id = library.add_image_bytes(source_png(tmp_path).read_bytes(), "png", origin="generated",
                                       title="art", provenance=record_dict())
    window.gallery.reload()
    window.gallery.select_ids([image_id])
    assert window.rights_editor.fields["creator"].text() == "Zoë Example"
    opened = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: opened.append(self._ids) or 0)
    window.export_action.trigger()
    assert opened == [[image_id]]

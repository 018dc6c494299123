"""The rights editor: licence picker limited by obligations, single and bulk editing, saving."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel

from genart_desktop.core.settings import Settings
from genart_desktop.provenance.obligations import LicenceSource
from genart_desktop.provenance.record import ProvenanceRecord
from genart_desktop.provenance.rights import generated_record
from genart_desktop.ui.rights_editor import VARIOUS, RightsEditor
from tests.provenance.conftest import GENERATION, IMAGE, make_card
from tests.provenance.helpers import library_with_records, record_dict


def _nc_record() -> dict:
    card = make_card([LicenceSource("CC-BY-NC-4.0", "Bob", count=3)])
    record = generated_record(card, GENERATION, IMAGE, Settings())
    record.rights.creator = "Ana"
    return record.to_dict()



def test_licence_picker_disables_what_obligations_forbid_and_says_why(qtbot, tmp_path):
    library, ids = library_with_records(tmp_path, [_nc_record()])
    editor = RightsEditor(Settings(), library)
    qtbot.addWidget(editor)
    editor.load_images(ids)
    assert editor.allowed_licences() == ["CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"]
    model = editor.licence.model()
    assert isinstance(model, QStandardItemModel)
    cc_by = model.item(editor.licence.findData("CC-BY-4.0"))
    assert not cc_by.isEnabled()
    assert "NonCommercial" in cc_by.toolTip()
    assert "NonCommercial" in editor.licence_reason.text()
    library.close()


def test_single_edit_is_saved_to_record_and_library(qtbot, tmp_path):
    library, ids = library_with_records(tmp_path, [record_dict()])
    editor = RightsEditor(Settings(), library)
    qtbot.addWidget(editor)
    editor.load_images(ids)
    assert editor.fields["creator"].text() == "Zoë Example"
    editor.fields["creator"].setText("Hilma af Klint")
    editor.fields["statement"].setPlainText("I curated and chose.")
    editor.licence.setCurrentIndex(editor.licence.findData("CC-BY-SA-4.0"))
    assert editor.changes() == {"creator": "Hilma af Klint", "statement": "I curated and chose.",
                                "licence": "CC-BY-SA-4.0"}
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    editor.job.wait()
    row = library.get_image(ids[0])
    assert row.creator == "Hilma af Klint" and row.licence == "CC-BY-SA-4.0"
    record = ProvenanceRecord.from_dict(row.provenance)
    assert record.rights.creator == "Hilma af Klint"
    assert "I curated and chose." in record.disclosure()
    library.close()


def test_bulk_edit_changes_only_edited_fields(qtbot, tmp_path):
    first, second = record_dict(creator="A"), record_dict(creator="B")
    library, ids = library_with_records(tmp_path, [first, second])
    editor = RightsEditor(Settings(), library)
    qtbot.addWidget(editor)
    editor.load_images(ids)
    assert editor.fields["creator"].text() == ""
    assert editor.fields["creator"].placeholderText() == VARIOUS
    assert editor.fields["credit"].text() == "Zoë Example / GenArt"  # the same on both
    editor.fields["usage_terms"].setPlainText("Ask first.")
    assert editor.changes() == {"usage_terms": "Ask first."}
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    editor.job.wait()
    creators = [ProvenanceRecord.from_dict(library.get_image(i).provenance).rights.creator for i in ids]
    terms = {ProvenanceRecord.from_dict(library.get_image(i).provenance).rights.usage_terms for i in ids}
    assert creators == ["A", "B"] and terms == {"Ask first."}
    library.close()


def test_defaults_come_from_preferences_when_allowed(qtbot, tmp_path):
    library, ids = library_with_records(tmp_path, [_nc_record()])
    settings = Settings(artist_name="Ana Artist", default_licence="CC-BY-4.0", data_mining="allowed",
                        attribution_url="https://ana.example/")
    editor = RightsEditor(settings, library)
    qtbot.addWidget(editor)
    editor.load_images(ids)
    editor.fill_defaults()
    assert editor.fields["creator"].text() == "Ana Artist"
    assert editor.fields["attribution_url"].text() == "https://ana.example/"
    assert editor.licence.currentData() in ("", None)  # CC BY is not allowed with NC training data
    assert editor.mining.currentData() == "allowed"
    library.close()


def test_large_selection_is_read_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    from genart_desktop.ui import rights_editor

    monkeypatch.setattr(rights_editor, "SYNC_LOAD_LIMIT", 1)
    library, ids = library_with_records(tmp_path, [record_dict(), record_dict()])
    editor = RightsEditor(Settings(), library)
    qtbot.addWidget(editor)
    editor.load_images(ids)
    assert not editor.isEnabled()  # until the job delivers the records
    qtbot.waitUntil(editor.isEnabled, timeout=10_000)
    editor.wait_jobs()
    assert editor.fields["creator"].text() == "Zoë Example"
    assert "Editing 2 images" in editor.status.text()
    # A newer selection wins over a read still running for an older one.
    editor.load_images(ids)
    editor.load_images(ids[:1])
    qtbot.waitUntil(lambda: not editor._load_jobs, timeout=10_000)
    assert editor.status.text() == ""  # the single image, not the older two-image read
    library.close()

from genart_desktop.core.settings import Settings
from genart_desktop.ui.about_dialog import about_html
from genart_desktop.ui.preferences_dialog import PreferencesDialog


def test_about_lists_version_and_bundled_licences():
    text = about_html()
    assert "GenArt Desktop" in text
    assert "LGPL-3.0-only" in text and "Apache-2.0" in text


def test_preferences_apply_updates_settings(qtbot):
    s = Settings()
    dialog = PreferencesDialog(s)
    qtbot.addWidget(dialog)
    dialog.artist_name.setText("  Hilma af Klint ")
    dialog.licence.setCurrentIndex(dialog.licence.findData("CC-BY-SA-4.0"))
    dialog.attribution_url.setText(" https://hilma.example/ ")
    dialog.apply()
    assert s.attribution_url == "https://hilma.example/"
    assert s.artist_name == "Hilma af Klint"
    assert s.default_licence == "CC-BY-SA-4.0"

"""Issue 16 item 11: Help has Getting Started and the shortcuts; the empty gallery offers
Generate, Train on a folder… and Import…"""

from PySide6.QtWidgets import QFileDialog

from genart_desktop.ui.main_window import MainWindow


def test_help_menu_and_shortcuts(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    help_menu = window.menuBar().actions()[-1].menu()
    names = [a.text().replace("&", "") for a in help_menu.actions() if a.text()]
    assert names[:2] == ["Getting Started", "Keyboard Shortcuts"] and names[-1].startswith("About")
    dialog = window.show_shortcuts()
    keys = dict((what, key) for key, what in dialog.rows)
    assert keys["File ▸ Train on a Folder…"] == "Ctrl+Shift+T"
    assert list(keys.values()).count("Ctrl+T") <= 1  # no shortcut claimed twice
    assert any("viewer" in what for _k, what in dialog.rows)
    dialog.close()
    started = window.show_getting_started()
    assert "Train on a folder" in started.buttons.train_button.text()
    started.close()


def test_empty_gallery_start_buttons(qtbot, tmp_path, monkeypatch):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    buttons = window.gallery.start_buttons
    assert buttons.isVisible()  # the library is empty
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    with qtbot.waitSignal(window.train_panel.folders_chosen):
        buttons.train_button.click()
    qtbot.waitUntil(lambda: not window.context.jobs.active, timeout=30_000)
    opened: list[bool] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (opened.append(True)
                                                                                         or [], "")))
    buttons.import_button.click()
    assert opened == [True]

"""Issue 16 item 2: choosing a training folder in the window (menu, button, the drop zone)."""

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from genart_desktop.ui.main_window import MainWindow


def _chosen(monkeypatch, folder: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))


def _window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_clicking_the_drop_zone_chooses_a_folder(qtbot, tmp_path, monkeypatch):
    _chosen(monkeypatch, tmp_path)
    window = _window(qtbot)
    panel = window.train_panel
    window.train_dock.raise_()
    qtbot.waitExposed(panel.drop_zone)
    with qtbot.waitSignal(panel.folders_chosen) as chosen:
        qtbot.mouseClick(panel.drop_zone, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert chosen.args[0] == [tmp_path]
    assert panel.folders.item(0).text() == str(tmp_path)
    qtbot.waitUntil(lambda: not window.context.jobs.active, timeout=30_000)


def test_menu_and_button_train_on_a_folder(qtbot, tmp_path, monkeypatch):
    _chosen(monkeypatch, tmp_path)
    window = _window(qtbot)
    files = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    assert "Train on a Folder…" in files
    with qtbot.waitSignal(window.train_panel.folders_chosen):
        window.train_folder_action.trigger()
    assert window.train_dock.isVisible()
    qtbot.waitUntil(lambda: not window.context.jobs.active, timeout=30_000)
    with qtbot.waitSignal(window.train_panel.folders_chosen):
        window.train_panel.choose_button.click()
    qtbot.waitUntil(lambda: not window.context.jobs.active, timeout=30_000)


def test_a_finished_dataset_is_shown_by_name(qtbot):
    window = _window(qtbot)
    window.dataset_flow.dataset_ready.emit("ds-0123abcd", "my drawings (200 images)", 200)
    label = window.train_panel.dataset_label
    assert label.text().startswith("Dataset: my drawings (200 images)") and "ds-0123abcd" not in label.text()
    # Issue 16 item 5: no "My own work" row for a dataset whose images carry their own licences.
    assert not window.train_panel.licence.isVisibleTo(window.train_panel)


def test_the_window_command_takes_a_folder():
    from genart_desktop.__main__ import parse_args

    assert parse_args(["/some/folder"]).paths == ["/some/folder"]

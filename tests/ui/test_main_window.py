import sys

from genart_desktop.ui.main_window import MainWindow


def test_main_window_has_its_panels_and_no_torch(qtbot):
    # tests/training imports torch in this process; tests/ui/test_train_panel.py checks a fresh one.
    torch_before = "torch" in sys.modules
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.gallery.isVisible()
    for dock in (window.models_dock, window.generate_dock, window.train_dock):
        assert dock.widget() is not None
    assert window.train_panel.drop_zone is not None
    assert window.statusBar() is not None
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Help"]
    assert not window.quit_action.shortcut().isEmpty()
    assert torch_before or "torch" not in sys.modules


def test_nothing_visible_says_todo(qtbot):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    window = MainWindow()
    qtbot.addWidget(window)
    texts = [w.text() for w in window.findChildren(QLabel)]
    texts += [w.text() for w in window.findChildren(QAbstractButton)]
    assert not [t for t in texts if "todo" in t.lower() or "not implemented" in t.lower()]


def test_dropping_a_folder_selects_it_for_training(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.train_panel.folders_chosen) as blocker:
        window.handle_dropped_paths([tmp_path])
    assert blocker.args[0] == [tmp_path]
    assert window.train_panel.folders.count() == 1
    # The drop started the dataset scan; let it end so closing the window does not ask.
    qtbot.waitUntil(lambda: not window.context.jobs.active, timeout=30_000)


def test_window_layout_is_saved_on_close(qtbot):
    from genart_desktop.core import settings

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert settings.load().window_geometry

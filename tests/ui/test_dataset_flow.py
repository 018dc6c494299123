"""Dropping a folder onto the window scans it in a Job and shows the report; licences fix it."""

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from genart_desktop.datasets.declarations import Declaration
from genart_desktop.ui.main_window import MainWindow
from tests.datasets.corpus import pattern, save


def make(tmp_path):
    root = tmp_path / "set"
    save(pattern(100, 100, 1), root / "a.png")
    save(pattern(100, 100, 2), root / "sub" / "b.png")
    (root / "notes.txt").write_text("x")
    return root


def drop(window, folder):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def wait_jobs(qtbot, window):
    qtbot.waitUntil(lambda: not window.dataset_flow.busy(), timeout=30_000)


def test_dropping_a_folder_shows_the_report_and_a_declared_dataset_becomes_ready(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    drop(window, make(tmp_path))
    qtbot.waitUntil(lambda: window.dataset_flow.report_dialog is not None, timeout=30_000)
    dialog = window.dataset_flow.report_dialog
    qtbot.waitUntil(dialog.isVisible)
    # Issue 16 item 5: before the previews arrive, each cell already has the picture's height
    # (uniform item sizes taken from an item without an icon cut every row to a strip).
    from genart_desktop.ui.dataset_report import PREVIEW_SIDE

    assert dialog.grid.visualItemRect(dialog.grid.item(0)).height() >= PREVIEW_SIDE
    wait_jobs(qtbot, window)  # previews
    assert dialog.grid.count() == 2
    qtbot.waitUntil(lambda: not dialog.grid.item(0).icon().isNull())
    assert dialog.skipped.rowCount() == 1 and "not an image" in dialog.skipped.item(0, 1).text()
    assert not dialog.use_button.isEnabled()  # no licence yet
    assert "no known licence" in dialog.verdict.toPlainText()

    assert dialog.apply(Declaration("own"), folder="") == 2
    assert dialog.use_button.isEnabled()
    export = tmp_path / "r.csv"
    dialog.export_to(export, "csv")
    assert "a.png" in export.read_text()
    with qtbot.waitSignal(window.dataset_flow.dataset_ready, timeout=30_000) as ready:
        dialog.use_button.click()
    assert ready.args[0].startswith("ds-")
    wait_jobs(qtbot, window)
    dialog.close()


def test_exclude_and_reinclude_from_the_report(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.train_panel.accept_paths([make(tmp_path)])
    qtbot.waitUntil(lambda: window.dataset_flow.report_dialog is not None, timeout=30_000)
    dialog = window.dataset_flow.report_dialog
    wait_jobs(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.grid)
    dialog.grid.item(0).setSelected(True)
    dialog.exclude_selected()
    assert dialog.grid.count() == 1 and dialog.skipped.rowCount() == 2
    dialog.tabs.setCurrentWidget(dialog.skipped)
    row = next(r for r in range(dialog.skipped.rowCount()) if "excluded" in dialog.skipped.item(r, 1).text())
    dialog.skipped.selectRow(row)
    dialog.include_selected()
    assert dialog.grid.count() == 2
    dialog.close()


def test_closing_the_window_stops_a_scan_without_asking(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.dataset_flow.start([make(tmp_path)])
    job = window.dataset_flow.job
    window.close()  # would block on a "work in progress" question if the scan counted as work
    assert not job.is_running() and not window.isVisible()


def test_scan_can_be_cancelled(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.dataset_flow.start([make(tmp_path)])
    job = window.dataset_flow.job
    job.cancel()
    wait_jobs(qtbot, window)
    assert window.dataset_flow.report_dialog is None or job.result is not None

import threading

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from genart_desktop.library import Library, thumbs
from genart_desktop.ui.context import AppContext
from genart_desktop.ui.gallery_panel import GalleryPanel
from tests.jobs.waiting import wait_until_done
from tests.library.helpers import png_bytes, write_png


@pytest.fixture
def context():
    ctx = AppContext()
    yield ctx
    ctx.jobs.shutdown()
    ctx.library.close()


@pytest.fixture
def panel(qtbot, context):
    widget = GalleryPanel(context=context)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    yield widget
    widget.shutdown()


def _fill(library: Library, n: int = 6) -> list[int]:
    return [
        library.add_image_bytes(
            png_bytes(10 + i),
            "png",
            origin="generated" if i % 2 else "imported",
            title=f"picture {i}",
            notes="harbour" if i == 3 else "",
        )
        for i in range(n)
    ]


def _drop(widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = widget.rect().center()
    enter = QDragEnterEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)


def test_empty_library_shows_what_to_do_first(panel):
    assert panel.stack.currentIndex() == 0 and panel.empty_state.isVisibleTo(panel.stack.currentWidget())
    text = panel.empty_state.text()
    assert "Generate" in text and "drop a folder" in text


# Qt 6.12 marks the QPoint constructor of QDragEnterEvent deprecated; it is the one there is.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dropping_files_and_a_folder_on_the_gallery_imports_them(qtbot, panel, tmp_path):
    loose = write_png(tmp_path / "loose.png", 1)
    folder = tmp_path / "folder"
    write_png(folder / "a.png", 2)
    write_png(folder / "nested" / "b.png", 3)
    panel.stack.setCurrentIndex(1)
    _drop(panel.view.viewport(), [loose, folder])
    assert panel.import_job is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=10_000)
    assert panel.stack.currentWidget() is panel.splitter
    assert sorted(panel.model.item(r).title for r in range(3)) == ["a", "b", "loose"]
    assert sorted(panel.selected_image_ids()) == sorted(panel.model.image_id(r) for r in range(3))


def test_search_filters_favourite_and_tag(qtbot, context, panel):
    ids = _fill(context.library)
    panel.reload()
    assert panel.model.rowCount() == 6
    panel.filter_bar.search.setText("harbour")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    assert panel.model.image_id(0) == ids[3]
    panel.filter_bar.search.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=5000)

    panel.filter_bar.origin.setCurrentIndex(panel.filter_bar.origin.findData("generated"))
    assert panel.model.rowCount() == 3
    panel.filter_bar.origin.setCurrentIndex(0)

    panel.select_ids([ids[0], ids[1]])
    panel.set_favourite_selected(True)
    panel.filter_bar.favourites.setChecked(True)
    assert sorted(panel.model.image_id(r) for r in range(panel.model.rowCount())) == sorted(ids[:2])
    panel.filter_bar.favourites.setChecked(False)

    panel.select_ids([ids[4]])
    panel.tag_selected("seascape")
    panel.filter_bar.tag.setCurrentIndex(panel.filter_bar.tag.findData("seascape"))
    assert [panel.model.image_id(r) for r in range(panel.model.rowCount())] == [ids[4]]
    panel.undo_stack.undo()  # the tag goes away again
    assert context.library.get_image(ids[4]).tags == []
    panel.undo_stack.redo()
    panel.select_ids([ids[3], ids[4]])
    panel.untag_selected("seascape")
    assert context.library.get_image(ids[4]).tags == []
    panel.undo_stack.undo()  # only the image that had it gets it back
    assert context.library.get_image(ids[4]).tags == ["seascape"]
    assert context.library.get_image(ids[3]).tags == []


def test_delete_then_undo_then_empty_trash(qtbot, context, panel):
    ids = _fill(context.library, 3)
    panel.reload()
    doomed = context.library.get_image(ids[0]).path
    panel.select_ids([ids[0]])
    panel.delete_selected()
    assert panel.model.rowCount() == 2 and ids[0] not in panel.selected_image_ids()
    panel.undo_stack.undo()
    assert panel.model.rowCount() == 3
    panel.undo_stack.redo()
    assert panel.model.rowCount() == 2
    job = panel.empty_trash(confirm=False)
    wait_until_done(job)
    qtbot.waitUntil(lambda: not doomed.exists(), timeout=5000)
    assert context.library.find_sha(doomed.stem) is None
    assert panel.undo_stack.count() == 0


def test_detail_edits_are_saved_shown_in_the_grid_and_undoable(qtbot, context, panel):
    ids = _fill(context.library, 2)
    panel.reload()
    row = panel.model.row_of(ids[1])
    panel.view.setCurrentIndex(panel.model.index(row))
    assert panel.detail.row.id == ids[1]
    panel.detail.title.setText("Storm over the bay")
    panel.detail.title.editingFinished.emit()
    assert context.library.get_image(ids[1]).title == "Storm over the bay"
    assert panel.model.item(row).title == "Storm over the bay"
    panel.detail.tags.setText("sea, storm, Sea")
    panel.detail.tags.editingFinished.emit()
    assert context.library.get_image(ids[1]).tags == ["sea", "storm"]
    panel.undo_stack.undo()
    panel.undo_stack.undo()
    assert context.library.get_image(ids[1]).title == "picture 1"
    assert panel.detail.title.text() == "picture 1"
    qtbot.waitUntil(lambda: panel.detail._pixmap is not None, timeout=10_000)
    panel.detail.wait_preview()


def test_thumbnails_are_made_in_the_background_and_cached_on_disk(qtbot, context, panel):
    ids = _fill(context.library, 4)
    panel.reload()
    qtbot.waitUntil(lambda: len(panel.delegate.cache) == 4, timeout=10_000)
    for image_id in ids:
        assert thumbs.cache_path(context.library.get_image(image_id).sha256).is_file()


def test_a_writer_thread_adds_images_while_the_view_reads(qtbot, context, panel):
    errors = []

    def writer() -> None:
        try:
            for n in range(40):
                context.library.add_image_bytes(png_bytes(500 + n), "png", origin="generated", title=f"w{n}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            context.library.release_thread()

    thread = threading.Thread(target=writer)
    thread.start()
    while thread.is_alive():
        panel.reload()
        for row in range(panel.model.rowCount()):
            assert panel.model.item(row) is not None
        qtbot.wait(5)
    thread.join()
    panel.reload()
    assert errors == [] and panel.model.rowCount() == 40


def test_generate_like_this_is_offered_for_generated_images_only(qtbot, context, panel):
    ids = _fill(context.library, 2)  # ids[0] imported, ids[1] generated
    panel.reload()
    panel.view.setCurrentIndex(panel.model.index(panel.model.row_of(ids[0])))
    assert not panel.generate_like_current()
    panel.view.setCurrentIndex(panel.model.index(panel.model.row_of(ids[1])))
    with qtbot.waitSignal(panel.generate_like_requested) as blocker:
        assert panel.generate_like_current()
    assert blocker.args == [ids[1]]


def test_main_window_imports_dropped_image_files_and_enables_export(qtbot, tmp_path):
    from genart_desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.export_action.isEnabled()
    window.handle_dropped_paths([write_png(tmp_path / "x.png", 5)])
    qtbot.waitUntil(lambda: window.gallery.model.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(window.export_action.isEnabled, timeout=5000)  # the import selects what it added
    assert window.gallery.selected_image_ids() == [window.gallery.model.image_id(0)]
    file_menu = window.menuBar().actions()[0].menu()
    files = [a.text().replace("&", "") for a in file_menu.actions() if a.text()]
    assert files.index("Import Folder into the Gallery…") == files.index("Import…") + 1
    edit = [a.text().replace("&", "") for a in window.edit_menu.actions() if a.text()]
    assert edit[:2] == ["Undo", "Redo"] and "Select All" in edit and "Check Library…" in edit
    window.gallery.shutdown()
    window.context.library.close()


def test_rights_editor_slot_and_provenance_rendering(qtbot, context, panel):
    from PySide6.QtWidgets import QLabel

    image_id = context.library.add_image_bytes(
        png_bytes(3),
        "png",
        origin="generated",
        provenance={
            "schema": "genart.provenance/1",
            "generation": {"seed": 42, "model": {"name": "Moths <b>"}},
        },
    )
    panel.reload()
    panel.view.setCurrentIndex(panel.model.index(panel.model.row_of(image_id)))
    html = panel.detail.record.toHtml()
    assert "How it was generated" in html and "42" in html and "Moths &lt;b&gt;" in html
    editor = QLabel("full rights editor")
    panel.detail.set_rights_editor(editor)
    assert editor.parent() is panel.detail.rights_slot and panel.detail.rights_form.isHidden()
    panel.detail.wait_preview()


def test_check_library_from_the_gui_repairs(qtbot, context, panel):
    ids = _fill(context.library, 2)
    panel.reload()
    context.library.get_image(ids[0]).path.unlink()
    job = panel.check_library(repair=True)
    wait_until_done(job)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)


def test_images_added_elsewhere_are_shown_and_selected(qtbot, context, panel):
    _fill(context.library, 3)
    panel.reload()
    new_id = context.library.add_image_bytes(png_bytes(77), "png", origin="generated", title="fresh")
    panel.show_new_images([new_id])
    assert panel.model.rowCount() == 4 and panel.selected_image_ids() == [new_id]


def test_deleting_scattered_rows_keeps_the_model_equal_to_the_query(qtbot, context, panel):
    from genart_desktop.library.query import query_ids

    _fill(context.library, 8)
    panel.reload()
    doomed = [panel.model.image_id(r) for r in (0, 1, 3, 6)]
    panel.select_ids(doomed)
    panel.delete_selected()
    shown = [panel.model.image_id(r) for r in range(panel.model.rowCount())]
    assert shown == list(query_ids(context.library, panel.model.query))
    assert not set(doomed) & set(shown) and len(shown) == 4
    panel.select_all()
    assert panel.selected_count() == 4 and sorted(panel.selected_image_ids()) == sorted(shown)


def test_a_missing_file_shows_a_broken_placeholder_and_is_not_retried(qtbot, context, panel):
    ids = _fill(context.library, 1)
    row = context.library.get_image(ids[0])
    row.path.unlink()
    panel.reload()
    qtbot.waitUntil(lambda: row.sha256 in panel.delegate.failed, timeout=10_000)
    panel.view.viewport().repaint()
    assert panel.loader.pending() == 0  # painting again did not queue it again


def test_a_damaged_database_is_explained_and_the_window_still_starts(qtbot, tmp_path):
    from genart_desktop.core import paths
    from genart_desktop.ui.main_window import MainWindow

    paths.ensure(paths.data_dir())
    paths.library_db().write_bytes(b"definitely not sqlite " * 200)
    window = MainWindow()
    qtbot.addWidget(window)
    gallery = window.gallery
    assert gallery.unavailable is not None
    assert "could not be opened" in gallery.empty_state.text()
    with qtbot.waitSignal(gallery.status_message):
        assert gallery.import_paths([write_png(tmp_path / "a.png", 1)]) is None
    assert gallery.selected_image_ids() == [] and paths.library_db().read_bytes().startswith(b"definitely")


def test_licence_badges_read_as_licence_names():
    from genart_desktop.ui.gallery.delegate import licence_badge

    assert licence_badge("LicenseRef-AllRightsReserved") == "All rights reserved"
    assert licence_badge("CC-BY-SA-4.0") == "CC BY-SA 4.0"
    assert licence_badge("LicenseRef-Something") == "Something"

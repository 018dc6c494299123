"""The main window is assembled from explicit parts: one context, one models watcher, and
edits announced as a typed LibraryChanges."""

from __future__ import annotations

from genart_desktop.ui.context import AppContext
from genart_desktop.ui.main_window import MainWindow
from genart_desktop.workflows.changes import LibraryChanges
from tests.library.helpers import png_bytes


def test_every_panel_gets_the_windows_context_and_one_models_watcher(qtbot):
    context = AppContext()
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.gallery.context is context
    assert window.train_panel.jobs is context.jobs
    assert window.generate_panel.controller.jobs is context.jobs
    assert window.models_panel.watcher is window.models_watcher
    assert window.generate_panel.controller.watcher is window.models_watcher
    assert window.dataset_flow.context is context
    assert window.gallery_actions.delete is window.delete_action
    window.stop_background_work()


def test_gallery_edits_are_announced_as_typed_changes(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    gallery = window.gallery
    ids = [gallery.library.add_image_bytes(png_bytes(40 + i), "png", origin="imported", title=f"p{i}")
           for i in range(2)]
    gallery.reload()
    gallery.select_ids(ids)
    with qtbot.waitSignal(gallery.library_changes) as favourite:
        gallery.set_favourite_selected(True)
    assert favourite.args[0] == LibraryChanges(ids, membership=True)
    with qtbot.waitSignal(gallery.library_changes) as deleted:
        gallery.delete_selected()
    assert deleted.args[0].removed and set(deleted.args[0].image_ids) == set(ids)
    with qtbot.waitSignal(gallery.library_changes) as undone:
        gallery.undo_stack.undo()
    assert undone.args[0].added
    window.stop_background_work()

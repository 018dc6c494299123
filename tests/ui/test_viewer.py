"""Issue 16 item 7: the full-size viewer (double-click / Space / Enter), zoom, next/previous,
compare; small thumbnails fill their card; badges fit the smallest cell."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from genart_desktop.ui.gallery_panel import GalleryPanel


@pytest.fixture
def opened():
    """Panels made by _gallery are shut down at the end (their thumbnail workers stopped), so
    no worker emits into a deleted panel."""
    panels: list[GalleryPanel] = []
    yield panels
    for panel in panels:
        if panel.viewer is not None:
            panel.viewer.close()
        panel.shutdown()


def _gallery(qtbot, tmp_path, count=3, opened=None) -> GalleryPanel:
    files = []
    for i in range(count):
        path = tmp_path / f"img{i}.png"
        Image.new("RGB", (64, 64), (40 * i, 90, 160)).save(path)
        files.append(path)
    panel = GalleryPanel()
    qtbot.addWidget(panel)
    if opened is not None:
        opened.append(panel)
    panel.resize(800, 600)
    panel.show()
    job = panel.import_paths(files)
    assert job is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == count, timeout=20_000)
    return panel


def test_space_enter_and_double_click_open_the_viewer(qtbot, tmp_path, opened):
    panel = _gallery(qtbot, tmp_path, opened=opened)
    panel.select_ids([panel.model.image_id(0)])
    panel.view.setCurrentIndex(panel.model.index(0))
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    viewer = panel.viewer
    assert viewer is not None and viewer.isVisible() and viewer.row == 0
    viewer.close()
    qtbot.waitUntil(lambda: panel.viewer is None)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert panel.viewer is not None
    panel.viewer.close()
    qtbot.waitUntil(lambda: panel.viewer is None)
    rect = panel.view.visualRect(panel.model.index(1))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.viewer is not None and panel.viewer.row == 1


def test_viewer_zooms_steps_and_the_gallery_follows(qtbot, tmp_path, opened):
    panel = _gallery(qtbot, tmp_path, opened=opened)
    viewer = panel.open_viewer(0)
    assert viewer is not None
    qtbot.waitExposed(viewer)
    assert viewer.right.pixmap is not None and viewer.right.pixmap.width() == 64
    assert viewer.right.scale() >= 2  # a 64 px picture is scaled up to fill the pane
    viewer.set_zoom(1.0)
    assert viewer.right.label.pixmap().width() == 64
    viewer.zoom_by(1)
    assert viewer.right.label.pixmap().width() == 80
    viewer.step(1)
    assert viewer.row == 1 and panel.selected_image_ids() == [panel.model.image_id(1)]
    assert panel.detail.row is not None and panel.detail.row.id == panel.model.image_id(1)
    viewer.step(5)  # past the end: stays
    assert viewer.row == 1
    viewer.step(-1)
    assert viewer.row == 0 and not viewer.prev_button.isEnabled()


def test_two_selected_images_open_side_by_side(qtbot, tmp_path, opened):
    panel = _gallery(qtbot, tmp_path, opened=opened)
    a, b = panel.model.image_id(0), panel.model.image_id(2)
    panel.select_ids([a, b])
    viewer = panel.open_viewer(0)
    assert viewer is not None
    assert viewer.pinned == a and viewer.current_id() == b
    assert viewer.left.isVisible() and viewer.compare.isChecked()
    viewer.compare.setChecked(False)
    assert viewer.pinned is None and not viewer.left.isVisible()


def test_small_pictures_fill_the_card_and_badges_fit_the_smallest_cell(qtbot, tmp_path, opened):
    panel = _gallery(qtbot, tmp_path, count=1, opened=opened)
    delegate = panel.delegate
    for size in (64, 200):
        delegate.set_size(size)
        qtbot.waitUntil(lambda: delegate.cache.get(panel.model.item(0).sha256) is not None, timeout=10_000)
        item = panel.model.item(0)
        image = QImage(delegate.cell_size(), QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        from PySide6.QtWidgets import QStyleOptionViewItem

        option = QStyleOptionViewItem()
        option.rect = image.rect()
        option.palette = panel.view.palette()
        option.fontMetrics = panel.view.fontMetrics()
        delegate.paint(painter, option, panel.model.index(0))
        painter.end()
        assert item is not None
        # The 64 px picture is drawn across the card (scaled up at 200).
        centre_right = image.pixelColor(6 + int(size * 0.85), 6 + size // 2)
        assert centre_right.blue() > 120, f"picture does not fill the {size} px card"

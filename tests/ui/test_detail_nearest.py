"""The detail panel shows a generated image's nearest training image beside its verdict."""

import json

import numpy as np
from PySide6.QtGui import QUndoStack

from genart_desktop.core import paths
from genart_desktop.library import Library
from genart_desktop.ui.detail_panel import DetailPanel
from tests.library.helpers import png_bytes


def _dataset_with_cache(dataset_id: str) -> np.ndarray:
    folder = paths.datasets_dir() / dataset_id
    folder.mkdir(parents=True)
    files = [{"path": "a.png", "included": True}, {"path": "junk.txt", "included": False},
             {"path": "sub/b.png", "included": True}]
    (folder / "manifest.json").write_text(json.dumps({"id": dataset_id, "files": files}))
    pixels = np.zeros((2, 64, 64, 3), np.uint8)
    pixels[1, :, :, 0] = 200  # b.png is red
    np.save(folder / "cache-64-crop.npy", pixels)
    return pixels


def _panel(qtbot, library):
    panel = DetailPanel(library, QUndoStack(), lambda ids, what: None)
    qtbot.addWidget(panel)
    return panel


def test_nearest_training_image_is_shown_side_by_side(qtbot):
    _dataset_with_cache("ds-test")
    check = {"nearest_path": "ds-test:sub/b.png", "distance": 0.02, "threshold": 0.11, "flagged": True}
    with Library.open() as library:
        image_id = library.add_image_bytes(png_bytes(3), "png", origin="generated",
                                           generation={"originality": check})
        panel = _panel(qtbot, library)
        panel.show_image(image_id)
        assert panel.nearest_box.isVisibleTo(panel)
        text = panel.nearest_text.text()
        assert "sub/b.png" in text and "Close to training image" in text
        assert "distance" in panel.nearest_text.toolTip()  # the figure is in the tooltip
        qtbot.waitUntil(lambda: not panel.nearest_image.pixmap().isNull(), timeout=5000)
        colour = panel.nearest_image.pixmap().toImage().pixelColor(48, 48)
        assert colour.red() > 150 and colour.green() < 50  # the red training image, not a.png
        panel.wait_preview()


def test_images_without_a_check_hide_the_view_and_missing_data_is_said(qtbot):
    with Library.open() as library:
        imported = library.add_image_bytes(png_bytes(4), "png", origin="imported")
        missing = library.add_image_bytes(png_bytes(5), "png", origin="generated",
                                          generation={"originality": {"nearest_path": "ds-gone:x.png"}})
        panel = _panel(qtbot, library)
        panel.show_image(imported)
        assert not panel.nearest_box.isVisibleTo(panel)
        panel.show_image(missing)
        qtbot.waitUntil(lambda: "machine" in panel.nearest_image.text(), timeout=5000)
        panel.wait_preview()

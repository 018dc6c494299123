"""Guards against a PySide6 release that corrupts reference counts (6.12.0 on Python 3.11:
each void call and each data() returning None dropped a reference to None, and the app
aborted with 'none_dealloc' after a few thousand painted cells)."""

import sys

from PySide6.QtCore import QAbstractListModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QImage, QPainter


class _NoneModel(QAbstractListModel):
    def rowCount(self, parent=None):
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def test_void_calls_keep_none_refcount(qapp):
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setPen(QColor(1, 2, 3))
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100  # a broken binding loses exactly 2000


def test_model_data_none_keeps_none_refcount(qapp):
    proxy = QSortFilterProxyModel()
    model = _NoneModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        proxy.data(index, Qt.ItemDataRole.DecorationRole)
    assert sys.getrefcount(None) - before > -100

"""Small builders the panels and dialogs share: a form filled from (label, field) pairs and a
list widget that shows pictures as a grid of icons, and a layout that wraps its items."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QFormLayout, QLayout, QLayoutItem, QListWidget, QWidget


def add_rows(form: QFormLayout, rows: Iterable[tuple[str | QWidget, QWidget]]) -> QFormLayout:
    """Add each (label, field) pair as a row of ``form``; the label may be a widget."""
    for label, field in rows:
        form.addRow(label, field)
    return form


def icon_grid(parent: QWidget, object_name: str, side: int) -> QListWidget:
    """A list of pictures shown as icons ``side`` pixels square, re-flowed as it is resized."""
    grid = QListWidget(parent)
    grid.setObjectName(object_name)
    grid.setViewMode(QListWidget.ViewMode.IconMode)
    grid.setIconSize(QSize(side, side))
    grid.setResizeMode(QListWidget.ResizeMode.Adjust)
    return grid


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps them onto new rows when the width runs out
    (Qt's flow-layout example), so a bar of filters fits a narrow window instead of widening it."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            if x + width > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()

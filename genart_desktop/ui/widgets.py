"""Small builders the panels and dialogs share: a form filled from (label, field) pairs and a
list widget that shows pictures as a grid of icons."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFormLayout, QListWidget, QWidget


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

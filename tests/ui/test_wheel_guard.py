"""Scrolling a docked panel moves the panel, not the settings under the pointer."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from genart_desktop.ui.main_window import MainWindow


def _wheel_down(widget) -> bool:
    """Whether the widget accepted a wheel step down. (Qt passes an ignored wheel event from the
    window system on to the parent, the scroll area; a synthesized one stops, so the scrolling
    itself was checked by hand under Xvfb with xdotool.)"""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_scrolls_the_train_panel_past_its_fields_until_one_is_focused(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    panel = window.train_panel
    window.train_dock.raise_()
    panel.advanced.setChecked(True)  # a tall panel: it has to scroll
    preset = panel.preset
    before = preset.currentIndex()
    window.activateWindow()
    panel.start_button.setFocus()
    assert not _wheel_down(preset)  # ignored: left to the scroll area
    assert preset.currentIndex() == before  # the preset stayed
    for field in (panel.licence, panel.threads, panel.advanced.batch_size, panel.advanced.precision):
        value = field.value() if hasattr(field, "value") else field.currentIndex()
        assert not _wheel_down(field)
        assert (field.value() if hasattr(field, "value") else field.currentIndex()) == value

    preset.setFocus()
    qtbot.waitUntil(preset.hasFocus, timeout=2000)
    assert _wheel_down(preset)
    assert preset.currentIndex() != before  # a focused field still takes the wheel

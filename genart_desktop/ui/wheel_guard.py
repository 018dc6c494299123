"""Scrolling a panel must not change the settings it scrolls past.

Qt gives a wheel event to the combo box or spin box under the pointer even when it has no
focus, so scrolling a long panel (Train, Generate) silently changed its preset, licence or
thread count when one passed under the pointer. Guarded, such a field takes the wheel only
once it has focus (clicked or tabbed into); otherwise the event goes on to the scroll area.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            # Ignored and filtered: Qt then offers the event to the parent, the scroll area.
            event.ignore()
            return True
        return False


def guard_wheel(root: QWidget) -> None:
    """Guard every combo box and spin box inside ``root`` (created so far)."""
    guard = root.findChild(_WheelGuard, "wheelGuard")
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheelGuard")
    for field in [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox)]:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: the wheel gives no focus
        field.installEventFilter(guard)

"""Feeds the training thread policy with what the window sees: input, minimised, background.

An application-wide event filter: any mouse, wheel or key event means the artist is working
(training leaves a core free); a minimised window or an inactive application means they are
not (training takes every core). Cheap: it only stamps a time and never blocks an event.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from genart_desktop.core.thread_policy import ThreadPolicy

_INPUT = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
}


class UserActivityWatcher(QObject):
    def __init__(self, policy: ThreadPolicy, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.policy = policy
        self._window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.applicationStateChanged.connect(self._state_changed)  # type: ignore[attr-defined]
            self._state_changed(QGuiApplication.applicationState())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT:
            self.policy.note_input()
        elif kind == QEvent.Type.WindowStateChange and watched is self._window:
            self._update_hidden()
        return False

    def _state_changed(self, _state: Qt.ApplicationState) -> None:
        self._update_hidden()

    def _update_hidden(self) -> None:
        minimised = self._window is not None and self._window.isMinimized()
        inactive = QGuiApplication.applicationState() != Qt.ApplicationState.ApplicationActive
        self.policy.set_window_hidden(minimised or inactive)

"""The QApplication: name, organisation, icon, and the desktop-file name for the window manager."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from genart_desktop.core import paths
from genart_desktop.core.version import APP_ID, APP_NAME, ICON_PATH, ORGANIZATION, __version__


def app_icon() -> QIcon:
    return QIcon(str(paths.install_root() / ICON_PATH))


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    # Matches StartupWMClass / the .desktop file so docks and task bars group our windows.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app

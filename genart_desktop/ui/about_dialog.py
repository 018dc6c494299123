"""About box: version, the libraries we stand on, and the licences of bundled data."""

from __future__ import annotations

import html
import json
import logging

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from genart_desktop.core import paths
from genart_desktop.core.version import APP_NAME, __version__

log = logging.getLogger(__name__)


def bundled_notices() -> list[dict]:
    """Entries of resources/licenses/bundled.json: what ships with the app, under which licence."""
    source = paths.resources_dir() / "licenses" / "bundled.json"
    try:
        return list(json.loads(source.read_text(encoding="utf-8"))["bundled"])
    except (OSError, ValueError, KeyError, TypeError):
        log.exception("could not read %s", source)
        return []


def about_html() -> str:
    rows = "".join(
        f"<li><b>{html.escape(e['name'])}</b> — {html.escape(e['licence'])}"
        f"{' — ' + html.escape(e['attribution']) if e.get('attribution') else ''}</li>"
        for e in bundled_notices()
    )
    return (
        f"<h3>{APP_NAME} {html.escape(__version__)}</h3>"
        "<p>Train your own generative image models, generate, and keep a provenance "
        "record for every image.</p>"
        f"<p>Qt {qVersion()}, PySide6 {pyside_version}.</p>"
        f"<p><b>Bundled software, models and data</b></p><ul>{rows}</ul>"
        "<p>Licence notes in this app explain obligations; they are not legal advice.</p>"
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_html())

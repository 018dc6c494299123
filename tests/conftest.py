"""Test-wide rules: offscreen Qt, a temporary GENART_HOME for every test, no leaked threads."""

from __future__ import annotations

import os
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def genart_home(tmp_path_factory, monkeypatch):
    """Every test gets its own data folder; nothing touches the real home."""
    home = tmp_path_factory.mktemp("genart-home")
    monkeypatch.setenv("GENART_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_bundled_models(request, monkeypatch, tmp_path_factory):
    """Tests see only the models they make; tests marked ``bundled_models`` see the shipped ones."""
    if request.node.get_closest_marker("bundled_models"):
        return
    empty = tmp_path_factory.mktemp("no-bundled-models")
    monkeypatch.setattr("genart_desktop.core.paths.bundled_models_dir", lambda: empty)


def _tracked_qthreads():
    try:
        from genart_desktop.jobs import tracking
    except ImportError:  # pragma: no cover - jobs always importable in this project
        return []
    return tracking.live_threads()


@pytest.fixture(autouse=True)
def no_leaked_threads(request):
    """Fail a test that leaves a Python thread or a QThread running (napari does the same)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5.0
    while True:
        leaked = [
            t for t in threading.enumerate()
            if t not in before and t.is_alive() and not t.daemon
        ]
        qthreads = _tracked_qthreads()
        if not leaked and not qthreads:
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
        _process_qt_events()
    names = [t.name for t in leaked] + qthreads
    pytest.fail(f"test left threads running: {names}")


def _process_qt_events() -> None:
    try:
        from PySide6.QtCore import QCoreApplication
    except ImportError:  # pragma: no cover
        return
    if QCoreApplication.instance() is not None:
        QCoreApplication.processEvents()

"""Work around a PySide6 6.12 reference-count bug that aborts Python 3.11 (not 3.12+).

Measured here: every call into a PySide6 function that returns nothing (``QPainter.fillRect``,
``setPen``, …) and every Python ``QAbstractItemModel.data()`` that returns ``None`` drops one
reference to ``None`` that it never took (2,000 calls: ``sys.getrefcount(None)`` falls by
2,000); bool results such as ``Signal.emit()`` do the same to ``True``/``False``. Python 3.12+
makes these objects immortal, so nothing happens there; on 3.11 the count reaches zero after a
few thousand painted cells and the process aborts with "Fatal Python error: none_dealloc".
Until the project runs on Python >= 3.12, ``protect_none()`` gives ``None``, ``True`` and
``False`` a reference count no program can exhaust (what 3.12's immortality does).
"""

from __future__ import annotations

import ctypes
import sys

_done = False
_RESERVE = 1 << 40  # far beyond any realistic number of calls


def protect_none() -> None:
    """Idempotent; a no-op on Python 3.12+ where ``None`` is immortal."""
    global _done
    if _done or sys.version_info >= (3, 12):
        return
    # CPython 3.11 layout: a PyObject starts with its Py_ssize_t reference count.
    # Signals' emit() and other bool-returning calls drop references to True/False the same way.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    _done = True

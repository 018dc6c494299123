"""The callback types every long-running service takes, so any caller can drive it.

Services never import Qt: they accept ``progress(fraction, message)`` and
``should_stop()`` and check the latter at safe points. ``jobs/`` adapts them to signals.
"""

from __future__ import annotations

from collections.abc import Callable

from genart_desktop.core.errors import Cancelled

ProgressFn = Callable[[float, str], None]
ShouldStop = Callable[[], bool]


def no_progress(fraction: float, message: str) -> None:
    """A progress callback that ignores everything (for callers that do not care)."""


def never_stop() -> bool:
    return False


def check_stop(should_stop: ShouldStop, message: str = "Cancelled.") -> None:
    """Raise :class:`Cancelled` if the caller asked to stop."""
    if should_stop():
        raise Cancelled(message)

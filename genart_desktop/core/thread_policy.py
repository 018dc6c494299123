"""How many CPU threads training may use right now: the Train panel's "Threads" setting.

``auto`` (the default) uses every core while the window is idle (no mouse or keyboard input
for ``idle_after_s``), minimised or in the background, and all but one while the artist
works in it, so the window stays responsive. A number fixes the count. The GUI feeds in what
it sees (``note_input``, ``set_window_hidden``); the trainer calls the policy between steps,
from its own thread, so every read and write is of single attributes (atomic in CPython).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

AUTO = "auto"


def cpu_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def parse_setting(value: str | int) -> int | None:
    """``auto`` → None; a positive count → that count (capped at the cores); anything else → None."""
    text = str(value).strip().lower()
    if text in ("", AUTO):
        return None
    try:
        count = int(text)
    except ValueError:
        return None
    return max(1, min(count, cpu_cores())) if count > 0 else None


class ThreadPolicy:
    def __init__(self, setting: str | int = AUTO, *, idle_after_s: float = 10.0,
                 clock: Callable[[], float] = time.monotonic, cores: int | None = None) -> None:
        self.fixed = parse_setting(setting)
        self.idle_after_s = idle_after_s
        self._clock = clock
        self.cores = cores or cpu_cores()
        self._last_input = -1e18
        self._hidden = False

    def set_setting(self, setting: str | int) -> None:
        self.fixed = parse_setting(setting)

    def note_input(self) -> None:
        self._last_input = self._clock()

    def set_window_hidden(self, hidden: bool) -> None:
        """Minimised or in the background: the artist is not working in the window."""
        self._hidden = hidden

    def user_working(self) -> bool:
        return not self._hidden and self._clock() - self._last_input < self.idle_after_s

    def __call__(self) -> int:
        if self.fixed is not None:
            return self.fixed
        return max(1, self.cores - 1) if self.user_working() else self.cores

    def describe(self) -> str:
        count = self()
        if self.fixed is not None:
            why = "as set"
        elif self.cores == 1:
            why = "the only core"
        elif self.user_working():
            why = "one left free while you work"
        else:
            why = "window idle" if not self._hidden else "window in the background"
        return f"{count} of {self.cores} cores ({why})"

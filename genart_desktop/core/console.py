"""The one console progress bar of the command line (``genart`` verbs and the torchrun entry).

A ``ProgressFn``: on a terminal it redraws one line; when piped it writes a plain line every
few seconds, or nothing at all with ``piped=False``. ``done()`` ends the line it drew.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ConsoleBar:
    """A one-line progress bar on a terminal; plain lines every few seconds when piped."""

    def __init__(self, stream: TextIO | None = None, width: int = 30, *, piped: bool = True) -> None:
        self.stream, self.width = stream or sys.stderr, width
        self.tty = self.stream.isatty()
        self.piped = piped
        self._last = 0.0
        self._open = False  # a terminal line was drawn and not ended yet

    def __call__(self, fraction: float, message: str) -> None:
        if not self.tty and not self.piped:
            return
        now = time.monotonic()
        if now - self._last < (0.2 if self.tty else 5.0) and fraction < 1.0:
            return
        self._last = now
        filled = int(self.width * max(0.0, min(1.0, fraction)))
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {fraction * 100:5.1f}% {message}"
        if self.tty:
            self.stream.write("\r" + line[:150].ljust(150))
            self._open = True
            if fraction >= 1.0:
                self.done()
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        """End the terminal line, so what is printed next starts on its own line."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False


def quiet_bar() -> ConsoleBar:
    """A bar on stderr that draws on a terminal and stays silent when piped."""
    return ConsoleBar(piped=False)

"""Typed errors. Every error a user can see carries a message written for them.

Services raise these; the GUI shows ``user_message`` (and ``hint``) in a dialog or the
status bar, the CLI prints them, and the log keeps the traceback.
"""

from __future__ import annotations

from pathlib import Path


class GenArtError(Exception):
    """Base class: something went wrong that we can explain to the user."""

    def __init__(
        self,
        user_message: str,
        *,
        hint: str = "",
        path: str | Path | None = None,
    ) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.hint = hint
        self.path = Path(path) if path is not None else None

    def describe(self) -> str:
        """What happened, to which file, and what to do next, as one readable text."""
        parts = [self.user_message]
        if self.path is not None and str(self.path) not in self.user_message:
            parts.append(f"File: {self.path}")
        if self.hint:
            parts.append(self.hint)
        return "\n".join(parts)


class Cancelled(GenArtError):
    """The user (or a shutdown) asked the work to stop. Not a failure."""

    def __init__(self, user_message: str = "Cancelled.") -> None:
        super().__init__(user_message)


class NotAvailable(GenArtError):
    """A feature that this build or this machine does not offer."""


class SettingsError(GenArtError):
    pass


class LibraryError(GenArtError):
    pass


class DatasetError(GenArtError):
    pass


class LicenceError(GenArtError):
    """A licence that cannot be parsed, or a combination the obligations refuse."""


class TrainingError(GenArtError):
    pass


class ModelError(GenArtError):
    """A model file or card that is missing, invalid or fails its checks."""


class GenerationError(GenArtError):
    pass


class ExportError(GenArtError):
    pass


class VerificationError(GenArtError):
    pass


class DiskFull(GenArtError):
    """The disk a folder is on has no room for what must be written there; nothing half-written
    was left behind. ``folder`` and ``needed`` (bytes, 0 when unknown) say where and how much."""

    def __init__(self, folder: str | Path, needed: int = 0, *, what: str = "") -> None:
        import shutil

        self.folder = Path(folder)
        self.needed = needed
        try:
            free = shutil.disk_usage(self.folder if self.folder.exists() else self.folder.parent).free
        except OSError:
            free = -1
        need = f"about {_size(needed)} more is needed" if needed else "more space is needed"
        have = f" ({_size(free)} free)" if free >= 0 else ""
        doing = f" while {what}" if what else ""
        super().__init__(
            f"The disk holding {self.folder} is full{doing}: {need}{have}. Nothing half-written"
            " was left behind.",
            path=self.folder,
            hint="Free some space on that disk (or choose a folder on another disk), then try again.",
        )


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:,.1f} KB"
    if n < 1024**3:
        return f"{n / 1024**2:,.1f} MB"
    return f"{n / 1024**3:,.1f} GB"


def is_disk_full(exc: BaseException) -> bool:
    """An OSError ENOSPC/EDQUOT, or SQLite's "database or disk is full"."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return "database or disk is full" in str(exc)

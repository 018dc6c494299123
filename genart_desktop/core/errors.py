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

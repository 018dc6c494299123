"""What every panel shares: the settings, the job manager and the services (the library)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from genart_desktop.core import settings as settings_mod
from genart_desktop.core.settings import Settings
from genart_desktop.jobs.manager import JobManager

if TYPE_CHECKING:
    from genart_desktop.library import Library


@dataclass
class AppContext:
    settings: Settings = field(default_factory=settings_mod.load)
    jobs: JobManager = field(default_factory=JobManager)
    _library: Library | None = field(default=None, repr=False)

    @property
    def library(self) -> Library:
        """The image library, opened (and migrated if needed) on first use."""
        if self._library is None:
            from genart_desktop.library import Library

            self._library = Library.open()
        return self._library

    def save_settings(self) -> None:
        settings_mod.save(self.settings)

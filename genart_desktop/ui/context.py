"""What every panel shares: the settings and the job manager (services are added here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from genart_desktop.core import settings as settings_mod
from genart_desktop.core.settings import Settings
from genart_desktop.jobs.manager import JobManager


@dataclass
class AppContext:
    settings: Settings = field(default_factory=settings_mod.load)
    jobs: JobManager = field(default_factory=JobManager)

    def save_settings(self) -> None:
        settings_mod.save(self.settings)

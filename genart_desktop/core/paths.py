"""Where the app keeps its data (DESIGN.md §3).

The root is platformdirs' ``user_data_dir("GenArt")``; ``GENART_HOME`` overrides it, and
then the cache and log folders live inside it too, so tests and portable installs never
touch the real home folder. Every function reads the environment when called.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from genart_desktop.core.install import install_root
from genart_desktop.core.version import ORGANIZATION

APP_DIR_NAME = "GenArt"
HOME_ENV = "GENART_HOME"


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def data_dir() -> Path:
    home = _override()
    return home if home else Path(platformdirs.user_data_dir(APP_DIR_NAME, ORGANIZATION))


def cache_dir() -> Path:
    home = _override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_DIR_NAME, ORGANIZATION))


def log_dir() -> Path:
    home = _override()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_DIR_NAME, ORGANIZATION))


def library_db() -> Path:
    return data_dir() / "library.sqlite"


def backups_dir() -> Path:
    return data_dir() / "backups"


def images_dir() -> Path:
    return data_dir() / "images"


def models_dir() -> Path:
    return data_dir() / "models"


def datasets_dir() -> Path:
    return data_dir() / "datasets"


def runs_dir() -> Path:
    return data_dir() / "runs"


def keys_dir() -> Path:
    return data_dir() / "keys"


def manifests_dir() -> Path:
    """C2PA manifests that came beside imported files (``name.c2pa``), kept by image sha256."""
    return data_dir() / "manifests"


def thumbnails_dir() -> Path:
    return cache_dir() / "thumbnails"


def settings_file() -> Path:
    return data_dir() / "settings.json"


def ensure(path: Path) -> Path:
    """Create ``path`` (a folder) if needed and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    return install_root() / "resources"


def bundled_models_dir() -> Path:
    return install_root() / "models"

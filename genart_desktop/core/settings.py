"""User preferences: typed, versioned, saved as JSON atomically.

Unknown keys from a newer version are kept on save so a downgrade loses nothing; a file
that cannot be read is set aside (``settings.json.corrupt-…``) and defaults are used, with
a warning in the log, instead of refusing to start.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_json

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1


@dataclass
class ExportDefaults:
    format: str = "png"  # png | jpeg | webp
    jpeg_quality: int = 92
    webp_lossless: bool = True
    webp_quality: int = 90
    c2pa: str = "off"  # off | embed | sidecar
    xmp_sidecar_style: str = "ext"  # "ext": name.png.xmp, "plain": name.xmp
    filename_template: str = "{title}-{id}"
    last_folder: str = ""


@dataclass
class TrainingDefaults:
    preset: str = "projected-64"  # training.config.DEFAULT_PRESET (core cannot import training)
    device: str = "auto"
    minutes: int = 20
    threads: str = "auto"  # "auto": all cores while the window is idle, cores − 1 while you work; or a count


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    artist_name: str = ""
    default_licence: str = "LicenseRef-Own"
    default_credit: str = ""
    attribution_url: str = ""  # the artist's page, written as cc:attributionURL / plus:LicensorURL
    data_mining: str = "notAllowed"  # plus:DataMining-style preference for the artist's outputs
    thumbnail_size: int = 160
    gallery_sort: str = "date-desc"
    alpha_background: str = "#ffffff"
    export: ExportDefaults = field(default_factory=ExportDefaults)
    training: TrainingDefaults = field(default_factory=TrainingDefaults)
    recent_folders: list[str] = field(default_factory=list)
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    window_state: str = ""
    # Keys this version does not know (written by a newer one): kept verbatim.
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        extra = data.pop("extra")
        return {**extra, **data}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Settings:
        raw = _migrate(dict(raw))
        known = {f.name: f for f in dataclasses.fields(cls) if f.name != "extra"}
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        defaults = cls()
        for key, value in raw.items():
            if key not in known:
                extra[key] = value
                continue
            default = getattr(defaults, key)
            values[key] = _coerce(default, value, key)
        return cls(**values, extra=extra)


def _coerce(default: Any, value: Any, key: str) -> Any:
    """Take ``value`` if it has the default's type; fall back to the default otherwise."""
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        if not isinstance(value, dict):
            log.warning("settings: %s is not an object; using defaults", key)
            return default
        fields = {f.name for f in dataclasses.fields(default)}
        merged = dataclasses.asdict(default)
        for sub_key, sub_value in value.items():
            if sub_key in fields:
                merged[sub_key] = _coerce(getattr(default, sub_key), sub_value, f"{key}.{sub_key}")
        return type(default)(**merged)
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, list):
        ok = isinstance(value, list)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        log.warning("settings: %s has the wrong type (%r); using the default", key, value)
        return default
    return value


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings dict up to SETTINGS_VERSION, one version at a time."""
    version = raw.get("version", 1)
    if not isinstance(version, int) or version < 1:
        version = 1
    # (No older versions exist yet; each future step goes here: if version == 1: …; version = 2)
    raw["version"] = max(version, SETTINGS_VERSION)
    return raw


def load(path: Path | None = None) -> Settings:
    path = path or paths.settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("settings: cannot read %s (%s); using defaults", path, exc)
        return Settings()
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("the top level is not an object")
    except ValueError as exc:
        aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        log.warning("settings: %s is not valid JSON (%s); moved it to %s", path, exc, aside)
        try:
            path.replace(aside)
        except OSError:
            log.exception("settings: could not move the unreadable file aside")
        return Settings()
    return Settings.from_dict(raw)


def save(settings: Settings, path: Path | None = None) -> None:
    atomic_write_json(path or paths.settings_file(), settings.to_dict())

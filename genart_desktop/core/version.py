"""The app's identity — name, id, organisation, version, icon — read from one place:
``pyproject.toml`` (``[project]`` and ``[tool.genart]``), which the frozen bundle carries too.
"""

from __future__ import annotations

import tomllib

from genart_desktop.core.install import install_root


def _load_identity() -> tuple[dict, dict]:
    with open(install_root() / "pyproject.toml", "rb") as handle:
        data = tomllib.load(handle)
    return data["project"], data["tool"]["genart"]


_project, _identity = _load_identity()

__version__: str = _project["version"]
DIST_NAME: str = _project["name"]
APP_NAME: str = _identity["app_name"]
APP_ID: str = _identity["app_id"]
ORGANIZATION: str = _identity["organization"]
ICON_PATH: str = _identity["icon"]  # relative to the install root

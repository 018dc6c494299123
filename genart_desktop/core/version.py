"""The app's identity: name, id and version, from the installed package metadata."""

from __future__ import annotations

from importlib import metadata

APP_NAME = "GenArt Desktop"
APP_ID = "org.genart.GenArtDesktop"
ORGANIZATION = "GenArt"
DIST_NAME = "genart-desktop"

try:
    __version__ = metadata.version(DIST_NAME)
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

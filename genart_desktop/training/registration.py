"""Hand a finished model to the library catalogue (the folder on disk stays the source of truth)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def register_model(card: dict[str, Any], folder: Path) -> None:
    """Record the model in the library so the gallery can filter and search by it."""
    from genart_desktop.library import Library

    with Library.open() as library:
        library.register_model(card, folder)

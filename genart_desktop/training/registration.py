"""Hand a finished model to the library catalogue (the folder on disk stays the source of truth)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def register_model(card: dict[str, Any], folder: Path) -> bool:
    """``Library.register_model(card, folder)``; False when this build has no library catalogue."""
    from genart_desktop import library

    lib_cls = getattr(library, "Library", None)
    if lib_cls is None or not hasattr(lib_cls, "register_model"):
        log.info("library catalogue not in this build; model %s stays in %s", card["id"], folder)
        return False
    lib = lib_cls.open()
    try:
        lib.register_model(card, folder)
    finally:
        lib.close()
    return True

"""JSON from files nobody here wrote: bounded in depth, so a hostile file is an error, not a crash.

``json.loads`` recurses once per nesting level: a file nested 100,000 levels deep raises
``RecursionError`` (which ``except ValueError`` does not catch), and one nested 900 levels
deep parses but breaks later code that walks it. ``loads`` refuses both with ``ValueError``.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64  # far deeper than any record, card or manifest this app writes


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads``, but ValueError (a ``json.JSONDecodeError`` subclass is not promised)
    for nesting deeper than ``max_depth``."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(f"nested too deeply (more than {max_depth} levels)") from None
    if _depth_exceeds(value, max_depth):
        raise ValueError(f"nested too deeply (more than {max_depth} levels)")
    return value

"""Limits on what a file may bring in, with the reasons a user reads when one is reached."""

from __future__ import annotations

MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024  # one image file (import, dataset add)
MAX_TEXT_FIELD_CHARS = 64 * 1024  # one title, note, rights field or model name, as stored
MAX_TITLE_CHARS = 1024


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def too_large_reason(size: int, limit: int = MAX_IMAGE_FILE_BYTES) -> str:
    """"" when ``size`` is within ``limit``, else the reason the file is skipped."""
    if size <= limit:
        return ""
    return f"too large ({megabytes(size)}; at most {megabytes(limit)} per image file)"


def clip_text(text: str, limit: int = MAX_TEXT_FIELD_CHARS) -> str:
    """``text`` cut to ``limit`` characters, saying so at the end when it was cut."""
    if len(text) <= limit:
        return text
    note = f" … [cut: {len(text):,} characters, at most {limit:,} are kept]"
    return text[: max(0, limit - len(note))] + note

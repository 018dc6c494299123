"""Render a provenance record (nested dicts and lists) as readable, escaped HTML."""

from __future__ import annotations

import html
from typing import Any

# Friendlier headings for the record's top-level sections (DESIGN.md §5); others are prettified.
SECTION_TITLES = {
    "image": "Image",
    "generation": "How it was generated",
    "training_data": "Training data",
    "originality": "Originality check",
    "originality_check": "Originality check",
    "human_contribution": "Human contribution",
    "output_rights": "Rights",
    "rights": "Rights",
    "notes": "Notes",
}


def _label(key: str) -> str:
    return SECTION_TITLES.get(key, key.replace("_", " ").strip().capitalize())


def _value(value: Any, depth: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "<i>none</i>"
        rows = "".join(
            f"<tr><td valign='top' style='padding-right:8px'><b>{html.escape(_label(str(k)))}</b></td>"
            f"<td>{_value(v, depth + 1)}</td></tr>"
            for k, v in value.items()
        )
        return f"<table cellspacing='0'>{rows}</table>"
    if isinstance(value, list):
        if not value:
            return "<i>none</i>"
        if len(value) > 16 and all(isinstance(v, int | float) for v in value):
            return html.escape(f"[{len(value)} numbers]")  # latent vectors: not worth a page
        return "<ul style='margin:0'>" + "".join(f"<li>{_value(v, depth + 1)}</li>" for v in value) + "</ul>"
    if value is None or value == "":
        return "<i>—</i>"
    text = html.escape(str(value))
    if text.startswith(("http://", "https://")):
        return f"<a href='{text}'>{text}</a>"
    return text.replace("\n", "<br>")


def record_to_html(record: dict[str, Any]) -> str:
    if not record:
        return "<p><i>No provenance record is stored for this image.</i></p>"
    parts = []
    for key, value in record.items():
        if isinstance(value, dict | list):
            parts.append(f"<h4 style='margin-bottom:2px'>{html.escape(_label(key))}</h4>{_value(value, 1)}")
        else:
            parts.append(f"<p style='margin:2px'><b>{html.escape(_label(key))}:</b> {_value(value, 1)}</p>")
    return "".join(parts)

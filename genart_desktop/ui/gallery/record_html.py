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


def _words(spdx: str) -> str:
    from genart_desktop.provenance.licences import describe_expression

    return describe_expression(spdx) or "not stated"


def _edit_words(edit: dict[str, Any]) -> str:
    """One edit in a few words: "latent sliders (direction 1 +3.0)", "upscale"."""
    operation = str(edit.get("operation") or edit.get("action") or "edit")
    parameters = edit.get("parameters") or {}
    if operation == "latent-directions":
        amounts = parameters.get("amounts") or {}
        moved = ", ".join(f"{k} {float(v):+.1f}" for k, v in amounts.items())
        return f"latent sliders ({moved})" if moved else "latent sliders"
    return operation.replace("-", " ")


def record_summary(record: dict[str, Any]) -> str:
    """The record in a few plain sentences (HTML): who or what made the image, from what, under
    which licence, what the artist did, and what an export must credit. The full record (with
    hashes and latents) stays behind the Details panel's "Full record" button."""
    if not record:
        return "<i>No provenance record is stored for this image.</i>"
    esc = html.escape
    lines = []
    generation = record.get("generation") or {}
    model = generation.get("model") or {}
    if model:
        seed = generation.get("seed")
        made = f"Made by the {esc(str(model.get('kind', '')).upper())} “{esc(str(model.get('name', '?')))}”"
        lines.append(made + (f" from seed {esc(str(seed))}" if seed is not None else "") + ".")
    training = record.get("training_data") or {}
    datasets = training.get("datasets") or []
    if datasets:
        names = ", ".join(dict.fromkeys(f"{esc(str(d.get('name', '?')))} ({d.get('image_count', '?')} images)"
                                        for d in datasets))
        lines.append(f"Trained on {names}, licensed {esc(_words(str(training.get('expression', ''))))}.")
    credits = [a.get("name") for o in training.get("obligations") or [] for a in o.get("attributions") or []]
    if credits:
        lines.append("Exports credit: " + esc("; ".join(str(c) for c in credits if c)) + ".")
    rights = record.get("rights") or {}
    if rights:
        who = rights.get("creator") or rights.get("credit")
        lines.append(f"Your licence for it: <b>{esc(_words(str(rights.get('licence', ''))))}</b>"
                     + (f", by {esc(str(who))}" if who else "") + ".")
    human = record.get("human_contribution") or {}
    edits = human.get("edits") or []
    statement = human.get("statement") or ""
    if statement or edits:
        parts = [esc(statement)] if statement else []
        if edits:
            parts.append("edits: " + ", ".join(esc(_edit_words(e)) for e in edits))
        lines.append("Your contribution: " + " · ".join(parts))
    else:
        lines.append("Your contribution: none recorded yet.")
    return "<br>".join(lines)

"""Readers for the files that state licences: LICENSE/COPYING/README, REUSE, sidecars.

Each reader returns plain findings; ``licence_detect`` decides which one applies to an image.
Licence names are turned into SPDX ids by ``provenance.licences.identify`` (never here).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from genart_desktop.core import safe_json
from genart_desktop.datasets import licence_text
from genart_desktop.provenance import licences

SPDX_LINE = re.compile(r"SPDX-License-Identifier:\s*(.+)", re.IGNORECASE)
COPYRIGHT_LINE = re.compile(r"SPDX-FileCopyrightText:\s*(.+)", re.IGNORECASE)
CC_URL = re.compile(r"https?://creativecommons\.org/(?:licenses|publicdomain)/[a-z0-9./-]+", re.IGNORECASE)
CC_NAME = re.compile(
    r"\b(?:CC[- ]?0(?:[- ]1\.0)?|CC[- ]BY(?:[- ](?:NC|SA|ND)){0,2}[- ]\d\.\d|"
    r"Creative Commons [A-Za-z -]+? \d\.\d(?: International)?)\b",
    re.IGNORECASE,
)
# "Copyright (c) 2021 Jane Doe" near the top of a LICENSE/README: the year keeps legal prose out.
HOLDER_LINE = re.compile(
    r"^\s*(?:Copyright|©|\(c\))\s*(?:\(c\)|©)?\s*\d{4}(?:\s*[-–]\s*\d{4})?,?\s+(?:by\s+)?(.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
MAX_TEXT = 256 * 1024


def clean_holder(text: str) -> str:
    """ "© 2022 Jane Doe <jane@x>" → "Jane Doe <jane@x>" (the name to credit)."""
    text = re.sub(r"^(?:Copyright|©|\(c\)|\s)*", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"^\d{4}(?:\s*[-–]\s*\d{4})?,?\s*", "", text).strip().rstrip(".")


@dataclass
class TextFinding:
    licence: str
    detail: str
    attribution_name: str = ""


def decode_text(data: bytes) -> str:
    return data[:MAX_TEXT].decode("utf-8", errors="replace")


def identify_in_text(text: str) -> tuple[str, str]:
    """(SPDX id or expression, the words that named it) found in free text, else ("", "")."""
    for match in SPDX_LINE.finditer(text):
        expr = match.group(1).strip()
        try:
            return licences.parse_expression(expr), match.group(0).strip()
        except Exception:
            continue
    credit = licence_text.credit_line(text)
    if credit:
        return credit.licence, credit.line
    candidates = [m.group(0) for m in CC_URL.finditer(text)] + [m.group(0) for m in CC_NAME.finditer(text)]
    for candidate in candidates:
        found = licences.identify(candidate)
        if found:
            return found, candidate[:120]
    matched = licence_text.match_licence_text(text)
    if matched:
        return matched, f"the standard {matched} licence text"
    head = [line.strip() for line in text.splitlines()[:5] if line.strip()]
    for candidate in head:
        found = licences.identify(candidate)
        if found:
            return found, candidate[:120]
    return "", ""


def read_licence_file(data: bytes) -> TextFinding | None:
    text = decode_text(data)
    licence, detail = identify_in_text(text)
    if not licence:
        return None
    credit = licence_text.credit_line(text)
    if credit and credit.licence == licence:
        return TextFinding(licence, detail, credit.name)
    holder = COPYRIGHT_LINE.search(text) or HOLDER_LINE.search("\n".join(text.splitlines()[:20]))
    return TextFinding(licence, detail, clean_holder(holder.group(1)) if holder else "")


def read_dot_license(data: bytes) -> TextFinding | None:
    """A REUSE ``image.png.license`` file."""
    return read_licence_file(data)


# -- REUSE .reuse/dep5 and REUSE.toml -------------------------------------------------------
@dataclass
class Rule:
    patterns: list[str]
    licence: str
    holder: str
    dep5: bool  # dep5 globs let * match "/" too


def glob_to_regex(pattern: str, dep5: bool) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            if pattern.startswith("/", i):
                out.append("/?")
                i += 1
            continue
        if c == "*":
            out.append(".*" if dep5 else "[^/]*")
        elif c == "?":
            out.append(".")
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def parse_dep5(data: bytes) -> list[Rule]:
    rules = []
    for paragraph in re.split(r"\n\s*\n", decode_text(data)):
        fields: dict[str, str] = {}
        key = ""
        for line in paragraph.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                fields[key] = value.strip()
        if "files" in fields and "license" in fields:
            try:
                licence = licences.parse_expression(fields["license"].split()[0] if fields["license"] else "")
            except Exception:
                continue
            rules.append(
                Rule(fields["files"].split(), licence, clean_holder(fields.get("copyright", "")), True)
            )
    return rules


def parse_reuse_toml(data: bytes) -> list[Rule]:
    try:
        doc = tomllib.loads(decode_text(data))
    except tomllib.TOMLDecodeError:
        return []
    rules = []
    for ann in doc.get("annotations", []):
        paths = ann.get("path", [])
        paths = [paths] if isinstance(paths, str) else list(paths)
        lic = ann.get("SPDX-License-Identifier", "")
        if not (paths and isinstance(lic, str) and lic):
            continue
        try:
            licence = licences.parse_expression(lic)
        except Exception:
            continue
        holder = ann.get("SPDX-FileCopyrightText", "")
        holder = "; ".join(holder) if isinstance(holder, list) else str(holder)
        rules.append(Rule(paths, licence, clean_holder(holder), False))
    return rules


def match_rules(rules: list[Rule], rel: str) -> Rule | None:
    """The last matching rule wins (dep5 and REUSE.toml agree on that)."""
    chosen = None
    for rule in rules:
        if any(glob_to_regex(p, rule.dep5).match(rel) for p in rule.patterns):
            chosen = rule
    return chosen


# -- sidecars ----------------------------------------------------------------------------------
def read_provenance_sidecar(data: bytes) -> dict[str, str]:
    """Rights fields of an ``image.ext.provenance.json`` record (genart.provenance/1 or similar)."""
    try:
        record = safe_json.loads(decode_text(data))
    except ValueError:  # not JSON, or nested too deeply
        return {}
    if not isinstance(record, dict):
        return {}
    rights = record.get("rights") or record.get("output_rights") or {}
    if not isinstance(rights, dict):
        rights = {}
    # genart.provenance/1 "rights" (provenance.record.OutputRights); older spellings tolerated.
    found = {
        "licence": str(rights.get("licence") or rights.get("license") or record.get("licence") or ""),
        "attribution_name": str(
            rights.get("attribution_name") or rights.get("creator") or rights.get("credit") or ""
        ),
        "attribution_url": str(rights.get("attribution_url") or rights.get("web_statement") or ""),
        "data_mining": str(rights.get("data_mining") or ""),
    }
    return {k: v for k, v in found.items() if v}

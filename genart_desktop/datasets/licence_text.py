"""Licences named by whole licence texts and by the credit lines photo sites give out.

- A LICENSE/COPYING file holding a standard licence text (MIT, Apache-2.0, BSD, OFL …) is
  matched against the SPDX licence list with ``spdx-matcher`` (the SPDX matching guidelines:
  normalised text against each licence's template), not with a hand-kept pattern per licence.
- Credit lines: Flickr's "Photo by Jane Doe (CC BY 2.0)" / "… on Flickr (CC BY-SA 2.0)", the
  "“Title” by Jane Doe is licensed under CC BY 2.0" form, and Wikimedia Commons'
  "Attribution: Jane Doe, CC BY-SA 3.0, via Wikimedia Commons" (also without "Attribution:").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from genart_desktop.provenance import licences

log = logging.getLogger(__name__)

# Shorter texts are names or notices, not licence texts; matching them against every licence
# on the list would take seconds for nothing.
MIN_LICENCE_TEXT = 300
_CC = (r"(?:CC[- ]?0(?:[- ]1\.0)?|CC[- ]BY(?:[- ](?:NC|SA|ND)){0,2}[- ]\d\.\d(?:[- ][A-Za-z]{2})?"
       r"|Public Domain Mark(?: 1\.0)?)")
_CREDIT_LINES = [
    # Flickr / Openverse: "Photo by Jane Doe (CC BY 2.0)", "Photo by Jane Doe on Flickr (CC BY 2.0)"
    re.compile(rf"^\s*(?:Photo|Image|Picture)\s+by\s+(?P<name>.+?)(?:\s+on\s+Flickr)?\s*\((?P<lic>{_CC})\)",
               re.I | re.M),
    # "“Heron” by Jane Doe is licensed under CC BY 2.0."
    re.compile(rf"^\s*(?:[\"“'][^\"”']*[\"”']\s+)?by\s+(?P<name>.+?)\s+is\s+licen[cs]ed\s+under\s+(?P<lic>{_CC})",
               re.I | re.M),
    # Wikimedia Commons: "Attribution: Jane Doe, CC BY-SA 3.0, via Wikimedia Commons"
    re.compile(rf"^\s*(?:Attribution:\s*)?(?P<name>[^,\n]+?),\s*(?P<lic>{_CC})(?:\s*<[^>]*>)?,"
               r"\s*via Wikimedia Commons", re.I | re.M),
    re.compile(rf"^\s*Attribution:\s*(?P<name>[^,\n]+?),\s*(?P<lic>{_CC})", re.I | re.M),
]


@dataclass(frozen=True)
class Credit:
    licence: str  # SPDX id
    name: str  # the person to credit
    line: str  # the words found


def credit_line(text: str) -> Credit | None:
    """The first photo-site credit line in ``text`` whose licence the app knows."""
    for pattern in _CREDIT_LINES:
        for match in pattern.finditer(text):
            licence = licences.identify(match.group("lic"))
            name = match.group("name").strip().strip("“”\"'").strip()
            if licence and name:
                return Credit(licence, name, match.group(0).strip()[:200])
    return None


def match_licence_text(text: str) -> str | None:
    """The SPDX id of the standard licence text ``text`` holds, when the app knows that licence."""
    if len(text.strip()) < MIN_LICENCE_TEXT:
        return None
    try:
        import spdx_matcher  # loads its licence list (~16 MB of templates) on first use
    except ImportError:  # pragma: no cover - a dependency of the project
        log.warning("spdx-matcher is not installed: licence texts are not matched")
        return None
    try:
        analysis, _coverage = spdx_matcher.analyse_license_text(text)
    except Exception as exc:  # a matcher failure must not stop a scan
        log.warning("licence text not matched: %s", exc)
        return None
    known = [key for key in analysis.get("licenses", {}) if licences.lookup(key)]
    if len(known) != 1:
        return None  # none, or several licences in one file: the artist declares it
    found = licences.lookup(known[0])
    return found.spdx_id if found else None

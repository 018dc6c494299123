"""Licences the app understands: SPDX identifiers, Creative Commons URLs and names.

The table covers every Creative Commons licence on the SPDX list (all versions and ports),
the public-domain tools, and three ``LicenseRef-`` identifiers of our own: the artist's own
work, an explicit permission, and "unknown". Expressions are parsed by the
``license-expression`` library (never by hand) so ``cc-by-4.0 and LicenseRef-Own`` becomes the
canonical ``CC-BY-4.0 AND LicenseRef-Own``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from license_expression import ExpressionError, LicenseSymbol, Renderable, get_spdx_licensing

from genart_desktop.core.errors import LicenceError

OWN = "LicenseRef-Own"
PERMISSION = "LicenseRef-Permission"
UNKNOWN = "LicenseRef-Unknown"
# For outputs only: the artist keeps every right (no public licence).
ALL_RIGHTS_RESERVED = "LicenseRef-AllRightsReserved"


@dataclass(frozen=True)
class Licence:
    spdx_id: str
    name: str
    url: str
    requires_attribution: bool
    share_alike: bool
    non_commercial: bool
    no_derivatives: bool
    is_public_domain: bool
    short_name: str = ""  # "CC BY-SA 4.0", for compact display
    # Permissive software/font licences: the copyright and licence notice must be kept.
    requires_notice: bool = False
    # Platform licences (Unsplash, Pexels, Pixabay): what their terms forbid, stated to the artist.
    terms: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.spdx_id


# Creative Commons licence elements, in the order they appear in ids and URLs.
_ELEMENT_NAMES = {"BY": "Attribution", "NC": "NonCommercial", "ND": "NoDerivatives", "SA": "ShareAlike"}
_CC_ID = re.compile(r"^CC-(BY(?:-NC)?(?:-ND|-SA)?)-(\d\.\d)(?:-([A-Z]{2,3}))?$")


def _cc_licence(spdx_id: str) -> Licence | None:
    match = _CC_ID.match(spdx_id)
    if not match:
        return None
    elements, version, port = match.group(1), match.group(2), match.group(3)
    parts = elements.split("-")
    path = "-".join(parts).lower()
    url = f"https://creativecommons.org/licenses/{path}/{version}/"
    if port:
        url += f"{port.lower()}/"
    words = "-".join(_ELEMENT_NAMES[p] for p in parts)
    scope = " International" if version == "4.0" else (f" {port}" if port else "")
    return Licence(
        spdx_id=spdx_id,
        name=f"Creative Commons {words} {version}{scope}",
        url=url,
        requires_attribution=True,
        share_alike="SA" in parts,
        non_commercial="NC" in parts,
        no_derivatives="ND" in parts,
        is_public_domain=False,
        short_name=f"CC {elements} {version}" + (f" {port}" if port else ""),
    )


def _plain(spdx_id: str, name: str, url: str, short: str, public_domain: bool = False) -> Licence:
    """A licence without Creative Commons elements (public domain tools, our own references)."""
    return Licence(spdx_id, name, url, False, False, False, False, public_domain, short)


def _notice(spdx_id: str, name: str, url: str, short: str) -> Licence:
    """A permissive licence whose only condition is keeping the copyright and licence notice."""
    return Licence(spdx_id, name, url, False, False, False, False, False, short, requires_notice=True)


PLATFORM_CHECK = " Check the platform's current terms before publishing outputs."
UNSPLASH = "LicenseRef-Unsplash"
PEXELS = "LicenseRef-Pexels"
PIXABAY = "LicenseRef-Pixabay"
_PLATFORMS = [
    Licence(UNSPLASH, "Unsplash License", "https://unsplash.com/license", False, False, False, False, False,
            "Unsplash", terms="The Unsplash License forbids selling the photos without significant "
            "modification and compiling them to build a similar or competing service." + PLATFORM_CHECK),
    Licence(PEXELS, "Pexels License", "https://www.pexels.com/license/", False, False, False, False, False,
            "Pexels", terms="The Pexels License forbids selling unaltered copies, implying that people or "
            "brands shown endorse anything, showing identifiable people in an offensive way, and "
            "redistributing the photos on other stock platforms." + PLATFORM_CHECK),
    Licence(PIXABAY, "Pixabay Content License", "https://pixabay.com/service/license-summary/", False, False,
            False, False, False, "Pixabay", terms="The Pixabay Content License forbids selling or "
            "distributing the content unaltered (as stock, prints or wallpapers), portraying identifiable "
            "people offensively, and using trademarks or logos shown in a way that suggests endorsement."
            + PLATFORM_CHECK),
]

_PERMISSIVE = [
    _notice("MIT", "MIT License", "https://opensource.org/license/mit", "MIT"),
    _notice("Apache-2.0", "Apache License 2.0", "https://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0"),
    _notice("BSD-2-Clause", 'BSD 2-Clause "Simplified" License', "https://opensource.org/license/bsd-2-clause",
            "BSD-2-Clause"),
    _notice("BSD-3-Clause", 'BSD 3-Clause "New" or "Revised" License',
            "https://opensource.org/license/bsd-3-clause", "BSD-3-Clause"),
    _notice("OFL-1.1", "SIL Open Font License 1.1", "https://openfontlicense.org/open-font-license-official-text/",
            "OFL-1.1"),
    Licence("Unlicense", "The Unlicense", "https://unlicense.org/", False, False, False, False, True,
            "Unlicense"),
]

_SPECIAL = [*_PERMISSIVE, *_PLATFORMS,
    _plain("CC0-1.0", "Creative Commons Zero v1.0 Universal (public domain dedication)",
           "https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0", public_domain=True),
    _plain("CC-PDM-1.0", "Creative Commons Public Domain Mark 1.0",
           "https://creativecommons.org/publicdomain/mark/1.0/", "Public Domain Mark", public_domain=True),
    _plain("CC-PDDC", "Creative Commons Public Domain Dedication and Certification",
           "https://creativecommons.org/licenses/publicdomain/", "CC PDDC", public_domain=True),
    _plain(OWN, "The artist's own work", "", "Own work"),
    _plain(PERMISSION, "Used with the rights holder's explicit permission", "", "Permission granted"),
    _plain(UNKNOWN, "No known licence", "", "Unknown"),
    _plain(ALL_RIGHTS_RESERVED, "All rights reserved", "", "All rights reserved"),
]


@cache
def _licensing():
    return get_spdx_licensing()


def symbols(parsed: Any) -> list[LicenseSymbol]:
    """The distinct licence symbols of a parsed expression (exceptions split off), in order."""
    found = _licensing().license_symbols(parsed, unique=True, decompose=True)
    return [s for s in found if isinstance(s, LicenseSymbol)]


@cache
def _table() -> dict[str, Licence]:
    table: dict[str, Licence] = {}
    for key in sorted(_licensing().known_symbols):
        licence = _cc_licence(key)
        if licence is not None:
            table[key.upper()] = licence
    for licence in _SPECIAL:
        table[licence.spdx_id.upper()] = licence
    return table


def all_licences() -> list[Licence]:
    """Every licence the app knows, CC licences first by id, then our own references."""
    return list(_table().values())


def lookup(spdx_id: str) -> Licence | None:
    """The licence for an SPDX id (any letter case), or None if the app does not know it."""
    return _table().get(spdx_id.strip().upper())


# ---------------------------------------------------------------------------------------------
# identify(): free text, URL or name -> SPDX id

_CC_URL = re.compile(
    r"creativecommons\.org/licen[cs]es/(by(?:-nc)?(?:-nd|-sa)?)/(\d\.\d)(?:/([a-z]{2,3}))?", re.I
)
_CC_PD_URL = re.compile(r"creativecommons\.org/publicdomain/(zero|mark)/1\.0", re.I)
_VERSION = re.compile(r"(?<![\d.])(\d\.\d)(?![\d.])")
_WORDS = {
    "by": "BY", "attribution": "BY",
    "sa": "SA", "sharealike": "SA",
    "nc": "NC", "noncommercial": "NC",
    "nd": "ND", "noderivatives": "ND", "noderivs": "ND",
}


def _id_from_elements(elements: set[str], version: str, port: str = "") -> str | None:
    if "BY" not in elements:
        return None
    if "SA" in elements and "ND" in elements:
        return None  # no such licence
    parts = ["BY"] + [e for e in ("NC", "ND", "SA") if e in elements]
    candidate = "CC-" + "-".join(parts) + f"-{version}" + (f"-{port.upper()}" if port else "")
    if lookup(candidate):
        return lookup(candidate).spdx_id  # type: ignore[union-attr]
    # A port the SPDX list lacks has the same terms as the unported licence.
    generic = "CC-" + "-".join(parts) + f"-{version}"
    found = lookup(generic)
    return found.spdx_id if found else None


def identify(text: str) -> str | None:
    """Recognise a licence written as an SPDX id, a CC URL or a name; return its SPDX id.

    Examples: "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "cc-by-4.0",
    "Creative Commons Attribution 4.0". Returns None when unsure: a CC name without a version
    is not guessed, because the versions carry different terms.
    """
    if not text or not text.strip():
        return None
    raw = text.strip()
    direct = lookup(raw)
    if direct:
        return direct.spdx_id
    url = _CC_URL.search(raw)
    if url:
        return _id_from_elements(set(url.group(1).upper().split("-")), url.group(2), url.group(3) or "")
    pd_url = _CC_PD_URL.search(raw)
    if pd_url:
        return "CC0-1.0" if pd_url.group(1).lower() == "zero" else "CC-PDM-1.0"
    lowered = raw.lower()
    squashed = re.sub(r"[\s_-]+", "", lowered)
    if re.search(r"\bcc0\b|cc ?zero|publicdomaindedication|creativecommonszero", lowered + " " + squashed):
        return "CC0-1.0"
    if "publicdomainmark" in squashed or squashed == "pdm":
        return "CC-PDM-1.0"
    for platform in _PLATFORMS:  # "Unsplash License", "Pexels", "Pixabay Content License"
        if squashed.removesuffix("license").removesuffix("content") == platform.short_name.lower():
            return platform.spdx_id
    if squashed in {"ownwork", "myownwork", "own", "licenserefown"}:
        return OWN
    looks_cc = "creativecommons" in squashed or "attribution" in lowered or re.search(
        r"\bcc\b", re.sub(r"[-_]", " ", lowered)
    )
    if not looks_cc:
        return _spdx_symbol(raw)
    tokens = re.findall(r"[a-z]+", re.sub(r"share[\s-]*alike", "sharealike",
                                          re.sub(r"non[\s-]*commercial", "noncommercial",
                                                 re.sub(r"no[\s-]*deriv", "noderiv", lowered))))
    elements = {_WORDS[t] for t in tokens if t in _WORDS}
    version = _VERSION.search(raw)
    if not version:
        return None
    return _id_from_elements(elements, version.group(1))


def _spdx_symbol(raw: str) -> str | None:
    """An SPDX id outside our table (e.g. "mit"), canonicalised by license-expression."""
    try:
        parsed = _licensing().parse(raw, validate=True, strict=False)
    except ExpressionError:
        return None
    keys = _licensing().license_keys(parsed)
    return keys[0] if len(keys) == 1 and parsed is not None else None


# ---------------------------------------------------------------------------------------------
# Expressions


def parse_expression(expr: str) -> str:
    """The canonical SPDX expression for ``expr``; LicenceError if it is not valid.

    Known SPDX ids get their canonical spelling; ``LicenseRef-…`` ids are accepted (SPDX allows
    them) and our own three are spelled canonically too.
    """
    if not expr or not expr.strip():
        raise LicenceError("The licence expression is empty.", hint="Enter an SPDX id such as CC-BY-4.0.")
    licensing = _licensing()
    try:
        parsed = licensing.parse(expr, validate=False, strict=False, simple=False)
    except ExpressionError as exc:
        raise LicenceError(
            f"“{expr}” is not a valid licence expression: {exc}",
            hint="Use SPDX ids joined by AND / OR, e.g. “CC-BY-4.0 AND LicenseRef-Own”.",
        ) from exc
    if parsed is None:
        raise LicenceError(f"“{expr}” is not a valid licence expression.")
    known = {k.upper(): k for k in licensing.known_symbols}
    ours = {lic.spdx_id.upper(): lic.spdx_id for lic in _SPECIAL}
    bad = []
    for symbol in symbols(parsed):
        key = symbol.key
        upper = key.upper()
        if upper in ours:
            symbol.key = ours[upper]
        elif upper in known:
            symbol.key = known[upper]
        elif not re.fullmatch(r"LicenseRef-[A-Za-z0-9.\-]+", key):
            bad.append(key)
    if bad:
        raise LicenceError(
            f"“{expr}” names licences that are not SPDX ids: {', '.join(bad)}.",
            hint="Use SPDX ids (see spdx.org/licenses) or a LicenseRef-… id.",
        )
    if not isinstance(parsed, Renderable):
        raise LicenceError(f"“{expr}” is not a valid licence expression.")
    return str(parsed.render("{symbol.key}"))


def expression_ids(expr: str) -> list[str]:
    """The distinct licence ids named in an expression, in order of appearance."""
    canonical = parse_expression(expr)
    licensing = _licensing()
    parsed = licensing.parse(canonical, validate=False, strict=False, simple=False)
    return [s.key for s in symbols(parsed)]


def describe_expression(expr: str) -> str:
    """An expression in words for people: "CC BY 4.0 and Own work", not the SPDX ids."""
    text = (expr or "").strip()
    if not text:
        return ""
    try:
        ids = expression_ids(text)
    except LicenceError:
        found = lookup(text)
        return found.label if found else text.removeprefix("LicenseRef-")
    out = text
    for spdx_id in sorted(ids, key=len, reverse=True):  # longer ids first: no partial replaces
        found = lookup(spdx_id)
        out = out.replace(spdx_id, found.label if found else spdx_id.removeprefix("LicenseRef-"))
    return out.replace(" AND ", " and ").replace(" OR ", " or ").replace(" WITH ", " with ")

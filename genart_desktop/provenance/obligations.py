"""What a model's training data oblige its outputs to do (DESIGN.md §5), with reasons.

Conservative by design, and not legal advice (``NOT_LEGAL_ADVICE`` says so to the user):

| training data contains        | outputs must / the app does                                  |
| CC0, public domain, own work  | nothing                                                      |
| CC BY-*                       | carry every attribution (name, URL, licence link)            |
| CC BY-SA-*                    | be offered only under a ShareAlike-compatible licence        |
| CC BY-NC-*                    | be marked non-commercial (only NonCommercial output licences) |
| CC BY-ND-*                    | no training without an explicit, recorded permission         |
| MIT, Apache-2.0, BSD, OFL-1.1 | keep the copyright and licence notice: it travels as a credit |
| Unsplash, Pexels, Pixabay     | their terms (what they forbid) are recorded with the outputs |
| someone's all rights reserved | no training without an explicit, recorded permission         |
| no known licence, not own     | no training until a licence is declared or the file excluded |
| SA with NC / NC-SA, conflicts | the combination is refused, with the reason                  |

Every obligation and every refusal carries a sentence written for the artist.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from genart_desktop.core.errors import LicenceError
from genart_desktop.provenance import licences as lic

NOT_LEGAL_ADVICE = (
    "These notes are a conservative reading of the licences, recorded to help you keep their "
    "terms. They are not legal advice."
)

# Licences an artist can choose for an output, in the order a picker shows them.
OUTPUT_LICENCES = [
    lic.ALL_RIGHTS_RESERVED,
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-NC-ND-4.0",
]
_NC_OUTPUTS = {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"}


@dataclass
class LicenceSource:
    licence: str  # SPDX id or expression
    attribution_name: str = ""
    attribution_url: str = ""
    source_url: str = ""
    count: int = 1
    permission_text: str = ""
    permission_date: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> LicenceSource:
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in raw.items() if k in names})


@dataclass
class Obligation:
    code: str  # "attribution" | "share-alike" | "non-commercial" | "permission"
    explanation: str
    attributions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "explanation": self.explanation,
                "attributions": [dict(a) for a in self.attributions]}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Obligation:
        return cls(code=str(raw["code"]), explanation=str(raw.get("explanation", "")),
                   attributions=[dict(a) for a in raw.get("attributions", [])])


@dataclass
class Verdict:
    allowed: bool
    refusals: list[str]
    obligations: list[Obligation]
    allowed_output_licences: list[str]
    expression: str
    # Output licences the obligations rule out, each with the reason (for the licence picker).
    excluded_output_licences: dict[str, str] = field(default_factory=dict)

    def obligation(self, code: str) -> Obligation | None:
        return next((o for o in self.obligations if o.code == code), None)

    @property
    def non_commercial(self) -> bool:
        return self.obligation("non-commercial") is not None

    @property
    def attributions(self) -> list[dict]:
        found = self.obligation("attribution")
        return list(found.attributions) if found else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "refusals": list(self.refusals),
            "obligations": [o.to_dict() for o in self.obligations],
            "allowed_output_licences": list(self.allowed_output_licences),
            "excluded_output_licences": dict(self.excluded_output_licences),
            "expression": self.expression,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Verdict:
        return cls(
            allowed=bool(raw["allowed"]),
            refusals=[str(r) for r in raw.get("refusals", [])],
            obligations=[Obligation.from_dict(o) for o in raw.get("obligations", [])],
            allowed_output_licences=[str(x) for x in raw.get("allowed_output_licences", [])],
            expression=str(raw.get("expression", "")),
            excluded_output_licences={
                str(k): str(v) for k, v in raw.get("excluded_output_licences", {}).items()
            },
        )

    def explain(self) -> str:
        """All reasons as one readable text (refusals first), ending with the legal note."""
        lines = [f"Refused: {r}" for r in self.refusals]
        lines += [o.explanation for o in self.obligations]
        if not lines:
            lines.append("The training data place no obligations on the outputs.")
        return "\n".join([*lines, NOT_LEGAL_ADVICE])


# ---------------------------------------------------------------------------------------------


def _files(n: int) -> str:
    return f"{n} training image" + ("" if n == 1 else "s")


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _have(n: int) -> str:
    return "has" if n == 1 else "have"


def _who(source: LicenceSource) -> str:
    name = source.attribution_name or source.source_url or source.attribution_url
    return f" (from {name})" if name else ""


@dataclass
class _Tally:
    """What the sources require so far, collected while walking them."""

    refusals: list[str] = field(default_factory=list)
    attributions: dict[tuple, dict] = field(default_factory=dict)
    attribution_ids: set[str] = field(default_factory=set)
    permissions: list[str] = field(default_factory=list)
    # licence id -> image count, for plain ShareAlike, NonCommercial-ShareAlike and plain NonCommercial
    sa: dict[str, int] = field(default_factory=dict)
    nc_sa: dict[str, int] = field(default_factory=dict)
    nc: dict[str, int] = field(default_factory=dict)
    attribution_count: int = 0
    permission_credit_count: int = 0  # images used with permission whose holder is credited
    notice_count: int = 0
    notice_ids: set[str] = field(default_factory=set)
    platform_terms: dict[str, str] = field(default_factory=dict)  # label -> terms
    # (output licences allowed, or None for "all but those excluded", excluded ones, reason)
    constraints: list[tuple[set[str] | None, set[str], str]] = field(default_factory=list)
    extra_candidates: list[str] = field(default_factory=list)

    def candidates(self) -> list[str]:
        return [*OUTPUT_LICENCES, *self.extra_candidates]

    def excluded(self) -> dict[str, str]:
        """Candidate output licence -> the first reason that rules it out."""
        result: dict[str, str] = {}
        for candidate in self.candidates():
            for allowed, banned, reason in self.constraints:
                if candidate in banned or (allowed is not None and candidate not in allowed):
                    result[candidate] = reason
                    break
        return result


def _sa_outputs(licence: lic.Licence) -> set[str]:
    """ShareAlike outputs compatible with ``licence``: the same licence, or 4.0 (2.0+ allow later)."""
    version = float(re.search(r"-(\d\.\d)", licence.spdx_id).group(1))  # type: ignore[union-attr]
    target = "CC-BY-NC-SA-4.0" if licence.non_commercial else "CC-BY-SA-4.0"
    return {licence.spdx_id, target} if version >= 2.0 else {licence.spdx_id}


def _assess(ids: list[str], source: LicenceSource) -> tuple[list[str], list[tuple[str, lic.Licence]]]:
    """Refusals for one alternative of a source's licence, and the licences that apply."""
    refusals: list[str] = []
    applied: list[tuple[str, lic.Licence]] = []
    n = source.count
    subject = f"{_files(n)}{_who(source)} {_are(n)}"  # "3 training images (from X) are"
    for spdx in ids:
        found = lic.lookup(spdx)
        if found is None:
            refusals.append(
                f"{subject} under {spdx}, whose terms this app does not know, so it "
                "cannot tell what the outputs would owe. Declare a licence it knows, record a permission, "
                "or exclude the files."
            )
        elif found.spdx_id == lic.UNKNOWN:
            refusals.append(
                f"{_files(n)}{_who(source)} {_have(n)} no known licence and {_are(n)} not marked as your "
                "own work. "
                "Declare their licence (or that they are your own), record a permission, or exclude them "
                "before training."
            )
        elif found.spdx_id == lic.ALL_RIGHTS_RESERVED and not source.permission_text.strip():
            refusals.append(
                f"{subject} marked all rights reserved: someone else's work may "
                "only be used for training with the rights holder's explicit permission, recorded here "
                "(who, when, what it covers). If they are your own work, declare them as your own; "
                "otherwise exclude them."
            )
        elif found.requires_notice and not source.attribution_name.strip():
            refusals.append(
                f"{subject} under {found.label}, which requires keeping its copyright notice, but no "
                "copyright holder was recorded for them. Enter the holder named in the licence file, or "
                "exclude the files."
            )
        elif found.spdx_id == lic.PERMISSION and not source.permission_text.strip():
            refusals.append(
                f"{subject} marked “permission granted”, but the permission itself is "
                "not recorded. Enter who granted it, when, and what it covers, or exclude the files."
            )
        elif found.no_derivatives and not source.permission_text.strip():
            refusals.append(
                f"{subject} under {found.label}, a NoDerivatives licence: a model trained "
                "on them, and its outputs, may be adaptations the licence does not allow. Training needs the "
                "rights holder's explicit permission, recorded here (who, when, what it covers), or exclude "
                "the files."
            )
        elif found.requires_attribution and not (
            source.attribution_name.strip() or source.attribution_url.strip()
        ):
            refusals.append(
                f"{_files(n)} {_are(n)} under {found.label}, which requires attribution, but no creator "
                "name or URL was recorded for them. Enter the attribution, or exclude the files."
            )
        else:
            applied.append((spdx, found))
    return refusals, applied


def _alternatives(expression: str) -> list[list[str]]:
    """The licence choices an expression offers: ``A OR (B AND C)`` -> [[A], [B, C]]."""
    licensing = lic._licensing()
    parsed = licensing.parse(expression, validate=False, strict=False, simple=False)
    dnf = licensing.dnf(parsed)
    terms = dnf.args if isinstance(dnf, licensing.OR) else (dnf,)
    return [[s.key for s in lic.symbols(t)] for t in terms]


def _restrictiveness(applied: list[tuple[str, lic.Licence]]) -> int:
    score = 0
    for _, found in applied:
        score += found.requires_attribution + 2 * found.share_alike + 3 * found.non_commercial
        score += found.spdx_id == lic.PERMISSION
    return score


def _choose(source: LicenceSource, expression: str) -> tuple[list[str], list[tuple[str, lic.Licence]]]:
    """For ``A OR B`` the artist may use whichever licence binds least; pick that one."""
    best: tuple[list[str], list[tuple[str, lic.Licence]]] | None = None
    for ids in _alternatives(expression):
        result = _assess(ids, source)
        key = (len(result[0]), _restrictiveness(result[1]))
        if best is None or key < (len(best[0]), _restrictiveness(best[1])):
            best = result
    assert best is not None
    return best


def _apply(tally: _Tally, source: LicenceSource, applied: list[tuple[str, lic.Licence]]) -> None:
    n = source.count
    for _, found in applied:
        if found.spdx_id in (lic.PERMISSION, lic.ALL_RIGHTS_RESERVED) or found.no_derivatives:
            when = f" on {source.permission_date}" if source.permission_date else ""
            tally.permissions.append(
                f"{_files(n)}{_who(source)} {_are(n)} used with explicit permission{when}: "
                f"“{source.permission_text.strip()}”."
            )
        permitted = found.spdx_id in (lic.PERMISSION, lic.ALL_RIGHTS_RESERVED)
        if found.terms:
            tally.platform_terms[found.label] = found.terms
        if found.requires_attribution or found.requires_notice or (permitted and source.attribution_name):
            key = (source.attribution_name, source.attribution_url, source.source_url, found.spdx_id)
            entry = tally.attributions.setdefault(key, {
                "name": source.attribution_name, "url": source.attribution_url,
                "source_url": source.source_url, "licence": found.spdx_id,
                "licence_url": found.url, "count": 0,
            })
            entry["count"] += n
        if permitted and source.attribution_name and not found.requires_attribution:
            tally.permission_credit_count += n
        if found.requires_notice:
            tally.notice_count += n
            tally.notice_ids.add(found.label)
            tally.constraints.append((
                None, {"CC0-1.0"},
                "CC0 would tell others they owe nobody credit, but training images under "
                f"{found.label} require their copyright notice to be kept.",
            ))
        if found.requires_attribution:
            tally.attribution_count += n
            tally.attribution_ids.add(found.label)
            tally.constraints.append((
                None, {"CC0-1.0"},
                "CC0 would tell others they owe nobody credit, but training images under "
                f"{found.label} require their attribution to travel with every output.",
            ))
        if found.share_alike:
            allowed = _sa_outputs(found)
            for extra in sorted(allowed - set(OUTPUT_LICENCES)):
                if extra not in tally.extra_candidates:
                    tally.extra_candidates.append(extra)
            group = tally.nc_sa if found.non_commercial else tally.sa
            group[found.spdx_id] = group.get(found.spdx_id, 0) + n
            choices = " or ".join(sorted(_labels(allowed)))
            tally.constraints.append((allowed, set(), f"Training images under {found.label} (ShareAlike) "
                                      f"require outputs to be offered only under {choices}."))
        elif found.non_commercial:
            tally.nc[found.spdx_id] = tally.nc.get(found.spdx_id, 0) + n
            tally.constraints.append((_NC_OUTPUTS, set(), f"Training images under {found.label} "
                                      "(NonCommercial) require outputs to be marked non-commercial: only a "
                                      "NonCommercial licence fits."))


def _labels(ids: set[str] | list[str]) -> list[str]:
    return [lic.lookup(i).label if lic.lookup(i) else i for i in ids]  # type: ignore[union-attr]


def _conflict(tally: _Tally) -> str:
    plain_sa, nc_sa, nc_only = sorted(tally.sa), sorted(tally.nc_sa), sorted(tally.nc)
    if plain_sa and nc_sa:
        return (
            f"The training data mix ShareAlike ({', '.join(_labels(plain_sa))}) and NonCommercial-ShareAlike "
            f"({', '.join(_labels(nc_sa))}) licences: outputs would have to be offered under CC BY-SA, which "
            "allows commercial use, and under CC BY-NC-SA, which forbids it, at once. No licence does both; "
            "exclude one of the two groups of files."
        )
    if plain_sa and nc_only:
        return (
            f"The training data mix ShareAlike ({', '.join(_labels(plain_sa))}) and NonCommercial "
            f"({', '.join(_labels(nc_only))}) licences: ShareAlike requires outputs under CC BY-SA, which "
            "allows commercial use, while NonCommercial forbids it. No licence does both; exclude one of "
            "the groups."
        )
    all_sa = sorted({*plain_sa, *nc_sa})
    return (
        "No output licence satisfies every ShareAlike licence in the training data "
        f"({', '.join(_labels(all_sa))}): "
        "each requires outputs under its own licence. Exclude the files of all but one of them."
    )


def aggregate_expression(sources: list[LicenceSource]) -> str:
    """The AND of every source's licence, canonical and without repeats ("" when there are none)."""
    parts = []
    for source in sources:
        try:
            canonical = lic.parse_expression(source.licence)
        except LicenceError:
            canonical = lic.UNKNOWN
        if canonical not in parts:
            parts.append(canonical)
    if not parts:
        return ""
    return lic.parse_expression(" AND ".join(f"({p})" for p in sorted(parts)))


def evaluate(sources: list[LicenceSource]) -> Verdict:
    """Apply the DESIGN.md §5 table to a model's training data."""
    sources = [s for s in sources if s.count > 0]
    tally = _Tally()
    if not sources:
        tally.refusals.append("There is no training data to evaluate: include at least one image.")
    for source in sources:
        try:
            expression = lic.parse_expression(source.licence)
        except LicenceError as exc:
            tally.refusals.append(
                f"{_files(source.count)}{_who(source)}: {exc.user_message} "
                "Declare a licence, or exclude the files."
            )
            continue
        refusals, applied = _choose(source, expression)
        tally.refusals.extend(refusals)
        _apply(tally, source, applied)

    candidates = tally.candidates()
    excluded = tally.excluded()
    allowed = [c for c in candidates if c not in excluded]
    if not allowed and (tally.sa or tally.nc_sa or tally.nc):
        tally.refusals.append(_conflict(tally))
    return Verdict(
        allowed=not tally.refusals,
        refusals=tally.refusals,
        obligations=_obligations(tally, allowed),
        allowed_output_licences=allowed,
        expression=aggregate_expression(sources),
        excluded_output_licences=excluded,
    )


def _obligations(tally: _Tally, allowed: list[str]) -> list[Obligation]:
    result: list[Obligation] = []
    if tally.attributions:
        # Only the groups that are there are named: no sentence with a zero count.
        groups = []
        if tally.attribution_count:
            groups.append(f"{_files(tally.attribution_count)} {_are(tally.attribution_count)} under licences "
                          f"that require attribution ({', '.join(sorted(tally.attribution_ids))})")
        if tally.notice_count:
            ids = ", ".join(sorted(tally.notice_ids))
            groups.append(f"{_files(tally.notice_count)} {_are(tally.notice_count)} under licences that "
                          f"require keeping the copyright and licence notice ({ids})")
        if tally.permission_credit_count:
            groups.append(f"{_files(tally.permission_credit_count)} {_are(tally.permission_credit_count)} "
                          "used with a permission whose holder is credited")
        result.append(Obligation(
            "attribution",
            "; ".join(groups) + ": every output carries each credit — creator name, source URL and "
            "licence link — in its XMP, JSON and C2PA records.",
            attributions=list(tally.attributions.values()),
        ))
    sa = sorted({*tally.sa, *tally.nc_sa})
    if sa:
        result.append(Obligation(
            "share-alike",
            f"The training data include ShareAlike licences ({', '.join(_labels(sa))}): outputs may only be "
            f"offered under {' or '.join(_labels(allowed)) if allowed else 'one ShareAlike licence'}.",
        ))
    nc = sorted({*tally.nc, *tally.nc_sa})
    if nc:
        result.append(Obligation(
            "non-commercial",
            f"The training data include NonCommercial licences ({', '.join(_labels(nc))}): every "
            "output is marked non-commercial (in its licence and usage terms) and may not be used "
            "commercially.",
        ))
    if tally.platform_terms:
        result.append(Obligation(
            "platform-terms",
            "Training images come from photo platforms whose licences need no credit but forbid some "
            "uses; outputs keep these terms: " + " ".join(tally.platform_terms.values()),
        ))
    if tally.permissions:
        result.append(Obligation(
            "permission",
            "Training relies on recorded permissions; they stay with the model and its outputs. "
            + " ".join(tally.permissions),
        ))
    return result

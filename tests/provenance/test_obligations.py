"""The DESIGN.md §5 obligations table, over the full matrix of licences and their mixtures."""

from __future__ import annotations

import itertools

import pytest

from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.obligations import (
    NOT_LEGAL_ADVICE,
    OUTPUT_LICENCES,
    LicenceSource,
    Verdict,
    evaluate,
)

ARR = lic.ALL_RIGHTS_RESERVED
NC_OUTPUTS = ["CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"]


def src(licence: str, name: str = "Alice", **kw) -> LicenceSource:
    return LicenceSource(licence, attribution_name=name, attribution_url=f"https://example.org/{name}", **kw)


def codes(v: Verdict) -> set[str]:
    return {o.code for o in v.obligations}


# One source of each kind -> (allowed?, obligation codes, allowed output licences)
SINGLE = {
    "CC0-1.0": (True, set(), OUTPUT_LICENCES),
    "CC-BY-4.0": (True, {"attribution"}, [x for x in OUTPUT_LICENCES if x != "CC0-1.0"]),
    "CC-BY-SA-4.0": (True, {"attribution", "share-alike"}, ["CC-BY-SA-4.0"]),
    "CC-BY-NC-4.0": (True, {"attribution", "non-commercial"}, NC_OUTPUTS),
    "CC-BY-NC-SA-4.0": (True, {"attribution", "share-alike", "non-commercial"}, ["CC-BY-NC-SA-4.0"]),
    "CC-BY-ND-4.0": (False, set(), None),
    lic.OWN: (True, set(), OUTPUT_LICENCES),
    lic.UNKNOWN: (False, set(), None),
}


@pytest.mark.parametrize("licence", list(SINGLE))
def test_single_licence(licence):
    allowed, expected_codes, outputs = SINGLE[licence]
    v = evaluate([src(licence, count=3)])
    assert v.allowed is allowed, v.refusals
    assert bool(v.refusals) is (not allowed)
    assert v.expression == licence
    if allowed:
        assert codes(v) == expected_codes
        assert v.allowed_output_licences == outputs
        for excluded, reason in v.excluded_output_licences.items():
            assert excluded not in outputs
            assert len(reason) > 30  # a sentence, not a code
    for o in v.obligations:
        assert len(o.explanation) > 40


def test_attribution_carries_name_url_and_licence_link():
    v = evaluate([src("CC-BY-4.0", "Alice", count=2, source_url="https://example.org/pic"),
                  src("CC-BY-4.0", "Alice", count=3, source_url="https://example.org/pic"),
                  src("CC-BY-SA-4.0", "Bob")])
    attributions = v.obligation("attribution").attributions
    assert {a["name"] for a in attributions} == {"Alice", "Bob"}
    alice = next(a for a in attributions if a["name"] == "Alice")
    assert alice["count"] == 5
    assert alice["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert alice["url"] == "https://example.org/Alice"
    assert alice["source_url"] == "https://example.org/pic"


def test_attribution_licence_without_any_attribution_is_refused():
    v = evaluate([LicenceSource("CC-BY-4.0", count=4)])
    assert not v.allowed
    assert "no creator name or URL" in v.refusals[0]


def test_no_derivatives_needs_recorded_permission():
    refused = evaluate([src("CC-BY-ND-4.0")])
    assert "NoDerivatives" in refused.refusals[0] and "permission" in refused.refusals[0]
    granted = evaluate([src("CC-BY-ND-4.0", permission_text="Yes, train on it — email 2026-01-02",
                            permission_date="2026-01-02")])
    assert granted.allowed
    assert codes(granted) == {"attribution", "permission"}
    assert "email 2026-01-02" in granted.obligation("permission").explanation
    nc_nd = evaluate([src("CC-BY-NC-ND-4.0", permission_text="ok")])
    assert nc_nd.allowed and nc_nd.non_commercial
    assert nc_nd.allowed_output_licences == NC_OUTPUTS


def test_permission_must_be_recorded():
    assert not evaluate([LicenceSource(lic.PERMISSION, count=2)]).allowed
    v = evaluate([LicenceSource(lic.PERMISSION, attribution_name="Dana", permission_text="signed form")])
    assert v.allowed
    assert codes(v) == {"attribution", "permission"}  # the grantor is credited
    assert "CC0-1.0" in v.allowed_output_licences


def test_unknown_is_refused_with_a_way_forward():
    v = evaluate([src(lic.OWN, count=10), LicenceSource(lic.UNKNOWN, count=3)])
    assert not v.allowed
    assert "3 training images have no known licence" in v.refusals[0]
    assert "exclude" in v.refusals[0]


def test_unknown_spdx_and_garbage_are_refused():
    assert "does not know" in evaluate([src("GPL-3.0-only")]).refusals[0]  # MIT is known since issue 13
    garbage = evaluate([src("not a licence!")])
    assert not garbage.allowed and "not a valid licence expression" in garbage.refusals[0]


def test_share_alike_and_nc_share_alike_conflict():
    v = evaluate([src("CC-BY-SA-4.0"), src("CC-BY-NC-SA-4.0", "Bob")])
    assert not v.allowed
    assert v.allowed_output_licences == []
    assert "CC BY-SA" in v.refusals[-1] and "CC BY-NC-SA" in v.refusals[-1] and "commercial" in v.refusals[-1]


def test_share_alike_and_non_commercial_conflict():
    v = evaluate([src("CC-BY-SA-4.0"), src("CC-BY-NC-4.0", "Bob")])
    assert not v.allowed
    assert "NonCommercial" in v.refusals[-1]


def test_share_alike_versions_meet_at_the_latest():
    v = evaluate([src("CC-BY-SA-3.0"), src("CC-BY-SA-4.0", "Bob")])
    assert v.allowed
    assert v.allowed_output_licences == ["CC-BY-SA-4.0"]
    alone = evaluate([src("CC-BY-SA-3.0")])
    assert set(alone.allowed_output_licences) == {"CC-BY-SA-4.0", "CC-BY-SA-3.0"}


def test_share_alike_1_0_only_allows_itself():
    v = evaluate([src("CC-BY-SA-1.0"), src("CC-BY-SA-4.0", "Bob")])
    assert not v.allowed
    assert "ShareAlike" in v.refusals[-1]


def test_nc_with_nc_sa_gives_nc_sa():
    v = evaluate([src("CC-BY-NC-4.0"), src("CC-BY-NC-SA-4.0", "Bob")])
    assert v.allowed
    assert v.allowed_output_licences == ["CC-BY-NC-SA-4.0"]
    assert codes(v) == {"attribution", "share-alike", "non-commercial"}


def test_or_expression_uses_the_least_binding_choice():
    v = evaluate([src("CC-BY-SA-4.0 OR CC0-1.0")])
    assert v.allowed and codes(v) == set()
    assert v.expression == "CC-BY-SA-4.0 OR CC0-1.0"


def test_and_expression_applies_all():
    v = evaluate([src("CC-BY-4.0 AND CC-BY-NC-4.0")])
    assert v.non_commercial


def test_aggregate_expression_is_sorted_and_deduplicated():
    v = evaluate([src("CC-BY-4.0"), src(lic.OWN), src("cc-by-4.0", "Bob"), src("CC0-1.0")])
    assert v.expression == "CC-BY-4.0 AND CC0-1.0 AND LicenseRef-Own"


def test_no_data_is_refused_and_zero_counts_are_ignored():
    assert not evaluate([]).allowed
    assert evaluate([src(lic.OWN), LicenceSource(lic.UNKNOWN, count=0)]).allowed


KINDS = ["CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", lic.OWN]


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(KINDS, 2)))
def test_every_pair_of_usable_licences(a, b):
    """Mixtures: obligations are the union; outputs the intersection; conflicts refused."""
    v = evaluate([src(a), src(b, "Bob")])
    one, two = evaluate([src(a)]), evaluate([src(b, "Bob")])
    expected_outputs = [x for x in one.allowed_output_licences if x in two.allowed_output_licences]
    assert set(v.allowed_output_licences) == set(expected_outputs)
    assert codes(v) == codes(one) | codes(two)
    assert v.allowed is bool(expected_outputs)
    if not v.allowed:
        assert "No licence does both" in v.refusals[-1]


def test_verdict_round_trips_through_dict():
    v = evaluate([src("CC-BY-NC-SA-4.0"), src("CC-BY-ND-4.0", permission_text="ok")])
    again = Verdict.from_dict(v.to_dict())
    assert again == v
    assert "not legal advice" in again.explain()
    assert NOT_LEGAL_ADVICE in again.explain()


def test_licence_source_round_trips():
    s = src("CC-BY-4.0", count=7, permission_date="2026-01-01")
    assert LicenceSource.from_dict({**s.to_dict(), "future_field": 1}) == s

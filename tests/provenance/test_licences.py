from __future__ import annotations

import pytest

from genart_desktop.core.errors import LicenceError
from genart_desktop.provenance import licences as lic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CC BY 4.0", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
        ("http://creativecommons.org/licenses/by-sa/3.0/de/deed.en", "CC-BY-SA-3.0-DE"),
        ("https://creativecommons.org/licenses/by-nc-nd/2.0/fr/", "CC-BY-NC-ND-2.0"),  # port not on SPDX
        ("cc-by-4.0", "CC-BY-4.0"),
        ("Creative Commons Attribution 4.0", "CC-BY-4.0"),
        ("Creative Commons Attribution-ShareAlike 4.0 International", "CC-BY-SA-4.0"),
        ("Attribution-NonCommercial-ShareAlike 4.0 International", "CC-BY-NC-SA-4.0"),
        ("CC BY-NC-SA 3.0", "CC-BY-NC-SA-3.0"),
        ("CC BY-ND 4.0", "CC-BY-ND-4.0"),
        ("CC0", "CC0-1.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
        ("https://creativecommons.org/publicdomain/mark/1.0/", "CC-PDM-1.0"),
        ("own work", lic.OWN),
        ("licenseref-own", lic.OWN),
        ("mit", "MIT"),
    ],
)
def test_identify_recognises_ids_urls_and_names(text, expected):
    assert lic.identify(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "CC BY", "hello world", "CC BY-SA-ND 4.0"])
def test_identify_does_not_guess(text):
    assert lic.identify(text) is None


def test_lookup_is_case_insensitive_and_has_urls():
    found = lic.lookup("cc-by-sa-4.0")
    assert found is not None
    assert found.spdx_id == "CC-BY-SA-4.0"
    assert found.url == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert found.share_alike and found.requires_attribution and not found.non_commercial
    assert found.name == "Creative Commons Attribution-ShareAlike 4.0 International"
    assert lic.lookup("CC0-1.0").is_public_domain
    assert lic.lookup("CC-BY-NC-ND-4.0").no_derivatives
    assert lic.lookup("nonsense") is None


def test_table_covers_every_cc_licence_on_the_spdx_list():
    ids = {licence.spdx_id for licence in lic.all_licences()}
    assert {"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
            "CC-BY-NC-ND-4.0", "CC-BY-3.0-DE", "CC0-1.0", lic.OWN, lic.PERMISSION, lic.UNKNOWN} <= ids


def test_parse_expression_canonicalises():
    assert lic.parse_expression("cc-by-4.0 and licenseref-own") == "CC-BY-4.0 AND LicenseRef-Own"
    assert lic.parse_expression("(cc-by-sa-4.0 or mit) AND LicenseRef-Foo") == (
        "(CC-BY-SA-4.0 OR MIT) AND LicenseRef-Foo"
    )
    assert lic.expression_ids("CC0-1.0 OR cc-by-4.0") == ["CC0-1.0", "CC-BY-4.0"]


@pytest.mark.parametrize("bad", ["", "foo bar", "CC-BY-4.0 AND", "((CC0-1.0"])
def test_parse_expression_rejects_invalid(bad):
    with pytest.raises(LicenceError) as info:
        lic.parse_expression(bad)
    assert info.value.user_message

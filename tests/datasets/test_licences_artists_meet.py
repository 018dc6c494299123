"""Issue 13, items 5-6: the licences of real training folders, detected and with obligations.

LICENSE files hold the standard texts (MIT and BSD-3-Clause written here as the SPDX list has
them; Apache-2.0 from Debian's /usr/share/common-licenses where present), credit lines are in
Flickr's and Wikimedia Commons' own wording, and REUSE files in the REUSE spec's format.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from genart_desktop.datasets import declarations
from genart_desktop.datasets.scan import scan
from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.obligations import LicenceSource, evaluate
from tests.datasets.corpus import pattern, save

MIT = """MIT License

Copyright (c) 2021 Jane Doe

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
BSD3 = """Copyright (c) 2019, Studio Nord
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""
DEBIAN_APACHE = Path("/usr/share/common-licenses/Apache-2.0")


def only(result):
    assert len(result.included) == 1, [(f.path, f.reason) for f in result.files]
    return result.included[0]


@pytest.mark.parametrize(("text", "spdx", "holder"), [(MIT, "MIT", "Jane Doe"),
                                                      (BSD3, "BSD-3-Clause", "Studio Nord")])
def test_standard_licence_texts_are_matched_against_the_spdx_list(tmp_path, text, spdx, holder):
    save(pattern(96, 96, 1), tmp_path / "a.png")
    (tmp_path / "LICENSE").write_text(text)
    e = only(scan([tmp_path], size=64))
    assert (e.licence, e.attribution_name) == (spdx, holder)
    verdict = declarations.readiness(scan([tmp_path], size=64))
    assert verdict.allowed, verdict.refusals
    [notice] = [o for o in verdict.obligations if o.code == "attribution"]
    assert "copyright and licence notice" in notice.explanation and "0 " not in notice.explanation
    assert "CC0-1.0" not in verdict.allowed_output_licences  # CC0 would say nobody is owed credit


@pytest.mark.skipif(not DEBIAN_APACHE.is_file(), reason="Debian's base-files Apache-2.0 text is not here")
def test_an_apache_folder_is_ready_with_its_notice_not_a_made_up_permission(tmp_path):
    save(pattern(96, 96, 1), tmp_path / "a.png")
    (tmp_path / "LICENSE").write_text(DEBIAN_APACHE.read_text())
    (tmp_path / "NOTICE").write_text("Copyright 2023 ACME Photo Lab\n")
    e = only(scan([tmp_path], size=64))
    assert e.licence == "Apache-2.0"
    assert declarations.open_entries(scan([tmp_path], size=64))  # the holder must still be named
    verdict = evaluate([LicenceSource("Apache-2.0", "ACME Photo Lab", count=12)])
    assert verdict.allowed and not any(o.code == "permission" for o in verdict.obligations)
    assert verdict.obligations[0].explanation.startswith("12 training images are under licences that "
                                                         "require keeping the copyright and licence notice")


@pytest.mark.parametrize(("line", "spdx", "name"), [
    ("Photo by Jane Doe on Flickr (CC BY 2.0)", "CC-BY-2.0", "Jane Doe"),
    ("Photo by Kofi Mensah (CC BY-SA 2.0)", "CC-BY-SA-2.0", "Kofi Mensah"),
    ("Attribution: Ana Lima, CC BY-SA 3.0, via Wikimedia Commons", "CC-BY-SA-3.0", "Ana Lima"),
    ("Ana Lima, CC BY 2.5 <https://creativecommons.org/licenses/by/2.5>, via Wikimedia Commons",
     "CC-BY-2.5", "Ana Lima"),
    ("“Heron” by Jane Doe is licensed under CC BY 3.0.", "CC-BY-3.0", "Jane Doe"),
])
def test_flickr_and_wikimedia_credit_lines_give_licence_and_name(tmp_path, line, spdx, name):
    save(pattern(96, 96, 1), tmp_path / "heron.png")
    (tmp_path / "CREDITS.txt").write_text(line + "\n")
    e = only(scan([tmp_path], size=64))
    assert (e.licence, e.attribution_name) == (spdx, name)
    assert declarations.readiness(scan([tmp_path], size=64)).allowed


@pytest.mark.parametrize("text", ["CC BY-SA 3.0 AT", "CC-BY-2.0", "CC BY-NC 2.5", "Public Domain Mark",
                                  "Unlicense", "OFL-1.1", "Apache-2.0", "BSD-2-Clause", "Unsplash License",
                                  "Pexels License", "Pixabay Content License"])
def test_the_licences_artists_meet_are_known(text):
    found = lic.identify(text)
    assert found and lic.lookup(found), text


def test_platform_licences_state_what_they_forbid():
    verdict = evaluate([LicenceSource(lic.UNSPLASH, count=30), LicenceSource(lic.PIXABAY, count=5)])
    assert verdict.allowed
    [terms] = [o for o in verdict.obligations if o.code == "platform-terms"]
    assert "Unsplash License forbids selling" in terms.explanation and "Pixabay" in terms.explanation
    assert not any(o.code == "attribution" for o in verdict.obligations)


def test_no_sentence_with_a_zero_count():
    """A permission with a credited holder used to give "0 training images are under licences …"."""
    verdict = evaluate([LicenceSource(lic.PERMISSION, "Bob Painter", permission_text="email 2026-01-02",
                                      count=7)])
    text = verdict.explain()
    assert " 0 " not in f" {text}" and "7 training images are used with a permission" in text


def test_someone_elses_all_rights_reserved_images_need_a_recorded_permission(tmp_path):
    """A REUSE .license naming a third party's copyright and LicenseRef-AllRightsReserved."""
    save(pattern(96, 96, 1), tmp_path / "a.png")
    (tmp_path / "a.png.license").write_text(
        "SPDX-FileCopyrightText: 2024 Jane Doe\nSPDX-License-Identifier: LicenseRef-AllRightsReserved\n")
    verdict = declarations.readiness(scan([tmp_path], size=64))
    assert not verdict.allowed
    assert "all rights reserved" in verdict.refusals[0] and "permission" in verdict.refusals[0]
    permitted = evaluate([LicenceSource(lic.ALL_RIGHTS_RESERVED, "Jane Doe", count=1,
                                        permission_text="Jane Doe allowed training by letter, 2024-05-01")])
    assert permitted.allowed and any(o.code == "permission" for o in permitted.obligations)


def test_a_licence_only_attribution_file_takes_the_holder_from_the_licence_file_beside_it(tmp_path):
    # As scripts/fetch_twemoji.py writes them: ATTRIBUTION.txt sorts first and names the licence
    # (a CC URL) without a year-dated holder; LICENSE names the holder in SPDX-FileCopyrightText.
    save(pattern(96, 96, 1), tmp_path / "1f600.png")
    (tmp_path / "ATTRIBUTION.txt").write_text(
        "Twemoji, © Twitter, Inc and other contributors\n"
        "Licence: CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/\n")
    (tmp_path / "LICENSE").write_text(
        "SPDX-License-Identifier: CC-BY-4.0\n"
        "SPDX-FileCopyrightText: Twemoji, © Twitter, Inc and other contributors\n")
    e = only(scan([tmp_path], size=64))
    assert (e.licence, e.attribution_name) == ("CC-BY-4.0", "Twemoji, © Twitter, Inc and other contributors")
    assert declarations.readiness(scan([tmp_path], size=64)).allowed


def test_a_holder_from_a_file_naming_another_licence_is_not_borrowed(tmp_path):
    save(pattern(96, 96, 1), tmp_path / "a.png")
    (tmp_path / "ATTRIBUTION.txt").write_text("Licence: https://creativecommons.org/licenses/by/4.0/\n")
    (tmp_path / "LICENSE").write_text("SPDX-License-Identifier: CC-BY-SA-4.0\n"
                                      "SPDX-FileCopyrightText: Someone Else\n")
    e = only(scan([tmp_path], size=64))
    assert (e.licence, e.attribution_name) == ("CC-BY-4.0", "")

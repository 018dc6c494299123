"""Issue 13, item 7: the output licence meets the training data's obligations.

One allowed licence is preselected; a licence that breaks an obligation is said before
anything is written, by ``genart export`` (and by the Export dialog, through the same
``workflows.export.licence_problems``).
"""

from __future__ import annotations

import pytest

from genart_desktop.cli import main
from genart_desktop.core.settings import Settings
from genart_desktop.library import Library
from genart_desktop.provenance.obligations import LicenceSource
from genart_desktop.provenance.rights import generated_record, rights_problems
from genart_desktop.workflows.export import licence_problems
from tests.provenance.conftest import GENERATION, IMAGE, make_card
from tests.provenance.helpers import source_png
from tests.provenance.readers import exiftool, needs_exiftool

SA_CARD = [LicenceSource("CC-BY-SA-4.0", "Ana Lima", "https://example.org/ana", count=50)]


def _sa_record(**rights):
    record = generated_record(make_card(SA_CARD), GENERATION, IMAGE, Settings())
    for key, value in rights.items():
        setattr(record.rights, key, value)
    return record


def test_the_one_licence_the_obligations_leave_is_preselected():
    record = _sa_record()
    assert record.training_data.allowed_output_licences == ["CC-BY-SA-4.0"]
    assert record.rights.licence == "CC-BY-SA-4.0"
    assert rights_problems(record) == []


def test_no_licence_where_one_is_required_is_a_problem():
    problems = rights_problems(_sa_record(licence=""))
    assert problems and "No output licence is chosen" in problems[0] and "CC-BY-SA-4.0" in problems[0]


@needs_exiftool
def test_exported_with_the_default_rights_it_carries_the_share_alike_licence(tmp_path):
    with Library.open() as library:
        image_id = library.add_image_bytes(source_png(tmp_path).read_bytes(), "png", origin="generated",
                                           title="sa", provenance=_sa_record().to_dict())
    assert main(["export", "--ids", str(image_id), "--out", str(tmp_path / "out")]) == 0
    [image] = (tmp_path / "out").glob("*.png")
    found = exiftool(image, "-XMP:all")
    assert found["XMP-cc:License"] == "https://creativecommons.org/licenses/by-sa/4.0/"


@pytest.mark.parametrize("licence", ["LicenseRef-AllRightsReserved", "CC-BY-4.0", ""])
def test_export_says_so_before_writing_anything(tmp_path, capsys, licence):
    with Library.open() as library:
        bad = library.add_image_bytes(source_png(tmp_path, "a.png").read_bytes(), "png", origin="generated",
                                      title="breaks", provenance=_sa_record(licence=licence).to_dict())
        good = library.add_image_bytes(source_png(tmp_path, "b.png", seed=2).read_bytes(), "png",
                                       origin="generated", title="keeps", provenance=_sa_record().to_dict())
        problems = licence_problems(library, [bad, good])
    assert len(problems) == 1 and problems[0].startswith(f"breaks (id {bad})")
    out = tmp_path / "out"
    assert main(["export", "--ids", str(bad), str(good), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "LICENCE breaks" in err and "Nothing was exported" in err
    assert not out.exists() or not any(out.iterdir())

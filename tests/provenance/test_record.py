from __future__ import annotations

import pytest

from genart_desktop.core import settings as settings_mod
from genart_desktop.core.errors import VerificationError
from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.obligations import LicenceSource
from genart_desktop.provenance.record import (
    COMPOSITE,
    SCHEMA,
    TRAINED,
    Curation,
    Edit,
    OutputRights,
    ProvenanceRecord,
    Selection,
    for_generated_image,
)
from genart_desktop.provenance.rights import (
    NON_COMMERCIAL_TERMS,
    default_rights,
    generated_record,
    rights_problems,
)
from tests.provenance.conftest import GENERATION, IMAGE, make_card


def test_for_generated_image_fills_every_part(card):
    record = for_generated_image(card, GENERATION, IMAGE)
    assert record.schema == SCHEMA
    assert record.image.sha256 == IMAGE["sha256"] and record.image.width == 64
    gen = record.generation
    assert gen.model.id == "m-1234" and gen.model.kind == "gan" and gen.model.sha256 == "cd" * 32
    assert gen.seed == 42 and gen.latent == [0.5, -1.25, 3.0]
    assert gen.parameters == {"truncation": 0.7}
    training = record.training_data
    assert training.expression == "CC-BY-4.0 AND LicenseRef-Own"
    assert [s.count for s in training.sources] == [40, 80]
    assert training.sources[0].manifest_hash == "ab" * 32
    assert training.attributions[0]["name"] == "Alice Example"
    assert "CC0-1.0" not in training.allowed_output_licences
    assert record.digital_source_type == TRAINED
    assert record.document_id.startswith("uuid:")


def test_round_trip_through_dict_is_exact(card):
    record = for_generated_image(card, GENERATION, IMAGE)
    record.human_contribution.curation = Curation(120, 3, "removed blurry photos")
    record.human_contribution.selection = Selection(16, 1)
    record.human_contribution.edits.append(Edit("rotate", {"degrees": 90}, "2026-11-23T12:00:00Z"))
    record.human_contribution.statement = "I chose the palette."
    record.rights.creator = "Zoë"
    record.notes = "first of the series"
    again = ProvenanceRecord.from_dict(record.to_dict())
    assert again == record
    assert again.to_dict() == record.to_dict()
    assert again.digital_source_type == COMPOSITE


def test_disclosure_sentence_follows_the_log(card):
    record = for_generated_image(card, GENERATION, IMAGE)
    assert record.disclosure() == (
        "AI-generated material: the whole image, made by the GAN model “Blue Flowers” (fastgan) in "
        f"{record.generation.app} {record.generation.app_version} from seed 42, trained on 120 images "
        "(CC-BY-4.0 AND LicenseRef-Own). Human contribution: none recorded."
    )
    record.human_contribution.curation = Curation(120, 3)
    record.human_contribution.selection = Selection(16, 2)
    record.human_contribution.edits = [Edit("rotate", {"degrees": 90}), Edit("colour", {"saturation": 1.2})]
    record.human_contribution.statement = "  I picked the palette.  "
    text = record.disclosure()
    assert text.startswith("AI-generated material: the generated base image, made by")
    assert text.endswith(
        "Human contribution: curated the training data (120 included, 3 excluded); selected this image "
        "from 16 images generated (2 kept); edited the image: rotate (degrees=90); colour (saturation=1.2); "
        "in the artist's words: “I picked the palette.”."
    )
    assert record.to_dict()["disclosure"] == text


def test_imported_image_disclosure():
    record = ProvenanceRecord()
    assert record.disclosure().startswith("No AI-generated material")
    assert record.digital_source_type == ""


def test_from_dict_rejects_other_documents():
    with pytest.raises(VerificationError):
        ProvenanceRecord.from_dict({"schema": "something/1"})
    with pytest.raises(VerificationError):
        ProvenanceRecord.from_dict([])  # type: ignore[arg-type]


def test_rights_start_from_preferences(card):
    prefs = settings_mod.Settings(artist_name="Ana Artist", default_licence="CC-BY-4.0",
                                  data_mining="notAllowed")
    assert for_generated_image(card, GENERATION, IMAGE).rights == OutputRights()  # pure data
    record = generated_record(card, GENERATION, IMAGE, prefs)
    assert record.rights.creator == "Ana Artist"
    assert record.rights.licence == "CC-BY-4.0"
    assert record.rights.data_mining == "notAllowed"
    assert record.rights.copyright_notice.endswith("Ana Artist")
    assert rights_problems(record) == []


def test_default_licence_is_dropped_where_obligations_forbid_it():
    card = make_card([LicenceSource("CC-BY-NC-4.0", "Bob", count=5)])
    record = for_generated_image(card, GENERATION, IMAGE)
    rights = default_rights(record, artist_name="Ana", default_licence=lic.OWN)
    assert rights.licence == ""  # all rights reserved is not a NonCommercial licence
    assert rights.usage_terms == NON_COMMERCIAL_TERMS
    record.rights = rights
    record.rights.licence = "CC-BY-4.0"
    assert "do not allow" in rights_problems(record)[0]


def test_generation_extras_fill_the_contribution_log(card):
    from genart_desktop.provenance.record import add_edit, set_selection

    extra = {**GENERATION, "selection": {"generated": 16, "kept": 1},
             "curation": {"files_included": 120, "files_excluded": 4, "description": "no blurry ones"},
             "originality": {"performed": True, "feature": "efficientnet-lite0", "nearest_path": "a.png",
                             "nearest_sha256": "", "distance": 0.4, "threshold": 0.2, "verdict": "original"}}
    record = for_generated_image(card, extra, IMAGE)
    assert record.human_contribution.selection.generated == 16
    assert record.originality.verdict == "original"
    assert "curated the training data (120 included, 4 excluded): no blurry ones" in record.disclosure()
    data = add_edit(record.to_dict(), "flip", {"axis": "horizontal"})
    data = set_selection(data, 32, 2)
    again = ProvenanceRecord.from_dict(data)
    assert again.digital_source_type == COMPOSITE
    assert again.human_contribution.edits[0].operation == "flip"
    assert "selected this image from 32 images generated (2 kept)" in again.disclosure()

"""Issue 16 item 9: licence names instead of ids, KID and originality in plain words, a readable
provenance summary with the full record behind a button."""

from genart_desktop.provenance.licences import describe_expression
from genart_desktop.ui.gallery.record_html import record_summary
from genart_desktop.ui.models_panel import kid_words


def test_licences_by_name():
    assert describe_expression("LicenseRef-AllRightsReserved") == "All rights reserved"
    assert describe_expression("LicenseRef-Permission") == "Permission granted"
    assert describe_expression("CC-BY-4.0 AND LicenseRef-Own") == "CC BY 4.0 and Own work"
    assert describe_expression("") == ""


def test_kid_in_words():
    assert kid_words(0.005) == "very close" and kid_words(0.5) == "still far from them"


def test_provenance_summary_is_short_and_without_hashes():
    record = {
        "generation": {"model": {"kind": "gan", "name": "Twemoji GAN 64", "sha256": "a" * 64}, "seed": 7,
                       "latent": [0.1] * 64},
        "training_data": {"datasets": [{"name": "twemoji", "image_count": 3752}], "expression": "CC-BY-4.0",
                          "obligations": [{"attributions": [{"name": "Twemoji contributors"}]}]},
        "rights": {"licence": "LicenseRef-AllRightsReserved", "creator": "Ada"},
        "human_contribution": {"statement": "", "edits": []},
        "image": {"sha256": "b" * 64},
    }
    text = record_summary(record)
    assert "Twemoji GAN 64" in text and "seed 7" in text and "CC BY 4.0" in text
    assert "All rights reserved" in text and "Twemoji contributors" in text
    assert "a" * 64 not in text and "b" * 64 not in text and "LicenseRef" not in text
    assert text.count("<br>") <= 5


def test_the_summary_names_the_artists_edits():
    record = {"human_contribution": {"statement": "", "edits": [
        {"operation": "latent-directions", "parameters": {"amounts": {"direction 1": 3.0}}},
        {"operation": "upscale", "parameters": {"factor": 2}}]}}
    text = record_summary(record)
    assert "latent sliders (direction 1 +3.0), upscale" in text and "?" not in text


def test_one_folder_under_two_dataset_ids_is_named_once():
    twice = [{"id": "ds-94276ffe649884ce", "name": "twemoji", "image_count": 3752},
             {"id": "ds-ea60d306a35ca705", "name": "twemoji", "image_count": 3752}]
    text = record_summary({"training_data": {"datasets": twice, "expression": "CC-BY-4.0"}})
    assert text.count("twemoji (3752 images)") == 1

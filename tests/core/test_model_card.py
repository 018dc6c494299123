"""The typed model card: checked once where it is read, fields instead of ``card.get``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genart_desktop.core.errors import ModelError
from genart_desktop.core.model_card import ModelCard

BUNDLED = Path(__file__).resolve().parents[2] / "models"


def _raw(**changes):
    raw = {"schema": "genart.model-card/1", "id": "m1", "name": "Model one", "kind": "gan",
           "architecture": "fastgan", "resolution": 64, "z_dim": 32,
           "files": {"generator.onnx": {"sha256": "ab" * 32, "bytes": 10}},
           "datasets": [{"id": "ds-1", "name": "cats", "hash": "h", "image_count": 12}],
           "training_data": {"expression": "CC-BY-4.0", "sources": [{"attribution_name": "Ada"}],
                             "verdict": {"obligations": [{"code": "attribution", "explanation": "Credit"}]}},
           "training": {"steps": 100}, "quality": {"kid": 0.5}, "future_field": [1, 2]}
    raw.update(changes)
    return raw


def test_parse_reads_every_field_and_keeps_the_rest():
    card = ModelCard.parse(_raw())
    assert (card.id, card.name, card.kind, card.resolution, card.z_dim) == ("m1", "Model one", "gan", 64, 32)
    assert card.generator_sha256 == "ab" * 32
    assert card.dataset_ids == ["ds-1"] and card.datasets[0].image_count == 12
    assert card.licence_expression == "CC-BY-4.0"
    assert card.obligations == ["Credit"] and card.attributions == ["Ada"]
    assert card.training_steps == 100
    assert card.to_dict() == _raw()  # unknown fields survive a round trip


@pytest.mark.parametrize("changes, message", [
    ({"schema": "something/1"}, "not a GenArt model card"),
    ({"kind": "diffusion"}, "Unknown model kind"),
    ({"z_dim": 0}, "z_dim 0 is outside 1–4096"),
    ({"z_dim": "sixty-four"}, "z_dim must be a whole number, not 'sixty-four'"),
    ({"z_dim": 10**10}, "z_dim 10000000000 is outside"),
    ({"resolution": 12000}, "resolution 12000 px is outside 8–2048"),
    ({"resolution": "64"}, "resolution must be a whole number"),
    ({"name": "n" * 10_000_000}, "name is longer than 200 characters"),
    ({"latent_mean": ["a"]}, "latent_mean is not a list of z_dim numbers"),
    ({"files": []}, "files is not an object"),
    ({"sampling": {"psi": 0}}, r"sampling.psi must be a number in \(0, 2\], not 0"),
    ({"sampling": {"psi": "0.9"}}, "sampling.psi must be a number"),
    ({"sampling": {"psi": 1e9}}, "sampling.psi must be a number"),
    ({"sampling": [0.9]}, "sampling is not an object"),
])
def test_parse_refuses_cards_the_app_cannot_use(changes, message):
    with pytest.raises(ModelError, match=message):
        ModelCard.parse(_raw(**changes))


def test_recommended_psi_comes_from_the_card_else_one():
    assert ModelCard.parse(_raw()).recommended_psi == 1.0
    card = ModelCard.parse(_raw(sampling={"psi": 0.9, "why": "KID 10.6 at 0.9 against 11.4 at 1"}))
    assert card.recommended_psi == 0.9 and card.sampling["why"].startswith("KID")


def test_parse_refuses_what_is_not_a_mapping():
    with pytest.raises(ModelError, match="not a GenArt model card"):
        ModelCard.parse(["not", "a", "card"])


def test_the_id_falls_back_to_the_folder_name():
    raw = _raw()
    del raw["id"], raw["name"]
    card = ModelCard.parse(raw, fallback_id="folder-name")
    assert card.id == card.name == "folder-name"


def test_the_bundled_cards_parse():
    cards = [ModelCard.parse(json.loads(p.read_text(encoding="utf-8"))) for p in BUNDLED.glob("*/card.json")]
    assert len(cards) == 2
    assert all(c.generator_sha256 and c.licence_expression == "CC-BY-4.0" for c in cards)

"""Issue 14, item 9: hostile weights.pt and cards given to --fine-tune are refused with a
reason; an empty or partial state dict is an error, never a run that loaded nothing."""

from __future__ import annotations

import json

import pytest
import torch

from genart_desktop.core.errors import ModelError, TrainingError
from genart_desktop.training.config import preset
from genart_desktop.training.model_folder import WEIGHTS_FORMAT, load_init_state, load_model_weights
from genart_desktop.training.models import build
from genart_desktop.training.request import TrainingRequest
from tests.generation import tiny_models


def _folder(tmp_path, payload, card: str | None = None):
    folder = tmp_path / "model"
    folder.mkdir()
    card = card if card is not None else json.dumps(tiny_models.card_for("m", "gan", {}))
    (folder / "card.json").write_text(card)
    torch.save(payload, folder / "weights.pt")
    return folder


@pytest.mark.parametrize("payload, message", [
    ([1, 2, 3], "not in GenArt's format"),
    ({"format": WEIGHTS_FORMAT, "models": {}}, "no networks or no configuration"),
])
def test_weights_that_are_not_ours_are_refused(tmp_path, payload, message):
    with pytest.raises(ModelError, match=message):
        load_model_weights(_folder(tmp_path, payload))


def test_a_truncated_card_is_a_model_error_not_a_json_traceback(tmp_path):
    folder = _folder(tmp_path, {"format": WEIGHTS_FORMAT}, card='{"schema": "genart.model-card/1", "z_d')
    with pytest.raises(ModelError, match="The model card could not be read"):
        load_model_weights(folder)


def test_an_empty_state_dict_is_an_error():
    nets = build(preset("quick-64"))
    with pytest.raises(ModelError, match=r"have no (D|G|G_ema)(, \w+)* networks? \(they hold: nothing\)"):
        load_init_state(nets, {})


def test_a_partial_state_dict_is_an_error():
    cfg = preset("quick-64")
    nets = build(cfg)
    state = {name: net.state_dict() for name, net in build(cfg).items()}
    first = next(iter(state["G"]))
    del state["G"][first]
    with pytest.raises(ModelError, match=r"The G weights do not fit this model \(.*Missing key"):
        load_init_state(nets, state)
    del state["D"]
    with pytest.raises(ModelError, match="have no D network"):
        load_init_state(nets, state)


def test_whole_weights_load():
    cfg = preset("quick-64")
    source = build(cfg)
    target = build(cfg)
    load_init_state(target, {name: net.state_dict() for name, net in source.items()})
    assert torch.equal(next(iter(target["G"].parameters())), next(iter(source["G"].parameters())))


def test_a_model_name_longer_than_the_card_allows_is_refused_when_asked():
    with pytest.raises(TrainingError, match="at most 200 are allowed"):
        TrainingRequest(name="n" * 10_000_000)


def test_a_swapped_discriminator_is_the_only_network_that_may_start_fresh():
    from genart_desktop.training.fine_tune import fine_tune_config, inherited_state

    base_cfg = preset("quick-64", width=4)
    cfg = fine_tune_config(preset("projected-64"), base_cfg)
    assert (cfg.architecture, cfg.width, cfg.z_dim) == ("projected", 4, base_cfg.z_dim)
    source = build(base_cfg)
    state, fresh = inherited_state(cfg, base_cfg, {k: n.state_dict() for k, n in source.items()})
    assert set(state) == {"G", "G_ema"} and fresh == ("D",)
    target = build(cfg)
    load_init_state(target, state, fresh)
    assert torch.equal(target["G"].to_rgb.weight, source["G"].to_rgb.weight)
    with pytest.raises(ModelError, match="no G network"):
        load_init_state(target, {"G_ema": state["G_ema"]}, fresh)
    # A DCGAN's generator is another network: no swap, every setting comes from the base.
    assert fine_tune_config(preset("projected-64"), preset("dcgan-64")).architecture == "dcgan"

"""The projected discriminator: frozen pretrained features, fixed projections, trained heads."""

from __future__ import annotations

import pytest
import torch

from genart_desktop.training.config import preset
from genart_desktop.training.models import build, trainable
from genart_desktop.training.projected import ProjectedDiscriminator
from tests.training.conftest import TINY


def _cfg(**kw):
    return preset("projected-64", **{**TINY, "feature_input": 64, **kw})


def test_logits_from_every_scale_and_only_heads_train():
    d = ProjectedDiscriminator(_cfg())
    logits, _ = d(torch.rand(2, 3, 64, 64) * 2 - 1)
    assert logits.shape[0] == 2 and logits.shape[1] >= 4  # at least one logit per scale
    heads = {id(p) for p in d.heads.parameters()}
    assert {id(p) for p in trainable(d)} == heads
    assert not any(p.requires_grad for p in d.features.parameters())
    assert not any(p.requires_grad for p in d.projection.parameters())


def test_feature_network_stays_in_eval_mode_when_training():
    d = ProjectedDiscriminator(_cfg()).train()
    assert d.heads.training and not d.features.training
    assert not any(m.training for m in d.features.modules())


def test_projections_are_fixed_by_the_seed_saved_and_restored_without_the_feature_weights():
    a, b, c = (ProjectedDiscriminator(_cfg(seed=s)) for s in (1, 1, 2))
    wa, wb, wc = (x.projection.ccm[0].weight for x in (a, b, c))
    assert torch.equal(wa, wb) and not torch.equal(wa, wc)
    state = a.state_dict()
    assert state and not any(k.startswith("features.") for k in state)
    assert any(k.startswith("projection.") for k in state)
    c.load_state_dict(state)  # strict: the installed feature weights fill in the rest
    assert torch.equal(c.projection.ccm[0].weight, wa)
    x = torch.rand(2, 3, 64, 64) * 2 - 1
    a.eval(), c.eval()
    assert torch.allclose(a(x)[0], c(x)[0])


def test_generator_gets_gradients_through_the_frozen_features():
    nets = build(_cfg())
    g, d = nets["G"], nets["D"]
    fake = g(torch.randn(2, g.z_dim))
    d(fake)[0].mean().backward()
    assert all(p.grad is not None for p in g.parameters() if p.requires_grad)
    assert all(p.grad is None for p in d.features.parameters())


def test_a_projected_run_trains_exports_and_continues(tiny_array):
    import json

    from genart_desktop.training import checkpoint, pipeline
    from genart_desktop.training.runs import RunFolder, run_dir

    run_id = pipeline.create_run("projected-64", tiny_array, steps=2, device="cpu",
                                 overrides={**TINY, "feature_input": 64})
    outcome = pipeline.train_run(run_id)
    card = json.loads((outcome.model_folder / "card.json").read_text())
    assert card["architecture"] == "projected" and card["training"]["steps"] == 2

    more = pipeline.continue_model(outcome.model_folder, steps=3, data=tiny_array,
                                   overrides={"lr": 1e-4, "batch_size": 2})
    state = checkpoint.load(RunFolder(run_dir(more)).checkpoints / checkpoint.LATEST)
    assert state["step"] == 2 and state["budget"]["steps"] == 5
    continued = pipeline.train_run(more)
    card2 = json.loads((continued.model_folder / "card.json").read_text())
    assert card2["training"]["steps"] == 5 and card2["training"]["continued_from"] == card["id"]
    # A continued run may train differently from here; the card says how.
    assert card2["hyperparameters"]["lr"] == 1e-4 and card2["hyperparameters"]["batch_size"] == 2
    assert card2["training"]["continued_with"] == {"lr": 1e-4, "batch_size": 2}
    assert card["hyperparameters"]["lr"] != 1e-4


def test_a_continued_model_keeps_its_networks(tiny_array):
    from genart_desktop.core.errors import TrainingError
    from genart_desktop.training import pipeline

    run_id = pipeline.create_run("projected-64", tiny_array, steps=1, device="cpu",
                                 overrides={**TINY, "feature_input": 64})
    outcome = pipeline.train_run(run_id)
    with pytest.raises(TrainingError, match="width"):
        pipeline.continue_model(outcome.model_folder, steps=1, data=tiny_array, overrides={"width": 64})

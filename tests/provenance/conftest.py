"""Shared fixtures: a model card as training writes it, and a generated image's facts."""

from __future__ import annotations

import pytest

from genart_desktop.provenance.obligations import LicenceSource, evaluate


def make_card(sources: list[LicenceSource] | None = None) -> dict:
    sources = sources if sources is not None else [
        LicenceSource("CC-BY-4.0", "Alice Example", "https://example.org/alice", count=40),
        LicenceSource("LicenseRef-Own", count=80),
    ]
    verdict = evaluate(sources)
    return {
        "schema": "genart.model-card/1", "id": "m-1234", "name": "Blue Flowers", "kind": "gan",
        "architecture": "fastgan", "hyperparameters": {"lr": 2e-4}, "resolution": 64, "z_dim": 64,
        "training": {"run_id": "r-1", "steps": 1000, "wall_time_s": 60.0, "device": "cpu",
                     "started": "2026-11-23T10:00:00Z", "finished": "2026-11-23T10:01:00Z",
                     "fine_tuned_from": None},
        "datasets": [{"id": "d-1", "name": "flowers", "hash": "ab" * 32, "image_count": 120}],
        "training_data": {"sources": [s.to_dict() for s in sources], "expression": verdict.expression,
                          "verdict": verdict.to_dict()},
        "quality": {"kid": 0.01, "kid_std": 0.001, "diversity": None},
        "originality": {"feature": "efficientnet-lite0", "threshold": 0.2, "percentile": 5},
        "latent_mean": None, "app_version": "0.1.0",
        "files": {"generator.onnx": {"sha256": "cd" * 32, "bytes": 1000}},
        "created": "2026-11-23T10:01:00Z",
    }


GENERATION = {"seed": 42, "latent": [0.5, -1.25, 3.0], "parameters": {"truncation": 0.7},
              "device": "cpu", "created": "2026-11-23T11:00:00Z", "model_sha256": "cd" * 32}
IMAGE = {"sha256": "ef" * 32, "format": "png", "width": 64, "height": 64}


@pytest.fixture
def card() -> dict:
    return make_card()

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch

from genart_desktop.core import paths
from genart_desktop.core.errors import Cancelled, LicenceError, ModelError
from genart_desktop.training import checkpoint, onnx_export, pipeline
from genart_desktop.training.model_folder import load_model_for_fine_tune
from genart_desktop.training.runs import RunFolder, run_dir
from tests.training.conftest import TINY


def _train(data, preset_name="quick-64", steps=2, **kw):
    run_id = pipeline.create_run(preset_name, data, steps=steps, device="cpu", overrides=dict(TINY), **kw)
    return run_id, pipeline.train_run(run_id)


def test_gan_run_writes_a_checked_model_folder(tiny_array):
    run_id, outcome = _train(tiny_array, name="Shapes")
    folder = outcome.model_folder
    assert folder.parent == paths.models_dir()
    assert {p.name for p in folder.iterdir()} == {"generator.onnx", "weights.pt", "card.json", "samples.png"}
    card = json.loads((folder / "card.json").read_text())
    assert card["schema"] == "genart.model-card/1" and card["kind"] == "gan"
    assert card["architecture"] == "fastgan"
    assert card["training"]["run_id"] == run_id and card["training"]["steps"] == 2
    assert card["training_data"]["sources"][0]["licence"] == "CC-BY-4.0"
    assert card["datasets"][0]["image_count"] == 12
    data = (folder / "generator.onnx").read_bytes()
    import hashlib

    assert card["files"]["generator.onnx"]["sha256"] == hashlib.sha256(data).hexdigest()
    model = onnx.load_from_string(data)
    onnx.checker.check_model(model)
    assert [i.name for i in model.graph.input] == ["z"] and [o.name for o in model.graph.output] == ["image"]
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param  # dynamic batch
    assert model.opset_import[0].version >= 18
    meta = {p.key: p.value for p in model.metadata_props}
    assert json.loads(meta["genart.card"])["id"] == card["id"]
    assert RunFolder(run_dir(run_id)).read_run()["status"] == "exported"
    assert not list(paths.models_dir().glob(".tmp-*"))


def test_vae_run_exports_encoder_and_decoder(tiny_array):
    _, outcome = _train(tiny_array, "vae-64")
    names = {p.name for p in outcome.model_folder.iterdir()}
    assert {"generator.onnx", "encoder.onnx"} <= names
    enc = onnx.load(outcome.model_folder / "encoder.onnx")
    assert [o.name for o in enc.graph.output] == ["mu", "logvar"]
    assert outcome.card["kind"] == "vae" and "encoder.onnx" in outcome.card["files"]


def test_failed_parity_blocks_the_model(tiny_array, monkeypatch):
    monkeypatch.setattr(onnx_export, "PARITY_TOLERANCE", 0.0)
    run_id = pipeline.create_run("quick-64", tiny_array, steps=1, device="cpu", overrides=dict(TINY))
    with pytest.raises(ModelError, match="does not match"):
        pipeline.train_run(run_id)
    assert not paths.models_dir().exists() or not any(paths.models_dir().iterdir())
    assert (run_dir(run_id) / "checkpoints" / checkpoint.LATEST).is_file()  # training is kept


def test_missing_licence_refuses_to_train(tiny_array):
    run_id = pipeline.create_run("quick-64", {**tiny_array, "licence": ""}, steps=1, overrides=dict(TINY))
    with pytest.raises(LicenceError, match="No licence"):
        pipeline.train_run(run_id)


def test_fine_tune_lists_both_datasets(tiny_array, tmp_path):
    _, base = _train(tiny_array, name="Base")
    other = tmp_path / "other.npy"
    np.save(other, np.load(tiny_array["path"])[::-1].copy())
    spec = {"kind": "array", "path": str(other), "licence": "CC0-1.0"}
    run_id = pipeline.create_run("balanced-128", spec, steps=1, device="cpu", overrides=dict(TINY),
                                 fine_tune_from=base.model_folder)
    outcome = pipeline.train_run(run_id)
    card = outcome.card
    assert card["resolution"] == 64 and card["training"]["fine_tuned_from"] == base.card["id"]
    assert [d["name"] for d in card["datasets"]] == ["shapes", "other"]
    assert {s["licence"] for s in card["training_data"]["sources"]} == {"CC-BY-4.0", "CC0-1.0"}
    _, cfg, states = load_model_for_fine_tune(outcome.model_folder)
    assert cfg.architecture == "fastgan" and "G_ema" in states


def test_cancelled_run_resumes_to_its_budget(tiny_array):
    run_id = pipeline.create_run("quick-64", tiny_array, steps=4, device="cpu", overrides=dict(TINY))
    calls = {"n": 0}

    def stop_after_three() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(Cancelled):
        pipeline.train_run(run_id, should_stop=stop_after_three)
    assert RunFolder(run_dir(run_id)).read_run()["status"] == "stopped"
    outcome = pipeline.train_run(run_id)
    assert outcome.card["training"]["steps"] == 4


_CHILD = """
import sys
from genart_desktop.training import pipeline
pipeline.train_run(sys.argv[1])
"""


def test_resume_after_sigkill_of_a_child(tiny_array):
    overrides = {**TINY, "checkpoint_every": 1, "samples_every": 0}
    run_id = pipeline.create_run("quick-64", tiny_array, steps=100_000, device="cpu", overrides=overrides)
    ckpt = run_dir(run_id) / "checkpoints" / checkpoint.LATEST
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", _CHILD, run_id], env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if ckpt.is_file() and checkpoint.load(ckpt)["step"] >= 3:
                break
            assert child.poll() is None, "the training child ended early"
            time.sleep(0.2)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    saved = checkpoint.load(ckpt)  # never half-written: the atomic write survives the kill
    step = saved["step"]
    assert step >= 3
    info = RunFolder(run_dir(run_id)).read_run()
    info["budget"] = {"steps": step + 2, "minutes": None}
    RunFolder(run_dir(run_id)).write_run(info)
    outcome = pipeline.train_run(run_id)
    assert outcome.card["training"]["steps"] == step + 2
    assert torch.load(outcome.model_folder / "weights.pt", weights_only=True)["format"] == "genart.weights/1"


def test_fine_tune_on_the_base_models_own_images_counts_their_licence_once(tiny_array):
    _, base = _train(tiny_array, name="Base")
    run_id = pipeline.create_run("quick-64", tiny_array, steps=1, device="cpu", overrides=dict(TINY),
                                 fine_tune_from=base.model_folder)
    card = pipeline.train_run(run_id).card
    assert [d["name"] for d in card["datasets"]] == ["shapes"]
    assert [s["count"] for s in card["training_data"]["sources"]] == [12]


def test_the_bundled_generator_can_train_on_against_a_fresh_projected_discriminator(tiny_array):
    _, base = _train(tiny_array, name="Base")
    run_id = pipeline.create_run("projected-64", tiny_array, steps=1, device="cpu",
                                 overrides={**TINY, "width": 8}, fine_tune_from=base.model_folder)
    info = RunFolder(run_dir(run_id)).read_run()
    # The generator's settings are the base model's (width 4); the discriminator is the preset's.
    assert info["config"]["architecture"] == "projected" and info["config"]["width"] == TINY["width"]
    outcome = pipeline.train_run(run_id)
    assert outcome.card["architecture"] == "projected"
    assert outcome.card["training"]["fine_tuned_from"] == base.card["id"]
    _, cfg, states = load_model_for_fine_tune(outcome.model_folder)
    assert cfg.architecture == "projected" and any(k.startswith("heads.") for k in states["D"])
    # One step moves G only a little away from the base generator it started from.
    _, _, base_states = load_model_for_fine_tune(base.model_folder)
    before, after = base_states["G"]["to_rgb.weight"], states["G"]["to_rgb.weight"]
    assert before.shape == after.shape and float((after - before).abs().max()) < 0.01

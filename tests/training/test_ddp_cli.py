"""The headless paths: ``genart train`` and two torchrun processes with gloo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from genart_desktop.cli import main as cli_main
from genart_desktop.core import paths
from tests.training.conftest import make_images

ROOT = Path(__file__).resolve().parents[2]
TINY_SET = ["--set", "width=4", "--set", "batch_size=4", "--set", "quality_every=0",
            "--set", "metrics_every=1"]


def test_cli_trains_a_folder_and_resumes(tmp_path, capsys):
    folder = tmp_path / "art"
    folder.mkdir()
    from PIL import Image

    for i, arr in enumerate(make_images(5, 80)):
        Image.fromarray(arr).save(folder / f"img{i}.png")
    (folder / "notes.txt").write_text("not an image")
    code = cli_main(["train", str(folder), "--preset", "quick-64", "--steps", "2", "--device", "cpu",
                     "--licence", "LicenseRef-Own", "--name", "Mine", *TINY_SET])
    assert code == 0
    models = list(paths.models_dir().iterdir())
    assert len(models) == 1
    card = json.loads((models[0] / "card.json").read_text())
    assert card["name"] == "Mine" and card["datasets"][0]["image_count"] == 5
    assert card["training_data"]["sources"][0]["licence"] == "LicenseRef-Own"
    # Resuming a finished run is refused with a clear message.
    code = cli_main(["train", "--resume", card["training"]["run_id"]])
    assert code == 1 and "already produced" in capsys.readouterr().err


def test_cli_explains_bad_input(tmp_path, capsys):
    assert cli_main(["train", str(tmp_path), "--steps", "1", "--licence", "CC0-1.0"]) == 1
    assert "No readable images" in capsys.readouterr().err
    assert cli_main(["train", "x.npy", "--steps", "1", "--set", "nonsense=1"]) == 1
    assert "Cannot set" in capsys.readouterr().err


def test_torchrun_two_cpu_processes_with_gloo(tmp_path, genart_home):
    array = tmp_path / "a.npy"
    np.save(array, make_images(8, 64))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GENART_HOME": str(genart_home)}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
           "-m", "genart_desktop.training.ddp", str(array), "--licence", "CC0-1.0", "--steps", "3",
           "--device", "cpu", *TINY_SET]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    models = list((genart_home / "models").iterdir())
    assert len(models) == 1, "rank 0 alone writes the model"
    run_id = json.loads((models[0] / "card.json").read_text())["training"]["run_id"]
    metrics = (genart_home / "runs" / run_id / "metrics.jsonl").read_text().splitlines()
    assert [json.loads(m)["step"] for m in metrics] == [1, 2, 3], "one writer, no duplicate lines"

"""Tiny generators exported to real ONNX files with torch, written as GenArt model folders.

Tests may import torch (the generation package may not). The networks are random (seeded),
small, and follow the ONNX contract of DESIGN.md §4: ``z`` → ``image`` in [-1, 1].
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from pathlib import Path

Z_DIM = 16
RES = 32


def _nets(seed: int, noise: bool):
    import torch
    from torch import nn

    torch.manual_seed(seed)

    class Generator(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = nn.Linear(Z_DIM, 32 * 4 * 4)
            self.blocks = nn.Sequential(
                nn.Upsample(scale_factor=2),
                nn.Conv2d(32, 32, 3, padding=1),
                nn.BatchNorm2d(32),
                nn.ReLU(),
                nn.Upsample(scale_factor=2),
                nn.Conv2d(32, 16, 3, padding=1),
                nn.BatchNorm2d(16),
                nn.ReLU(),
                nn.Upsample(scale_factor=2),
                nn.Conv2d(16, 3, 3, padding=1),
                nn.Tanh(),
            )

        def forward(self, z, noise_map=None):
            x = self.fc(z).view(-1, 32, 4, 4)
            if noise_map is not None:
                x = x + 0.5 * noise_map
            return self.blocks(x)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Sequential(
                nn.Conv2d(3, 8, 4, 2, 1), nn.ReLU(), nn.Conv2d(8, 16, 4, 2, 1), nn.ReLU()
            )
            self.mu = nn.Linear(16 * 8 * 8, Z_DIM)
            self.logvar = nn.Linear(16 * 8 * 8, Z_DIM)

        def forward(self, image):
            h = self.conv(image).flatten(1)
            return self.mu(h), self.logvar(h) - 2.0

    gen = Generator().eval()
    for m in gen.modules():  # non-trivial BN statistics so folding matters
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.1, 0.1)
            m.running_var.uniform_(0.5, 1.5)
    return gen, Encoder().eval()


def export_bytes(kind: str = "gan", *, seed: int = 0, noise: bool = False) -> dict[str, bytes]:
    """Export in a child process: importing torch here would leak into later tests that check
    the GUI runs without torch (the whole suite shares one interpreter)."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        code = ("import sys; from tests.generation.tiny_models import _export_to; "
                "_export_to(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == '1')")
        root = Path(__file__).resolve().parents[2]
        subprocess.run([sys.executable, "-c", code, folder, kind, str(seed), "1" if noise else "0"],
                       check=True, cwd=root, capture_output=True)
        return {p.name: p.read_bytes() for p in sorted(Path(folder).glob("*.onnx"))}


def _export_to(folder: str, kind: str, seed: int, noise: bool) -> None:
    for name, data in _export_in_process(kind, seed=seed, noise=noise).items():
        (Path(folder) / name).write_bytes(data)


def _export_in_process(kind: str = "gan", *, seed: int = 0, noise: bool = False) -> dict[str, bytes]:
    import torch

    gen, enc = _nets(seed, noise)
    files: dict[str, bytes] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buf = io.BytesIO()
        if noise:
            args = (torch.zeros(2, Z_DIM), torch.zeros(2, 32, 4, 4))
            names, axes = ["z", "noise0"], {"z": {0: "n"}, "noise0": {0: "n"}, "image": {0: "n"}}
        else:
            args = (torch.zeros(2, Z_DIM),)
            names, axes = ["z"], {"z": {0: "n"}, "image": {0: "n"}}
        torch.onnx.export(
            gen,
            args,
            buf,
            input_names=names,
            output_names=["image"],
            dynamic_axes=axes,
            opset_version=18,
            dynamo=False,
        )
        files["generator.onnx"] = buf.getvalue()
        if kind == "vae":
            buf = io.BytesIO()
            torch.onnx.export(
                enc,
                (torch.zeros(2, 3, RES, RES),),
                buf,
                input_names=["image"],
                output_names=["mu", "logvar"],
                dynamic_axes={"image": {0: "n"}, "mu": {0: "n"}, "logvar": {0: "n"}},
                opset_version=18,
                dynamo=False,
            )
            files["encoder.onnx"] = buf.getvalue()
    return files


def card_for(model_id: str, kind: str, files: dict[str, bytes], **extra) -> dict:
    card = {
        "schema": "genart.model-card/1",
        "id": model_id,
        "name": extra.pop("name", f"Tiny {model_id}"),
        "kind": kind,
        "architecture": "vae" if kind == "vae" else "dcgan",
        "hyperparameters": {},
        "resolution": RES,
        "z_dim": Z_DIM,
        "training": {
            "run_id": "run-test",
            "steps": 10,
            "wall_time_s": 1.0,
            "device": "cpu",
            "started": "2026-01-01T00:00:00Z",
            "finished": "2026-01-01T00:00:01Z",
            "fine_tuned_from": None,
        },
        "datasets": [{"id": "ds-test", "name": "Test shapes", "hash": "0" * 64, "image_count": 40}],
        "training_data": {
            "sources": [
                {
                    "licence": "CC-BY-4.0",
                    "attribution_name": "Ada Artist",
                    "attribution_url": "https://example.org/ada",
                    "source_url": "",
                    "count": 40,
                    "permission_text": "",
                    "permission_date": "",
                }
            ],
            "expression": "CC-BY-4.0",
            "verdict": {
                "allowed": True,
                "refusals": [],
                "obligations": [
                    {
                        "code": "attribution",
                        "explanation": "Credit Ada Artist (CC BY 4.0).",
                        "attributions": [
                            {"name": "Ada Artist", "url": "https://example.org/ada", "licence": "CC-BY-4.0"}
                        ],
                    }
                ],
                "allowed_output_licences": ["CC-BY-4.0"],
                "expression": "CC-BY-4.0",
            },
        },
        "quality": {"kid": None, "kid_std": None, "diversity": None},
        "originality": {"feature": "efficientnet-lite0", "threshold": None, "percentile": 5},
        "latent_mean": None,
        "app_version": "0.1.0",
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in files.items()
        },
        "created": "2026-01-01T00:00:02Z",
    }
    card.update(extra)
    return card


def write_model(root: Path, model_id: str, files: dict[str, bytes], kind: str = "gan", **extra) -> Path:
    folder = root / model_id
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "card.json").write_text(json.dumps(card_for(model_id, kind, files, **extra), indent=2))
    return folder

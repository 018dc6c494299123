"""ONNX export with the dynamo exporter, and the parity check against torch.

One file per network (``external_data=False``), opset ≥ 18, dynamic batch, the model card
JSON in ``metadata_props["genart.card"]``. The parity check runs the exported program
(through torch.onnx's ONNX Runtime bridge) on a fixed batch of 4 and compares with the
torch module; a difference ≥ 1e-3 raises ``ModelError`` and nothing gets registered.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import onnx
import torch
from torch import nn

from genart_desktop.core.errors import ModelError

log = logging.getLogger(__name__)

OPSET = 18
PARITY_TOLERANCE = 1e-3
PARITY_BATCH = 4
CARD_KEY = "genart.card"


class _Encoder(nn.Module):
    """Names the VAE encoder's two outputs for export."""

    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.encoder(image)


def export_network(module: nn.Module, example: torch.Tensor, input_name: str, output_names: list[str],
                   card: dict[str, Any], what: str) -> bytes:
    """Export, check parity, return the serialised single-file model."""
    module = module.float().cpu().eval()
    batch = torch.export.Dim("batch", min=1, max=4096)
    try:
        program = torch.onnx.export(
            module, (example,), input_names=[input_name], output_names=output_names,
            dynamic_shapes={next(iter(_forward_arg_names(module))): {0: batch}},
            dynamo=True, external_data=False, opset_version=OPSET, verbose=False,
        )
    except Exception as exc:
        log.exception("ONNX export of the %s failed", what)
        raise ModelError(
            f"The {what} could not be exported to ONNX.",
            hint="The run's checkpoint is kept; see the log for the exporter's message.",
        ) from exc
    if program is None:  # the dynamo exporter always returns its program
        raise ModelError(f"The {what} could not be exported to ONNX.")
    program.model.metadata_props[CARD_KEY] = json.dumps(card, ensure_ascii=False)
    check_parity(module, program, example, what)
    proto = program.model_proto
    onnx.checker.check_model(proto)
    return proto.SerializeToString()


def _forward_arg_names(module: nn.Module) -> list[str]:
    import inspect

    return [p for p in inspect.signature(module.forward).parameters]


def check_parity(module: nn.Module, program: Any, example: torch.Tensor, what: str) -> float:
    """Max abs difference between torch and the ONNX program on ``example`` (batch 4)."""
    with torch.no_grad():
        expected = module(example)
    # On ONNX Runtime's CPU provider: torch's default session tries CUDA first wherever the
    # onnxruntime-gpu build is installed, and prints a red loader error on machines without CUDA.
    from genart_desktop.originality.features import cpu_session

    program.initialize_inference_session(cpu_session)
    got = program(example)
    expected = expected if isinstance(expected, tuple) else (expected,)
    diff = max(float((torch.as_tensor(g) - e).abs().max()) for g, e in zip(got, expected, strict=True))
    log.info("ONNX parity of the %s: max abs diff %.3g", what, diff)
    if not diff < PARITY_TOLERANCE:
        raise ModelError(
            f"The exported {what} does not match the trained network (max difference {diff:.3g}, "
            f"allowed {PARITY_TOLERANCE}).",
            hint="The model was not registered. The run's checkpoint is kept; try exporting again or "
            "report the problem with the log.",
        )
    return diff


def fixed_latents(z_dim: int, seed: int = 20240601) -> torch.Tensor:
    return torch.randn(PARITY_BATCH, z_dim, generator=torch.Generator().manual_seed(seed))


def fixed_images(resolution: int, seed: int = 20240602) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.rand(PARITY_BATCH, 3, resolution, resolution, generator=g) * 2 - 1


def export_generator(generator: nn.Module, z_dim: int, card: dict[str, Any]) -> bytes:
    return export_network(generator, fixed_latents(z_dim), "z", ["image"], card, "generator")


def export_encoder(encoder: nn.Module, resolution: int, card: dict[str, Any]) -> bytes:
    return export_network(_Encoder(encoder), fixed_images(resolution), "image", ["mu", "logvar"], card,
                          "encoder")

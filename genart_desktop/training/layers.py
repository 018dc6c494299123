"""Small building blocks shared by the networks (FastGAN, SAGAN, DCGAN, VAE)."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm


def maybe_sn(module: nn.Module, enabled: bool) -> nn.Module:
    """Spectral norm (Miyato et al.) through the parametrizations API, or the module as is."""
    return spectral_norm(module) if enabled else module


def norm2d(channels: int, enabled: bool) -> nn.Module:
    return nn.BatchNorm2d(channels) if enabled else nn.Identity()


class UpBlock(nn.Module):
    """FastGAN's up block: nearest upsample, 3×3 conv to 2C, BN, GLU (halves back to C)."""

    def __init__(self, cin: int, cout: int, batch_norm: bool = True) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(cin, cout * 2, 3, 1, 1, bias=False),
            norm2d(cout * 2, batch_norm),
            nn.GLU(dim=1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


class SkipExcitation(nn.Module):
    """Skip-layer excitation: a low-resolution map gates the channels of a high-resolution one."""

    def __init__(self, c_low: int, c_high: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.AdaptiveAvgPool2d(4),
            nn.Conv2d(c_low, c_high, 4, 1, 0, bias=False),
            nn.LeakyReLU(0.1),
            nn.Conv2d(c_high, c_high, 1, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, low: torch.Tensor, high: torch.Tensor) -> torch.Tensor:
        return high * self.body(low)


class SelfAttention(nn.Module):
    """SAGAN self-attention (Zhang et al. 2019); gamma starts at 0 so it fades in."""

    def __init__(self, channels: int, sn: bool = False) -> None:
        super().__init__()
        inner = max(channels // 8, 1)
        self.query = maybe_sn(nn.Conv2d(channels, inner, 1), sn)
        self.key = maybe_sn(nn.Conv2d(channels, inner, 1), sn)
        self.value = maybe_sn(nn.Conv2d(channels, channels, 1), sn)
        self.gamma = nn.Parameter(torch.zeros(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, c, h, w = x.shape
        q = self.query(x).flatten(2).transpose(1, 2)  # N, HW, C'
        k = self.key(x).flatten(2)  # N, C', HW
        attn = torch.softmax(torch.bmm(q, k), dim=-1)  # N, HW, HW
        v = self.value(x).flatten(2)  # N, C, HW
        out = torch.bmm(v, attn.transpose(1, 2)).reshape(n, c, h, w)
        return x + self.gamma * out

"""FastGAN-style networks (Liu et al. 2021), sized down so a laptop CPU can train them.

Generator: z → 4×4 → up blocks (upsample + conv + BN + GLU) → image, with skip-layer
excitation from the 1/8-resolution map onto each map at 32 px and above, and an optional
SAGAN block at 32×32. No noise inputs: seed → z → image is deterministic (ONNX contract).
Discriminator: strided convs with spectral norm, optional BN, an optional self-attention
block at 32×32 and an optional small decoder that reconstructs the real image from the 8×8
features (FastGAN's self-supervision, with an L1 loss instead of LPIPS).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from genart_desktop.training.config import TrainConfig
from genart_desktop.training.layers import SelfAttention, SkipExcitation, UpBlock, maybe_sn, norm2d

# Channel multiplier per resolution (times config.width).
_MULT = {4: 8, 8: 8, 16: 4, 32: 2, 64: 2, 128: 1, 256: 1, 512: 1}
RECON_SIZE = 32


def _levels(resolution: int) -> list[int]:
    levels, r = [], 8
    while r <= resolution:
        levels.append(r)
        r *= 2
    return levels


class FastGANGenerator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        w, bn = cfg.width, cfg.batch_norm
        self.z_dim = cfg.z_dim
        ch = {r: max(w * m, 8) for r, m in _MULT.items()}
        self.init = nn.Sequential(
            nn.ConvTranspose2d(cfg.z_dim, ch[4] * 2, 4, 1, 0, bias=False),
            norm2d(ch[4] * 2, bn),
            nn.GLU(dim=1),
        )
        self.levels = _levels(cfg.resolution)
        self.ups = nn.ModuleDict()
        prev = 4
        for r in self.levels:
            self.ups[str(r)] = UpBlock(ch[prev], ch[r], bn)
            prev = r
        self.sle = nn.ModuleDict({str(r): SkipExcitation(ch[r // 8], ch[r]) for r in self.levels if r >= 32})
        self.attn = SelfAttention(ch[32]) if cfg.self_attention and cfg.resolution >= 32 else None
        self.to_rgb = nn.Conv2d(ch[cfg.resolution], 3, 3, 1, 1)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.init(z.reshape(z.shape[0], self.z_dim, 1, 1))
        feats = {4: x}
        for r in self.levels:
            x = self.ups[str(r)](x)
            if str(r) in self.sle:
                x = self.sle[str(r)](feats[r // 8], x)
            if r == 32 and self.attn is not None:
                x = self.attn(x)
            feats[r] = x
        return torch.tanh(self.to_rgb(x))


class FastGANDiscriminator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        w, sn, bn = cfg.width, cfg.spectral_norm, cfg.batch_norm
        ch = {r: max(w * m, 8) for r, m in _MULT.items()}
        layers: list[nn.Module] = [maybe_sn(nn.Conv2d(3, ch[cfg.resolution], 3, 1, 1), sn), nn.LeakyReLU(0.2)]
        r = cfg.resolution
        while r > 8:
            layers += [
                maybe_sn(nn.Conv2d(ch[r], ch[r // 2], 4, 2, 1, bias=False), sn),
                norm2d(ch[r // 2], bn),
                nn.LeakyReLU(0.2),
            ]
            if r // 2 == 32 and cfg.self_attention:
                layers.append(SelfAttention(ch[32], sn))
            r //= 2
        self.down = nn.Sequential(*layers)
        self.head = nn.Sequential(
            maybe_sn(nn.Conv2d(ch[8], ch[4], 4, 2, 1, bias=False), sn),
            norm2d(ch[4], bn),
            nn.LeakyReLU(0.2),
            maybe_sn(nn.Conv2d(ch[4], 1, 4, 1, 0), sn),
        )
        self.decoder = _Decoder(ch[8]) if cfg.recon_decoder else None

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits [N] and the 8×8 features (for the reconstruction decoder)."""
        feat = self.down(x)
        return self.head(feat).reshape(x.shape[0]), feat

    def reconstruct(self, feat: torch.Tensor) -> torch.Tensor:
        assert self.decoder is not None
        return self.decoder(feat)


class _Decoder(nn.Module):
    """8×8 features → 32×32 RGB; trained only on real images."""

    def __init__(self, cin: int) -> None:
        super().__init__()
        mid = max(cin // 2, 8)
        self.body = nn.Sequential(UpBlock(cin, mid), UpBlock(mid, mid), nn.Conv2d(mid, 3, 3, 1, 1), nn.Tanh())

    def forward(self, feat: torch.Tensor) -> torch.Tensor:
        return self.body(feat)


def recon_target(real: torch.Tensor) -> torch.Tensor:
    return F.interpolate(real, size=(RECON_SIZE, RECON_SIZE), mode="area")

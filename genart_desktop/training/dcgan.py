"""A plain DCGAN (Radford et al. 2016) at 64 px, for comparison with FastGAN."""

from __future__ import annotations

import torch
from torch import nn

from genart_desktop.training.config import TrainConfig
from genart_desktop.training.layers import maybe_sn, norm2d


class DCGANGenerator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        w, bn = cfg.width, cfg.batch_norm
        self.z_dim = cfg.z_dim

        def up(cin: int, cout: int) -> list[nn.Module]:
            return [nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False), norm2d(cout, bn), nn.ReLU(True)]

        self.body = nn.Sequential(
            nn.ConvTranspose2d(cfg.z_dim, w * 8, 4, 1, 0, bias=False), norm2d(w * 8, bn), nn.ReLU(True),
            *up(w * 8, w * 4), *up(w * 4, w * 2), *up(w * 2, w),
            nn.ConvTranspose2d(w, 3, 4, 2, 1), nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.body(z.reshape(z.shape[0], self.z_dim, 1, 1))


class DCGANDiscriminator(nn.Module):
    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        w, sn, bn = cfg.width, cfg.spectral_norm, cfg.batch_norm

        def down(cin: int, cout: int) -> list[nn.Module]:
            conv = maybe_sn(nn.Conv2d(cin, cout, 4, 2, 1, bias=False), sn)
            return [conv, norm2d(cout, bn), nn.LeakyReLU(0.2)]

        self.body = nn.Sequential(
            maybe_sn(nn.Conv2d(3, w, 4, 2, 1), sn), nn.LeakyReLU(0.2),
            *down(w, w * 2), *down(w * 2, w * 4), *down(w * 4, w * 8),
        )
        self.head = maybe_sn(nn.Conv2d(w * 8, 1, 4, 1, 0), sn)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        feat = self.body(x)
        return self.head(feat).reshape(x.shape[0]), feat

"""A convolutional β-VAE: strided-conv encoder, upsample + conv decoder (no checkerboards)."""

from __future__ import annotations

import itertools

import torch
from torch import nn

from genart_desktop.training.config import TrainConfig
from genart_desktop.training.layers import maybe_sn, norm2d


def _channels(cfg: TrainConfig) -> list[int]:
    """Channels from full resolution down to 4×4, capped at 8× width."""
    out, r, c = [], cfg.resolution, cfg.width
    while r > 4:
        out.append(c)
        c = min(c * 2, cfg.width * 8)
        r //= 2
    out.append(c)
    return out


class VAEEncoder(nn.Module):
    """image [N,3,H,W] in [-1,1] → (mu, logvar), each [N, z_dim]."""

    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        ch = _channels(cfg)
        layers: list[nn.Module] = [nn.Conv2d(3, ch[0], 3, 1, 1), nn.LeakyReLU(0.2)]
        for cin, cout in itertools.pairwise(ch):
            conv = nn.Conv2d(cin, cout, 4, 2, 1, bias=False)
            layers += [conv, norm2d(cout, cfg.batch_norm), nn.LeakyReLU(0.2)]
        self.body = nn.Sequential(*layers)
        self.mu = nn.Linear(ch[-1] * 16, cfg.z_dim)
        self.logvar = nn.Linear(ch[-1] * 16, cfg.z_dim)
        # Start near the prior (logvar ≈ 0): a random init makes the first KL terms explode.
        nn.init.zeros_(self.logvar.weight)
        nn.init.zeros_(self.logvar.bias)

    def forward(self, image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.body(image).flatten(1)
        return self.mu(h), self.logvar(h).clamp(-10.0, 10.0)


class VAEDecoder(nn.Module):
    """z [N, z_dim] → image [N,3,H,W] in [-1,1]; exported as generator.onnx."""

    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        ch = list(reversed(_channels(cfg)))
        self.c0 = ch[0]
        self.fc = nn.Linear(cfg.z_dim, ch[0] * 16)
        layers: list[nn.Module] = []
        for cin, cout in itertools.pairwise(ch):
            layers += [
                nn.Upsample(scale_factor=2, mode="nearest"),
                nn.Conv2d(cin, cout, 3, 1, 1, bias=False),
                norm2d(cout, cfg.batch_norm),
                nn.LeakyReLU(0.2),
            ]
        self.body = nn.Sequential(*layers, nn.Conv2d(ch[-1], 3, 3, 1, 1), nn.Tanh())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.body(self.fc(z).reshape(z.shape[0], self.c0, 4, 4))


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)


class PatchDiscriminator(nn.Module):
    """VAE-GAN's critic: a PatchGAN that scores overlapping patches (an 8×8 map at 64 px)."""

    def __init__(self, cfg: TrainConfig) -> None:
        super().__init__()
        w, sn = cfg.width, cfg.spectral_norm
        layers: list[nn.Module] = [maybe_sn(nn.Conv2d(3, w, 4, 2, 1), sn), nn.LeakyReLU(0.2)]
        c, r = w, cfg.resolution // 2
        while r > 8:
            layers += [maybe_sn(nn.Conv2d(c, c * 2, 4, 2, 1), sn), nn.LeakyReLU(0.2)]
            c, r = c * 2, r // 2
        layers.append(maybe_sn(nn.Conv2d(c, 1, 3, 1, 1), sn))
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x).flatten(1)

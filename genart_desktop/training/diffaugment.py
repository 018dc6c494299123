"""DiffAugment (Zhao et al. 2020): differentiable colour, translation and cutout.

Applied identically in spirit to real and fake batches (each image gets its own random
parameters), so D never sees un-augmented data and G's gradient flows through the
augmentation. Follows the reference implementation's parameter ranges.
"""

from __future__ import annotations

import torch
from torch.nn import functional as F


def _brightness(x: torch.Tensor) -> torch.Tensor:
    return x + (torch.rand(x.size(0), 1, 1, 1, device=x.device, dtype=x.dtype) - 0.5)


def _saturation(x: torch.Tensor) -> torch.Tensor:
    mean = x.mean(dim=1, keepdim=True)
    return (x - mean) * (torch.rand(x.size(0), 1, 1, 1, device=x.device, dtype=x.dtype) * 2) + mean


def _contrast(x: torch.Tensor) -> torch.Tensor:
    mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - mean) * (torch.rand(x.size(0), 1, 1, 1, device=x.device, dtype=x.dtype) + 0.5) + mean


def _translation(x: torch.Tensor, ratio: float = 0.125) -> torch.Tensor:
    n, _, h, w = x.shape
    sx, sy = int(h * ratio + 0.5), int(w * ratio + 0.5)
    tx = torch.randint(-sx, sx + 1, size=(n, 1, 1), device=x.device)
    ty = torch.randint(-sy, sy + 1, size=(n, 1, 1), device=x.device)
    gb, gx, gy = torch.meshgrid(
        torch.arange(n, device=x.device), torch.arange(h, device=x.device), torch.arange(w, device=x.device),
        indexing="ij",
    )
    gx = torch.clamp(gx + tx + 1, 0, h + 1)
    gy = torch.clamp(gy + ty + 1, 0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1, 0, 0, 0, 0])
    return padded.permute(0, 2, 3, 1).contiguous()[gb, gx, gy].permute(0, 3, 1, 2)


def _cutout(x: torch.Tensor, ratio: float = 0.5) -> torch.Tensor:
    n, _, h, w = x.shape
    ch, cw = int(h * ratio + 0.5), int(w * ratio + 0.5)
    ox = torch.randint(0, h + (1 - ch % 2), size=(n, 1, 1), device=x.device)
    oy = torch.randint(0, w + (1 - cw % 2), size=(n, 1, 1), device=x.device)
    dev = x.device
    gb, gx, gy = torch.meshgrid(
        torch.arange(n, device=dev), torch.arange(ch, device=dev), torch.arange(cw, device=dev), indexing="ij"
    )
    gx = torch.clamp(gx + ox - ch // 2, min=0, max=h - 1)
    gy = torch.clamp(gy + oy - cw // 2, min=0, max=w - 1)
    mask = torch.ones(n, h, w, dtype=x.dtype, device=x.device)
    mask[gb, gx, gy] = 0
    return x * mask.unsqueeze(1)


_POLICIES = {
    "color": (_brightness, _saturation, _contrast),
    "translation": (_translation,),
    "cutout": (_cutout,),
}


def parse_policy(policy: str) -> list[str]:
    names = [p.strip() for p in policy.split(",") if p.strip()]
    unknown = [p for p in names if p not in _POLICIES]
    if unknown:
        raise ValueError(f"unknown DiffAugment policies: {unknown}")
    return names


def diff_augment(x: torch.Tensor, policy: str) -> torch.Tensor:
    for name in parse_policy(policy):
        for fn in _POLICIES[name]:
            x = fn(x)
    return x.contiguous()

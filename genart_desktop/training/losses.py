"""GAN losses (hinge; non-saturating BCE for DCGAN), the R1 penalty and the VAE loss."""

from __future__ import annotations

import torch
from torch.nn import functional as F


def d_hinge(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()


def g_hinge(fake_logits: torch.Tensor) -> torch.Tensor:
    return -fake_logits.mean()


def d_bce(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    return (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))


def g_bce(fake_logits: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


def r1_penalty(real_logits: torch.Tensor, real_input: torch.Tensor) -> torch.Tensor:
    """Mean squared gradient norm of D at the real data (Mescheder et al. 2018)."""
    (grad,) = torch.autograd.grad(real_logits.sum(), real_input, create_graph=True)
    return grad.pow(2).flatten(1).sum(1).mean()


def vae_terms(recon: torch.Tensor, target: torch.Tensor, mu: torch.Tensor,
              logvar: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Reconstruction (sum of squared errors per image) and KL divergence, both batch means."""
    rec = (recon - target).pow(2).flatten(1).sum(1).mean()
    kl = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1)).mean()
    return rec, kl


def perceptual_distance(a: list[torch.Tensor], b: list[torch.Tensor]) -> torch.Tensor:
    """LPIPS-style distance per image: squared differences of channel-unit-normalised feature
    maps, summed over channels, averaged over positions, summed over scales (no learned weights)."""
    total = torch.zeros(a[0].shape[0], device=a[0].device)
    for fa, fb in zip(a, b, strict=True):
        na = fa / (fa.norm(dim=1, keepdim=True) + 1e-8)
        nb = fb / (fb.norm(dim=1, keepdim=True) + 1e-8)
        total = total + (na - nb).pow(2).sum(1).mean((1, 2))
    return total

"""Build the networks a config asks for, and the EMA update."""

from __future__ import annotations

import copy

import torch
from torch import nn

from genart_desktop.training.config import TrainConfig
from genart_desktop.training.dcgan import DCGANDiscriminator, DCGANGenerator
from genart_desktop.training.fastgan import FastGANDiscriminator, FastGANGenerator
from genart_desktop.training.latent_prior import export_networks
from genart_desktop.training.vae import PatchDiscriminator, VAEDecoder, VAEEncoder


def build(cfg: TrainConfig) -> dict[str, nn.Module]:
    """GAN: G, D, G_ema. VAE: encoder, decoder (the decoder is the generator)."""
    if cfg.architecture == "vae":
        nets: dict[str, nn.Module] = {"encoder": VAEEncoder(cfg), "decoder": VAEDecoder(cfg)}
        if cfg.adversarial_weight > 0:
            nets["D"] = PatchDiscriminator(cfg)
        return nets
    if cfg.architecture == "dcgan":
        g, d = DCGANGenerator(cfg), DCGANDiscriminator(cfg)
        _dcgan_init(g)
        _dcgan_init(d)
    elif cfg.architecture == "projected":
        from genart_desktop.training.projected import ProjectedDiscriminator

        g, d = FastGANGenerator(cfg), ProjectedDiscriminator(cfg)
    else:
        g, d = FastGANGenerator(cfg), FastGANDiscriminator(cfg)
    ema = copy.deepcopy(g).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    return {"G": g, "D": d, "G_ema": ema}


def generator_of(models: dict[str, nn.Module]) -> nn.Module:
    """The network that is exported as generator.onnx (a VAE's decoder, with its fitted latent
    prior once the export has added one)."""
    return export_networks(models)[0] if "decoder" in models else models["G_ema"]


def _dcgan_init(module: nn.Module) -> None:
    for m in module.modules():
        if isinstance(m, nn.Conv2d | nn.ConvTranspose2d) and hasattr(m, "weight") and m.weight is not None:
            nn.init.normal_(m.weight, 0.0, 0.02)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


@torch.no_grad()
def ema_update(ema: nn.Module, model: nn.Module, decay: float) -> None:
    for e, p in zip(ema.parameters(), model.parameters(), strict=True):
        e.lerp_(p.detach(), 1.0 - decay)
    for e, b in zip(ema.buffers(), model.buffers(), strict=True):
        e.copy_(b)  # BN running statistics follow the live generator


def count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def trainable(module: nn.Module) -> list[nn.Parameter]:
    """The parameters an optimizer should see (a projected D's feature network is frozen)."""
    return [p for p in module.parameters() if p.requires_grad]

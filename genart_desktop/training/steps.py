"""One optimisation step of each model family. The trainer loop calls these; they return
the scalar metrics of the step (floats) so the loop stays independent of the model family.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from genart_desktop.training import losses
from genart_desktop.training.config import TrainConfig
from genart_desktop.training.device import autocast
from genart_desktop.training.diffaugment import diff_augment
from genart_desktop.training.fastgan import FastGANDiscriminator, recon_target
from genart_desktop.training.models import ema_update
from genart_desktop.training.schedule import kl_weight
from genart_desktop.training.vae import reparameterize


@dataclass
class StepContext:
    cfg: TrainConfig
    device: torch.device
    nets: dict[str, nn.Module]  # possibly DDP-wrapped, for forward passes
    raw: dict[str, nn.Module]  # unwrapped modules (EMA, reconstruct, state dicts)
    optims: dict[str, torch.optim.Optimizer]
    scaler: torch.amp.GradScaler
    precision: str = "fp32"  # resolved: fp32 | bf16 | fp16 (device.resolve_precision)
    extras: dict[str, Any] = field(default_factory=dict)


def _grad_norm(module: nn.Module) -> float:
    norms = [p.grad.detach().float().norm() for p in module.parameters() if p.grad is not None]
    return float(torch.stack(norms).norm()) if norms else 0.0


Pair = tuple[torch.Tensor, torch.Tensor]


def _unwrap_logits(out: torch.Tensor | Pair) -> Pair:
    return out if isinstance(out, tuple) else (out, out)


def gan_step(ctx: StepContext, real: torch.Tensor, step: int) -> dict[str, float]:
    cfg, dev = ctx.cfg, ctx.device
    g, d = ctx.nets["G"], ctx.nets["D"]
    d_raw = ctx.raw["D"]
    opt_g, opt_d, scaler = ctx.optims["G"], ctx.optims["D"], ctx.scaler
    bce = cfg.architecture == "dcgan"
    loss_d_fn, loss_g_fn = (losses.d_bce, losses.g_bce) if bce else (losses.d_hinge, losses.g_hinge)

    def aug(x: torch.Tensor) -> torch.Tensor:
        return diff_augment(x, cfg.diffaugment) if cfg.diffaugment else x

    z = torch.randn(real.shape[0], cfg.z_dim, device=dev)
    with autocast(dev, ctx.precision):
        fake = g(z)

    # Discriminator: reals and fakes in separate batches. D has BatchNorm: one mixed batch
    # would let its statistics tell the halves apart, and the G step (fakes only) would then
    # see different statistics than D trained with — D wins and G collapses (seen on Twemoji:
    # D accuracy 0.98 on both sides and identical smears after 5,000 steps).
    opt_d.zero_grad(set_to_none=True)
    with autocast(dev, ctx.precision):
        real_aug = aug(real)
        real_logits, feat = _unwrap_logits(d(real_aug))
        fake_logits, _ = _unwrap_logits(d(aug(fake.detach())))
        real_logits, fake_logits = real_logits.float(), fake_logits.float()
        d_loss = loss_d_fn(real_logits, fake_logits)
        recon = torch.zeros((), device=dev)
        if (cfg.recon_decoder and isinstance(d_raw, FastGANDiscriminator)
                and getattr(d_raw, "decoder", None) is not None):
            recon = F.l1_loss(d_raw.reconstruct(feat).float(), recon_target(real_aug).float())
            d_loss = d_loss + recon
    scaler.scale(d_loss).backward()
    r1 = torch.zeros((), device=dev)
    if cfg.r1_gamma > 0 and step % max(cfg.r1_every, 1) == 0:
        # Lazy R1 in full precision on the un-augmented reals (StyleGAN2's schedule).
        real_in = real.detach().requires_grad_(True)
        r_logits, _ = _unwrap_logits(d(real_in))
        r1 = losses.r1_penalty(r_logits.float(), real_in)
        scaler.scale(0.5 * cfg.r1_gamma * cfg.r1_every * r1).backward()
    scaler.unscale_(opt_d)
    d_norm = _grad_norm(d_raw)
    scaler.step(opt_d)

    # Generator.
    opt_g.zero_grad(set_to_none=True)
    with autocast(dev, ctx.precision):
        g_logits, _ = _unwrap_logits(d(aug(fake)))
        g_loss = loss_g_fn(g_logits.float())
    scaler.scale(g_loss).backward()
    scaler.unscale_(opt_g)
    g_norm = _grad_norm(ctx.raw["G"])
    scaler.step(opt_g)
    scaler.update()
    if cfg.ema_decay > 0:
        # Warm-up (as TF's ExponentialMovingAverage with num_updates): a 0.999 average over the
        # first thousand steps would mostly remember the random initial weights.
        ema_update(ctx.raw["G_ema"], ctx.raw["G"], min(cfg.ema_decay, (1 + step) / (10 + step)))
    else:
        ctx.raw["G_ema"].load_state_dict(ctx.raw["G"].state_dict())

    return {
        "loss_d": float(d_loss.detach()),
        "loss_g": float(g_loss.detach()),
        "loss_recon": float(recon.detach()),
        "r1": float(r1.detach()),
        "d_acc_real": float((real_logits > 0).float().mean()),
        "d_acc_fake": float((fake_logits < 0).float().mean()),
        "grad_norm_d": d_norm,
        "grad_norm_g": g_norm,
    }


def vae_step(ctx: StepContext, real: torch.Tensor, step: int) -> dict[str, float]:
    cfg, dev = ctx.cfg, ctx.device
    enc, dec = ctx.nets["encoder"], ctx.nets["decoder"]
    opt, scaler = ctx.optims["vae"], ctx.scaler
    critic = ctx.nets.get("D")
    adversarial = critic is not None and cfg.adversarial_weight > 0 and step >= cfg.adversarial_start
    opt.zero_grad(set_to_none=True)
    with autocast(dev, ctx.precision):
        mu, logvar = enc(real)
        recon = dec(reparameterize(mu.float(), logvar.float()))
    rec, kl = losses.vae_terms(recon.float(), real, mu.float(), logvar.float())
    weight = kl_weight(cfg, step)
    loss = rec + weight * kl
    perceptual = torch.zeros((), device=dev)
    if cfg.perceptual_weight > 0 and "perceptual" in ctx.extras:
        net = ctx.extras["perceptual"]
        size = max(128, cfg.resolution)  # the feature network's maps need room at 64 px
        def feats(x: torch.Tensor) -> list[torch.Tensor]:
            return net(F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False))
        with torch.no_grad():
            target = feats(real)
        perceptual = losses.perceptual_distance(feats(recon.float()), target).mean()
        loss = loss + cfg.perceptual_weight * perceptual
    adv_g = torch.zeros((), device=dev)
    if adversarial and critic is not None:
        adv_g = losses.g_hinge(critic(recon.float()))
        loss = loss + cfg.adversarial_weight * adv_g
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    norm = _grad_norm(ctx.raw["encoder"]) + _grad_norm(ctx.raw["decoder"])
    scaler.step(opt)
    out = {"loss": float(loss.detach()), "loss_recon": float(rec.detach()), "kl": float(kl.detach()),
           "kl_weight": weight, "grad_norm": norm, "loss_perceptual": float(perceptual.detach()),
           "loss_adv_g": float(adv_g.detach())}
    if adversarial and critic is not None:
        opt_d = ctx.optims["D"]
        opt_d.zero_grad(set_to_none=True)
        d_loss = losses.d_hinge(critic(real), critic(recon.detach().float()))
        scaler.scale(d_loss).backward()
        scaler.step(opt_d)
        out["loss_d"] = float(d_loss.detach())
    scaler.update()
    return out

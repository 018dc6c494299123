"""Starting a run from another model's weights: which settings and which networks it inherits.

A fine-tune keeps the base model's network settings, so its weights fit. One swap is allowed:
a FastGAN-family generator may be trained on against another discriminator (the bundled
FastGAN GAN against the projected D). The generator and its EMA copy then come from the base,
and the new discriminator starts fresh; with the projected D that is cheap, since only its
small heads learn (its features are pretrained).
"""

from __future__ import annotations

from typing import Any

from genart_desktop.training.config import TrainConfig

# Settings that define the networks; a fine-tune keeps the base model's.
ARCH_KEYS = ("architecture", "resolution", "z_dim", "width", "batch_norm", "spectral_norm",
             "self_attention", "recon_decoder", "feature_input", "projection_channels")
# Settings that define the generator alone (FastGANGenerator reads only these).
GENERATOR_KEYS = ("resolution", "z_dim", "width", "batch_norm", "self_attention")
# Architectures whose generator is the same network (FastGANGenerator), with different Ds.
_SAME_GENERATOR = {"fastgan": "fastgan", "projected": "fastgan"}
GENERATOR_NETWORKS = ("G", "G_ema")


def swaps_discriminator(cfg: TrainConfig, base: TrainConfig) -> bool:
    """True when the run asks for another discriminator over the base model's generator."""
    return cfg.architecture != base.architecture and can_start_from(cfg.architecture, base.architecture)


def can_start_from(architecture: str, base_architecture: str) -> bool:
    """Whether a run of ``architecture`` can start from a model of ``base_architecture``: the same
    networks, or the same generator with another discriminator. A DCGAN or a VAE cannot start
    from a FastGAN (the run would silently become a FastGAN one)."""
    family = _SAME_GENERATOR.get(architecture)
    return architecture == base_architecture or (family is not None
                                                 and family == _SAME_GENERATOR.get(base_architecture))


def fine_tune_config(cfg: TrainConfig, base: TrainConfig) -> TrainConfig:
    """The run's config with the base model's network settings (its generator's alone when the
    run swaps the discriminator)."""
    keys = GENERATOR_KEYS if swaps_discriminator(cfg, base) else ARCH_KEYS
    return cfg.replace(**{k: getattr(base, k) for k in keys})


def inherited_state(cfg: TrainConfig, base: TrainConfig,
                    states: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """(the state dicts the run loads, the networks that start fresh)."""
    if swaps_discriminator(cfg, base):
        return {k: states.get(k) for k in GENERATOR_NETWORKS}, ("D",)
    return states, ()

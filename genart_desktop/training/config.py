"""Training configuration: one plain dataclass and the named presets of the Train panel.

The config is stored inside every checkpoint (as a dict) so a resumed run trains exactly
as it started, and in the model card's ``hyperparameters``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from genart_desktop.core.errors import TrainingError

RESOLUTIONS = (64, 128, 256, 512)
ARCHITECTURES = ("fastgan", "projected", "dcgan", "vae")
GAN_ARCHITECTURES = ("fastgan", "projected", "dcgan")
SCHEDULES = ("constant", "cosine", "step")
PRECISIONS = ("auto", "fp32", "bf16")


@dataclass
class TrainConfig:
    architecture: str = "fastgan"  # fastgan | projected | dcgan | vae
    resolution: int = 64
    z_dim: int = 128
    width: int = 32  # base channel count; the networks scale it per level
    batch_size: int = 8
    lr: float = 2e-4
    beta1: float = 0.5
    beta2: float = 0.999
    schedule: str = "constant"  # constant | cosine | step
    step_every: int = 2000  # "step" schedule: halve the rate every N steps
    ema_decay: float = 0.999
    # auto: bf16 autocast where the device computes it natively (CUDA, CPUs with AVX512-BF16 or
    # AMX), else full precision; fp32 forces full precision (device.resolve_precision).
    precision: str = "auto"
    # GAN options (mode-collapse guards and FastGAN extras)
    spectral_norm: bool = True
    batch_norm: bool = True
    self_attention: bool = False  # SAGAN block at 32×32
    r1_gamma: float = 0.0  # 0 disables the R1 penalty
    r1_every: int = 4  # lazy R1 (StyleGAN2): apply every N steps
    recon_decoder: bool = False  # FastGAN's self-supervised decoder in D
    diffaugment: str = "color,translation,cutout"
    flip: bool = True
    # Projected D (architecture "projected"): side of the images the frozen feature network
    # sees (0: twice the training size, at least 128) and the channels of its finest projection.
    feature_input: int = 0
    projection_channels: int = 32
    # VAE options
    beta: float = 1.0
    kl_warmup_steps: int = 1000
    # Sharp reconstructions: a perceptual term on frozen EfficientNet-Lite0 features (LPIPS-style
    # distance of unit-normalised maps at 4 scales) and an optional patch-adversarial term
    # (VAE-GAN) that starts after ``adversarial_start`` steps, once reconstructions have shapes.
    perceptual_weight: float = 0.0
    adversarial_weight: float = 0.0
    adversarial_start: int = 2000
    # bookkeeping: how often things happen (steps / seconds)
    metrics_every: int = 10
    quality_every: int = 500  # KID + diversity
    quality_samples: int = 64  # images per side for KID during training
    samples_every: int = 100
    sample_count: int = 16  # the fixed-seed grid (4×4)
    checkpoint_every: int = 500
    checkpoint_minutes: float = 5.0
    seed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> TrainConfig:
        if self.architecture not in ARCHITECTURES:
            raise TrainingError(
                f"Unknown architecture {self.architecture!r}.", hint=f"Use one of {', '.join(ARCHITECTURES)}."
            )
        if self.resolution not in RESOLUTIONS:
            raise TrainingError(
                f"Resolution {self.resolution} is not supported.",
                hint=f"Use one of {', '.join(map(str, RESOLUTIONS))}.",
            )
        if self.schedule not in SCHEDULES:
            raise TrainingError(f"Unknown learning-rate schedule {self.schedule!r}.",
                                hint=f"Use one of {', '.join(SCHEDULES)}.")
        if self.batch_size < 1 or self.z_dim < 1 or self.width < 4:
            raise TrainingError("Batch size, z_dim and width must be positive (width at least 4).")
        if self.architecture == "dcgan" and self.resolution != 64:
            raise TrainingError("The DCGAN preset trains at 64 px only.", hint="Choose 64 px or FastGAN.")
        if self.perceptual_weight < 0 or self.adversarial_weight < 0:
            raise TrainingError("Loss weights cannot be negative.")
        if self.precision not in PRECISIONS:
            raise TrainingError(f"Unknown precision {self.precision!r}.",
                                hint=f"Use one of {', '.join(PRECISIONS)}.")
        if self.feature_input and not 32 <= self.feature_input <= 512:
            raise TrainingError("The feature network's input size must be between 32 and 512 px.")
        return self

    @property
    def kind(self) -> str:
        return "vae" if self.architecture == "vae" else "gan"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known}).validate()

    def replace(self, **changes: Any) -> TrainConfig:
        return dataclasses.replace(self, **changes).validate()


# Sized for a 2-core CPU: quick-64 shows shapes within minutes there.
PRESETS: dict[str, TrainConfig] = {
    "quick-64": TrainConfig(resolution=64, width=16, batch_size=8, z_dim=64),
    "balanced-128": TrainConfig(resolution=128, width=24, batch_size=8, z_dim=128, self_attention=True),
    "quality-256": TrainConfig(
        resolution=256, width=32, batch_size=8, z_dim=256, self_attention=True, recon_decoder=True,
        r1_gamma=1.0, schedule="cosine",
    ),
    # Projected D (Sauer et al. 2021): FastGAN's G against frozen EfficientNet-Lite0 features.
    "projected-64": TrainConfig(architecture="projected", resolution=64, width=32, batch_size=8, z_dim=64,
                                feature_input=128),
    "projected-128": TrainConfig(architecture="projected", resolution=128, width=24, batch_size=8,
                                 z_dim=128, feature_input=160),
    "projected-256": TrainConfig(architecture="projected", resolution=256, width=32, batch_size=16,
                                 z_dim=256, feature_input=256, projection_channels=64),
    "vae-64": TrainConfig(architecture="vae", resolution=64, width=32, batch_size=16, z_dim=64,
                          lr=1e-3, beta1=0.9, ema_decay=0.0, diffaugment="", spectral_norm=False,
                          perceptual_weight=50.0),
    "vae-128": TrainConfig(architecture="vae", resolution=128, width=32, batch_size=16, z_dim=128,
                           lr=1e-3, beta1=0.9, ema_decay=0.0, diffaugment="", spectral_norm=False,
                           perceptual_weight=50.0),
    "vae-gan-64": TrainConfig(architecture="vae", resolution=64, width=32, batch_size=16, z_dim=64,
                              lr=1e-3, beta1=0.9, ema_decay=0.0, diffaugment="", spectral_norm=True,
                              perceptual_weight=50.0, adversarial_weight=5.0),
    "dcgan-64": TrainConfig(architecture="dcgan", resolution=64, width=32, batch_size=16, z_dim=100,
                            diffaugment="", spectral_norm=False),
}

# What a new run trains when nobody picks a preset (Train panel, `genart train`): the recipe that
# measured best at equal wall time in `bench quality` (models/README.md has the table).
DEFAULT_PRESET = "projected-64"

PRESET_LABELS: dict[str, str] = {
    "quick-64": "Quick 64 px (FastGAN)",
    "balanced-128": "Balanced 128 px (FastGAN)",
    "quality-256": "Quality 256 px (FastGAN)",
    "projected-64": "Recommended: Projected 64 px",
    "projected-128": "Projected 128 px",
    "projected-256": "Projected 256 px (GPU)",
    "vae-64": "VAE 64 px",
    "vae-128": "VAE 128 px",
    "vae-gan-64": "VAE-GAN 64 px (sharper)",
    "dcgan-64": "DCGAN 64 px (comparison)",
}


# What a continued run may change: how it trains, never the networks' shapes (the weights and
# optimiser state must load as saved). A lower rate or a bigger batch late in training is the
# usual way to settle a GAN that has stopped improving.
CONTINUE_SETTINGS = frozenset({
    "lr", "batch_size", "schedule", "step_every", "ema_decay", "precision", "r1_gamma", "r1_every",
    "diffaugment", "flip", "beta", "kl_warmup_steps", "perceptual_weight", "metrics_every", "quality_every",
    "quality_samples", "samples_every", "checkpoint_every", "checkpoint_minutes",
})


def preset(name: str, **overrides: Any) -> TrainConfig:
    if name not in PRESETS:
        raise TrainingError(f"Unknown preset {name!r}.", hint=f"Use one of {', '.join(PRESETS)}.")
    return PRESETS[name].replace(**overrides)

"""Learning-rate schedules and the VAE's KL warm-up, as pure functions of progress.

Computed from the step (and the fraction of the budget done) instead of kept in a
scheduler object, so a resumed run continues its schedule exactly.
"""

from __future__ import annotations

import math

from genart_desktop.training.config import TrainConfig

MIN_FACTOR = 0.05  # cosine decays to 5 % of the base rate, not to zero


def lr_factor(cfg: TrainConfig, step: int, fraction_done: float) -> float:
    if cfg.schedule == "cosine":
        f = min(max(fraction_done, 0.0), 1.0)
        return MIN_FACTOR + (1 - MIN_FACTOR) * 0.5 * (1 + math.cos(math.pi * f))
    if cfg.schedule == "step":
        return 0.5 ** (step // max(cfg.step_every, 1))
    return 1.0


def kl_weight(cfg: TrainConfig, step: int) -> float:
    """β times a linear warm-up from 0 over ``kl_warmup_steps`` (avoids posterior collapse)."""
    if cfg.kl_warmup_steps <= 0:
        return cfg.beta
    return cfg.beta * min(1.0, step / cfg.kl_warmup_steps)

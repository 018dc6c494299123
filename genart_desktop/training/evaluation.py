"""A model's standard quality figures: FID and KID (Inception-v3) against its training set.

Protocol (the card's ``quality`` and ``bench quality`` use it): ``n`` generated images
(default 1,000, fixed seeds) against every training image; the reference is the same
statistic between ``n`` training images and the rest of the set, so each figure carries its
own floor. Real features are cached per dataset (``<cache>/inception/<key>.npy``), because
Inception on a CPU costs about a tenth of a second per image.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_bytes
from genart_desktop.training import inception

log = logging.getLogger(__name__)

Generate = Callable[[torch.Tensor], torch.Tensor]  # z → float NCHW in [-1, 1]


@dataclass
class Quality:
    fid: float
    kid: float
    kid_std: float
    n: int
    n_real: int
    fid_reference: float  # n training images against the rest: the floor at this n
    kid_reference: float
    network: str = inception.NETWORK

    def to_card(self) -> dict[str, float | int | str]:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _cache_path(key: str) -> Path:
    return paths.ensure(paths.cache_dir() / "inception") / f"{key}.npy"


def images_key(images: np.ndarray) -> str:
    """A content key for a uint8 image array (shape plus a hash of every 97th image)."""
    digest = hashlib.sha256(str(images.shape).encode())
    for i in range(0, len(images), 97):
        digest.update(np.ascontiguousarray(images[i]).tobytes())
    return digest.hexdigest()[:24]


def real_features(images: np.ndarray, device: torch.device | str = "cpu") -> np.ndarray:
    path = _cache_path(images_key(images))
    if path.is_file():
        try:
            cached = np.load(path)
            if cached.shape == (len(images), inception.FEATURE_DIM):
                return cached
        except (OSError, ValueError):
            log.warning("ignoring unreadable feature cache %s", path)
    feats = np.concatenate([inception.features(np.asarray(images[i:i + 200]), device)
                            for i in range(0, len(images), 200)])
    import io

    buffer = io.BytesIO()
    np.save(buffer, feats)
    atomic_write_bytes(path, buffer.getvalue())
    return feats


def reference(real: np.ndarray, n: int, seed: int = 0) -> tuple[float, float]:
    """(FID, KID) of ``n`` training images against the others: what a perfect model would score."""
    order = np.random.default_rng(seed).permutation(len(real))
    n = min(n, len(real) // 2)
    a, b = real[order[:n]], real[order[n:]]
    return inception.fid(a, b), inception.kid(a, b, subset_size=n)[0]


def fake_features(generate: Generate, z_dim: int, n: int, device: torch.device | str = "cpu",
                  batch: int = 50, seed: int = 4242) -> np.ndarray:
    z = torch.randn(n, z_dim, generator=torch.Generator().manual_seed(seed))
    out = []
    with torch.no_grad():
        for i in range(0, n, batch):
            out.append(inception.features(generate(z[i:i + batch]).float(), device))
    return np.concatenate(out)


def evaluate(fake: np.ndarray, real: np.ndarray, seed: int = 0) -> Quality:
    """FID/KID of generated features against real ones, with the real-split reference."""
    n = len(fake)
    kid_mean, kid_std = inception.kid(real, fake, subset_size=min(n, 1000), seed=seed)
    fid_ref, kid_ref = reference(real, n, seed)
    return Quality(fid=inception.fid(real, fake), kid=kid_mean, kid_std=kid_std, n=n, n_real=len(real),
                   fid_reference=fid_ref, kid_reference=kid_ref)

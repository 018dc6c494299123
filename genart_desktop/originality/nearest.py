"""The pixels of a generated image's nearest training image, for the side-by-side view.

An originality verdict names the training image as ``"<dataset id>:<relative path>"``. Its
pixels come from that dataset's preprocessing cache on this machine (the same pixels the
check compared); a bundled model's training images are not shipped, so then there are none.
"""

from __future__ import annotations

import json

import numpy as np

from genart_desktop.core import paths


def nearest_training_image(label: str, resolution: int = 0) -> np.ndarray | None:
    """uint8 [H, W, 3] of the training image named by ``label``; None when not available here."""
    dataset_id, _, relative = label.partition(":")
    folder = paths.datasets_dir() / dataset_id
    if not dataset_id or not relative or not folder.is_dir():
        return None
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        included = [f["path"] for f in manifest.get("files", []) if f.get("included", True)]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if relative.startswith("#") and relative[1:].isdigit():  # an index label (no manifest paths)
        row = int(relative[1:])
    elif relative in included:
        row = included.index(relative)
    else:
        return None
    preferred = folder / f"cache-{resolution}-crop.npy"
    caches = [preferred] if preferred.is_file() else sorted(folder.glob("cache-*-crop.npy"))
    for cache in caches:
        array = np.load(cache, mmap_mode="r")
        if row < len(array):
            return np.array(array[row])
    return None

"""EfficientNet-Lite0 pooled features through ONNX Runtime (no torch at generation time).

The ONNX file is exported once from the shipped PyTorch weights (feature_net.py, the only
place torch is touched, lazily) into the cache folder, and reused by every later run.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from genart_desktop.core import paths
from genart_desktop.core.errors import Cancelled, ModelError
from genart_desktop.core.progress import ShouldStop, never_stop
from genart_desktop.originality import feature_net

log = logging.getLogger(__name__)

FEATURE_NAME = feature_net.MODEL_NAME
BATCH = 32
_export_lock = threading.Lock()


def default_onnx_path() -> Path:
    return paths.cache_dir() / "originality" / f"{FEATURE_NAME}-features.onnx"


def ensure_feature_onnx(path: Path | None = None, should_stop: ShouldStop = never_stop) -> Path:
    """The feature network's ONNX file, exported (once, ~10 s) when it is not there yet."""
    target = path or default_onnx_path()
    with _export_lock:
        if not target.is_file():
            log.info("exporting the EfficientNet-Lite0 feature network to %s", target)
            _export(target, should_stop)
    return target


def _export(target: Path, should_stop: ShouldStop) -> None:
    if getattr(sys, "frozen", False):  # a bundled app has no interpreter to start: export here
        feature_net.export_feature_net_onnx(target)
        return
    # A child process keeps torch (~1 GB, seconds to import) out of the app's own process. It is
    # stopped when the caller is (the app closing during a first start on a busy laptop took
    # minutes here, and Qt aborts a process that quits with the warming thread still running).
    command = [sys.executable, "-m", "genart_desktop.originality.export_features", str(target)]
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block the child
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        while child.poll() is None:
            if should_stop():
                child.kill()
                child.wait()
                raise Cancelled("Preparing the originality check was stopped; it resumes next time.")
            time.sleep(0.1)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", errors="replace")
    if child.returncode != 0 or not target.is_file():
        log.error("feature network export failed:\n%s", stderr[-4000:])
        raise ModelError("The originality check's feature network could not be prepared.", path=target,
                         hint="Reinstall the app (./run reinstalls packages); the log has the details.")


def prepare(pixels: np.ndarray) -> np.ndarray:
    """uint8 [N, H, W, 3] → float32 [N, 3, 224, 224] in [-1, 1] (bilinear resize, as in training)."""
    size = feature_net.INPUT_SIZE
    out = np.empty((len(pixels), 3, size, size), np.float32)
    for i, array in enumerate(pixels):
        picture = Image.fromarray(np.ascontiguousarray(array), "RGB")
        if picture.size != (size, size):
            picture = picture.resize((size, size), Image.Resampling.BILINEAR)
        out[i] = (np.asarray(picture, np.float32) / 127.5 - 1.0).transpose(2, 0, 1)
    return out


def cpu_session(model: str | bytes) -> Any:
    """An ONNX Runtime session on the CPU provider alone (all cores but one), for networks that
    must not go near a GPU provider: no CUDA probe, so no loader error on machines without it."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = max(1, (os.cpu_count() or 1) - 1)
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


class FeatureExtractor:
    """Pooled 1280-d features, L2-normalised (so distances are in [0, 2] and scale-free)."""

    def __init__(self, onnx_path: Path | None = None, should_stop: ShouldStop = never_stop) -> None:
        self.path = ensure_feature_onnx(onnx_path, should_stop)
        try:
            self.session = cpu_session(str(self.path))
        except Exception as exc:  # a damaged cache file: say so; deleting it re-exports
            raise ModelError("The feature network could not be loaded.", path=self.path,
                             hint="Delete this file; it is exported again on the next check.") from exc

    def features(self, pixels: np.ndarray) -> np.ndarray:
        if len(pixels) == 0:
            return np.zeros((0, feature_net.FEATURE_DIM), np.float32)
        chunks = []
        for lo in range(0, len(pixels), BATCH):
            batch = prepare(pixels[lo:lo + BATCH])
            chunks.append(self.session.run([feature_net.ONNX_OUTPUT], {feature_net.ONNX_INPUT: batch})[0])
        feats = np.concatenate(chunks).astype(np.float32)
        norms = np.linalg.norm(feats, axis=1, keepdims=True)
        return feats / np.maximum(norms, 1e-12)


_shared: dict[str, FeatureExtractor] = {}
_shared_lock = threading.Lock()


def shared_extractor(onnx_path: Path | None = None, should_stop: ShouldStop = never_stop) -> FeatureExtractor:
    """One extractor per ONNX file per process (the session is the expensive part)."""
    key = str(onnx_path or default_onnx_path())
    with _shared_lock:
        if key not in _shared:
            _shared[key] = FeatureExtractor(onnx_path, should_stop)
        return _shared[key]

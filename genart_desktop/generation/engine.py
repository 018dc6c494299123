"""One cached ONNX Runtime session per model, and running generators/encoders on it.

Sessions are created once (verifying the files first) and kept: creating one costs far more
than running a 64 px generator, so the GUI warms the session as soon as a model is picked.
On CUDA the run goes through IOBinding: the latents are copied to the GPU once and the
output is allocated there, so nothing bounces through host memory between nodes.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from genart_desktop.core.errors import GenerationError, ModelError
from genart_desktop.generation import providers
from genart_desktop.generation.latents import noise_for_seed
from genart_desktop.generation.onnx_shapes import check_output
from genart_desktop.generation.registry import ModelInfo, verify_model

log = logging.getLogger(__name__)

Z_INPUT = "z"
IMAGE_OUTPUT = "image"


@dataclass
class LoadedModel:
    info: ModelInfo
    generator: providers.SessionHandle
    encoder: providers.SessionHandle | None
    noise_inputs: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)

    @property
    def device(self) -> str:
        return self.generator.device


def _noise_inputs(session: Any, path: str) -> list[tuple[str, tuple[int, ...]]]:
    names = [i.name for i in session.get_inputs()]
    if Z_INPUT not in names:
        raise ModelError("The generator has no input named 'z'.", path=path,
                         hint="It does not follow the GenArt ONNX contract (DESIGN.md §4).")
    if IMAGE_OUTPUT not in [o.name for o in session.get_outputs()]:
        raise ModelError("The generator has no output named 'image'.", path=path,
                         hint="It does not follow the GenArt ONNX contract (DESIGN.md §4).")
    extra = []
    for spec in session.get_inputs():
        if spec.name == Z_INPUT:
            continue
        dims = spec.shape[1:]
        if not all(isinstance(d, int) for d in dims):
            raise ModelError(f"The generator's noise input {spec.name!r} has no fixed shape.", path=path,
                             hint="Explicit noise inputs need a fixed per-image shape.")
        extra.append((spec.name, tuple(dims)))
    return extra


def run_session(handle: providers.SessionHandle, feeds: dict[str, np.ndarray],
                output: str, *, bind_device: str | None = None) -> list[np.ndarray]:
    """Run ``handle``; through IOBinding when it runs on CUDA (or when ``bind_device`` says so)."""
    device = bind_device or ("cuda" if handle.uses_iobinding else None)
    if device is None:
        return handle.session.run(None, feeds)
    import onnxruntime

    binding = handle.session.io_binding()
    for name, array in feeds.items():
        binding.bind_ortvalue_input(name, onnxruntime.OrtValue.ortvalue_from_numpy(array, device, 0))
    for out in handle.session.get_outputs():
        binding.bind_output(out.name, device, 0)
    handle.session.run_with_iobinding(binding)
    return list(binding.copy_outputs_to_cpu())


class Engine:
    """Keeps sessions warm. Thread-safe: sessions are created under a lock, runs are concurrent."""

    def __init__(self, *, use_gpu: bool = True, available: list[str] | None = None) -> None:
        self.use_gpu = use_gpu
        self._available = available
        self._models: dict[tuple[str, str], LoadedModel] = {}
        self._lock = threading.Lock()

    def load(self, info: ModelInfo) -> LoadedModel:
        key = (str(info.folder), info.generator_sha256)
        with self._lock:
            loaded = self._models.get(key)
            if loaded is None:
                loaded = self._open(info)
                self._models[key] = loaded
            return loaded

    def _open(self, info: ModelInfo) -> LoadedModel:
        verify_model(info)
        generator = providers.create_session(
            str(info.generator_path), available=self._available, use_gpu=self.use_gpu, label=info.id)
        noise = _noise_inputs(generator.session, str(info.generator_path))
        encoder = None
        if info.kind == "vae":
            if info.encoder_path is None:
                raise ModelError("This VAE has no encoder.onnx.", path=info.folder,
                                 hint="Re-export the model from its training run.")
            encoder = providers.create_session(
                str(info.encoder_path), available=self._available, use_gpu=self.use_gpu,
                label=f"{info.id}/encoder")
        return LoadedModel(info, generator, encoder, noise)

    def warm(self, info: ModelInfo) -> str:
        """Create the session and run one image so the first real request is fast; returns the device."""
        loaded = self.load(info)
        self.generate(info, np.zeros((1, info.z_dim), np.float32), [0])
        return loaded.device

    def device(self, info: ModelInfo) -> str:
        return self.load(info).device

    def generate(self, info: ModelInfo, z: np.ndarray, seeds: list[int]) -> np.ndarray:
        """Latents [N, z_dim] → images float32 [N, 3, H, W] in [-1, 1]."""
        loaded = self.load(info)
        z = np.ascontiguousarray(z, dtype=np.float32)
        if z.ndim != 2 or z.shape[1] != info.z_dim:
            raise GenerationError(f"Expected latents of shape [N, {info.z_dim}], got {list(z.shape)}.")
        feeds = {Z_INPUT: z}
        for stream, (name, shape) in enumerate(loaded.noise_inputs, start=1):
            feeds[name] = np.stack([noise_for_seed(s, stream, shape) for s in seeds]).astype(np.float32)
        names = [o.name for o in loaded.generator.session.get_outputs()]
        outputs = run_session(loaded.generator, feeds, IMAGE_OUTPUT)
        image = outputs[names.index(IMAGE_OUTPUT)]
        if image.ndim != 4 or image.shape[1] != 3:
            raise GenerationError(f"The generator returned an array of shape {list(image.shape)}, "
                                  "not [N, 3, H, W].", path=info.generator_path)
        check_output(image.shape, info.card, info.generator_path)
        return image

    def encode(self, info: ModelInfo, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """VAE: images float32 [N, 3, H, W] in [-1, 1] → (mu, logvar) [N, z_dim]."""
        loaded = self.load(info)
        if loaded.encoder is None:
            raise GenerationError(f"The model {info.name!r} is a GAN; only VAEs can encode images.",
                                  hint="Pick a VAE model for variations of an input image.")
        names = [o.name for o in loaded.encoder.session.get_outputs()]
        outputs = run_session(loaded.encoder, {"image": np.ascontiguousarray(images, np.float32)}, "mu")
        return outputs[names.index("mu")], outputs[names.index("logvar")]

    def forget(self, info: ModelInfo | None = None) -> None:
        with self._lock:
            if info is None:
                self._models.clear()
            else:
                self._models = {k: v for k, v in self._models.items() if k[0] != str(info.folder)}


_default: Engine | None = None
_default_lock = threading.Lock()


def default_engine() -> Engine:
    """The process-wide engine the GUI jobs and the CLI share (so sessions stay warm)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Engine()
        return _default

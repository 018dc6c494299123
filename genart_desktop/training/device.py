"""Device choice (CUDA with autocast, Apple MPS, CPU) and CPU thread policy.

On CPU the trainer leaves one core for the GUI: torch threads = cores − 1 (at least 1).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import torch

from genart_desktop.core.errors import TrainingError

DEVICES = ("auto", "cpu", "cuda", "mps")


def resolve_device(name: str = "auto") -> torch.device:
    name = (name or "auto").lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise TrainingError("CUDA was asked for, but no CUDA GPU is available.",
                                hint="Choose 'auto' or 'cpu' as the device.")
        return torch.device(name)
    if name == "mps":
        if not (getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()):
            raise TrainingError("Apple MPS was asked for, but it is not available on this machine.",
                                hint="Choose 'auto' or 'cpu' as the device.")
        return torch.device("mps")
    if name == "cpu":
        return torch.device("cpu")
    raise TrainingError(f"Unknown device {name!r}.", hint=f"Use one of {', '.join(DEVICES)}.")


def cpu_threads() -> int:
    """Cores minus one for the GUI, at least one."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, count - 1)


def configure_threads(device: torch.device, processes: int = 1) -> None:
    """On CPU, share cores − 1 between the training processes of this machine."""
    if device.type == "cpu":
        torch.set_num_threads(max(1, cpu_threads() // max(processes, 1)))


def autocast(device: torch.device) -> contextlib.AbstractContextManager:
    """Mixed precision on CUDA (bf16 where supported, else fp16); full precision elsewhere."""
    if device.type == "cuda":
        dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.autocast("cuda", dtype=dtype)
    return contextlib.nullcontext()


def needs_grad_scaler(device: torch.device) -> bool:
    return device.type == "cuda" and not torch.cuda.is_bf16_supported()


@contextlib.contextmanager
def eval_mode(*modules: torch.nn.Module) -> Iterator[None]:
    states = [m.training for m in modules]
    for m in modules:
        m.eval()
    try:
        yield
    finally:
        for m, was in zip(modules, states, strict=True):
            m.train(was)


def device_label(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    if device.type == "cpu":
        return f"cpu ({torch.get_num_threads()} threads)"
    return device.type

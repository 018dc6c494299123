"""Device choice (CUDA, Apple MPS, CPU), the precision a run computes in, and CPU thread policy.

CPU threads: the trainer uses every core unless told otherwise. The GUI passes a callable that
says how many to use right now (all cores while the window is idle or minimised, cores − 1
while the user works in it); the trainer asks between steps and changes the pool when the
answer changes. Measured on a 2-core machine (DESIGN.md §6): 2 threads give 1.7× the GAN's
steps/s of 1 thread while the GUI's event-loop lag p99 stays near 2 ms.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import torch

from genart_desktop.core.errors import TrainingError
from genart_desktop.training.config import PRECISIONS

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


def cpu_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def cpu_threads(leave_one: bool = False) -> int:
    """All cores, or all but one (for a GUI the user is working in); at least one."""
    return max(1, cpu_cores() - (1 if leave_one else 0))


def configure_threads(device: torch.device, processes: int = 1, threads: int | None = None) -> int:
    """On CPU, share ``threads`` (default: every core) between the training processes of this
    machine; returns the count set (0 on other devices)."""
    if device.type != "cpu":
        return 0
    count = max(1, (threads or cpu_threads()) // max(processes, 1))
    if torch.get_num_threads() != count:
        torch.set_num_threads(count)
    return count


def cpu_has_bf16() -> bool:
    """Whether this CPU computes bf16 natively (AVX512-BF16 or AMX). Only there does bf16
    autocast pay: measured on a Xeon with AMX at 1 thread, projected-64 steps/s 1.43× and
    quick-64 1.7× of full precision (models/README.md); without these units bf16 is emulated."""
    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in probes)


def resolve_precision(name: str, device: torch.device) -> str:
    """The precision a run computes in: "fp32", "bf16" or "fp16" (autocast; weights stay fp32).

    "auto": bf16 on a CUDA GPU that has it (else fp16 with a grad scaler), bf16 on a CPU with
    native bf16, full precision elsewhere (Apple MPS, older CPUs)."""
    name = (name or "auto").lower()
    if name not in PRECISIONS:
        raise TrainingError(f"Unknown precision {name!r}.", hint=f"Use one of {', '.join(PRECISIONS)}.")
    if name == "fp32":
        return "fp32"
    if device.type == "cuda":
        if torch.cuda.is_bf16_supported():
            return "bf16"
        if name == "bf16":
            raise TrainingError("This GPU does not compute in bf16.", hint="Choose precision auto or fp32.")
        return "fp16"
    if device.type == "cpu":
        return "bf16" if name == "bf16" or cpu_has_bf16() else "fp32"
    if name == "bf16":
        raise TrainingError(f"bf16 training is not available on {device.type}.",
                            hint="Choose precision auto or fp32.")
    return "fp32"


def autocast(device: torch.device, precision: str) -> contextlib.AbstractContextManager:
    """Mixed precision for a resolved ``precision`` (see resolve_precision); a no-op for fp32."""
    if precision in ("bf16", "fp16"):
        dtype = torch.bfloat16 if precision == "bf16" else torch.float16
        return torch.autocast(device.type, dtype=dtype)
    return contextlib.nullcontext()


def needs_grad_scaler(precision: str) -> bool:
    return precision == "fp16"


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

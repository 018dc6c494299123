"""Which ONNX Runtime execution providers to use, in which order, and how to fall back.

Order: CUDA (with IOBinding, so inputs and outputs stay on the GPU during a run) →
DirectML (Windows) / CoreML (macOS) where the build offers them → CPU. A provider that the
build lists but cannot load (e.g. onnxruntime-gpu without the CUDA libraries) makes ONNX
Runtime fall back to CPU *silently*; we detect that by asking the session which providers it
really uses, log it, remember the failure for this process and report the device that runs.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from genart_desktop.core.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    import onnxruntime

log = logging.getLogger(__name__)

CUDA = "CUDAExecutionProvider"
DIRECTML = "DmlExecutionProvider"
COREML = "CoreMLExecutionProvider"
CPU = "CPUExecutionProvider"
PREFERRED_ORDER = (CUDA, DIRECTML, COREML, CPU)
DEVICE_NAMES = {CUDA: "CUDA GPU", DIRECTML: "DirectML GPU", COREML: "CoreML", CPU: "CPU"}

_failed: set[str] = set()  # providers that failed to load in this process: not retried
_failed_lock = threading.Lock()


def available_providers() -> list[str]:
    import onnxruntime

    return list(onnxruntime.get_available_providers())


def provider_order(available: list[str] | None = None, *, use_gpu: bool = True) -> list[str]:
    """The providers worth trying, best first; CPU is always last and always present."""
    offered = available_providers() if available is None else available
    with _failed_lock:
        failed = set(_failed)
    order = [p for p in PREFERRED_ORDER if p in offered and p != CPU and p not in failed]
    return ([*order] if use_gpu else []) + [CPU]


def cpu_threads() -> int:
    """Intra-op threads for CPU sessions: all cores but one (left for the GUI), at least 1."""
    return max(1, (os.cpu_count() or 1) - 1)


def session_options() -> onnxruntime.SessionOptions:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = cpu_threads()
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    # The memory pattern allocates one block per run for all activations and frees it, so every
    # run page-faults it in again (221,000 minor faults per 3 runs of a 256 px batch of 16);
    # without it the arena keeps its blocks: 0 faults and 22 → 25 img/s, and no collapse to
    # ~6 img/s when other processes compete for memory bandwidth (bench_generate).
    options.enable_mem_pattern = False
    return options


@dataclass(frozen=True)
class SessionHandle:
    """A ready session and the provider that actually runs it."""

    session: Any  # onnxruntime.InferenceSession
    provider: str
    tried: tuple[str, ...]

    @property
    def device(self) -> str:
        name = DEVICE_NAMES.get(self.provider, self.provider)
        if self.provider == CPU:
            threads = cpu_threads()
            return f"{name} ({threads} thread{'s' if threads != 1 else ''})"
        return name

    @property
    def uses_iobinding(self) -> bool:
        return self.provider == CUDA


# ONNX Runtime's own log (stderr, in red) during a probe of a GPU provider: a machine without
# CUDA is normal, not an error to print at every start. 3 = errors, 4 = fatal only.
ORT_LOG_QUIET, ORT_LOG_NORMAL = 4, 3


def quiet_ort_logging(onnxruntime: Any, quiet: bool) -> None:
    """Set ORT's process-wide default log severity (its provider loader logs through it)."""
    setter = getattr(onnxruntime, "set_default_logger_severity", None)
    if setter is not None:
        setter(ORT_LOG_QUIET if quiet else ORT_LOG_NORMAL)


def _mark_failed(provider: str, reason: str) -> None:
    with _failed_lock:
        _failed.add(provider)
    # Expected on most machines: one line in the app's log file, nothing on the terminal.
    log.info("ONNX Runtime provider %s is not usable here (%s); using the next one", provider, reason)


def create_session(
    model: str | bytes, *, available: list[str] | None = None, use_gpu: bool = True, label: str = ""
) -> SessionHandle:
    """Open ``model`` (a path or ONNX bytes) on the best provider that really loads."""
    import onnxruntime

    order = provider_order(available, use_gpu=use_gpu)
    tried: list[str] = []
    last_error: Exception | None = None
    for provider in order:
        tried.append(provider)
        providers = [provider] if provider == CPU else [provider, CPU]
        options = session_options()
        if provider != CPU:
            options.log_severity_level = ORT_LOG_QUIET
        quiet_ort_logging(onnxruntime, provider != CPU)
        try:
            session = onnxruntime.InferenceSession(model, options, providers=providers)
        except Exception as exc:  # ORT raises several unrelated types for a bad provider or file
            last_error = exc
            if provider == CPU:
                break
            _mark_failed(provider, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            continue
        finally:
            quiet_ort_logging(onnxruntime, False)
        actual = session.get_providers()[0]
        if actual != provider:
            # ORT silently fell back to CPU: the provider's libraries did not load.
            _mark_failed(provider, "its libraries could not be loaded")
            if actual == CPU:
                handle = SessionHandle(session, CPU, tuple(tried))
                log.info("model %s runs on %s", label or "?", handle.device)
                return handle
            continue
        handle = SessionHandle(session, provider, tuple(tried))
        log.info("model %s runs on %s", label or "?", handle.device)
        return handle
    raise ModelError(
        "ONNX Runtime could not open the model.",
        path=model if isinstance(model, str) else None,
        hint=f"The file may be damaged or not an image generator ({last_error}).",
    )


def reset_failures() -> None:
    """Forget which providers failed (tests; a driver installed while the app runs)."""
    with _failed_lock:
        _failed.clear()

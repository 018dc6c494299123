"""Which ONNX Runtime execution providers this machine offers."""

from __future__ import annotations


def available_providers() -> list[str]:
    import onnxruntime

    return list(onnxruntime.get_available_providers())

"""Facts about the machine the GUI shows without importing heavy services up front."""

from __future__ import annotations


def onnx_providers() -> list[str]:
    """ONNX Runtime's available execution providers (imports onnxruntime on first call)."""
    from genart_desktop.generation.providers import available_providers

    return available_providers()

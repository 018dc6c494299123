"""Turn a reviewed scan into a dataset: immutable manifest, library entry, preprocessing cache."""

from __future__ import annotations

from typing import Any

from genart_desktop.core.progress import ProgressFn, ShouldStop, never_stop, no_progress
from genart_desktop.datasets.cache import build_cache
from genart_desktop.datasets.manifest import save_manifest
from genart_desktop.datasets.model import ScanResult


def register_in_library(manifest: dict[str, Any]) -> None:
    """Record the manifest in the library catalogue (one call; the library owns the table)."""
    from genart_desktop.library import Library

    library = Library.open()
    try:
        library.register_dataset(manifest)
    finally:
        library.close()


def finalize(
    result: ScanResult,
    name: str = "",
    *,
    build: bool = True,
    progress: ProgressFn = no_progress,
    should_stop: ShouldStop = never_stop,
) -> dict[str, Any]:
    """Save the manifest (refused with reasons if it may not train), register it, build the cache."""
    progress(0.0, "Writing the dataset manifest…")
    manifest = save_manifest(result, name)
    register_in_library(manifest)
    if build:
        build_cache(
            manifest["id"],
            result.size,
            result.fit,
            progress=lambda f, m: progress(0.05 + 0.95 * f, m),
            should_stop=should_stop,
        )
    progress(1.0, f"Dataset {manifest['id']} ready")
    return manifest

"""Training folders: scan and validation, licence detection, manifests, preprocessing cache.

Public API (CONTRACTS.md): ``scan``, ``Declaration``/``declare``, ``save_manifest``,
``load_manifest``, ``cache_path``, ``build_cache``. Submodules import lazily so importing the
package stays cheap.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "scan": "genart_desktop.datasets.scan",
    "ScanResult": "genart_desktop.datasets.model",
    "FileEntry": "genart_desktop.datasets.model",
    "Declaration": "genart_desktop.datasets.declarations",
    "declare": ("genart_desktop.datasets.declarations", "apply"),
    "readiness": "genart_desktop.datasets.declarations",
    "build_manifest": "genart_desktop.datasets.manifest",
    "save_manifest": "genart_desktop.datasets.manifest",
    "load_manifest": "genart_desktop.datasets.manifest",
    "list_datasets": "genart_desktop.datasets.manifest",
    "cache_path": "genart_desktop.datasets.cache",
    "build_cache": "genart_desktop.datasets.cache",
    "build_report": "genart_desktop.datasets.report",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(name)
    import importlib

    module_name, attr = target if isinstance(target, tuple) else (target, name)
    return getattr(importlib.import_module(module_name), attr)

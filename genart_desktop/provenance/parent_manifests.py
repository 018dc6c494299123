"""C2PA manifests of files that came with a sidecar (``name.c2pa``), kept for their re-export.

An image signed with a sidecar manifest carries no manifest in its own bytes, so the library
copy of an imported one would lose its history. Import keeps the sidecar's bytes here (by the
image's sha256); a later export signs the image in as its ``parentOf`` ingredient with that
manifest, so the new manifest continues the old history instead of starting one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_bytes
from genart_desktop.provenance import files

log = logging.getLogger(__name__)
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


def sidecar_manifest(image: Path) -> bytes | None:
    """The bytes of the manifest beside ``image`` (``name.c2pa`` or ``name.ext.c2pa``), if any."""
    for candidate in files.c2pa_sidecars(image):
        try:
            if candidate.is_file() and candidate.stat().st_size <= MAX_MANIFEST_BYTES:
                return candidate.read_bytes()
        except OSError as exc:
            log.warning("cannot read the C2PA sidecar %s: %s", candidate, exc)
    return None


def _kept_path(sha256: str) -> Path:
    return paths.manifests_dir() / f"{sha256}.c2pa"


def keep(sha256: str, manifest: bytes) -> None:
    """Remember ``manifest`` as the sidecar of the image with this sha256."""
    paths.ensure(paths.manifests_dir())
    atomic_write_bytes(_kept_path(sha256), manifest)


def kept(sha256: str) -> bytes | None:
    try:
        return _kept_path(sha256).read_bytes()
    except OSError:
        return None

"""The immutable dataset manifest (``datasets/<id>/manifest.json``): build, hash, save, load.

The hash covers everything except ``id``, ``created`` and ``hash`` itself, over canonical JSON
(sorted keys, no whitespace), so scanning the same files with the same declarations gives the
same hash on any run. The id is derived from the hash: an unchanged rescan finds its existing
manifest; any change (a file, a licence, a declaration) makes a new dataset version, and models
keep pointing at the version they were trained on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_json
from genart_desktop.core.errors import DatasetError, LicenceError
from genart_desktop.datasets import declarations
from genart_desktop.datasets.model import ScanResult

SCHEMA = "genart.dataset-manifest/1"
ID_RE = re.compile(r"^ds-[0-9a-f]{16}$")


def _file_dict(e) -> dict[str, Any]:
    return {
        "path": e.path,
        "source": e.source,
        "sha256": e.sha256,
        "size": e.size,
        "width": e.width,
        "height": e.height,
        "format": e.format,
        "licence": e.licence,
        "attribution_name": e.attribution_name,
        "attribution_url": e.attribution_url,
        "licence_source": e.licence_source,
        "included": e.included,
        "reason": e.reason,
        "notes": list(e.notes),
        "near_duplicate_of": e.near_duplicate_of,
        "do_not_train": e.do_not_train,
        "findings": [vars(f).copy() for f in e.findings],
        "declaration": e.override.get("declaration", {}),
        "data_mining_override": e.override.get("data_mining_override", {}),
    }


def manifest_hash(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k not in ("id", "created", "hash")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_manifest(result: ScanResult, name: str = "") -> dict[str, Any]:
    verdict = declarations.readiness(result)
    manifest: dict[str, Any] = {
        "schema": SCHEMA,
        "id": "",
        "name": name or (Path(result.sources[0]).stem if result.sources else "dataset"),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sources": list(result.sources),
        "settings": {"size": result.size, "fit": result.fit, "background": result.background},
        "files": [_file_dict(e) for e in result.files],
        "near_duplicate_groups": result.near_duplicate_groups,
        "licence_sources": [vars(s).copy() for s in declarations.licence_sources(result)],
        "expression": verdict.expression,
        "verdict": verdict.to_dict(),
        "image_count": len(result.included),
    }
    manifest["hash"] = manifest_hash(manifest)
    manifest["id"] = "ds-" + manifest["hash"][:16]
    return manifest


def dataset_dir(dataset_id: str) -> Path:
    if not ID_RE.match(dataset_id):
        raise DatasetError(
            f"{dataset_id!r} is not a dataset id.", hint="Dataset ids look like ds-0123456789abcdef."
        )
    return paths.datasets_dir() / dataset_id


def save_manifest(result: ScanResult, name: str = "", *, require_allowed: bool = True) -> dict[str, Any]:
    """Write ``datasets/<id>/manifest.json`` once (immutable) and return the manifest."""
    manifest = build_manifest(result, name)
    if require_allowed and not manifest["verdict"]["allowed"]:
        reasons = "; ".join(manifest["verdict"]["refusals"]) or "the licences do not allow it"
        raise LicenceError(
            f"This dataset cannot be used for training yet: {reasons}.",
            hint="Fix the licences in the dataset report, or exclude the files concerned.",
        )
    target = dataset_dir(manifest["id"]) / "manifest.json"
    if target.exists():
        return load_manifest(manifest["id"])  # the same content was saved before: keep it as it was
    atomic_write_json(target, manifest)
    return manifest


def load_manifest(dataset_id: str) -> dict[str, Any]:
    path = dataset_dir(dataset_id) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(
            f"Dataset {dataset_id} does not exist.", path=path, hint="Scan the folder again to create it."
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(
            f"The manifest of dataset {dataset_id} cannot be read ({exc}).", path=path
        ) from exc
    if manifest.get("schema") != SCHEMA or manifest.get("hash") != manifest_hash(manifest):
        raise DatasetError(
            f"The manifest of dataset {dataset_id} has been altered (its hash does not match).",
            path=path,
            hint="Scan the folder again to make a new dataset version.",
        )
    return manifest


def list_datasets() -> list[dict[str, Any]]:
    root = paths.datasets_dir()
    out = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if ID_RE.match(folder.name) and (folder / "manifest.json").is_file():
            try:
                out.append(load_manifest(folder.name))
            except DatasetError:
                continue
    return out

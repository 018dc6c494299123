"""The dataset report as plain data, JSON, CSV and a short text summary (CLI and GUI share it)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Any

from genart_desktop.core.atomic import atomic_write_json, atomic_write_text
from genart_desktop.datasets import declarations
from genart_desktop.datasets.model import ScanResult

CSV_COLUMNS = (
    "path",
    "decision",
    "reason",
    "licence",
    "licence_source",
    "attribution_name",
    "attribution_url",
    "width",
    "height",
    "format",
    "sha256",
    "near_duplicate_of",
    "notes",
)


def file_rows(result: ScanResult) -> list[dict[str, Any]]:
    multi = len(result.sources) > 1
    rows = []
    for e in result.files:
        path = f"{Path(result.sources[e.source]).name}/{e.path}" if multi else e.path
        rows.append(
            {
                "path": path,
                "decision": e.decision,
                "reason": e.reason,
                "licence": e.licence,
                "licence_source": e.licence_source,
                "attribution_name": e.attribution_name,
                "attribution_url": e.attribution_url,
                "width": e.width,
                "height": e.height,
                "format": e.format,
                "sha256": e.sha256,
                "near_duplicate_of": e.near_duplicate_of,
                "notes": "; ".join(e.notes),
            }
        )
    return rows


def skip_categories(result: ScanResult) -> Counter:
    """Skipped files counted by the first words of their reason ("too small", "hidden file"…)."""
    return Counter(e.reason.split(" (")[0].split(";")[0] for e in result.skipped)


def _verdict(result: ScanResult) -> dict[str, Any]:
    """The readiness verdict. When images are included but none has a licence yet, the licence
    check sees no training data and adds "include at least one image", which contradicts the
    counts above it: that line goes (the unresolved-licence line already says what to do)."""
    verdict = declarations.readiness(result).to_dict()
    missing = len(declarations.unresolved(result))
    if result.included and missing and not verdict.get("allowed"):
        verdict["refusals"] = [r for r in verdict.get("refusals", [])
                               if not r.startswith("There is no training data")]
    return verdict


def build_report(result: ScanResult, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
    verdict = _verdict(result)
    licences = Counter(e.licence or "unresolved" for e in result.included)
    return {
        "schema": "genart.dataset-report/1",
        "sources": result.sources,
        "dataset_id": (manifest or {}).get("id", ""),
        "manifest_hash": (manifest or {}).get("hash", ""),
        "settings": {"size": result.size, "fit": result.fit, "background": result.background},
        "counts": {
            "files": len(result.files),
            "included": len(result.included),
            "skipped": len(result.skipped),
            "unresolved_licence": len(declarations.unresolved(result)),
            "near_duplicate_groups": len(result.near_duplicate_groups),
        },
        "skipped_by_reason": dict(skip_categories(result).most_common()),
        "licences": dict(sorted(licences.items())),
        "verdict": verdict,
        "near_duplicate_groups": result.near_duplicate_groups,
        "files": file_rows(result),
    }


def write_json(report: dict[str, Any], path: Path) -> None:
    atomic_write_json(path, report)


def to_csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(report["files"])
    return buffer.getvalue()


def write_csv(report: dict[str, Any], path: Path) -> None:
    atomic_write_text(path, to_csv(report))


def summary_text(report: dict[str, Any]) -> str:
    c = report["counts"]
    lines = [
        f"{c['included']} images included, {c['skipped']} skipped (of {c['files']} files).",
    ]
    for reason, n in report["skipped_by_reason"].items():
        lines.append(f"  skipped {n:>5} × {reason}")
    if c["near_duplicate_groups"]:
        lines.append(f"{c['near_duplicate_groups']} group(s) of near-duplicate images (kept; review them).")
    lines.append("Licences: " + (", ".join(f"{k} × {v}" for k, v in report["licences"].items()) or "none"))
    verdict = report["verdict"]
    if verdict.get("expression"):
        lines.append(f"Training data expression: {verdict['expression']}")
    for ob in verdict.get("obligations", []):
        lines.append(f"  obligation: {ob.get('explanation') or ob.get('code')}")
    if verdict.get("allowed"):
        lines.append("Ready to train.")
    else:
        lines.append("Not ready to train:")
        lines += [f"  - {r}" for r in verdict.get("refusals", [])]
    return "\n".join(lines)

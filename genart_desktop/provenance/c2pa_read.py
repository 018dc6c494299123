"""Reading a C2PA manifest back with c2pa-python's Reader, optionally with a trust anchor."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genart_desktop.core.errors import VerificationError

MIME_BY_SUFFIX = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


@dataclass
class C2paResult:
    found: bool
    state: str = ""  # "Valid" | "Trusted" | "Invalid" | "" (none found)
    failures: list[str] = field(default_factory=list)  # "code: explanation"
    manifest: dict[str, Any] | None = None
    embedded: bool = True

    def assertion(self, label: str) -> dict[str, Any] | None:
        for item in (self.manifest or {}).get("assertions", []):
            if item.get("label") == label:
                return item.get("data")
        return None


def read_c2pa(image: Path, sidecar: Path | None = None, trust_anchor: Path | None = None) -> C2paResult:
    """The manifest of ``image`` (embedded, or from ``sidecar``) and its validation state."""
    import c2pa

    mime = MIME_BY_SUFFIX.get(image.suffix.lower())
    if mime is None:
        raise VerificationError(f"{image.name} is not a PNG, JPEG or WebP file.", path=image)
    settings: dict[str, Any] = {}
    if trust_anchor is not None:
        try:
            settings["trust"] = {"trust_anchors": trust_anchor.read_text(encoding="utf-8")}
        except (OSError, UnicodeDecodeError) as exc:
            raise VerificationError(f"Cannot read the trust anchor: {exc}", path=trust_anchor,
                                    hint="Give the PEM file from `genart keys export-root`.") from exc
    manifest_data = sidecar.read_bytes() if sidecar is not None else None
    try:
        data = image.read_bytes()
        reader = (c2pa.Reader(mime, io.BytesIO(data), manifest_data,
                              c2pa.Context(settings=c2pa.Settings.from_dict(settings)))
                  if settings else c2pa.Reader(mime, io.BytesIO(data), manifest_data))
        with reader:
            state = reader.get_validation_state() or ""
            results = reader.get_validation_results() or {}
            manifest = reader.get_active_manifest()
    except c2pa.C2paError as exc:
        text = str(exc)
        if "ManifestNotFound" in type(exc).__name__ or "no JUMBF" in text or "not found" in text.lower():
            return C2paResult(found=False)
        return C2paResult(found=True, state="Invalid", failures=[text], embedded=sidecar is None)
    # Without an anchor every local signer is "untrusted": that is the Valid state, not a failure.
    failures = [f"{f.get('code')}: {f.get('explanation', '')}"
                for f in (results.get("activeManifest") or {}).get("failure", [])
                if not (f.get("code") == "signingCredential.untrusted" and state == "Valid")]
    return C2paResult(found=True, state=state, failures=failures, manifest=manifest, embedded=sidecar is None)

"""The JSON view of a record: the full record, validated against the JSON Schema."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from genart_desktop.core import paths, safe_json
from genart_desktop.core.errors import ExportError, VerificationError
from genart_desktop.provenance.record import ProvenanceRecord

SCHEMA_FILE = "genart.provenance-1.schema.json"


@cache
def _validator():
    import jsonschema

    schema = json.loads((paths.resources_dir() / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(data: Any) -> list[str]:
    """Where ``data`` breaks the schema, as "path: message" lines ([] when valid)."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]


def record_json_bytes(record: ProvenanceRecord | dict) -> bytes:
    """The exact bytes of a ``.provenance.json`` file (C2PA signs their sha256)."""
    data = record.to_dict() if isinstance(record, ProvenanceRecord) else record
    problems = schema_errors(data)
    if problems:
        raise ExportError("The provenance record does not match its schema: " + "; ".join(problems[:5]),
                          hint="This is a bug in the app; the log has details.")
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise ExportError(
            f"A text field holds U+{ord(bad):04X}, a lone surrogate that no UTF-8 file can store.",
            hint="Retype the field (the text was probably pasted from a broken source).",
        ) from exc


def record_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_record_json(path: str | Path) -> tuple[ProvenanceRecord, bytes]:
    """Read a ``.provenance.json`` file: the record and the raw bytes; VerificationError if bad."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        data = safe_json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise VerificationError(f"Cannot read the provenance record {path.name}: {exc}", path=path,
                                hint="The file is missing, damaged or not JSON.") from exc
    problems = schema_errors(data)
    if problems:
        raise VerificationError(
            f"{path.name} does not match the genart.provenance/1 schema: " + "; ".join(problems[:5]),
            path=path, hint="The record was edited or damaged after export.",
        )
    return ProvenanceRecord.from_dict(data), raw

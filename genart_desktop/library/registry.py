"""Models, datasets and training runs known to the library (mixed into ``Library``)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from genart_desktop.core.errors import LibraryError
from genart_desktop.core.model_card import ModelCard
from genart_desktop.library import fts


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _json(value: dict | None) -> str:
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


class Registry:
    """Needs ``transaction()`` and ``conn()`` from the class it is mixed into."""

    # Provided by Library (which overrides both); declared so the methods below type-check.
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # -- models, datasets, runs ------------------------------------------------------------
    def register_model(self, card: ModelCard | dict, folder: Path) -> None:
        card = ModelCard.coerce(card)
        model_id = card.id
        if not model_id:
            raise LibraryError("The model card has no id, so the model cannot be registered.", path=folder)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO models (id, name, kind, folder, card_json, registered) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
                " folder = excluded.folder, card_json = excluded.card_json",
                (
                    model_id,
                    card.name,
                    card.kind,
                    str(folder),
                    _json(card.to_dict()),
                    _now(),
                ),
            )
            # The model's name is searchable on its images.
            for (image_id,) in conn.execute(
                "SELECT id FROM images WHERE model_id = ?", (model_id,)
            ).fetchall():
                fts.reindex(conn, image_id)

    def list_models(self) -> list[dict]:
        rows = self.conn().execute(
            "SELECT id, name, kind, folder, card_json, registered FROM models ORDER BY name"
        )
        return [
            {
                "id": r[0],
                "name": r[1],
                "kind": r[2],
                "folder": r[3],
                "card": json.loads(r[4]),
                "registered": r[5],
            }
            for r in rows
        ]

    def register_dataset(self, manifest: dict) -> None:
        dataset_id = str(manifest.get("id") or "")
        if not dataset_id:
            raise LibraryError("The dataset manifest has no id, so it cannot be registered.")
        count = sum(1 for f in manifest.get("files", []) if f.get("included", True))
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO datasets (id, name, hash, image_count, manifest_json, registered)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " hash = excluded.hash, image_count = excluded.image_count,"
                " manifest_json = excluded.manifest_json",
                (
                    dataset_id,
                    str(manifest.get("name", "")),
                    str(manifest.get("hash", "")),
                    count,
                    _json(manifest),
                    _now(),
                ),
            )

    def list_datasets(self) -> list[dict]:
        rows = self.conn().execute(
            "SELECT id, name, hash, image_count, registered FROM datasets ORDER BY name"
        )
        return [
            {"id": r[0], "name": r[1], "hash": r[2], "image_count": r[3], "registered": r[4]} for r in rows
        ]

    def register_run(self, run: dict) -> None:
        run_id = str(run.get("id") or run.get("run_id") or "")
        if not run_id:
            raise LibraryError("The training run has no id, so it cannot be registered.")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO runs (id, model_id, dataset_id, status, run_json, registered)"
                " VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET model_id = excluded.model_id,"
                " dataset_id = excluded.dataset_id, status = excluded.status, run_json = excluded.run_json",
                (
                    run_id,
                    run.get("model_id"),
                    run.get("dataset_id"),
                    str(run.get("status", "")),
                    _json(run),
                    _now(),
                ),
            )

    def list_runs(self) -> list[dict]:
        rows = self.conn().execute("SELECT run_json FROM runs ORDER BY registered")
        return [json.loads(r[0]) for r in rows]

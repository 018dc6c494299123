"""The run folder: runs/<run-id>/{run.json, checkpoints/, samples/, metrics.jsonl}."""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from genart_desktop.core import paths
from genart_desktop.core.atomic import atomic_write_json, atomic_writer
from genart_desktop.core.errors import DiskFull, TrainingError, is_disk_full


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_run_id(preset: str) -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    return f"{stamp}-{preset}-{secrets.token_hex(2)}"


def run_dir(run_id: str) -> Path:
    if not run_id or "/" in run_id or "\\" in run_id or run_id.startswith("."):
        raise TrainingError(f"{run_id!r} is not a valid run id.")
    return paths.runs_dir() / run_id


class RunFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.checkpoints = folder / "checkpoints"
        self.samples = folder / "samples"

    def create(self) -> RunFolder:
        paths.ensure(self.checkpoints)
        paths.ensure(self.samples)
        return self

    @property
    def run_json(self) -> Path:
        return self.folder / "run.json"

    @property
    def metrics_path(self) -> Path:
        return self.folder / "metrics.jsonl"

    def read_run(self) -> dict[str, Any]:
        if not self.run_json.is_file():
            raise TrainingError("This run has no run.json; it cannot be resumed.", path=self.run_json)
        return json.loads(self.run_json.read_text(encoding="utf-8"))

    def write_run(self, info: dict[str, Any]) -> None:
        atomic_write_json(self.run_json, info)

    def append_metrics(self, record: dict[str, Any]) -> None:
        # Appending is not atomic, but a torn last line is skipped by read_metrics.
        line = json.dumps(record) + "\n"
        try:
            with self.metrics_path.open("a", encoding="utf-8") as handle:
                handle.write(line)
        except OSError as exc:
            if is_disk_full(exc):
                raise DiskFull(self.metrics_path.parent, len(line), what="recording metrics") from exc
            raise

    def read_metrics(self) -> list[dict[str, Any]]:
        if not self.metrics_path.is_file():
            return []
        out = []
        for line in self.metrics_path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return out

    def write_samples(self, grid: np.ndarray, step: int) -> Path:
        target = self.samples / f"step-{step:07d}.png"
        save_png(grid, target)
        save_png(grid, self.samples / "latest.png")
        return target


def save_png(array: np.ndarray, target: Path) -> None:
    with atomic_writer(target, "wb") as handle:
        Image.fromarray(array).save(handle, format="PNG")


def make_grid(images: np.ndarray, columns: int | None = None, pad: int = 2) -> np.ndarray:
    """uint8 NHWC → one uint8 HWC image, images in rows of ``columns``."""
    n, h, w, c = images.shape
    cols = columns or int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    grid = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad, c), 255, dtype=np.uint8)
    for i, img in enumerate(images):
        r, col = divmod(i, cols)
        y, x = pad + r * (h + pad), pad + col * (w + pad)
        grid[y:y + h, x:x + w] = img
    return grid

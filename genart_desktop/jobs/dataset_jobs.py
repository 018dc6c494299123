"""Jobs for the dataset flow: scan a folder, make previews, save the dataset and its cache."""

from __future__ import annotations

from pathlib import Path

from genart_desktop.jobs.job import Job


def scan_job(paths: list[Path], *, size: int = 128, fit: str = "crop", background: str = "#ffffff") -> Job:
    from genart_desktop.datasets.scan import scan

    return Job(scan, list(paths), size=size, fit=fit, background=background, name="dataset-scan")


def previews_job(result, *, limit: int = 240, side: int = 96) -> Job:
    from genart_desktop.datasets.previews import previews

    return Job(previews, result, limit=limit, side=side, name="dataset-previews")


def finalize_job(result, name: str = "") -> Job:
    from genart_desktop.workflows.datasets import finalize_dataset

    return Job(finalize_dataset, result, name, name="dataset-finalize")

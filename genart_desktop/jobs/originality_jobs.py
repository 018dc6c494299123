"""Background loading of a generated image's nearest training image (detail panel)."""

from __future__ import annotations

from genart_desktop.jobs.job import Job


def nearest_image_job(label: str, resolution: int) -> Job:
    from genart_desktop.originality.nearest import nearest_training_image

    def load(progress=None, should_stop=None):
        return nearest_training_image(label, resolution)

    return Job(load, name="nearest-training-image")

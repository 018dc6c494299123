"""Where generated images go: the library, with their generation data and provenance record.

:func:`store_generated` is the one place results are stored. The provenance record comes
from ``provenance.rights.generated_record`` (training-data licences, attributions and
obligations inherited from the model card; originality verdict; rights from Preferences);
post-processing steps are added as edits, which makes the digital source type
compositeWithTrainedAlgorithmicMedia.
"""

from __future__ import annotations

import threading
from typing import Any

from genart_desktop.core import settings
from genart_desktop.generation.results import GeneratedImage
from genart_desktop.library import Library
from genart_desktop.provenance.record import Edit
from genart_desktop.provenance.rights import generated_record


def provenance_record(image: GeneratedImage) -> dict[str, Any]:
    record = generated_record(image.model.card, image.generation_dict(), image.image_dict(), settings.load())
    record.human_contribution.edits = [
        Edit(operation=e["action"], parameters=dict(e["parameters"]), created=image.created)
        for e in image.edits
    ]
    latent_edit = image.parameters.get("latent_edit")
    if latent_edit:  # the latent sliders: the directions and amounts are the artist's choices
        record.human_contribution.edits.insert(
            0, Edit(operation="latent-directions", parameters=dict(latent_edit), created=image.created))
    return record.to_dict()


def _title(image: GeneratedImage) -> str:
    mode = image.parameters.get("mode", "sample")
    if image.seed is not None and mode in ("sample", "like", "vae-variation"):
        return f"{image.model.name} · seed {image.seed}"
    return f"{image.model.name} · {mode} {image.index + 1}"


class GalleryStore:
    """Stores images of any model in one library; registers each model there the first time."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._registered: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def _register(self, image: GeneratedImage) -> str | None:
        info = image.model
        key = (info.id, info.generator_sha256)
        with self._lock:
            if key not in self._registered:
                self.library.register_model(info.card, info.folder)
                self._registered.add(key)
        known = {d["id"] for d in self.library.list_datasets()}
        ids = info.card.dataset_ids
        return ids[0] if len(ids) == 1 and ids[0] in known else None

    def __call__(self, image: GeneratedImage) -> int:
        return store_generated(self, image)


def store_generated(store: GalleryStore, image: GeneratedImage) -> int:
    """Add one generated image to the gallery; returns its id (the same bytes return the same id)."""
    dataset_id = store._register(image)
    record = provenance_record(image)
    rights = dict(record.get("rights") or {})
    rights["attribution"] = rights.get("attribution_name", "")
    return store.library.add_image_bytes(
        image.data, image.fmt, origin="generated", title=_title(image), model_id=image.model.id,
        dataset_id=dataset_id, generation=image.generation_dict(), provenance=record, rights=rights,
        created=image.created, originality_warning=bool((image.originality or {}).get("flagged")),
    )

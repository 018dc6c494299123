"""The model card (``card.json`` of a model folder, schema ``genart.model-card/1``) as one
typed, read-only value: parsed and checked once where it is read, then passed around.

Training writes the card as JSON (``training.model_folder.build_card``); the registry
reads it with :meth:`ModelCard.parse`, which refuses a card the app cannot use (the one
place to add checks to). Everything else reads fields, not ``card.get(…)``. The nested
parts the provenance record interprets (``training_data``) stay plain JSON here; ``raw``
keeps the whole card, so writing it back loses nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genart_desktop.core.errors import ModelError

SCHEMA_PREFIX = "genart.model-card/"
KINDS = ("gan", "vae")
GENERATOR = "generator.onnx"

# The schema's bounds: a card outside them is refused before any ONNX session or array is
# made from it (a z_dim of 10**10 would ask NumPy for 37 GiB; a 12000² output for 5.6 GB).
MAX_Z_DIM = 4096
MIN_RESOLUTION, MAX_RESOLUTION = 8, 2048
MAX_NAME_CHARS = 200
MAX_ID_CHARS = 200
# The Generate panel's ψ spin box range; a card recommending more is refused like any bad field.
MAX_PSI = 2.0


@dataclass(frozen=True)
class DatasetRef:
    """A dataset the model was trained on (``card["datasets"]``)."""

    id: str
    name: str = ""
    hash: str = ""
    image_count: int | None = None

    @property
    def label(self) -> str:
        return self.name or self.id

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> DatasetRef:
        count = raw.get("image_count")
        return cls(id=str(raw.get("id") or ""), name=str(raw.get("name") or ""),
                   hash=str(raw.get("hash") or ""), image_count=int(count) if count is not None else None)


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _whole(value: Any) -> int | None:
    """An integer as JSON has it (not a bool, a float or a string of digits), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text_problem(raw: Mapping[str, Any], key: str, limit: int) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        return f"{key} is not text"
    return f"{key} is longer than {limit} characters" if len(value) > limit else ""


def schema_problems(raw: Mapping[str, Any]) -> list[str]:
    """What in this card breaks the schema's types and bounds (empty when it is usable)."""
    texts = (_text_problem(raw, "name", MAX_NAME_CHARS), _text_problem(raw, "id", MAX_ID_CHARS))
    problems = [p for p in texts if p]
    z_dim = _whole(raw.get("z_dim"))
    if z_dim is None:
        problems.append(f"z_dim must be a whole number, not {_shown(raw.get('z_dim'))}")
    elif not 1 <= z_dim <= MAX_Z_DIM:
        problems.append(f"z_dim {z_dim} is outside 1–{MAX_Z_DIM}")
    resolution = _whole(raw.get("resolution"))
    if resolution is None:
        problems.append(f"resolution must be a whole number of pixels, not {_shown(raw.get('resolution'))}")
    elif not MIN_RESOLUTION <= resolution <= MAX_RESOLUTION:
        problems.append(f"resolution {resolution} px is outside {MIN_RESOLUTION}–{MAX_RESOLUTION}")
    mean = raw.get("latent_mean")
    if mean is not None and not (
        isinstance(mean, list) and all(isinstance(x, int | float) and not isinstance(x, bool) for x in mean)
        and (z_dim is None or len(mean) == z_dim)
    ):
        problems.append("latent_mean is not a list of z_dim numbers")
    psi = _mapping(raw.get("sampling")).get("psi")
    is_number = isinstance(psi, int | float) and not isinstance(psi, bool)
    if psi is not None and not (is_number and 0 < psi <= MAX_PSI):
        problems.append(f"sampling.psi must be a number in (0, {MAX_PSI:g}], not {_shown(psi)}")
    for key in ("files", "training", "training_data", "quality", "originality", "sampling"):
        if raw.get(key) is not None and not isinstance(raw.get(key), Mapping):
            problems.append(f"{key} is not an object")
    if raw.get("datasets") is not None and not isinstance(raw.get("datasets"), list):
        problems.append("datasets is not a list")
    return problems


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


@dataclass(frozen=True)
class ModelCard:
    id: str
    name: str
    kind: str  # "gan" | "vae"
    architecture: str = ""
    resolution: int = 0
    z_dim: int = 0
    files: Mapping[str, str] = field(default_factory=dict)  # file name -> sha256
    datasets: tuple[DatasetRef, ...] = ()
    latent_mean: tuple[float, ...] | None = None
    training: Mapping[str, Any] = field(default_factory=dict)  # run id, steps, device, …
    training_data: Mapping[str, Any] = field(default_factory=dict)  # sources, expression, verdict
    quality: Mapping[str, Any] = field(default_factory=dict)  # kid, kid_std, diversity
    originality: Mapping[str, Any] = field(default_factory=dict)  # thresholds of the index
    # How to sample it: {"psi": ψ the Generate panel and CLI start from, "why": the measurement}.
    sampling: Mapping[str, Any] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # -- reading ------------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], *, fallback_id: str = "") -> ModelCard:
        """The card's fields, without checks (a card built in memory, or already checked)."""
        model_id = str(raw.get("id") or fallback_id)
        files = {str(name): str(entry.get("sha256", "")) for name, entry in _mapping(raw.get("files")).items()
                 if isinstance(entry, Mapping)}
        mean = raw.get("latent_mean")
        return cls(
            id=model_id, name=str(raw.get("name") or model_id), kind=str(raw.get("kind") or ""),
            architecture=str(raw.get("architecture") or ""), resolution=int(raw.get("resolution") or 0),
            z_dim=int(raw.get("z_dim") or 0), files=files,
            datasets=tuple(DatasetRef.from_dict(d) for d in raw.get("datasets") or []
                           if isinstance(d, Mapping)),
            latent_mean=tuple(float(x) for x in mean) if mean else None,
            training=_mapping(raw.get("training")), training_data=_mapping(raw.get("training_data")),
            quality=_mapping(raw.get("quality")), originality=_mapping(raw.get("originality")),
            sampling=_mapping(raw.get("sampling")),
            raw=copy.deepcopy(dict(raw)),
        )

    @classmethod
    def parse(cls, raw: Any, *, path: Path | None = None, fallback_id: str = "") -> ModelCard:
        """A card read from disk: refused with a :class:`ModelError` unless the app can use it."""
        if not isinstance(raw, Mapping) or not str(raw.get("schema", "")).startswith(SCHEMA_PREFIX):
            raise ModelError("This is not a GenArt model card.", path=path,
                             hint="Expected the schema genart.model-card/1.")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise ModelError(f"Unknown model kind {kind!r}.", path=path, hint="Expected 'gan' or 'vae'.")
        problems = schema_problems(raw)
        if problems:
            raise ModelError(f"The model card is not valid: {'; '.join(problems)}.", path=path,
                             hint="Re-export the model from its training run.")
        try:
            return cls.from_dict(raw, fallback_id=fallback_id)
        except (TypeError, ValueError, AttributeError) as exc:
            raise ModelError("The model card could not be read.", path=path,
                             hint=f"A field has the wrong type ({exc}); re-export the model.") from exc

    @classmethod
    def coerce(cls, card: ModelCard | Mapping[str, Any]) -> ModelCard:
        """Accept a card or its JSON form (callers that build one in memory)."""
        return card if isinstance(card, ModelCard) else cls.from_dict(card)

    # -- facts --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The JSON form (a copy of what was read, so unknown fields survive)."""
        return copy.deepcopy(dict(self.raw))

    def file_sha256(self, name: str) -> str:
        return self.files.get(name, "")

    @property
    def generator_sha256(self) -> str:
        return self.file_sha256(GENERATOR)

    def dataset_dicts(self) -> list[dict[str, Any]]:
        """The ``datasets`` entries as the card has them (copies), for the provenance record."""
        return [dict(d) for d in self.raw.get("datasets") or [] if isinstance(d, Mapping)]

    @property
    def recommended_psi(self) -> float:
        """The ψ (GAN truncation, VAE temperature) to sample at unless the user picks another."""
        psi = self.sampling.get("psi")
        return float(psi) if isinstance(psi, int | float) and not isinstance(psi, bool) else 1.0

    @property
    def dataset_ids(self) -> list[str]:
        return [d.id for d in self.datasets]

    @property
    def licence_expression(self) -> str:
        verdict = _mapping(self.training_data.get("verdict"))
        return str(self.training_data.get("expression") or verdict.get("expression") or "")

    @property
    def obligations(self) -> list[str]:
        """The explanation (or code) of each obligation the training data put on outputs."""
        verdict = _mapping(self.training_data.get("verdict"))
        return [str(o.get("explanation") or o.get("code", "")) for o in verdict.get("obligations") or []]

    @property
    def attributions(self) -> list[str]:
        return [str(s["attribution_name"]) for s in self.training_data.get("sources") or []
                if s.get("attribution_name")]

    @property
    def training_steps(self) -> int | None:
        steps = self.training.get("steps")
        return int(steps) if steps is not None else None

"""The provenance record ``genart.provenance/1``: the single source of truth for an image.

JSON, XMP and C2PA are views of this one set of dataclasses, each written by its own module.
``to_dict``/``from_dict`` give the JSON form, which ``resources/schemas/`` describes.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from genart_desktop.core.model_card import ModelCard
from genart_desktop.core.version import APP_NAME, __version__
from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.obligations import LicenceSource, Obligation, Verdict, evaluate

SCHEMA = "genart.provenance/1"
DIGITAL_SOURCE_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
TRAINED = DIGITAL_SOURCE_BASE + "trainedAlgorithmicMedia"
COMPOSITE = DIGITAL_SOURCE_BASE + "compositeWithTrainedAlgorithmicMedia"
DATA_MINING_VALUES = ("allowed", "notAllowed", "unspecified")


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class _Dict:
    """to_dict/from_dict for flat dataclasses whose fields are plain JSON values."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None):
        raw = raw or {}
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in raw.items() if k in names})


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass
class ImageInfo(_Dict):
    sha256: str = ""
    format: str = ""  # "png" | "jpeg" | "webp"
    width: int = 0
    height: int = 0
    # sha256 of the decoded pixels (mode, size, bytes): unlike the file hash it survives
    # metadata changes, so verification can tell "pixels changed" from "metadata changed".
    pixel_sha256: str = ""


@dataclass
class ModelInfo(_Dict):
    id: str = ""
    name: str = ""
    kind: str = ""  # "gan" | "vae"
    architecture: str = ""
    sha256: str = ""  # of generator.onnx
    resolution: int = 0


@dataclass
class Generation(_Dict):
    app: str = APP_NAME
    app_version: str = __version__
    model: ModelInfo = field(default_factory=ModelInfo)
    seed: int | None = None
    latent: list[float] | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    device: str = ""

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Generation:
        raw = dict(raw or {})
        model = ModelInfo.from_dict(raw.pop("model", None))
        names = {f.name for f in dataclasses.fields(cls)} - {"model"}
        return cls(model=model, **{k: v for k, v in raw.items() if k in names})


# The JSON order of a training source in the record (resources/schemas/ describes it).
_SOURCE_KEYS = ("licence", "attribution_name", "attribution_url", "source_url", "count", "manifest_hash",
                "dataset_id", "permission_text", "permission_date")


@dataclass
class TrainingSource(LicenceSource):
    """The one :class:`LicenceSource`, as the record keeps it: plus the dataset it came from."""

    licence: str = lic.UNKNOWN
    manifest_hash: str = ""
    dataset_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _SOURCE_KEYS}

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> TrainingSource:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in (raw or {}).items() if k in names})

    def as_licence_source(self) -> LicenceSource:
        """The fields the obligations engine reads, without the dataset's."""
        return LicenceSource(**{f.name: getattr(self, f.name) for f in dataclasses.fields(LicenceSource)})


@dataclass
class TrainingData:
    sources: list[TrainingSource] = field(default_factory=list)
    expression: str = ""
    obligations: list[Obligation] = field(default_factory=list)
    datasets: list[dict[str, Any]] = field(default_factory=list)  # {"id", "name", "hash", "image_count"}
    allowed_output_licences: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": [s.to_dict() for s in self.sources],
            "expression": self.expression,
            "obligations": [o.to_dict() for o in self.obligations],
            "datasets": [dict(d) for d in self.datasets],
            "allowed_output_licences": list(self.allowed_output_licences),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> TrainingData:
        raw = raw or {}
        return cls(
            sources=[TrainingSource.from_dict(s) for s in raw.get("sources", [])],
            expression=raw.get("expression", ""),
            obligations=[Obligation.from_dict(o) for o in raw.get("obligations", [])],
            datasets=[dict(d) for d in raw.get("datasets", [])],
            allowed_output_licences=list(raw.get("allowed_output_licences", [])),
        )

    @property
    def attributions(self) -> list[dict]:
        found = next((o for o in self.obligations if o.code == "attribution"), None)
        return list(found.attributions) if found else []

    @property
    def non_commercial(self) -> bool:
        return any(o.code == "non-commercial" for o in self.obligations)


@dataclass
class OriginalityCheck(_Dict):
    performed: bool = False
    feature: str = ""
    nearest_path: str = ""
    nearest_sha256: str = ""
    distance: float | None = None
    threshold: float | None = None
    verdict: str = "not-checked"  # "original" | "too-close" | "not-checked"


@dataclass
class Curation(_Dict):
    files_included: int = 0
    files_excluded: int = 0
    description: str = ""


@dataclass
class Selection(_Dict):
    generated: int = 0  # how many candidates were generated
    kept: int = 0  # how many the artist kept (this image among them)
    description: str = ""


@dataclass
class Edit(_Dict):
    operation: str = ""  # "rotate", "flip", "upscale", "colour", …
    parameters: dict[str, Any] = field(default_factory=dict)
    created: str = ""


@dataclass
class HumanContribution:
    curation: Curation | None = None
    selection: Selection | None = None
    edits: list[Edit] = field(default_factory=list)
    statement: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "curation": self.curation.to_dict() if self.curation else None,
            "selection": self.selection.to_dict() if self.selection else None,
            "edits": [e.to_dict() for e in self.edits],
            "statement": self.statement,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> HumanContribution:
        raw = raw or {}
        return cls(
            curation=Curation.from_dict(raw["curation"]) if raw.get("curation") else None,
            selection=Selection.from_dict(raw["selection"]) if raw.get("selection") else None,
            edits=[Edit.from_dict(e) for e in raw.get("edits", [])],
            statement=raw.get("statement", ""),
        )


@dataclass
class OutputRights(_Dict):
    creator: str = ""
    credit: str = ""
    copyright_notice: str = ""
    licence: str = ""  # SPDX id, "" when not chosen
    attribution_name: str = ""
    attribution_url: str = ""
    usage_terms: str = ""
    data_mining: str = "unspecified"  # one of DATA_MINING_VALUES
    web_statement: str = ""  # URL of a rights statement; the licence URL when empty


@dataclass
class ExportInfo(_Dict):
    """How this copy of the image left the app (the library original is ``source_sha256``)."""

    file_name: str = ""
    format: str = ""
    exported: str = ""
    instance_id: str = ""  # xmpMM:InstanceID: new for every export
    source_sha256: str = ""
    c2pa: str = "off"  # off | embed | sidecar
    parent_file: str = ""  # an earlier export of this image, signed in as a parentOf ingredient


@dataclass
class ImportedFacts(_Dict):
    """What an imported file said about how it was made, kept and carried into every export.

    Only facts the file stated: a source type from its XMP, or the generator whose metadata it
    carries (A1111, ComfyUI, InvokeAI, NovelAI, Fooocus …) and that generator's prompt.
    """

    digital_source_type: str = ""  # the full IPTC URI the file gave (or implied by its generator)
    generator: str = ""  # "Stable Diffusion web UI (A1111)", an XMP AISystemUsed, …
    generator_version: str = ""
    prompt: str = ""
    negative_prompt: str = ""
    summary: str = ""  # readable settings line: "Steps: 20, Sampler: Euler a, Seed: 42"
    # The generator's own metadata as found (PNG text chunk name -> text), carried into PNG exports.
    chunks: dict[str, str] = field(default_factory=dict)
    source_file: str = ""

    @property
    def is_ai(self) -> bool:
        return bool(self.digital_source_type or self.generator)


# A change of size keeps the image "trained algorithmic media" (IPTC); the other recorded edits
# count as the artist working the image over, so it becomes a composite (DESIGN.md §5).
RESIZING_EDITS = frozenset({"upscale", "resize"})


@dataclass
class ProvenanceRecord:
    image: ImageInfo = field(default_factory=ImageInfo)
    generation: Generation | None = None
    training_data: TrainingData = field(default_factory=TrainingData)
    originality: OriginalityCheck = field(default_factory=OriginalityCheck)
    human_contribution: HumanContribution = field(default_factory=HumanContribution)
    rights: OutputRights = field(default_factory=OutputRights)
    notes: str = ""
    export: ExportInfo | None = None
    imported: ImportedFacts | None = None
    document_id: str = field(default_factory=lambda: f"uuid:{uuid.uuid4()}")
    created: str = field(default_factory=now_iso)
    schema: str = SCHEMA

    # -- JSON view ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "document_id": self.document_id,
            "created": self.created,
            "image": self.image.to_dict(),
            "generation": self.generation.to_dict() if self.generation else None,
            "training_data": self.training_data.to_dict(),
            "originality": self.originality.to_dict(),
            "human_contribution": self.human_contribution.to_dict(),
            "rights": self.rights.to_dict(),
            "notes": self.notes,
            "export": self.export.to_dict() if self.export else None,
            "imported": self.imported.to_dict() if self.imported else None,
            "disclosure": self.disclosure(),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ProvenanceRecord:
        from genart_desktop.core.errors import VerificationError

        if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
            found = raw.get("schema") if isinstance(raw, dict) else type(raw).__name__
            raise VerificationError(
                f"This is not a {SCHEMA} provenance record (schema: {found!r}).",
                hint="Only records written by GenArt Desktop can be read.",
            )
        return cls(
            image=ImageInfo.from_dict(raw.get("image")),
            generation=Generation.from_dict(raw["generation"]) if raw.get("generation") else None,
            training_data=TrainingData.from_dict(raw.get("training_data")),
            originality=OriginalityCheck.from_dict(raw.get("originality")),
            human_contribution=HumanContribution.from_dict(raw.get("human_contribution")),
            rights=OutputRights.from_dict(raw.get("rights")),
            notes=raw.get("notes", ""),
            export=ExportInfo.from_dict(raw["export"]) if raw.get("export") else None,
            imported=ImportedFacts.from_dict(raw["imported"]) if raw.get("imported") else None,
            document_id=raw.get("document_id") or f"uuid:{uuid.uuid4()}",
            created=raw.get("created") or now_iso(),
        )

    # -- derived facts -----------------------------------------------------------------------
    @property
    def is_generated(self) -> bool:
        return self.generation is not None

    @property
    def is_ai(self) -> bool:
        """Generated here, or imported from a file that says an AI system made it."""
        return self.is_generated or (self.imported is not None and self.imported.is_ai)

    @property
    def digital_source_type(self) -> str:
        """IPTC digital source type: composite once a human composited into the AI image."""
        compositing = any(e.operation.lower() not in RESIZING_EDITS for e in self.human_contribution.edits)
        if self.is_generated:
            return COMPOSITE if compositing else TRAINED
        if self.imported is not None and self.imported.is_ai:
            found = self.imported.digital_source_type or TRAINED
            return COMPOSITE if compositing and found == TRAINED else found
        return ""

    def disclosure(self) -> str:
        from genart_desktop.provenance.disclosure import disclosure_sentence

        return disclosure_sentence(self)


def for_generated_image(card: ModelCard | dict, generation: dict, image: dict,
                        rights: OutputRights | None = None) -> ProvenanceRecord:
    """A fresh record for an image a model just generated, with these output ``rights``
    (empty when None). Pure data: the rights a new image starts with (from Preferences,
    limited by the obligations) come from ``provenance.rights.generated_record``.

    ``card`` is the model card (``models/README.md`` describes it), ``generation`` = {"seed",
    "latent", "parameters", "device", "created", "model_sha256"}, ``image`` = {"sha256", "format",
    "width", "height"}.
    Optional keys of ``generation`` fill the human-contribution log: "selection" = {"generated",
    "kept", "description"}, "curation" = {"files_included", "files_excluded", "description"},
    "originality" = an OriginalityCheck dict.
    """
    card = ModelCard.coerce(card)
    model_sha = generation.get("model_sha256") or card.generator_sha256
    model = ModelInfo(id=card.id, name=card.name, kind=card.kind, architecture=card.architecture,
                      sha256=str(model_sha), resolution=card.resolution)
    gen = Generation(
        model=model,
        seed=generation.get("seed"),
        latent=[float(x) for x in generation["latent"]] if generation.get("latent") is not None else None,
        parameters=dict(generation.get("parameters") or {}),
        created=str(generation.get("created") or now_iso()),
        device=str(generation.get("device", "")),
    )
    record = ProvenanceRecord(
        image=ImageInfo(sha256=str(image.get("sha256", "")), format=str(image.get("format", "")),
                        width=int(image.get("width", 0)), height=int(image.get("height", 0))),
        generation=gen,
        training_data=training_data_from_card(card),
        originality=_originality_from(generation.get("originality")),
        human_contribution=HumanContribution(
            curation=Curation.from_dict(generation["curation"]) if generation.get("curation") else None,
            selection=Selection.from_dict(generation["selection"]) if generation.get("selection") else None,
        ),
    )
    if rights is not None:
        record.rights = rights
    return record


def training_data_from_card(card: ModelCard | dict) -> TrainingData:
    """The card's training-data licences; the verdict is recomputed so it is never stale."""
    card = ModelCard.coerce(card)
    raw = card.training_data
    datasets = card.dataset_dicts()
    manifest_hash = datasets[0].get("hash", "") if len(datasets) == 1 else ""
    dataset_id = datasets[0].get("id", "") if len(datasets) == 1 else ""
    sources = []
    for s in raw.get("sources") or []:
        source = TrainingSource.from_dict(s)
        source.manifest_hash = source.manifest_hash or manifest_hash
        source.dataset_id = source.dataset_id or dataset_id
        sources.append(source)
    verdict: Verdict = evaluate([s.as_licence_source() for s in sources]) if sources else Verdict(
        True, [], [], [], ""
    )
    return TrainingData(
        sources=sources,
        expression=verdict.expression or raw.get("expression", ""),
        obligations=verdict.obligations,
        datasets=datasets,
        allowed_output_licences=verdict.allowed_output_licences,
    )


def _originality_from(raw: Any) -> OriginalityCheck:
    return OriginalityCheck.from_dict(raw) if isinstance(raw, dict) else OriginalityCheck()


def add_edit(record: dict, operation: str, parameters: dict[str, Any] | None = None) -> dict:
    """The record dict with one more post-processing edit logged (the image becomes a composite)."""
    updated = ProvenanceRecord.from_dict(record)
    updated.human_contribution.edits.append(Edit(operation, dict(parameters or {}), now_iso()))
    return updated.to_dict()


def set_selection(record: dict, generated: int, kept: int, description: str = "") -> dict:
    """The record dict with the artist's selection (kept ``kept`` of ``generated`` candidates)."""
    updated = ProvenanceRecord.from_dict(record)
    updated.human_contribution.selection = Selection(generated, kept, description)
    return updated.to_dict()

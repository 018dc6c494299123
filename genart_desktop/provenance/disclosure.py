"""The USCO-style disclosure sentence, derived from the record's human-contribution log.

The US Copyright Office asks applicants to say which material is AI-generated and what a
human contributed; this sentence does that in one paragraph, from recorded facts only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genart_desktop.provenance.record import Edit, HumanContribution, ProvenanceRecord


def _images(n: int) -> str:
    return f"{n} image" + ("" if n == 1 else "s")


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _edit(edit: Edit) -> str:
    if not edit.parameters:
        return edit.operation
    params = ", ".join(f"{k}={_value(v)}" for k, v in edit.parameters.items())
    return f"{edit.operation} ({params})"


def human_parts(human: HumanContribution) -> list[str]:
    """What the artist did, one clause per kind of contribution."""
    parts: list[str] = []
    if human.curation and (human.curation.files_included or human.curation.files_excluded):
        clause = (f"curated the training data ({human.curation.files_included} included, "
                  f"{human.curation.files_excluded} excluded)")
        if human.curation.description.strip():
            clause += f": {human.curation.description.strip()}"
        parts.append(clause)
    if human.selection and human.selection.generated:
        clause = f"selected this image from {_images(human.selection.generated)} generated"
        if human.selection.kept > 1:
            clause += f" ({human.selection.kept} kept)"
        if human.selection.description.strip():
            clause += f": {human.selection.description.strip()}"
        parts.append(clause)
    if human.edits:
        parts.append("edited the image: " + "; ".join(_edit(e) for e in human.edits))
    if human.statement.strip():
        parts.append(f"in the artist's words: “{human.statement.strip()}”")
    return parts


def disclosure_sentence(record: ProvenanceRecord) -> str:
    """E.g. "AI-generated material: … Human contribution: …"."""
    human = human_parts(record.human_contribution)
    human_text = "; ".join(human) if human else "none recorded"
    gen = record.generation
    imported = record.imported
    if gen is None and imported is not None and imported.is_ai:
        made = f", made with {imported.generator}" if imported.generator else ""
        kind = record.digital_source_type.rsplit("/", 1)[-1]
        return (f"AI-generated material: the image as imported ({kind}){made}, as its own metadata "
                f"states. Human contribution: {human_text}.")
    if gen is None:
        return f"No AI-generated material is recorded for this image. Human contribution: {human_text}."
    model = gen.model
    described = f"the {model.kind.upper()} model “{model.name or model.id}”" if model.kind else (
        f"the model “{model.name or model.id}”")
    if model.architecture:
        described += f" ({model.architecture})"
    seed = f" from seed {gen.seed}" if gen.seed is not None else ""
    trained = ""
    total = sum(s.count for s in record.training_data.sources)
    if total:
        expression = record.training_data.expression
        trained = f", trained on {_images(total)}" + (f" ({expression})" if expression else "")
    whole = "the whole image" if not record.human_contribution.edits else "the generated base image"
    return (
        f"AI-generated material: {whole}, made by {described} in {gen.app} {gen.app_version}{seed}"
        f"{trained}. Human contribution: {human_text}."
    )

"""Output rights: defaults from Preferences, and the check that a choice keeps the obligations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from genart_desktop.provenance import licences as lic
from genart_desktop.provenance.record import (
    DATA_MINING_VALUES,
    OutputRights,
    ProvenanceRecord,
    for_generated_image,
)

if TYPE_CHECKING:
    from genart_desktop.core.model_card import ModelCard
    from genart_desktop.core.settings import Settings

NON_COMMERCIAL_TERMS = "Non-commercial use only (the model's training data require it)."


def output_licence_for(preference: str) -> str:
    """The artist's default licence as an output licence ("own work" means all rights reserved)."""
    if not preference or preference == lic.OWN:
        return lic.ALL_RIGHTS_RESERVED
    found = lic.lookup(preference)
    return found.spdx_id if found else ""


def default_rights(record: ProvenanceRecord, *, artist_name: str = "", default_licence: str = "",
                   credit: str = "", data_mining: str = "unspecified",
                   attribution_url: str = "") -> OutputRights:
    """Rights for a new image: the Preferences' values, kept only where the obligations allow."""
    allowed = record.training_data.allowed_output_licences
    licence = output_licence_for(default_licence)
    if allowed and licence not in allowed:
        # When the obligations leave one licence (CC BY-SA 4.0 data) it is the only choice: take
        # it; otherwise the artist picks one of the allowed licences and the editor says why.
        licence = allowed[0] if len(allowed) == 1 else ""
    rights = OutputRights(
        creator=artist_name,
        credit=credit or artist_name,
        copyright_notice=f"© {record.created[:4]} {artist_name}" if artist_name else "",
        licence=licence,
        attribution_name=artist_name,
        attribution_url=attribution_url,
        data_mining=data_mining if data_mining in DATA_MINING_VALUES else "unspecified",
    )
    if record.training_data.non_commercial:
        rights.usage_terms = NON_COMMERCIAL_TERMS
    return rights


def rights_from_settings(record: ProvenanceRecord, prefs: Settings) -> OutputRights:
    """default_rights() with the values of these Preferences."""
    return default_rights(record, artist_name=prefs.artist_name, default_licence=prefs.default_licence,
                          credit=prefs.default_credit, data_mining=prefs.data_mining,
                          attribution_url=prefs.attribution_url)


def generated_record(card: ModelCard | dict[str, Any], generation: dict[str, Any], image: dict[str, Any],
                     prefs: Settings) -> ProvenanceRecord:
    """The record of a newly generated image, its rights starting from these Preferences."""
    record = for_generated_image(card, generation, image)
    record.rights = rights_from_settings(record, prefs)
    return record


def rights_problems(record: ProvenanceRecord) -> list[str]:
    """Why the chosen rights break the training data's obligations ([] when they keep them)."""
    problems: list[str] = []
    rights = record.rights
    training = record.training_data
    if rights.licence and lic.lookup(rights.licence) is None:
        problems.append(f"The output licence “{rights.licence}” is not one the app knows.")
    if rights.licence and training.allowed_output_licences and (
        rights.licence not in training.allowed_output_licences
    ):
        problems.append(
            f"The training data do not allow outputs under {rights.licence}; allowed: "
            f"{', '.join(training.allowed_output_licences)}."
        )
    if not rights.licence and training.allowed_output_licences and (
        lic.ALL_RIGHTS_RESERVED not in training.allowed_output_licences
    ):
        # Writing no licence leaves the outputs all rights reserved, which ShareAlike and
        # NonCommercial training data do not allow.
        problems.append(
            "No output licence is chosen, but the training data require one of: "
            f"{', '.join(training.allowed_output_licences)}."
        )
    if training.sources and not training.allowed_output_licences:
        problems.append("The training data's licences conflict, so no output licence keeps them all.")
    if rights.data_mining not in DATA_MINING_VALUES:
        problems.append(f"Unknown data-mining preference “{rights.data_mining}”.")
    return problems

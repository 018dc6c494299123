"""The Adobe XMP Toolkit (through Exempi and python-xmp-toolkit) reads what we write.

Every property the record implies, leaf by leaf ("dc:creator[1]", "plus:Licensor[1]/plus:
LicensorURL"), embedded in PNG, JPEG and WebP and in the sidecar; and the AI label of an
imported image after its round trip (issue 13, items 1-2).
"""

from __future__ import annotations

import pytest

from genart_desktop.library import Library
from genart_desktop.library.importer import import_files
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from genart_desktop.provenance.record import TRAINED, ProvenanceRecord
from genart_desktop.provenance.xmp_fields import Prop, record_properties
from genart_desktop.workflows.export import export_selection
from tests.provenance.helpers import record_dict, source_png
from tests.provenance.test_round_trip import A1111_PARAMETERS, _a1111_png

try:  # python-xmp-toolkit loads libexempi (Debian package libexempi8) when imported
    from libxmp import XMPMeta
    from libxmp.utils import file_to_dict, object_to_dict
except Exception as exc:  # ImportError, or libxmp's ExempiLoadError without the library
    pytest.skip(f"Exempi is not available ({exc}); ./test installs libexempi8", allow_module_level=True)


def _leaves(props: dict[str, Prop]) -> dict[str, str]:
    """The record's properties as Exempi names their leaves."""
    out: dict[str, str] = {}
    for key, prop in props.items():
        if prop.kind in ("text", "uri"):
            out[key] = prop.value
        elif prop.kind == "alt":
            out[f"{key}[1]"] = prop.value
        else:
            for i, item in enumerate(prop.value, 1):
                if isinstance(item, dict):
                    out.update({f"{key}[{i}]/{field}": value for field, value in item.items()})
                else:
                    out[f"{key}[{i}]"] = item
    return out


def _exempi(tree: dict) -> dict[str, str]:
    return {name: value for entries in tree.values() for name, value, options in entries
            if not (options.get("VALUE_IS_ARRAY") or options.get("VALUE_IS_STRUCT"))}


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
def test_exempi_reads_every_property_embedded_and_in_the_sidecar(tmp_path, fmt):
    data = record_dict()
    data["human_contribution"]["edits"] = [{"operation": "upscale", "parameters": {"factor": 2},
                                            "created": "2026-01-01T00:00:00Z"}]
    report = export_images([ExportItem(source_png(tmp_path), data, "art")],
                           ExportOptions(tmp_path / "out", format=fmt))
    exported = report.exported[0]
    expected = _leaves(record_properties(ProvenanceRecord.from_dict(exported.record)))
    embedded = _exempi(file_to_dict(str(exported.image)))
    sidecar = _exempi(object_to_dict(XMPMeta(xmp_str=exported.xmp.read_text(encoding="utf-8"))))
    for found in (embedded, sidecar):
        assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_exempi_reads_the_ai_label_of_an_imported_a1111_image(tmp_path, fmt):
    with Library.open() as library:
        [image_id] = import_files(library, [_a1111_png(tmp_path / "a1111.png")]).added
        report = export_selection(library, [image_id], ExportOptions(tmp_path / "out", format=fmt))
    found = _exempi(file_to_dict(str(report.exported[0].image)))
    assert found["Iptc4xmpExt:DigitalSourceType"] == TRAINED
    assert found["Iptc4xmpExt:AIPromptInformation"] == A1111_PARAMETERS.split("\n")[0]

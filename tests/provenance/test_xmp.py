"""XMP and JSON round trips, including any Unicode a user can type or paste."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from genart_desktop.core.errors import ExportError, VerificationError
from genart_desktop.provenance.jsonio import record_json_bytes, schema_errors
from genart_desktop.provenance.record import ProvenanceRecord
from genart_desktop.provenance.xmp import _NOT_XML, build_xmp, parse_xmp
from genart_desktop.provenance.xmp_fields import NAMESPACES, plain, record_properties
from tests.provenance.helpers import record_dict

FREE_TEXT = [
    "creator",
    "credit",
    "copyright_notice",
    "attribution_name",
    "attribution_url",
    "usage_terms",
    "web_statement",
]
NASTY = (
    "a<b>&c\"d'e ]]> <![CDATA[x]]> \r\n\r\t  lead/trail  \u202eRTL \u05e9\u05dc\u05d5\u05dd 😀👩‍👩‍👧 \ufeff"
)


def _record(**rights) -> ProvenanceRecord:
    return ProvenanceRecord.from_dict(record_dict(**rights))


def test_every_design_property_is_written():
    record = _record()
    record.human_contribution.edits = []
    keys = set(plain(record_properties(record)))
    for key in [
        "Iptc4xmpExt:DigitalSourceType",
        "Iptc4xmpExt:AISystemUsed",
        "Iptc4xmpExt:AISystemVersionUsed",
        "dc:creator",
        "dc:rights",
        "photoshop:Credit",
        "plus:CopyrightOwner",
        "plus:Licensor",
        "plus:DataMining",
        "xmpRights:Marked",
        "xmpRights:UsageTerms",
        "xmpRights:WebStatement",
        "cc:license",
        "cc:attributionName",
        "cc:attributionURL",
        "xmp:CreatorTool",
        "xmp:CreateDate",
        "xmpMM:DocumentID",
        "genart:ModelID",
        "genart:TrainingSources",
        "genart:TrainingAttributions",
    ]:
        assert key in keys, key
    # The app's models take no text prompt: AIPromptInformation is left out, not made up.
    assert "Iptc4xmpExt:AIPromptInformation" not in keys


def test_packet_is_real_xml_with_the_namespaces():
    data = build_xmp(_record())
    root = etree.fromstring(data)
    assert root.tag == "{adobe:ns:meta/}xmpmeta"
    desc = root.find(f"{{{NAMESPACES['rdf']}}}RDF/{{{NAMESPACES['rdf']}}}Description")
    assert desc.find(f"{{{NAMESPACES['Iptc4xmpExt']}}}DigitalSourceType").text.endswith(
        "trainedAlgorithmicMedia"
    )
    assert data.startswith(b"<?xpacket begin=")


def test_round_trip_of_nasty_text_and_100k_characters():
    long_text = (NASTY * (100_000 // len(NASTY) + 1))[:100_000]
    record = _record(creator=NASTY, usage_terms=long_text)
    record.notes = long_text
    record.human_contribution.statement = NASTY
    found = parse_xmp(build_xmp(record))
    assert found == plain(record_properties(record))
    assert found["genart:Notes"] == long_text
    assert found["dc:creator"] == [NASTY]
    again = ProvenanceRecord.from_dict(json.loads(record_json_bytes(record)))
    assert again == record


def test_control_characters_are_refused_with_the_field_named():
    record = _record(credit="ok\x07bell")
    with pytest.raises(ExportError) as info:
        build_xmp(record)
    assert "credit line" in info.value.user_message
    assert "U+0007" in info.value.user_message
    assert json.loads(record_json_bytes(record))["rights"]["credit"] == "ok\x07bell"  # JSON carries it


def test_lone_surrogate_is_refused_everywhere():
    record = _record(creator="bad \ud800 text")
    with pytest.raises(ExportError, match="surrogate"):
        build_xmp(record)
    with pytest.raises(ExportError, match="surrogate"):
        record_json_bytes(record)


def test_damaged_xmp_is_a_clear_error():
    with pytest.raises(VerificationError, match="not well-formed"):
        parse_xmp(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><unclosed></x:xmpmeta>", source="a.png")


def test_entities_are_not_expanded():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>&e;</dc:format>'
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    assert "root:" not in json.dumps(parse_xmp(evil))


def test_written_json_validates_against_the_schema():
    data = json.loads(record_json_bytes(_record()))
    assert schema_errors(data) == []
    data["rights"]["data_mining"] = "maybe"
    assert schema_errors(data)


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(max_size=300), min_size=len(FREE_TEXT) + 2, max_size=len(FREE_TEXT) + 2))
def test_any_text_round_trips_or_is_refused_clearly(texts):
    record = _record(**dict(zip(FREE_TEXT, texts, strict=False)))
    record.notes, record.human_contribution.statement = texts[-2], texts[-1]
    again = ProvenanceRecord.from_dict(json.loads(record_json_bytes(record)))
    assert again == record  # JSON carries everything (no surrogates: st.text() never makes them)
    try:
        packet = build_xmp(record)
    except ExportError as exc:
        assert any(_NOT_XML.search(t) for t in texts)
        assert "XML 1.0" in exc.user_message and "U+" in exc.user_message
        return
    # Written without complaint: then nothing XML 1.0 cannot carry reached the packet. (A field
    # may hold such a character and still export: a usage term of only whitespace, e.g. U+000C,
    # is stripped and not written at all.)
    text = packet.decode("utf-8") if isinstance(packet, bytes) else packet
    assert not _NOT_XML.search(text)
    assert parse_xmp(packet) == plain(record_properties(record))


def test_usage_terms_carry_the_training_data_credit_for_every_xmp_reader():
    from genart_desktop.provenance.record import ProvenanceRecord
    from genart_desktop.provenance.xmp_fields import usage_terms_text
    from tests.provenance.helpers import record_dict

    record = ProvenanceRecord.from_dict(record_dict())
    credited = [a["name"] for a in record.training_data.attributions]
    assert credited  # the test card's training data is under an attribution licence
    terms = usage_terms_text(record)
    assert "Made with a model trained on:" in terms
    for name in credited:
        assert name in terms
    assert "https://creativecommons.org/licenses/by/4.0/" in terms

"""The XMP view of a record: built and parsed with lxml, never by string concatenation.

``build_xmp(record)`` gives an XMP packet (UTF-8 bytes) for embedding or a ``.xmp`` sidecar;
``parse_xmp(data)`` reads any XMP packet back into the plain values of ``xmp_fields``.
Text XML 1.0 cannot carry (most control characters, lone surrogates, U+FFFE/U+FFFF) is
refused with a message naming the field; everything else round-trips exactly (lxml writes a
carriage return as ``&#13;`` so parsers do not fold it into a newline).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from lxml import etree

from genart_desktop.core.errors import ExportError, VerificationError
from genart_desktop.provenance.record import ProvenanceRecord
from genart_desktop.provenance.xmp_fields import NAMESPACES, Prop, record_properties

RDF = NAMESPACES["rdf"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LABELS = {
    "dc:creator": "creator", "dc:rights": "copyright notice", "photoshop:Credit": "credit line",
    "xmpRights:UsageTerms": "usage terms", "cc:attributionName": "attribution name",
    "cc:attributionURL": "attribution URL", "genart:HumanStatement": "human contribution statement",
    "genart:Notes": "notes", "dc:description": "disclosure (built from the human contribution)",
    "plus:Licensor": "attribution", "plus:CopyrightOwner": "creator",
}


def _q(name: str) -> str:
    prefix, local = name.split(":", 1)
    return f"{{{NAMESPACES[prefix]}}}{local}"


def check_text(label: str, value: str) -> None:
    """Raise ExportError if XML 1.0 cannot carry ``value``."""
    bad = _NOT_XML.search(value)
    if bad is None:
        return
    char = bad.group(0)
    what = "a lone surrogate (invalid Unicode)" if 0xD800 <= ord(char) <= 0xDFFF else "a control character"
    raise ExportError(
        f"The {label} cannot be written to XMP: it contains U+{ord(char):04X}, {what}, which XML 1.0 "
        f"does not allow (at character {bad.start() + 1}).",
        hint="Remove that character from the field and export again. The JSON record is not affected.",
    )


def _check(key: str, value: Any) -> None:
    label = _LABELS.get(key, key)
    if isinstance(value, str):
        check_text(label, value)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                for sub_key, sub_value in item.items():
                    check_text(_LABELS.get(sub_key, label), sub_value)
            else:
                check_text(label, item)


def _add(desc: etree._Element, key: str, prop: Prop) -> None:
    element = etree.SubElement(desc, _q(key))
    if prop.kind == "text":
        element.text = prop.value
    elif prop.kind == "uri":
        element.set(f"{{{RDF}}}resource", prop.value)
    elif prop.kind == "alt":
        alt = etree.SubElement(element, f"{{{RDF}}}Alt")
        item = etree.SubElement(alt, f"{{{RDF}}}li")
        item.set(XML_LANG, "x-default")
        item.text = prop.value
    else:  # seq | bag
        container = etree.SubElement(element, f"{{{RDF}}}{'Seq' if prop.kind == 'seq' else 'Bag'}")
        for value in prop.value:
            item = etree.SubElement(container, f"{{{RDF}}}li")
            if isinstance(value, dict):
                item.set(f"{{{RDF}}}parseType", "Resource")
                for sub_key, sub_value in value.items():
                    etree.SubElement(item, _q(sub_key)).text = sub_value
            else:
                item.text = value


def build_xmp(record: ProvenanceRecord, *, packet: bool = True) -> bytes:
    """The record as an XMP packet (UTF-8)."""
    props = record_properties(record)
    for key, prop in props.items():
        _check(key, prop.value)
    return _serialize(props, packet)


def build_xmp_split(record: ProvenanceRecord, limit: int) -> tuple[bytes, bytes | None]:
    """(standard, extended) XMP for a container whose XMP block holds at most ``limit`` bytes.

    JPEG's standard XMP must fit one 64 KB segment; the largest properties move to "extended
    XMP" (XMP spec part 3, 1.1.3.1), which the standard part names by the MD5 of its bytes.
    """
    props = record_properties(record)
    for key, prop in props.items():
        _check(key, prop.value)
    standard = _serialize(props, True)
    if len(standard) <= limit:
        return standard, None
    sizes = {key: len(_serialize({key: prop}, False)) for key, prop in props.items()}
    moved: dict[str, Prop] = {}
    keep = dict(props)
    placeholder = Prop("text", "0" * 32)
    for key in sorted(sizes, key=sizes.get, reverse=True):  # type: ignore[arg-type]
        if key == "xmpMM:DocumentID":
            continue  # readers look for the document id in the standard part
        moved[key] = keep.pop(key)
        if len(_serialize({**keep, "xmpNote:HasExtendedXMP": placeholder}, True)) <= limit:
            break
    extended = _serialize(moved, False)
    guid = hashlib.md5(extended, usedforsecurity=False).hexdigest().upper()
    return _serialize({**keep, "xmpNote:HasExtendedXMP": Prop("text", guid)}, True), extended


def _serialize(props: dict[str, Prop], packet: bool) -> bytes:
    root = etree.Element(_q("x:xmpmeta"), nsmap={"x": NAMESPACES["x"]})
    root.set(_q("x:xmptk"), "GenArt Desktop XMP")
    rdf = etree.SubElement(root, f"{{{RDF}}}RDF", nsmap={"rdf": RDF})
    nsmap = {k: v for k, v in NAMESPACES.items() if k not in ("x", "rdf")}
    desc = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap=nsmap)
    desc.set(f"{{{RDF}}}about", "")
    for key, prop in props.items():
        _add(desc, key, prop)
    if packet:
        root.addprevious(etree.ProcessingInstruction("xpacket", f'begin="\ufeff" id="{PACKET_ID}"'))
        root.addnext(etree.ProcessingInstruction("xpacket", 'end="w"'))
    return etree.tostring(root.getroottree(), encoding="utf-8", xml_declaration=False)


# ---------------------------------------------------------------------------------------------
# Reading

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
_PREFIX = {uri: prefix for prefix, uri in NAMESPACES.items()}


def _name(tag: str) -> str:
    uri, _, local = tag[1:].partition("}")
    return f"{_PREFIX.get(uri, uri)}:{local}"


def _value(element: etree._Element) -> Any:
    resource = element.get(f"{{{RDF}}}resource")
    if resource is not None:
        return resource
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return element.text or ""
    container = children[0]
    if container.tag == f"{{{RDF}}}Alt":
        items = [li for li in container if isinstance(li.tag, str)]
        default = next((li for li in items if li.get(XML_LANG) == "x-default"), items[0] if items else None)
        return (default.text or "") if default is not None else ""
    if container.tag in (f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"):
        return [_item(li) for li in container if isinstance(li.tag, str)]
    return _struct(element)


def _struct(element: etree._Element) -> dict[str, str]:
    fields = [c for c in element if isinstance(c.tag, str)]
    if len(fields) == 1 and fields[0].tag == f"{{{RDF}}}Description":
        return _struct(fields[0])
    # exiv2 writes a struct's simple fields as attributes of an inner rdf:Description.
    found = {_name(str(k)): str(v) for k, v in element.attrib.items() if not str(k).startswith(f"{{{RDF}}}")}
    found.update({_name(str(c.tag)): _value(c) for c in fields})
    return found


def _has_fields(element: etree._Element) -> bool:
    """Struct fields written as attributes (exiv2: ``<rdf:li plus:LicensorName="…"/>``)."""
    return any(not str(k).startswith((f"{{{RDF}}}", "{http://www.w3.org/XML/1998/namespace}"))
               for k in element.attrib)


def _item(li: etree._Element) -> Any:
    if (li.get(f"{{{RDF}}}parseType") == "Resource" or any(isinstance(c.tag, str) for c in li)
            or _has_fields(li)):
        return _struct(li)
    return li.text or ""


def parse_xmp_parts(parts: list[bytes], *, source: str = "") -> dict[str, Any]:
    """Standard plus extended XMP as one set of properties (the link between them left out)."""
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(parse_xmp(part, source=source))
    merged.pop("xmpNote:HasExtendedXMP", None)
    return merged


def parse_xmp(data: bytes, *, source: str = "") -> dict[str, Any]:
    """Every property of every rdf:Description in an XMP packet, keyed "prefix:LocalName"."""
    try:
        root = etree.fromstring(data.strip(b"\x00 \t\r\n"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise VerificationError(f"The XMP in {source or 'the file'} is not well-formed XML: {exc}",
                                path=source or None,
                                hint="The metadata was damaged or edited by hand.") from exc
    result: dict[str, Any] = {}
    for desc in root.iter(f"{{{RDF}}}Description"):
        parent = desc.getparent()
        if parent is None or parent.tag != f"{{{RDF}}}RDF":
            continue  # a struct's inner description
        for attr, value in desc.attrib.items():
            if not attr.startswith(f"{{{RDF}}}"):
                result[_name(attr)] = value
        for child in desc:
            if isinstance(child.tag, str):
                result[_name(child.tag)] = _value(child)
    return result

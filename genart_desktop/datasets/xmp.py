"""Read the rights fields of an XMP packet, safely.

XMP from untrusted files is parsed with defusedxml (forbid_dtd=True): without a DTD there can
be no entities, so neither "billion laughs" expansion nor external entity fetches are possible.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "cc": "http://creativecommons.org/ns#",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}
# field name in the result -> (namespace prefix, local name)
FIELDS = {
    "cc:license": ("cc", "license"),
    "cc:attributionName": ("cc", "attributionName"),
    "cc:attributionURL": ("cc", "attributionURL"),
    "xmpRights:UsageTerms": ("xmpRights", "UsageTerms"),
    "xmpRights:WebStatement": ("xmpRights", "WebStatement"),
    "dc:rights": ("dc", "rights"),
    "dc:creator": ("dc", "creator"),
    "photoshop:Credit": ("photoshop", "Credit"),
    "plus:DataMining": ("plus", "DataMining"),
}
MAX_PACKET = 4 * 1024 * 1024


class UnsafeXML(ValueError):
    pass


def _text(el: ET.Element) -> str:
    """Value of a simple property, a resource, or the first item of an Alt/Seq/Bag."""
    resource = el.get(f"{{{NS['rdf']}}}resource")
    if resource:
        return resource.strip()
    items = el.findall(".//rdf:li", NS)
    if items:
        # Prefer the x-default language alternative when there is one.
        for li in items:
            if li.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
                return (li.text or "").strip()
        return "; ".join((li.text or "").strip() for li in items if (li.text or "").strip())
    return (el.text or "").strip()


def parse_xmp(packet: bytes | str) -> dict[str, str]:
    """The rights fields found in ``packet`` (empty dict when there are none)."""
    data = packet.encode("utf-8") if isinstance(packet, str) else bytes(packet)
    if len(data) > MAX_PACKET:
        raise UnsafeXML("XMP packet too large")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnsafeXML("XMP packet declares a DTD or entities; refused")
    # Drop the xpacket processing instructions' padding; ElementTree copes with the rest.
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        start = data.find(b"<rdf:RDF")
    if start < 0:
        return {}
    end_tag = b"</x:xmpmeta>" if data[start : start + 10] == b"<x:xmpmeta" else b"</rdf:RDF>"
    end = data.find(end_tag, start)
    if end < 0:
        return {}
    try:
        root = SafeET.fromstring(data[start : end + len(end_tag)], forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UnsafeXML(f"XMP packet refused ({exc})") from exc
    found: dict[str, str] = {}
    for descr in root.iter(f"{{{NS['rdf']}}}Description"):
        for key, (prefix, local) in FIELDS.items():
            qname = f"{{{NS[prefix]}}}{local}"
            attr = descr.get(qname)
            if attr and key not in found:
                found[key] = attr.strip()
            el = descr.find(qname)
            if el is not None and key not in found:
                value = _text(el)
                if value:
                    found[key] = value
    return found

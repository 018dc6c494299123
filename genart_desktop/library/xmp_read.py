"""Read the fields an artist cares about from an XMP packet (untrusted XML).

Parsed with defusedxml: entity declarations and external references are refused, nothing
is fetched. Properties may be attributes of ``rdf:Description`` or child elements holding a
literal, an ``rdf:Alt``/``rdf:Seq``/``rdf:Bag`` list, or an ``rdf:resource`` reference.
"""

from __future__ import annotations

import logging
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

log = logging.getLogger(__name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NAMESPACES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://creativecommons.org/ns#": "cc",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://ns.useplus.org/ldf/xmp/1.0/": "plus",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    # The app's own namespace: the exact internal values of the rights an export wrote.
    "https://genart.org/ns/provenance/1.0/": "genart",
}
MAX_XMP_BYTES = 4 * 1024 * 1024


def _qualified(tag: str) -> str | None:
    if not tag.startswith("{"):
        return None
    uri, _, local = tag[1:].partition("}")
    prefix = NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else None


def _values(element: Element) -> list[str]:
    resource = element.get(f"{{{RDF}}}resource")
    if resource:
        return [resource]
    items = [li for container in element for li in container if li.tag == f"{{{RDF}}}li"]
    if items:
        return [(li.text or "").strip() for li in items if (li.text or "").strip()]
    text = (element.text or "").strip()
    return [text] if text else []


def parse_xmp(packet: bytes | str) -> dict[str, list[str]]:
    """``{"dc:creator": ["Ann"], "cc:license": ["https://…"], …}``; empty when unreadable."""
    return parse_xmp_checked(packet)[0]


def parse_xmp_checked(packet: bytes | str) -> tuple[dict[str, list[str]], str]:
    """The properties, and why the packet was refused ("" when it was read)."""
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    if len(packet) > MAX_XMP_BYTES:
        log.warning("XMP packet of %d bytes ignored (too large)", len(packet))
        return {}, f"it is larger than {MAX_XMP_BYTES // (1024 * 1024)} MB"
    packet = packet.strip(b"\x00 \r\n\t")
    try:
        root = SafeET.fromstring(packet, forbid_dtd=True)
    except DefusedXmlException as exc:
        log.warning("unsafe XMP refused: %r", exc)
        return {}, ("it declares a DTD or entities, which could make a reader fetch files or"
                    " expand text without end")
    except (SafeET.ParseError, ValueError) as exc:
        log.warning("unreadable XMP ignored: %s", exc)
        return {}, f"it is not well-formed XML ({exc})"
    except RecursionError:
        return {}, "it is nested too deeply"
    found: dict[str, list[str]] = {}
    for description in root.iter(f"{{{RDF}}}Description"):
        for attr, value in description.attrib.items():
            name = _qualified(attr)
            if name and value.strip():
                found.setdefault(name, []).append(value.strip())
        for child in description:
            name = _qualified(child.tag)
            if name:
                values = _values(child)
                if values:
                    found.setdefault(name, []).extend(values)
    return found, ""


def sidecar_conflicts(first: tuple[str, bytes], second: tuple[str, bytes]) -> list[str]:
    """A note for each property two sidecars of one image give different values (first wins)."""
    (name_a, a), (name_b, b) = first, second
    props_a, props_b = parse_xmp(a), parse_xmp(b)
    clashes = sorted(k for k in props_a if k in props_b and props_a[k] != props_b[k])
    if not clashes:
        return []
    detail = "; ".join(f"{k}: “{', '.join(props_a[k])}” vs “{', '.join(props_b[k])}”" for k in clashes[:6])
    return [f"The sidecars {name_a} and {name_b} disagree ({detail}); the values of {name_a} were used."]

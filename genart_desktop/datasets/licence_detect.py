"""Find the licence of every included image, keeping the source of each finding.

Order of precedence (most specific first): REUSE ``image.ext.license``, REUSE.toml and
``.reuse/dep5`` rules, a ``.provenance.json`` sidecar, an ``.xmp`` sidecar, embedded XMP/EXIF/
IPTC, then LICENSE/COPYING/README files in the image's folder or the nearest parent (inside
the dropped folder, then up to two folders above it). Every finding is kept on the entry so
the report can show disagreements. A "do not train" data-mining preference excludes the image
until the artist overrides it (declarations.py records the override).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from genart_desktop.datasets import licence_files as lf
from genart_desktop.datasets.model import FileEntry, LicenceFinding, ScanResult
from genart_desktop.datasets.walk import Listing
from genart_desktop.datasets.xmp import UnsafeXML, parse_xmp
from genart_desktop.provenance import licences

log = logging.getLogger(__name__)

LICENCE_FILE_STEMS = ("license", "licence", "copying", "readme", "credits", "attribution")
DO_NOT_TRAIN_WORDS = ("prohibited", "notallowed", "not-allowed", "disallowed", "noaitraining", "no-ai")


def is_do_not_train(value: str) -> bool:
    low = value.lower().replace(" ", "")
    return any(word in low for word in DO_NOT_TRAIN_WORDS)


class _Texts:
    """Cached, parsed access to the licence-bearing files of one scan."""

    def __init__(self, listing: Listing) -> None:
        self.listing = listing
        self._cache: dict[tuple[int, str], bytes | None] = {}
        self._rules: dict[int, list[tuple[str, lf.Rule]]] = {}
        self._disk: dict[Path, tuple[lf.TextFinding, str] | None] = {}

    def read(self, source: int, rel: str) -> bytes | None:
        key = (source, rel)
        if key not in self._cache:
            reader = self.listing.texts.get(key)
            try:
                self._cache[key] = reader() if reader else None
            except Exception:
                self._cache[key] = None
        return self._cache[key]

    def rules(self, source: int) -> list[tuple[str, lf.Rule]]:
        """(folder prefix, rule) for every REUSE.toml / dep5 rule in this source."""
        if source not in self._rules:
            found: list[tuple[str, lf.Rule]] = []
            for src, rel in sorted(self.listing.texts):
                if src != source:
                    continue
                path = PurePosixPath(rel)
                if path.name == "REUSE.toml" or rel.endswith(".reuse/dep5"):
                    data = self.read(src, rel) or b""
                    if path.name == "REUSE.toml":
                        base = str(path.parent) if str(path.parent) != "." else ""
                        found += [(base, r) for r in lf.parse_reuse_toml(data)]
                    else:
                        base = rel[: -len(".reuse/dep5")].rstrip("/")
                        found += [(base, r) for r in lf.parse_dep5(data)]
            self._rules[source] = found
        return self._rules[source]

    def folder_licence(self, source: int, rel: str) -> tuple[lf.TextFinding, str] | None:
        folder = PurePosixPath(rel).parent
        chain = [folder, *folder.parents] if str(folder) != "." else [PurePosixPath(".")]
        names = sorted({r for (s, r) in self.listing.texts if s == source})
        for level in chain:
            prefix = "" if str(level) == "." else f"{level}/"
            found: list[tuple[lf.TextFinding, str]] = []
            for name in names:
                if not name.startswith(prefix) or "/" in name[len(prefix) :]:
                    continue
                if name[len(prefix) :].lower().split(".")[0] in LICENCE_FILE_STEMS:
                    finding = lf.read_licence_file(self.read(source, name) or b"")
                    if finding:
                        found.append((finding, name))
            if found:
                return _with_holder_from_siblings(found)
        for parent in self.listing.parents.get(source, []):
            if parent not in self._disk:
                self._disk[parent] = _disk_licence(parent)
            if self._disk[parent]:
                return self._disk[parent]
        return None


def _with_holder_from_siblings(found: list[tuple[lf.TextFinding, str]]) -> tuple[lf.TextFinding, str]:
    """The first licence file of a folder; when it names no holder, one that a sibling file naming
    the same licence gives (an ATTRIBUTION.txt that says only the licence sorts before the
    LICENSE that names the holder)."""
    first, where = found[0]
    if not first.attribution_name:
        named = next((f for f, _ in found[1:] if f.attribution_name and f.licence == first.licence), None)
        if named is not None:
            return dataclasses.replace(first, attribution_name=named.attribution_name), where
    return first, where


def _disk_licence(folder: Path) -> tuple[lf.TextFinding, str] | None:
    """A licence file in a folder above the dropped one (read from disk)."""
    found: list[tuple[lf.TextFinding, str]] = []
    try:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name.lower().split(".")[0] in LICENCE_FILE_STEMS:
                finding = lf.read_licence_file(path.read_bytes()[: lf.MAX_TEXT])
                if finding:
                    found.append((finding, str(path)))
    except OSError:
        return None
    return _with_holder_from_siblings(found) if found else None


def _embedded_findings(meta: dict[str, str], where: str) -> list[LicenceFinding]:
    name = meta.get("cc:attributionName") or meta.get("dc:creator") or meta.get("photoshop:Credit") or ""
    name = name or meta.get("exif:Artist", "") or meta.get("iptc:By-line", "")
    url = meta.get("cc:attributionURL", "")
    out = []
    for key in (
        "cc:license",
        "xmpRights:UsageTerms",
        "xmpRights:WebStatement",
        "dc:rights",
        "exif:Copyright",
        "iptc:CopyrightNotice",
    ):
        value = meta.get(key, "")
        if not value:
            continue
        licence = licences.identify(value) or lf.identify_in_text(value)[0]
        if not licence and key == "xmpRights:WebStatement" and not url:
            url = value
        if licence:
            out.append(LicenceFinding(licence, f"{where} {key}", value[:200], name, url))
    if not out and (name or meta.get("exif:Copyright") or meta.get("dc:rights")):
        holder = meta.get("exif:Copyright") or meta.get("dc:rights") or meta.get("iptc:CopyrightNotice") or ""
        detail = "; ".join(x for x in (holder, name) if x)
        out.append(LicenceFinding("", f"{where} rights holder (no licence named)", detail[:200], name, url))
    return out


def _findings_for(entry: FileEntry, texts: _Texts, embedded: dict[str, str]) -> list[LicenceFinding]:
    src, rel = entry.source, entry.path
    found: list[LicenceFinding] = []
    data = texts.read(src, rel + ".license")
    if data:
        f = lf.read_dot_license(data)
        if f:
            found.append(LicenceFinding(f.licence, "REUSE .license file", f.detail, f.attribution_name))
    for base, rule in reversed(texts.rules(src)):
        inner = rel[len(base) + 1 :] if base and rel.startswith(base + "/") else (rel if not base else None)
        if inner is not None and lf.match_rules([rule], inner):
            kind = "REUSE dep5" if rule.dep5 else "REUSE.toml"
            found.append(LicenceFinding(rule.licence, kind, " ".join(rule.patterns), rule.holder))
            break
    data = texts.read(src, rel + ".provenance.json")
    if data:
        rights = lf.read_provenance_sidecar(data)
        lic = licences.identify(rights.get("licence", "")) or rights.get("licence", "")
        if lic or rights.get("data_mining"):
            found.append(
                LicenceFinding(
                    lic,
                    ".provenance.json sidecar",
                    rights.get("data_mining", ""),
                    rights.get("attribution_name", ""),
                    rights.get("attribution_url", ""),
                )
            )
    stem = str(PurePosixPath(rel).with_suffix(""))
    for sidecar in (rel + ".xmp", stem + ".xmp"):
        data = texts.read(src, sidecar)
        if data:
            try:
                found += _embedded_findings(parse_xmp(data), ".xmp sidecar")
            except (UnsafeXML, Exception) as exc:
                entry.notes.append(f"{sidecar} ignored ({exc})")
            break
    found += _embedded_findings(embedded, "embedded")
    folder = texts.folder_licence(src, rel)
    if folder:
        finding, name = folder
        found.append(
            LicenceFinding(
                finding.licence,
                f"{PurePosixPath(name).name} file ({name})",
                finding.detail,
                finding.attribution_name,
            )
        )
    return found


def _data_mining_values(entry: FileEntry, texts: _Texts, embedded: dict[str, str]) -> list[str]:
    values = [embedded.get("plus:DataMining", "")]
    stem = str(PurePosixPath(entry.path).with_suffix(""))
    for sidecar in (entry.path + ".xmp", stem + ".xmp"):
        data = texts.read(entry.source, sidecar)
        if data:
            try:
                values.append(parse_xmp(data).get("plus:DataMining", ""))
            except Exception:
                pass
    data = texts.read(entry.source, entry.path + ".provenance.json")
    if data:
        values.append(lf.read_provenance_sidecar(data).get("data_mining", ""))
    return [v for v in values if v]


def detect_licences(
    result: ScanResult, listing: Listing, *, on_entry: Callable[[], None] | None = None
) -> None:
    texts = _Texts(listing)
    for entry in result.files:
        embedded = entry.override.pop("embedded", {}) or {}
        if not entry.included:
            continue
        if "xmp:error" in embedded:
            entry.notes.append(embedded.pop("xmp:error"))
        entry.findings = _findings_for(entry, texts, embedded)
        chosen = next((f for f in entry.findings if f.licence), None)
        holder = next((f for f in entry.findings if f.attribution_name), None)
        # A named holder is kept even without a licence: it pre-fills the licence dialog.
        entry.attribution_name = (chosen.attribution_name if chosen else "") or (
            holder.attribution_name if holder else ""
        )
        if chosen:
            entry.licence, entry.licence_source = chosen.licence, chosen.source
            entry.attribution_url = chosen.attribution_url
            others = {f.licence for f in entry.findings if f.licence and f.licence != chosen.licence}
            if others:
                entry.notes.append(f"other sources name {', '.join(sorted(others))}; {chosen.source} used")
        mining = _data_mining_values(entry, texts, embedded)
        if any(is_do_not_train(v) for v in mining):
            entry.do_not_train = True
            entry.included = False
            entry.reason = (
                f"its creator asked that it not be used for AI training ({'; '.join(mining)}); "
                "re-include it only with their permission"
            )
        if on_entry:
            on_entry()

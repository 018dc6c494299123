"""What the artist declares about files: own work, a licence, permission, exclude, include.

A declaration applies to chosen files or to every file under a folder (bulk). It is recorded
on each entry (``override["declaration"]``) with its date, so the manifest shows who decided
what. ``readiness`` says whether the dataset may train and, if not, why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from genart_desktop.core.errors import DatasetError, LicenceError
from genart_desktop.datasets.model import FileEntry, LicenceFinding, ScanResult
from genart_desktop.provenance import licences, obligations

KINDS = ("own", "licence", "permission", "exclude", "include")


@dataclass
class Declaration:
    kind: str
    licence: str = ""
    attribution_name: str = ""
    attribution_url: str = ""
    permission_text: str = ""
    permission_date: str = ""
    override_data_mining: bool = False  # re-include an image whose creator said "do not train"


def _today() -> str:
    return dt.date.today().isoformat()


def validate(decl: Declaration) -> Declaration:
    if decl.kind not in KINDS:
        raise DatasetError(f"Unknown declaration {decl.kind!r}.", hint=f"Use one of {', '.join(KINDS)}.")
    if decl.kind == "licence":
        if not decl.licence.strip():
            raise LicenceError("A licence declaration needs a licence.", hint="For example CC-BY-4.0.")
        spdx = licences.identify(decl.licence) or decl.licence
        decl.licence = licences.parse_expression(spdx)
    if decl.kind == "permission":
        if not decl.permission_text.strip():
            raise LicenceError(
                "Permission must be recorded with its text.",
                hint="Paste or summarise the permission you were given (who, what, when).",
            )
        decl.permission_date = decl.permission_date or _today()
    return decl


def selected(
    result: ScanResult, paths: list[str] | None = None, folder: str | None = None
) -> list[FileEntry]:
    """Entries named in ``paths``, or under ``folder`` ("" = everything)."""
    if paths is not None:
        wanted = set(paths)
        return [e for e in result.files if e.path in wanted]
    if folder is None:
        raise DatasetError("Say which files the declaration is for.")
    prefix = folder.strip("/")
    return [e for e in result.files if not prefix or e.path == prefix or e.path.startswith(prefix + "/")]


def can_include(entry: FileEntry) -> str:
    """ "" if a skipped entry may be re-included, else why not."""
    if not entry.sha256 or not entry.width:
        return f"{entry.path} cannot be used: {entry.reason}"
    if entry.reason.startswith("exact duplicate"):
        return f"{entry.path} is an exact duplicate; the other copy is already in the dataset"
    return ""


def apply(
    result: ScanResult, decl: Declaration, paths: list[str] | None = None, folder: str | None = None
) -> int:
    """Apply ``decl`` to the chosen entries; returns how many changed."""
    decl = validate(decl)
    record: dict[str, Any] = {**{k: v for k, v in asdict(decl).items() if v}, "date": _today()}
    changed = 0
    for entry in selected(result, paths, folder):
        if decl.kind == "exclude":
            if entry.included:
                entry.included, entry.reason = False, "excluded by the artist"
                entry.override["declaration"] = record
                changed += 1
            continue
        if decl.kind == "include":
            if entry.included or can_include(entry):
                continue
            if entry.do_not_train and not decl.override_data_mining:
                continue
            entry.included, entry.reason = True, ""
            entry.override["declaration"] = record
            if entry.do_not_train:
                entry.override["data_mining_override"] = record
            changed += 1
            continue
        if not entry.sha256 or not entry.width:
            continue  # a declaration about a file that is not an image changes nothing
        licence = {"own": licences.OWN, "permission": licences.PERMISSION}.get(decl.kind, decl.licence)
        entry.licence = licence
        entry.attribution_name = decl.attribution_name
        entry.attribution_url = decl.attribution_url
        entry.licence_source = f"declared by the artist ({decl.kind})"
        entry.findings.insert(
            0,
            LicenceFinding(
                licence,
                entry.licence_source,
                decl.permission_text[:200],
                decl.attribution_name,
                decl.attribution_url,
            ),
        )
        entry.override["declaration"] = record
        changed += 1
    return changed


def licence_sources(result: ScanResult) -> list[obligations.LicenceSource]:
    """Included files aggregated per licence + attribution (+ permission), in a stable order."""
    groups: dict[tuple[str, str, str, str, str], int] = {}
    for e in result.included:
        if not e.licence:
            continue
        decl = e.override.get("declaration", {})
        key = (
            e.licence,
            e.attribution_name,
            e.attribution_url,
            decl.get("permission_text", ""),
            decl.get("permission_date", ""),
        )
        groups[key] = groups.get(key, 0) + 1
    return [
        obligations.LicenceSource(
            licence=k[0],
            attribution_name=k[1],
            attribution_url=k[2],
            count=n,
            permission_text=k[3],
            permission_date=k[4],
        )
        for k, n in sorted(groups.items())
    ]


def unresolved(result: ScanResult) -> list[FileEntry]:
    return [e for e in result.included if not e.licence or e.licence == licences.UNKNOWN]


def missing_attribution(result: ScanResult) -> list[FileEntry]:
    """Included files whose licence requires attribution but for which none was found."""
    out = []
    for e in result.included:
        known = licences.lookup(e.licence) if e.licence else None
        needs_name = known is not None and (known.requires_attribution or known.requires_notice)
        if needs_name and not e.attribution_name:
            out.append(e)
    return out


def readiness(result: ScanResult) -> obligations.Verdict:
    """The obligations verdict, refused as well when a file has no licence or nothing is included."""
    verdict = obligations.evaluate(licence_sources(result))
    missing = unresolved(result)
    extra = []
    if missing:
        names = ", ".join(e.path for e in missing[:5]) + (" …" if len(missing) > 5 else "")
        extra.append(
            f"{len(missing)} image(s) have no known licence ({names}): declare one, mark them as your own "
            "work or as used with permission, or exclude them"
        )
    if not result.included:
        extra.append("no usable images are included")
    if extra:
        verdict.refusals = [*extra, *verdict.refusals]
        verdict.allowed = False
    return verdict


def open_entries(result: ScanResult) -> list[FileEntry]:
    """What a declaration answers: files with no licence, and files whose licence needs an
    attribution that no source named (e.g. a LICENSE file without a holder)."""
    return unresolved(result) + missing_attribution(result)


def declaration_for(licence: str = "", *, attribution_name: str = "", attribution_url: str = "",
                    permission_text: str = "") -> Declaration | None:
    """The declaration a command line or a run spec makes: permission (with its text), your own
    work ("own" or LicenseRef-Own), or a licence; None when it makes none."""
    if permission_text:
        return Declaration("permission", permission_text=permission_text,
                           attribution_name=attribution_name, attribution_url=attribution_url)
    licence = licence.strip()
    if not licence:
        return None
    own = licence.lower() == "own" or licence == licences.OWN
    return Declaration("own" if own else "licence", licence="" if own else licence,
                       attribution_name=attribution_name, attribution_url=attribution_url)


def declare_open(result: ScanResult, decl: Declaration) -> int:
    """Apply ``decl`` to the :func:`open_entries` of the scan; returns how many changed."""
    return apply(result, decl, paths=[e.path for e in open_entries(result)])

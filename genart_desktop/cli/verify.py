"""`genart verify`: check the provenance of exported files (pixels, XMP, JSON, C2PA)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "Check the provenance of exported files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="exported images, folders of them or globs "
                             "(sidecars count as parts of their image)")
    parser.add_argument("--trust-anchor", type=Path, metavar="ROOT.pem",
                        help="root certificate the C2PA signer must chain to "
                             "(from `genart keys export-root`)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")


def run(args: argparse.Namespace) -> int:
    from genart_desktop.provenance.verify import verify_file
    from genart_desktop.provenance.verify_paths import expand

    targets = expand(args.paths)
    verdicts = [verify_file(path, trust_anchor=args.trust_anchor) for path in targets.images]
    problems = [f"{raw}: no such file, folder or matching file" for raw in targets.missing]
    problems += [f"{p}: a sidecar whose image is not there" for p in targets.orphans]
    ok = bool(verdicts) and all(v.ok for v in verdicts) and not problems
    if args.json:
        print(json.dumps({"ok": ok, "images_checked": len(verdicts), "problems": problems,
                          "files": [v.to_dict() for v in verdicts]}, indent=2, ensure_ascii=False))
        return 0 if ok else 1
    for verdict in verdicts:
        print(verdict.describe())
    for problem in problems:
        print(f"NOT OK {problem}")
    bad = sum(not v.ok for v in verdicts)
    print(f"{len(verdicts)} image(s) checked: {len(verdicts) - bad} OK" + (f", {bad} NOT OK" if bad else "")
          + (f"; {len(problems)} problem(s) with the paths given" if problems else ""))
    return 0 if ok else 1

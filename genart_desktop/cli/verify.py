"""`genart verify`: check the provenance of exported files (pixels, XMP, JSON, C2PA)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "Check the provenance of exported files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="exported image files")
    parser.add_argument("--trust-anchor", type=Path, metavar="ROOT.pem",
                        help="root certificate the C2PA signer must chain to "
                             "(from `genart keys export-root`)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")


def run(args: argparse.Namespace) -> int:
    from genart_desktop.provenance.verify import verify_file

    verdicts = [verify_file(path, trust_anchor=args.trust_anchor) for path in args.paths]
    if args.json:
        print(json.dumps({"ok": all(v.ok for v in verdicts), "files": [v.to_dict() for v in verdicts]},
                         indent=2, ensure_ascii=False))
    else:
        for verdict in verdicts:
            print(verdict.describe())
        bad = sum(not v.ok for v in verdicts)
        print(f"{len(verdicts) - bad} of {len(verdicts)} files verified" + (f"; {bad} NOT OK" if bad else ""))
    return 0 if all(v.ok for v in verdicts) else 1

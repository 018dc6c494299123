"""`genart keys`: the local C2PA signing CA (created on first use)."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Manage the local C2PA signing keys"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = sub.add_parser("export-root", help="write the root certificate (a trust anchor for verify)")
    export.add_argument("out", type=Path, metavar="OUT.pem")
    sub.add_parser("show", help="where the keys are and who the certificates name")


def run(args: argparse.Namespace) -> int:
    from genart_desktop.provenance import keys

    if args.action == "export-root":
        path = keys.export_root(args.out)
        print(f"Root certificate written to {path}. Give it to `genart verify --trust-anchor`.")
        return 0
    from cryptography import x509

    from genart_desktop.core import paths

    identity = keys.ensure_identity()
    root = x509.load_pem_x509_certificate(identity.root_pem)
    print(f"Keys folder: {paths.keys_dir()}")
    print(f"Root CA:     {root.subject.rfc4514_string()} (valid until {root.not_valid_after_utc:%Y-%m-%d})")
    return 0

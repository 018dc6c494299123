"""Shared body of verbs whose engine is not part of this build yet."""

from __future__ import annotations

import argparse
import sys


def make_unavailable(verb: str, what: str):
    """Return (add_arguments, run) for a verb that says plainly it is not available yet."""

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    def run(args: argparse.Namespace) -> int:
        print(
            f"genart {verb}: not available in this version yet ({what}).",
            file=sys.stderr,
        )
        return 3

    return add_arguments, run

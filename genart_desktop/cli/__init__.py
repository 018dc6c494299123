"""The ``genart`` command line. Each verb lives in its own module of this package.

A verb module provides ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
Modules import their services inside ``run`` so ``genart --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from genart_desktop.core.errors import Cancelled, GenArtError
from genart_desktop.core.version import __version__

# Verb name -> module. The order is the order of ``genart --help``.
VERBS: dict[str, str] = {
    "train": "genart_desktop.cli.train",
    "generate": "genart_desktop.cli.generate",
    "export": "genart_desktop.cli.export",
    "verify": "genart_desktop.cli.verify",
    "models": "genart_desktop.cli.models",
    "library": "genart_desktop.cli.library",
    "dataset": "genart_desktop.cli.dataset",
    "keys": "genart_desktop.cli.keys",
    "bench": "genart_desktop.cli.bench",
    "package": "genart_desktop.cli.package",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="genart",
        description="GenArt Desktop on the command line: the same verbs as the app.",
        epilog="The window: `./run` or `./run --gui` (or `genart-desktop`) starts it; "
               "`./run FOLDER` (`genart-desktop FOLDER`) starts it with FOLDER offered for "
               "training, `./run IMAGE…` with the images imported into the gallery.",
    )
    parser.add_argument("--version", action="version", version=f"genart {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name, module_name in VERBS.items():
        module = importlib.import_module(module_name)
        verb_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(verb_parser)
        verb_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not getattr(args, "verb", None):
        parser.print_help()
        return 2

    from genart_desktop.core.logsetup import setup_logging

    setup_logging(logging.DEBUG if args.verbose else logging.INFO)
    try:
        return int(args._run(args) or 0)
    except Cancelled as exc:
        print(f"genart {args.verb}: {exc.user_message}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"genart {args.verb}: interrupted", file=sys.stderr)
        return 130
    except GenArtError as exc:
        logging.getLogger("genart_desktop.cli").debug("error", exc_info=True)
        print(f"genart {args.verb}: error: {exc.describe()}", file=sys.stderr)
        return 1

"""`genart train`: Train a GAN or VAE on a folder of images, an array or a dataset.

The same workflow and run folders as the app (``workflows.training``); a console progress
bar; the finished model is exported, checked and written to the models folder (and
registered in the library).
"""

from __future__ import annotations

import argparse
import sys

from genart_desktop.training.cli_args import add_train_arguments

HELP = "Train a GAN or VAE on a folder of images or a dataset"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_train_arguments(parser)
    parser.add_argument("--threads", type=_positive, metavar="N",
                        help="CPU threads to train with (default: every core)")
    parser.add_argument("--list-runs", action="store_true", help="list the training runs on disk and exit")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run(args: argparse.Namespace) -> int:
    from genart_desktop.core.console import ConsoleBar
    from genart_desktop.training.cli_args import request_from_args
    from genart_desktop.workflows.training import bundled_start_tip, list_runs, train_and_register

    if args.list_runs:
        for info in list_runs():
            print(f"{info.get('id', '?')}  {info.get('status', '?'):<9}  step {info.get('step', 0):>7}  "
                  f"{info.get('name', '')}")
        return 0
    request = request_from_args(args)
    tip = bundled_start_tip(request)
    if tip:
        print(tip, file=sys.stderr)
    threads = args.threads
    outcome = train_and_register(
        request, progress=ConsoleBar(), run_created=lambda run_id: print(f"run {run_id}", file=sys.stderr),
        threads=(lambda: threads) if threads else None,
    )
    print(f"model {outcome.card['id']} written to {outcome.model_folder} and added to the library")
    return 0

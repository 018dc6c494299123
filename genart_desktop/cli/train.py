"""`genart train`: Train a GAN or VAE on a folder of images, an array or a dataset.

The same engine and run folders as the app; a console progress bar; the finished model is
exported, checked and written to the models folder (and registered in the library).
"""

from __future__ import annotations

import argparse
import sys

from genart_desktop.training.cli_args import add_train_arguments

HELP = "Train a GAN or VAE on a folder of images or a dataset"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_train_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from genart_desktop.training import pipeline, registration
    from genart_desktop.training.cli_args import ConsoleBar, data_spec, fine_tune_folder, overrides

    if args.resume:
        run_id = args.resume
    elif args.continue_model:
        if not (args.minutes or args.steps):
            args.minutes = 20.0
        run_id = pipeline.continue_model(
            fine_tune_folder(args.continue_model), steps=args.steps, minutes=args.minutes, device=args.device,
            name=args.name, data=data_spec(args) if args.source else None,
        )
    else:
        if not (args.minutes or args.steps):
            args.minutes = 20.0
        run_id = pipeline.create_run(
            args.preset, data_spec(args), steps=args.steps, minutes=args.minutes, device=args.device,
            name=args.name, overrides=overrides(args.set), fine_tune_from=fine_tune_folder(args.fine_tune),
        )
    print(f"run {run_id}", file=sys.stderr)
    outcome = pipeline.train_run(run_id, progress=ConsoleBar(), device=args.device if args.resume else None)
    registration.register_model(outcome.card, outcome.model_folder)
    print(f"model {outcome.card['id']} written to {outcome.model_folder} and added to the library")
    return 0

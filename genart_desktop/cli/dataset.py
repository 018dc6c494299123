"""`genart dataset`: scan folders or zips into a training dataset with a licence manifest."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Scan a folder into a training dataset with a licence manifest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="scan folders/zips, print the summary, save the dataset if it may train")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument("--size", type=int, choices=(64, 128, 256, 512), default=128)
    add.add_argument("--fit", choices=("crop", "pad"), default="crop", help="centre crop or pad to square")
    add.add_argument("--background", default="#ffffff", help="colour transparent pixels are composited onto")
    add.add_argument("--name", default="", help="dataset name (default: the folder name)")
    add.add_argument("--report", type=Path, help="write the per-file report as JSON here")
    add.add_argument("--csv", type=Path, help="write the per-file report as CSV here")
    add.add_argument(
        "--declare",
        metavar="own|SPDX-ID",
        help="licence for the images whose licence was not found (own = your own work)",
    )
    add.add_argument("--attribution", default="", help="attribution name for --declare")
    add.add_argument("--url", default="", help="attribution URL for --declare")
    add.add_argument("--permission", default="", help="declare permission, recording this text")
    add.add_argument("--no-cache", action="store_true", help="do not build the preprocessing cache")
    sub.add_parser("list", help="list saved datasets")


def run(args: argparse.Namespace) -> int:
    from genart_desktop.core.console import quiet_bar
    from genart_desktop.datasets import report
    from genart_desktop.datasets.declarations import declaration_for
    from genart_desktop.datasets.scan import scan
    from genart_desktop.workflows.datasets import declare_and_finalize, list_datasets

    if args.action == "list":
        for m in list_datasets():
            state = "ready" if m["verdict"]["allowed"] else "not ready"
            print(f"{m['id']}  {m['image_count']:>6} images  {state:<9}  {m['name']}  {m['expression']}")
        return 0

    bar = quiet_bar()
    result = scan(args.paths, size=args.size, fit=args.fit, background=args.background, progress=bar)
    bar.done()
    declaration = declaration_for(args.declare or "", attribution_name=args.attribution,
                                  attribution_url=args.url, permission_text=args.permission)
    outcome = declare_and_finalize(result, declaration, args.name, build=not args.no_cache)
    manifest = outcome.manifest
    data = report.build_report(result, manifest)
    print(report.summary_text(data))
    if manifest:
        print(f"Dataset {manifest['id']} saved (manifest hash {manifest['hash'][:16]}…).")
        _print_dropped(manifest)
    elif result.included:
        print("No dataset was saved: the licences above do not allow training yet. Declare them"
              " (--declare own|SPDX-ID, or in the app's dataset report) and run again.")
    if args.report:
        report.write_json(data, args.report)
        print(f"Report written to {args.report}")
    if args.csv:
        report.write_csv(data, args.csv)
        print(f"CSV written to {args.csv}")
    # The scan itself succeeded when it accepted at least one file; what was skipped, and
    # whether the licences let it train, is in the summary above.
    return 0 if result.included else 1


def _print_dropped(manifest: dict) -> None:
    from genart_desktop.workflows.datasets import left_out_of_cache

    dropped = left_out_of_cache(manifest)
    if dropped:
        print(f"{len(dropped)} file(s) left out of the training cache:")
        for path, reason in dropped:
            print(f"  {path}: {reason}")

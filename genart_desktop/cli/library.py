"""`genart library`: import images, check and repair the store, statistics, search, trash."""

from __future__ import annotations

import argparse
import sys

HELP = "Manage the image library (import, check, stats, search, trash)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="copy images (files or folders) into the library")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    chk = sub.add_parser("check", help="find missing files and orphans (and repair them)")
    chk.add_argument("--repair", action="store_true", help="fix what the check finds")
    chk.add_argument("--deep", action="store_true", help="also re-hash every file (slow)")
    sub.add_parser("stats", help="how many images, models, tags; disk use")
    search = sub.add_parser("search", help="full-text search over titles, notes, tags, creators, …")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=50)
    trash = sub.add_parser("trash", help="the trash")
    trash_sub = trash.add_subparsers(dest="trash_action", metavar="ACTION", required=True)
    trash_sub.add_parser("empty", help="remove trashed images and their files for good")
    trash_sub.add_parser("list", help="list trashed images")


def run(args: argparse.Namespace) -> int:
    from genart_desktop.library import Library

    with Library.open() as library:
        if args.action == "import":
            return _import(library, args)
        if args.action == "check":
            return _check(library, args)
        if args.action == "stats":
            return _stats(library)
        if args.action == "search":
            return _search(library, args)
        return _trash(library, args)


def _import(library, args: argparse.Namespace) -> int:
    from genart_desktop.core.console import quiet_bar
    from genart_desktop.workflows.library import import_into

    bar = quiet_bar()
    report = import_into(library, args.paths, progress=bar)
    bar.done()
    for path, reason in report.skipped:
        print(f"  skipped {path}: {reason}")
    if report.stopped:
        print(report.stopped, file=sys.stderr)
    print(report.summary())
    # Skipped files are part of a normal import; it failed only when nothing got in.
    if report.stopped or (not report.accepted and report.skipped):
        return 1
    return 0


def _check(library, args: argparse.Namespace) -> int:
    from genart_desktop.core.console import quiet_bar
    from genart_desktop.library.check import check

    bar = quiet_bar()
    report = check(library, repair=args.repair, deep=args.deep, progress=bar)
    bar.done()
    print(report.summary())
    for image_id in report.missing:
        print(f"  missing file for image {image_id}")
    for path in report.orphans:
        print(f"  orphan file {path}")
    if report.clean or report.repaired:
        return 0
    print("Run `genart library check --repair` to fix these.")
    return 1


def _stats(library) -> int:
    from genart_desktop.workflows.library import library_stats

    print(f"Library: {library.db_path}")
    for name, value in library_stats(library).rows():
        print(f"  {name:<16} {value}")
    return 0


def _search(library, args: argparse.Namespace) -> int:
    from genart_desktop.library.query import GalleryQuery, gallery_items, query_ids

    ids = list(query_ids(library, GalleryQuery(search=" ".join(args.query))))
    items = gallery_items(library, ids[: args.limit])
    for image_id in ids[: args.limit]:
        item = items[image_id]
        print(f"{image_id}\t{item.origin}\t{item.title or '(untitled)'}\t{item.path}")
    print(f"{len(ids)} match(es)", file=sys.stderr)
    return 0


def _trash(library, args: argparse.Namespace) -> int:
    from genart_desktop.library import trash

    if args.trash_action == "list":
        for image_id in trash.trashed_ids(library):
            print(f"{image_id}\t{library.get_image(image_id).title}")
        return 0
    from genart_desktop.core.console import quiet_bar

    removed = trash.empty_trash(library, progress=quiet_bar())
    print(f"Removed {removed} image(s) and their files.")
    return 0

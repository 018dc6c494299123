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


def _progress(fraction: float, message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{fraction * 100:5.1f}% {message[:70]:<70}", end="", file=sys.stderr, flush=True)


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
    report = library.import_files(args.paths, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report.summary())
    for path, reason in report.skipped:
        print(f"  skipped {path}: {reason}")
    return 0 if not report.skipped else 1


def _check(library, args: argparse.Namespace) -> int:
    from genart_desktop.library.check import check

    report = check(library, repair=args.repair, deep=args.deep, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
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
    conn = library.conn()

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0] or 0)

    rows = [
        ("images", one("SELECT COUNT(*) FROM images WHERE id NOT IN (SELECT image_id FROM trash)")),
        ("generated", one("SELECT COUNT(*) FROM images WHERE origin = 'generated'")),
        ("imported", one("SELECT COUNT(*) FROM images WHERE origin = 'imported'")),
        ("favourites", one("SELECT COUNT(*) FROM images WHERE favourite = 1")),
        ("in the trash", one("SELECT COUNT(*) FROM trash")),
        ("tags", one("SELECT COUNT(*) FROM tags")),
        ("models", one("SELECT COUNT(*) FROM models")),
        ("datasets", one("SELECT COUNT(*) FROM datasets")),
        ("training runs", one("SELECT COUNT(*) FROM runs")),
        ("store size (MB)", round(one("SELECT SUM(bytes) FROM images") / 1e6, 1)),
    ]
    print(f"Library: {library.db_path}")
    for name, value in rows:
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
    removed = trash.empty_trash(library, progress=_progress)
    print(f"Removed {removed} image(s) and their files.")
    return 0

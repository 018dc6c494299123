"""`genart export`: export library images with their provenance (XMP, JSON, C2PA)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from genart_desktop.core.errors import ExportError

HELP = "Export images with their provenance (XMP, JSON, C2PA)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every image in the library (not the trash)")
    which.add_argument("--ids", type=int, nargs="+", metavar="ID", help="these image ids")
    which.add_argument("--filter", metavar="QUERY", help="images matching a library search")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="target folder")
    parser.add_argument("--format", choices=["png", "jpeg", "webp"], default=None)
    parser.add_argument("--c2pa", choices=["off", "embed", "sidecar"], default=None,
                        help="sign a C2PA manifest with the local CA (default: Preferences)")
    parser.add_argument("--quality", type=int, default=None, help="JPEG / lossy WebP quality 1–100")
    parser.add_argument("--lossy", action="store_true", help="WebP: lossy instead of lossless")
    parser.add_argument("--resize", type=int, default=None, metavar="PX", help="longest side in pixels")
    parser.add_argument("--template", default=None, help="file-name template, e.g. '{title}-{id}'")
    parser.add_argument("--xmp-sidecar", choices=["ext", "plain", "none"], default=None,
                        help="name.ext.xmp (ext), name.xmp (plain) or none")
    parser.add_argument("--no-json", action="store_true", help="no .provenance.json sidecar")


def _progress(fraction: float, message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{fraction * 100:5.1f}% {message[:70]:<70}", end="", file=sys.stderr, flush=True)


def _options(args: argparse.Namespace):
    from genart_desktop.core import settings as settings_mod
    from genart_desktop.provenance.export import ExportOptions

    defaults = settings_mod.load().export
    sidecar = args.xmp_sidecar or defaults.xmp_sidecar_style
    fmt = args.format or defaults.format
    return ExportOptions(
        folder=args.out, format=fmt, c2pa=args.c2pa or defaults.c2pa,
        jpeg_quality=args.quality or defaults.jpeg_quality,
        webp_quality=args.quality or defaults.webp_quality,
        webp_lossless=False if args.lossy else defaults.webp_lossless,
        resize=args.resize, template=args.template or defaults.filename_template,
        xmp_sidecar=sidecar != "none", xmp_sidecar_style="plain" if sidecar == "plain" else "ext",
        json_sidecar=not args.no_json,
    )


def select_ids(library, args: argparse.Namespace) -> list[int]:
    from genart_desktop.library.query import GalleryQuery, query_ids

    if args.ids:
        return list(dict.fromkeys(args.ids))
    return list(query_ids(library, GalleryQuery(search=args.filter or "")))


def run(args: argparse.Namespace) -> int:
    from genart_desktop.library import Library
    from genart_desktop.provenance.export import export_images
    from genart_desktop.provenance.library_items import item_for_row, library_copy

    options = _options(args)
    with Library.open() as library:
        ids = select_ids(library, args)
        if not ids:
            raise ExportError("No images match: nothing was exported.",
                              hint="Check the ids or the filter (`genart library search …`).")
        items = [item_for_row(library.get_image(image_id)) for image_id in ids]
        report = export_images(items, options, progress=_progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        # Remember where each copy went: the next export signs it in as its C2PA parent.
        for exported in report.exported:
            library.set_provenance(ids[exported.item_index], library_copy(exported.record, exported.image))
    for exported in report.exported:
        print(f"exported {exported.image}")
    for name, reason in report.failed:
        print(f"FAILED {name}: {reason}", file=sys.stderr)
    print(f"{report.summary()}, to {options.folder}")
    return 0 if not report.failed else 1


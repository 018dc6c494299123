"""`genart export`: export library images with their provenance (XMP, JSON, C2PA).

Parses the options (defaults from Preferences) and calls ``workflows.export``, as the app does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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


def run(args: argparse.Namespace) -> int:
    from genart_desktop.core.console import quiet_bar
    from genart_desktop.library import Library
    from genart_desktop.workflows.export import export_selection, select_ids

    options = _options(args)
    bar = quiet_bar()
    with Library.open() as library:
        ids = select_ids(library, args.ids, search=args.filter or "")
        report = export_selection(library, ids, options, progress=bar)
        bar.done()
    for exported in report.exported:
        print(f"exported {exported.image}")
    for name, reason in report.failed:
        print(f"FAILED {name}: {reason}", file=sys.stderr)
    print(f"{report.summary()}, to {options.folder}")
    return 0 if not report.failed else 1

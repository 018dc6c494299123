"""Start the GenArt Desktop window (``python -m genart_desktop``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from genart_desktop.core.startup import process_start_time

_STARTED = process_start_time()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="genart-desktop", description="GenArt Desktop")
    parser.add_argument("--smoke-test", action="store_true", help="start, paint once, print JSON, exit")
    parser.add_argument("--self-check", action="store_true",
                        help="offscreen: generate, export and verify one image, print JSON, exit")
    parser.add_argument("--gui", action="store_true", help="start the window (the default)")
    parser.add_argument("paths", nargs="*", help="images to import or a folder to train on")
    return parser.parse_args(argv)


def _choose_platform(headless_ok: bool) -> None:
    """On Linux without a display, checks run offscreen; the window itself cannot."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    if headless_ok:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    else:
        print(
            "GenArt Desktop needs a graphical session: no DISPLAY or WAYLAND_DISPLAY is set.\n"
            "Start it from your desktop, or run the checks with ./run --smoke-test.",
            file=sys.stderr,
        )
        raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_check:
        # Never touch the user's library: the check works in a throw-away data folder.
        import tempfile

        os.environ["GENART_HOME"] = tempfile.mkdtemp(prefix="genart-self-check-home-")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _choose_platform(headless_ok=args.smoke_test or args.self_check)

    from genart_desktop.core.logsetup import setup_logging

    setup_logging()
    log = logging.getLogger("genart_desktop")

    from genart_desktop.ui.app import create_application
    from genart_desktop.ui.main_window import MainWindow

    app = create_application(sys.argv[:1])
    window = MainWindow()
    if args.smoke_test:
        from genart_desktop.ui.smoke import run_smoke_test

        return run_smoke_test(app, window)
    if args.self_check:
        from genart_desktop.ui.self_check import run_self_check_gui

        return run_self_check_gui(app, window)

    window.show()
    if args.paths:
        from pathlib import Path

        window.handle_dropped_paths([Path(p) for p in args.paths])
    log.info("window shown")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

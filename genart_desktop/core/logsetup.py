"""Logging to a rotating file in the log folder, plus the console."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from genart_desktop.core import paths

LOG_FILE_NAME = "genart.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
_MARK = "_genart_handler"


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO, *, console: bool = True) -> Path:
    """Install the file (and console) handlers once; returns the log file's path.

    Calling it again (e.g. after ``GENART_HOME`` changed in a test) replaces our handlers.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()

    target = log_file()
    paths.ensure(target.parent)
    file_handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    setattr(file_handler, _MARK, True)
    root.addHandler(file_handler)

    if console:
        console_handler = logging.StreamHandler(sys.stderr)
        console_handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console_handler.setLevel(logging.WARNING)
        setattr(console_handler, _MARK, True)
        root.addHandler(console_handler)

    root.setLevel(level)
    return target

"""A size-limited file system for full-disk tests: a tmpfs mounted for the test.

Mounting needs root (or CAP_SYS_ADMIN); where the machine forbids it the test is skipped
with that reason. Unmounted at the end even when the test fails.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(where: Path, size_kb: int) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("full-disk test: mounting a size-limited tmpfs needs root, and this test runs as a user")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"full-disk test: this machine does not allow mounting a tmpfs ({done.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(disk: Path, leave_kb: int) -> None:
    """Fill ``disk`` until about ``leave_kb`` KB are free."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with (disk / "filler.bin").open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave_kb * 1024))

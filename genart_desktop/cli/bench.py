"""``genart bench NAME``: run a benchmark from the project's ``benchmarks/`` folder.

Each benchmark is ``benchmarks/bench_<name>.py``; it prints a table and, as its last line,
one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from genart_desktop.core import paths
from genart_desktop.core.errors import NotAvailable

HELP = "Run a benchmark (table, then one JSON line)"


def benchmarks_dir() -> Path:
    return paths.install_root() / "benchmarks"


def available() -> list[str]:
    folder = benchmarks_dir()
    names = [p.stem.removeprefix("bench_").replace("_", "-") for p in folder.glob("bench_*.py")]
    return sorted(names)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="benchmark name; omit to list them")
    parser.add_argument("bench_args", nargs=argparse.REMAINDER, help="passed to the benchmark")


def run(args: argparse.Namespace) -> int:
    names = available()
    if not args.name:
        print("Benchmarks:", ", ".join(names) if names else "(none)")
        return 0
    if args.name not in names:
        raise NotAvailable(
            f"There is no benchmark called {args.name!r}.",
            hint=f"Available: {', '.join(names) or 'none'}.",
        )
    script = benchmarks_dir() / f"bench_{args.name.replace('-', '_')}.py"
    return subprocess.call([sys.executable, str(script), *args.bench_args])

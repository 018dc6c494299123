"""``genart package [--check]``: build the one-folder app with PyInstaller (packaging/genart.spec),
add the desktop-integration files, and optionally run the frozen app's own checks.

``./run package`` installs PyInstaller (the ``package`` extra) before calling this.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from genart_desktop.core.errors import NotAvailable
from genart_desktop.core.install import install_root
from genart_desktop.core.version import APP_ID, APP_NAME, __version__

HELP = "Build the installable app folder (PyInstaller) and check it"
EXE_NAME = "genart-desktop"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dist", type=Path, default=None, help="output folder (default: dist/)")
    parser.add_argument("--check", action="store_true", help="run --smoke-test and --self-check after")
    parser.add_argument("--no-build", action="store_true", help="only check an existing bundle")


def bundle_dir(dist: Path) -> Path:
    return dist / EXE_NAME


def build(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise NotAvailable(
            "PyInstaller is not installed in this environment.",
            hint="Use ./run package, which installs it first.",
        ) from exc
    spec = install_root() / "packaging" / "genart.spec"
    cmd = [sys.executable, "-m", "PyInstaller", str(spec), "--noconfirm", "--clean",
           "--distpath", str(dist), "--workpath", str(work), "--log-level", "WARN"]
    subprocess.run(cmd, check=True)
    target = bundle_dir(dist)
    write_desktop_files(target / "share")
    return target


def _render(template: Path, target: Path) -> None:
    text = template.read_text(encoding="utf-8")
    values = {"@APP_NAME@": APP_NAME, "@APP_ID@": APP_ID, "@VERSION@": __version__,
              "@RELEASE_DATE@": time.strftime("%Y-%m-%d")}
    for key, value in values.items():
        text = text.replace(key, value)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def write_desktop_files(share: Path) -> None:
    """The .desktop file (Exec filled in by install.sh), AppStream metainfo and icons."""
    linux = install_root() / "packaging" / "linux"
    _render(linux / f"{APP_ID}.desktop.in", share / "applications" / f"{APP_ID}.desktop")
    _render(linux / f"{APP_ID}.metainfo.xml.in", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    icons = install_root() / "packaging" / "icons"
    for png in icons.glob("*x*/*.png"):
        dest = share / "icons" / "hicolor" / png.parent.name / "apps" / png.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, dest)
    svg_dest = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    svg_dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(install_root() / "resources" / "icons" / "genart.svg", svg_dest)


def folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def run_frozen_check(bundle: Path, flag: str) -> tuple[dict, float]:
    """Run the frozen app with ``flag`` offscreen in a fresh data folder; its last line is JSON."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, GENART_HOME=home, QT_QPA_PLATFORM="offscreen")
        env.pop("GENART_EXEC_TIME", None)
        started = time.perf_counter()
        out = subprocess.run([str(bundle / EXE_NAME), flag], env=env, capture_output=True,
                             text=True, timeout=600)
        wall = time.perf_counter() - started
    if out.returncode != 0:
        raise NotAvailable(f"The frozen app failed its {flag} (exit {out.returncode}).",
                           hint=out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1]), wall


def run(args: argparse.Namespace) -> int:
    dist = (args.dist or install_root() / "dist").resolve()
    target = bundle_dir(dist)
    if not args.no_build:
        started = time.perf_counter()
        build(dist, install_root() / "build" / "pyinstaller")
        print(f"Built {target} in {time.perf_counter() - started:.0f} s")
    if not (target / EXE_NAME).exists():
        raise NotAvailable(f"No bundle at {target}.", hint="Build it with ./run package.")
    result: dict = {"bundle": str(target), "bundle_mb": round(folder_size_mb(target), 1)}
    if args.check:
        smoke, wall = run_frozen_check(target, "--smoke-test")
        result["smoke"] = smoke
        result["smoke_wall_s"] = round(wall, 2)
        check, wall = run_frozen_check(target, "--self-check")
        result["self_check"] = check
        result["self_check_wall_s"] = round(wall, 2)
    print(json.dumps(result))
    return 0

#!/usr/bin/env python3
"""Fetch the Twemoji 64 px PNGs (npm package ``emoji-datasource-twitter``) into ./data/twemoji.

Uses ``npm pack`` (the registry's ordinary client), extracts ``img/twitter/64/*.png`` from the
tarball without running any package code, and writes LICENSE and ATTRIBUTION files so the
datasets ingestion detects the licence (CC-BY-4.0, "Twemoji, © Twitter, Inc and other
contributors"). The benchmark ``bench_train`` trains on this folder.

    python scripts/fetch_twemoji.py [--dest data/twemoji] [--version 16.0.0]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "emoji-datasource-twitter"
MEMBER_PREFIX = "package/img/twitter/64/"
ATTRIBUTION = "Twemoji, © Twitter, Inc and other contributors"
SOURCE_URL = "https://github.com/twitter/twemoji"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

LICENCE_TEXT = f"""The images in this folder are Twemoji graphics.
Copyright {ATTRIBUTION}.
Licensed under CC-BY 4.0 (Creative Commons Attribution 4.0 International): {LICENCE_URL}
SPDX-License-Identifier: CC-BY-4.0
Source: {SOURCE_URL} (via the npm package {PACKAGE})
"""


def fetch(dest: Path, version: str | None) -> int:
    if shutil.which("npm") is None:
        print("npm is not installed; install Node.js/npm to fetch the Twemoji set.", file=sys.stderr)
        return 2
    spec = f"{PACKAGE}@{version}" if version else PACKAGE
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", tmp], check=True,
                       stdout=subprocess.DEVNULL)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if not tarballs:
            print(f"npm pack produced no tarball for {spec}.", file=sys.stderr)
            return 1
        staging = dest.with_name(dest.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        count = 0
        with tarfile.open(tarballs[0], "r:gz") as tar:
            for member in tar.getmembers():
                name = member.name
                if not (member.isfile() and name.startswith(MEMBER_PREFIX) and name.endswith(".png")):
                    continue
                base = Path(name).name
                if "/" in base or base.startswith("."):
                    continue
                source = tar.extractfile(member)
                if source is None:
                    continue
                (staging / base).write_bytes(source.read())
                count += 1
        (staging / "LICENSE").write_text(LICENCE_TEXT, encoding="utf-8")
        (staging / "ATTRIBUTION.txt").write_text(
            f"{ATTRIBUTION}\nLicence: CC-BY-4.0 {LICENCE_URL}\nSource: {SOURCE_URL}\n", encoding="utf-8"
        )
        shutil.rmtree(dest, ignore_errors=True)
        staging.rename(dest)
    print(f"{count} Twemoji 64 px PNGs in {dest} (CC-BY-4.0, {ATTRIBUTION})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=Path("data/twemoji"))
    parser.add_argument("--version", default=None, help="package version (default: latest)")
    args = parser.parse_args(argv)
    return fetch(args.dest, args.version)


if __name__ == "__main__":
    sys.exit(main())

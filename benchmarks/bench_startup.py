"""Cold start to first paint (DESIGN.md §6: < 1.5 s, torch not imported).

Runs ``python -m genart_desktop --smoke-test`` several times offscreen in a fresh
GENART_HOME and reports the first-paint times. Usage: bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def one_run(home: str) -> dict:
    env = dict(os.environ, GENART_HOME=home, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run(
        [sys.executable, "-m", "genart_desktop", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        one_run(home)  # warm the OS file cache, as a second launch would be
        results = [one_run(home) for _ in range(args.runs)]
    times = [r["first_paint_ms"] for r in results]
    print(f"{'run':>4} {'first paint ms':>15} {'torch imported':>15}")
    for i, r in enumerate(results, 1):
        print(f"{i:>4} {r['first_paint_ms']:>15.1f} {r['torch_imported']!s:>15}")
    summary = {
        "runs": len(times),
        "first_paint_ms_median": round(statistics.median(times), 1),
        "first_paint_ms_max": round(max(times), 1),
        "torch_imported": any(r["torch_imported"] for r in results),
        "target_ms": 1500,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

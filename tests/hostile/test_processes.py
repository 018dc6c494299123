"""Issue 14, items 4, 10 and 12: real processes at once, and a real SIGKILL in an export.

Processes meet at a start line made of files (each writes "ready", all wait for "go"), so
the race is reproduced without any timing in the assertions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from genart_desktop.provenance import files
from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
from tests.hostile import files as F
from tests.provenance.helpers import record_dict, source_png

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(300)

IMPORTER = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from genart_desktop.library import Library
    from genart_desktop.library.importer import import_files
    line, db, folder = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    (line / f"ready-{sys.argv[4]}").touch()
    while not (line / "go").exists():
        time.sleep(0.005)
    with Library.open(db) as library:
        report = import_files(library, [folder])
    print(json.dumps({"added": len(report.added), "duplicates": len(report.duplicates),
                      "skipped": report.skipped}))
""")


def _start_together(n: int, argv_for, line: Path) -> list[subprocess.Popen]:
    line.mkdir(parents=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", *argv_for(i)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for i in range(n)]
    while len(list(line.glob("ready-*"))) < n:
        if any(p.poll() is not None for p in procs):
            break
        time.sleep(0.01)
    (line / "go").touch()
    return procs


@pytest.mark.parametrize("round_", range(3))
def test_two_imports_into_a_new_library_at_once_both_finish_and_count_once(tmp_path, round_):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02}.png").write_bytes(F.png(100 + i, (24, 20)))
    db = tmp_path / "lib" / "library.sqlite"
    procs = _start_together(2, lambda i: [IMPORTER, str(tmp_path / "line"), str(db), str(folder), str(i)],
                            tmp_path / "line")
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert all(r["skipped"] == [] and r["added"] + r["duplicates"] == 30 for r in results), results
    assert sum(r["added"] for r in results) == 30  # each file counted as imported once


EXPORTER = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images
    from tests.provenance.helpers import record_dict, source_png
    work = Path(sys.argv[1])
    source = source_png(work, size=256)
    items = [ExportItem(source, record_dict(), f"art-{i:03}") for i in range(400)]
    export_images(items, ExportOptions(work / "out", workers=1))
""")


def _sets_are_whole(out: Path) -> list[Path]:
    images = sorted(out.glob("*.png"))
    for image in images:
        assert files.xmp_sidecar(image).is_file(), image
        assert files.json_sidecar(image).is_file(), image
    return images


def test_a_killed_export_leaves_whole_sets_and_no_temporaries_beside_them(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", EXPORTER, str(work)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while len(list(out.glob("*.png"))) < 5 and proc.poll() is None:
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the export finished before it could be killed"
    _sets_are_whole(out)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # none where the user looks

    # The next export clears what the killed one left: temporaries and any half-written set.
    report = export_images([ExportItem(source_png(tmp_path), record_dict(), "next")], ExportOptions(out))
    assert report.failed == []
    assert not files.staging_dir(out).exists()
    images = {p.name for p in _sets_are_whole(out)}
    stray = [p for p in out.iterdir() if p.suffix in (".xmp", ".json")
             and p.name.split(".png")[0] + ".png" not in images]
    assert stray == []


def test_the_next_export_removes_the_sidecars_of_a_set_whose_image_never_appeared(tmp_path):
    out = tmp_path / "out"
    stage = files.staging_dir(out)
    stage.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    (out / "half.png.xmp").write_text("<x/>")
    (out / "half.png.provenance.json").write_text("{}")
    (stage / f"{pid}-abc.set.json").write_text(json.dumps(
        {"image": "half.png", "sidecars": ["half.png.xmp", "half.png.provenance.json"]}))
    (stage / f"{pid}-tmpfile.tmp").write_bytes(b"partial")
    (out / ".old.png.abcd1234.tmp").write_bytes(b"left by an older version")
    (out / "mine.txt").write_text("the user's own file")
    report = export_images([ExportItem(source_png(tmp_path), record_dict(), "art")], ExportOptions(out))
    assert report.failed == []
    assert sorted(p.name for p in out.iterdir()) == [
        "art.png", "art.png.provenance.json", "art.png.xmp", "mine.txt"]

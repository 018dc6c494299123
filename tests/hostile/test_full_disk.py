"""Issue 14, item 8: a full disk stops import, dataset add and training with a message that
names the folder and the space needed, and leaves no half files. A real size-limited tmpfs."""

from __future__ import annotations

import pytest

from genart_desktop.cli import main
from genart_desktop.core.errors import DiskFull
from genart_desktop.library import Library
from genart_desktop.library.check import check
from genart_desktop.library.importer import import_files
from tests.hostile import files as F
from tests.hostile.small_disk import fill, small_disk

pytestmark = pytest.mark.timeout(180)


def _images(folder, n: int, side: int = 200):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:02}.png").write_bytes(F.png(200 + i, (side, side)))  # ~120 KB of noise each
    return folder


def test_library_import_on_a_full_disk_stops_with_the_folder_and_keeps_the_library_whole(tmp_path):
    source = _images(tmp_path / "in", 12)
    with small_disk(tmp_path / "disk", 4096) as disk, Library.open(disk / "l" / "db.sqlite") as library:
        fill(disk, 600)
        report = import_files(library, [source])
        assert "The disk holding" in report.stopped and "is full" in report.stopped
        assert "more is needed" in report.stopped
        assert 0 < len(report.added) < 12
        (disk / "filler.bin").unlink()
        assert check(library).clean  # no orphan, no temporary, every row has its file
        assert library.conn().execute("SELECT COUNT(*) FROM images").fetchone()[0] == len(report.added)


def test_library_import_cli_on_a_full_disk_says_so_and_exits_1(tmp_path, monkeypatch, capsys):
    source = _images(tmp_path / "in", 8)
    with small_disk(tmp_path / "disk", 4096) as disk:
        monkeypatch.setenv("GENART_HOME", str(disk / "home"))
        assert main(["library", "stats"]) == 0
        fill(disk, 300)
        assert main(["library", "import", str(source)]) == 1
        captured = capsys.readouterr()
        assert f"The disk holding {disk / 'home'}" in captured.err and "Traceback" not in captured.err
        assert "stopped before the end" in captured.out


def test_dataset_add_on_a_full_disk_says_where_and_leaves_no_half_cache(tmp_path, monkeypatch, capsys):
    source = _images(tmp_path / "set", 6, side=96)
    with small_disk(tmp_path / "disk", 2048) as disk:
        monkeypatch.setenv("GENART_HOME", str(disk / "home"))
        assert main(["library", "stats"]) == 0
        fill(disk, 40)
        code = main(["dataset", "add", str(source), "--size", "64", "--declare", "own"])
        captured = capsys.readouterr()
        assert code == 1
        assert "The disk holding" in captured.err and "is full" in captured.err
        assert "cannot rollback" not in captured.err and "Traceback" not in captured.err
        assert not list((disk / "home").rglob(".cache-*")) and not list((disk / "home").rglob("*.tmp"))


def test_a_checkpoint_on_a_full_disk_is_disk_full_naming_the_run_folder(tmp_path):
    torch = pytest.importorskip("torch")
    from genart_desktop.training import checkpoint

    with small_disk(tmp_path / "disk", 1024) as disk:
        run = disk / "runs" / "r1" / "checkpoints"
        run.mkdir(parents=True)
        with pytest.raises(DiskFull) as caught:
            checkpoint.save(run / "latest.pt", {"weights": torch.zeros(512 * 1024)})  # 2 MB
        assert caught.value.folder == run and caught.value.needed > 2 * 1024 * 1024
        assert list(run.iterdir()) == []

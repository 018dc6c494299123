import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from genart_desktop.core.hashing import sha256_bytes
from genart_desktop.library import Library, trash
from genart_desktop.library import check as check_mod
from genart_desktop.library.importer import import_files
from genart_desktop.library.query import GalleryQuery, query_ids
from tests.library.helpers import png_bytes, write_png

ROOT = Path(__file__).resolve().parents[2]


def _library_with(n: int) -> tuple[Library, list[int]]:
    library = Library.open()
    ids = [
        library.add_image_bytes(png_bytes(50 + i), "png", origin="generated", title=f"t{i}") for i in range(n)
    ]
    return library, ids


def test_delete_then_undo_then_empty_removes_rows_and_files():
    library, ids = _library_with(3)
    with library:
        moved = trash.move_to_trash(library, ids[:2])
        assert moved == ids[:2]
        assert list(query_ids(library, GalleryQuery())) == [ids[2]]
        assert sorted(query_ids(library, GalleryQuery(trashed=True))) == ids[:2]
        assert library.get_image(ids[0]).trashed
        trash.restore(library, moved)  # undo
        assert len(query_ids(library, GalleryQuery())) == 3
        trash.move_to_trash(library, [ids[0]])
        paths_before = library.get_image(ids[0]).path
        assert trash.empty_trash(library) == 1
        assert not paths_before.exists()
        assert library.find_sha(paths_before.stem) is None
        assert check_mod.check(library).clean


def test_check_finds_and_repairs_missing_files_and_orphans(tmp_path):
    source = write_png(tmp_path / "keep.png", 77)
    library, ids = _library_with(2)
    with library:
        imported = import_files(library, [source]).added[0]
        library.get_image(imported).path.unlink()  # can be restored from its source
        library.get_image(ids[0]).path.unlink()  # cannot: the record is dropped
        orphan_data = png_bytes(99)
        good_orphan = library.store.put(orphan_data, sha256_bytes(orphan_data), "png")
        temporary = good_orphan.parent / f".{good_orphan.name}.abc.tmp"
        temporary.write_bytes(b"half")

        report = check_mod.check(library)
        assert sorted(report.missing) == sorted([imported, ids[0]])
        assert set(report.orphans) == {good_orphan, temporary}
        repaired = check_mod.check(library, repair=True)
        assert repaired.repaired
        after = check_mod.check(library)
        assert after.clean, after.summary()
        assert library.get_image(imported).path.read_bytes() == source.read_bytes()
        assert library.find_sha(sha256_bytes(orphan_data)) is not None  # catalogued again, not deleted
        assert not temporary.exists()


def _child(code: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )


def _assert_consistent() -> None:
    with Library.open() as library:  # opening sweeps what the killed import left
        report = check_mod.check(library)
        assert report.clean, report.summary()
        assert library.conn().execute("SELECT COUNT(*) FROM pending_files").fetchone()[0] == 0
        for image_id in query_ids(library, GalleryQuery()):
            assert library.get_image(image_id).path.is_file()


def test_sigkill_between_file_and_row_leaves_no_orphan():
    # The child dies right after the file is in the store, before its row is committed.
    child = _child(
        """
        import os, signal
        from genart_desktop.library import Library, store
        from tests.library.helpers import png_bytes
        original = store.Store.put
        def put_then_die(self, data, sha, ext):
            path = original(self, data, sha, ext)
            print("written", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        library = Library.open()
        library.add_image_bytes(png_bytes(1), "png", origin="imported")
        store.Store.put = put_then_die
        library.add_image_bytes(png_bytes(2), "png", origin="imported")
        """
    )
    assert child.stdout.readline().strip() == "written"
    assert child.wait() == -signal.SIGKILL
    _assert_consistent()
    with Library.open() as library:
        assert len(query_ids(library, GalleryQuery())) == 1


def test_sigkill_in_the_middle_of_a_folder_import(tmp_path):
    folder = tmp_path / "many"
    for n in range(200):
        write_png(folder / f"{n:03d}.png", n, size=(64, 64))
    child = _child(
        f"""
        from genart_desktop.library import Library
        from genart_desktop.library.importer import import_files
        library = Library.open()
        import_files(library, [{str(folder)!r}], progress=lambda f, m: print(m, flush=True))
        """
    )
    for _ in range(20):  # let it get well into the import, then kill it mid-stride
        child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    _assert_consistent()

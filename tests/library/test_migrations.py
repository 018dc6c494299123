import sqlite3

import pytest

from genart_desktop.core import paths
from genart_desktop.core.errors import LibraryError
from genart_desktop.library import Library, backups, schema
from genart_desktop.library.query import GalleryQuery, query_ids


def _database_at(version: int) -> None:
    """A library file as an older release left it, with one image in it when images exist."""
    paths.ensure(paths.data_dir())
    conn = sqlite3.connect(paths.library_db(), isolation_level=None)
    schema.migrate(conn, paths.library_db(), target=version)
    if version >= 1:
        conn.execute(
            "INSERT INTO images (sha256, ext, width, height, title, origin, created)"
            " VALUES ('ab' || hex(randomblob(31)), 'png', 4, 4, 'Old lighthouse', 'imported', '2020-01-01')"
        )
    if version >= 3:  # that release kept its search index up to date itself
        conn.execute("INSERT INTO images_fts (rowid, title) SELECT id, title FROM images")
    conn.close()


@pytest.mark.parametrize("version", range(schema.LATEST))
def test_upgrade_from_every_earlier_version(version):
    _database_at(version)
    with Library.open() as library:
        assert library.schema_version == schema.LATEST
        rows = library.conn().execute("SELECT title FROM images").fetchall()
        assert rows == ([("Old lighthouse",)] if version >= 1 else [])
        if version >= 1:  # the old row was indexed for search by the upgrade
            assert len(query_ids(library, GalleryQuery(search="lighthouse"))) == 1
    made = backups.list_backups()
    assert len(made) == (1 if version >= 1 else 0)
    if made:  # the backup is the old database, intact
        old = sqlite3.connect(made[0])
        assert old.execute("PRAGMA user_version").fetchone()[0] == version
        old.close()


def test_reopening_a_current_library_migrates_nothing():
    Library.open().close()
    Library.open().close()
    assert backups.list_backups() == []


def test_a_library_from_a_newer_version_is_refused_untouched():
    paths.ensure(paths.data_dir())
    conn = sqlite3.connect(paths.library_db())
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    conn.close()
    with pytest.raises(LibraryError, match="newer version"):
        Library.open()


def test_a_failing_step_rolls_back_to_the_previous_version(monkeypatch):
    _database_at(2)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:2], broken, *schema.MIGRATIONS[3:]])
    with pytest.raises(RuntimeError):
        Library.open()
    conn = sqlite3.connect(paths.library_db())
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    conn.close()


def test_backups_rotate_keeping_ten_and_daily_is_made_once_a_day(tmp_path):
    conn = sqlite3.connect(tmp_path / "db.sqlite")
    conn.execute("CREATE TABLE t (x)")
    folder = tmp_path / "backups"
    for n in range(13):
        backups.make_backup(conn, f"test{n:02d}", folder)
    kept = backups.list_backups(folder)
    assert len(kept) == backups.KEEP
    assert kept[-1].name.endswith("test12.sqlite")
    assert backups.backup_if_due(conn, folder) is None  # a fresh one exists
    newest = max(p.stat().st_mtime for p in kept)
    assert backups.backup_if_due(conn, folder, now=newest + backups.DAY_S + 1) is not None
    conn.close()

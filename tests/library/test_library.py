import threading

import pytest

from genart_desktop.core import paths
from genart_desktop.core.errors import LibraryError
from genart_desktop.library import Library
from genart_desktop.library.query import GalleryQuery, query_ids
from tests.library.helpers import png_bytes


@pytest.fixture
def library():
    lib = Library.open()
    yield lib
    lib.close()


def test_open_creates_wal_database_with_foreign_keys(library):
    assert library.db_path == paths.library_db()
    conn = library.conn()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"images", "models", "datasets", "runs", "tags", "image_tags", "provenance", "trash"} <= tables


def test_same_bytes_are_stored_once_at_their_hash(library):
    data = png_bytes(1)
    first = library.add_image_bytes(data, "png", origin="generated", title="one")
    again = library.add_image_bytes(data, ".PNG", origin="imported", title="other")
    assert first == again
    row = library.get_image(first)
    assert row.path == paths.images_dir() / row.sha256[:2] / f"{row.sha256}.png"
    assert row.path.read_bytes() == data
    assert (row.width, row.height) == (16, 12)
    assert row.title == "one" and row.origin == "generated"
    assert len(list(library.store.iter_files())) == 1


def test_fields_rights_tags_and_provenance_round_trip(library):
    image_id = library.add_image_bytes(
        png_bytes(2),
        "png",
        origin="generated",
        title="dawn",
        model_id=None,
        generation={"seed": 7},
        provenance={"schema": "genart.provenance/1"},
        rights={"creator": "Ann", "licence": "CC-BY-4.0", "credit": "Studio"},
        notes="first",
        tags=["sky", "Sky"],
    )
    row = library.get_image(image_id)
    assert row.generation == {"seed": 7}
    assert row.provenance == {"schema": "genart.provenance/1"}
    assert row.rights == {"creator": "Ann", "licence": "CC-BY-4.0", "credit": "Studio"}
    assert row.tags == ["sky"]  # tags are case-insensitive
    library.update_fields(
        image_id, title="dusk", favourite=True, tags=["night", "moon"], attribution="by Ann"
    )
    library.set_provenance(image_id, {"schema": "genart.provenance/1", "notes": "v2"})
    row = library.get_image(image_id)
    assert (row.title, row.favourite, row.tags, row.attribution) == (
        "dusk",
        True,
        ["moon", "night"],
        "by Ann",
    )
    assert row.provenance["notes"] == "v2"
    with pytest.raises(LibraryError):
        library.update_fields(image_id, sha256="x")
    with pytest.raises(LibraryError):
        library.get_image(999)


def test_not_an_image_is_refused_and_leaves_nothing(library):
    with pytest.raises(LibraryError):
        library.add_image_bytes(b"not an image", "png", origin="imported")
    assert list(library.store.iter_files()) == []
    assert library.conn().execute("SELECT COUNT(*) FROM pending_files").fetchone()[0] == 0


def test_models_datasets_runs_registered_and_model_name_searchable(library, tmp_path):
    library.register_model({"id": "m1", "name": "Moth Wings", "kind": "gan"}, tmp_path)
    library.register_model({"id": "m1", "name": "Moth Wings v2", "kind": "gan"}, tmp_path)
    assert [m["name"] for m in library.list_models()] == ["Moth Wings v2"]
    library.register_dataset({"id": "d1", "name": "moths", "hash": "h", "files": [{"included": True}] * 3})
    assert library.list_datasets()[0]["image_count"] == 3
    library.register_run({"id": "r1", "model_id": "m1", "dataset_id": "d1", "status": "finished"})
    assert library.list_runs()[0]["status"] == "finished"
    image_id = library.add_image_bytes(
        png_bytes(3), "png", origin="generated", model_id="m1", dataset_id="d1"
    )
    assert list(query_ids(library, GalleryQuery(search="moth wing"))) == [image_id]
    assert library.get_image(image_id).model_name == "Moth Wings v2"


def test_fts_search_over_title_notes_tags_creator_licence(library):
    a = library.add_image_bytes(png_bytes(4), "png", origin="imported", title="Harbour at dawn")
    b = library.add_image_bytes(
        png_bytes(5), "png", origin="imported", notes="painted in Lisbon", tags=["boats"]
    )
    c = library.add_image_bytes(
        png_bytes(6), "png", origin="imported", rights={"creator": "Zoë", "licence": "CC0-1.0"}
    )
    found = {
        q: list(query_ids(library, GalleryQuery(search=q)))
        for q in ("harbour", "lisbon", "boat", "zoe", "cc0", 'dawn" OR "x', "nothing-here")
    }
    assert found["harbour"] == [a] and found["lisbon"] == [b] and found["boat"] == [b]
    assert found["zoe"] == [c] and found["cc0"] == [c]
    assert found['dawn" OR "x'] == []  # FTS operators typed in the box are plain words
    assert found["nothing-here"] == []
    library.update_fields(a, title="Harbour at night")
    assert list(query_ids(library, GalleryQuery(search="night"))) == [a]


def test_a_writer_thread_and_a_reader_run_side_by_side(library):
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for n in range(60):
                library.add_image_bytes(png_bytes(1000 + n), "png", origin="generated", title=f"w{n}")
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    seen = []
    while thread.is_alive():
        ids = query_ids(library, GalleryQuery())
        seen.append(len(ids))
        if ids:
            library.get_image(ids[0])
    thread.join()
    assert errors == []
    assert seen == sorted(seen)  # each read sees a consistent, growing snapshot
    assert len(query_ids(library, GalleryQuery())) == 60


def test_closed_library_refuses_work(library):
    library.close()
    with pytest.raises(LibraryError):
        library.conn()


def test_a_file_that_is_not_a_database_gives_a_clear_error():
    paths.ensure(paths.data_dir())
    paths.library_db().write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="cannot be opened"):
        Library.open()


def test_a_finished_thread_leaves_no_open_connection(library):
    thread = threading.Thread(target=lambda: library.add_image_bytes(png_bytes(9), "png", origin="imported"))
    thread.start()
    thread.join()
    import gc

    gc.collect()
    assert len(library._db._all) == 1  # only this thread's


def test_originality_warning_is_stored_with_the_image_for_the_gallery_badge(library):
    from genart_desktop.library.query import gallery_items

    flagged = library.add_image_bytes(png_bytes(1), "png", origin="generated", originality_warning=True)
    fine = library.add_image_bytes(png_bytes(2), "png", origin="generated")
    items = gallery_items(library, [flagged, fine])
    assert items[flagged].originality_warning is True
    assert items[fine].originality_warning is False

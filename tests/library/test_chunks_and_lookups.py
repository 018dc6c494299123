"""The one chunking helper for ``IN (…)`` and the look-ups the gallery's undo commands use."""

from __future__ import annotations

from genart_desktop.library import Library
from genart_desktop.library.db import in_chunks
from genart_desktop.library.importer import import_files
from tests.library.helpers import write_png


def test_in_chunks_covers_every_id_once_with_matching_placeholders():
    ids = list(range(1234))
    windows = list(in_chunks(ids, size=500))
    assert [len(chunk) for chunk, _ in windows] == [500, 500, 234]
    assert all(marks.count("?") == len(chunk) for chunk, marks in windows)
    assert [i for chunk, _ in windows for i in chunk] == ids
    assert list(in_chunks([])) == []


def test_favourites_and_tagged_with_answer_for_many_ids(tmp_path):
    files = [write_png(tmp_path / f"{n}.png", n) for n in range(3)]
    with Library.open() as library:
        assert not library.has_images()
        ids = import_files(library, files).added
        assert library.has_images()
        library.set_favourite(ids[:1], True)
        library.add_tag(ids[1:], "cats")
        assert library.favourites([*ids, 999_999]) == {ids[0]: True, ids[1]: False, ids[2]: False}
        assert library.tagged_with(ids, "cats") == set(ids[1:])
        assert library.tagged_with(ids, "dogs") == set()

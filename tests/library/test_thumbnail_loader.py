from PIL import Image

from genart_desktop.jobs.thumbnails import ThumbnailLoader


def _sources(tmp_path, n):
    made = []
    for i in range(n):
        path = tmp_path / f"{i}.png"
        Image.new("RGB", (40 + i, 30), (i * 20, 0, 0)).save(path)
        made.append((f"{i:02d}" + "e" * 62, path))
    return made


def test_thumbnails_arrive_in_the_gui_thread(qtbot, tmp_path):
    loader = ThumbnailLoader(cache_root=tmp_path / "cache")
    got = {}
    loader.ready.connect(lambda sha, thumb: got.__setitem__(sha, thumb))
    for sha, path in _sources(tmp_path, 5):
        loader.request(sha, path)
    qtbot.waitUntil(lambda: len(got) == 5, timeout=10_000)
    assert {t.height for t in got.values()} == {30}
    loader.shutdown()


def test_work_for_items_scrolled_away_is_dropped_and_newest_goes_first(qtbot, tmp_path):
    loader = ThumbnailLoader(cache_root=tmp_path / "cache", threads=1)
    got = []
    loader.ready.connect(lambda sha, thumb: got.append(sha))
    sources = _sources(tmp_path, 6)
    loader._drains = 1  # as if the only worker were busy: requests wait in the queue
    for sha, path in sources:
        loader.request(sha, path)
    loader.retain({sources[1][0], sources[4][0]})  # the rest scrolled out of view
    assert loader.pending() == 2
    loader._drains = 0
    loader.request(sources[4][0], sources[4][1])  # already queued: starts the worker
    qtbot.waitUntil(lambda: len(got) == 2, timeout=10_000)
    assert got == [sources[4][0], sources[1][0]]  # newest request first
    loader.shutdown()


def test_a_broken_source_reports_failed(qtbot, tmp_path):
    loader = ThumbnailLoader(cache_root=tmp_path / "cache")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"nope")
    with qtbot.waitSignal(loader.failed, timeout=10_000) as blocker:
        loader.request("f" * 64, bad)
    assert blocker.args[0] == "f" * 64
    loader.shutdown()

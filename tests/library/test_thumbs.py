from PIL import Image

from genart_desktop.library import thumbs


def test_big_jpeg_and_transparent_png_make_256px_cached_thumbnails(tmp_path):
    big = tmp_path / "big.jpg"
    Image.new("RGB", (3000, 1500), (200, 30, 30)).save(big, quality=85)
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (300, 600), (0, 0, 255, 0)).save(clear)

    made = thumbs.load_or_make(big, "a" * 64)
    assert (made.width, made.height) == (256, 128)
    assert len(made.rgba) == 256 * 128 * 4
    cached = thumbs.cache_path("a" * 64)
    assert cached.is_file() and cached.name == f"{'a' * 64}-256.jpg"
    with Image.open(cached) as image:
        assert image.size == (256, 128)

    alpha = thumbs.load_or_make(clear, "b" * 64, fit=100)
    assert (alpha.width, alpha.height) == (50, 100)
    assert alpha.rgba[3] == 0  # transparency kept (WebP in the cache)
    assert thumbs.find_cached("b" * 64).suffix == ".webp"
    again = thumbs.load_or_make(clear, "b" * 64)
    assert again.rgba[3] == 0 and (again.width, again.height) == (128, 256)


def test_a_damaged_cached_thumbnail_is_remade(tmp_path):
    source = tmp_path / "s.png"
    Image.new("RGB", (64, 64), "green").save(source)
    target = thumbs.cache_path("c" * 64)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"garbage")
    made = thumbs.load_or_make(source, "c" * 64)
    assert (made.width, made.height) == (64, 64)
    with Image.open(target) as image:
        assert image.size == (64, 64)


def test_an_unreadable_source_is_a_clear_error(tmp_path):
    import pytest

    from genart_desktop.core.errors import LibraryError

    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not a png")
    with pytest.raises(LibraryError) as info:
        thumbs.load_or_make(bad, "d" * 64)
    assert info.value.path == bad


def test_a_thumbnail_torn_by_a_crash_is_remade(tmp_path):
    """Cache writes skip fsync, so a crash may leave a cut file under the final name."""
    source = tmp_path / "s.png"
    Image.new("RGB", (300, 200), "blue").save(source)
    whole = thumbs.make_cached(source, "d" * 64)
    whole.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    made = thumbs.load_or_make(source, "d" * 64)
    assert (made.width, made.height) == (256, 171)
    with Image.open(whole) as image:
        image.load()  # whole again

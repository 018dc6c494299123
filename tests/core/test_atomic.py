import pytest

from genart_desktop.core.atomic import atomic_write_bytes, atomic_writer


def test_replaces_whole_file(tmp_path):
    target = tmp_path / "a.bin"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_failure_leaves_old_content_and_no_temp_file(tmp_path):
    target = tmp_path / "a.txt"
    atomic_write_bytes(target, b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half")
        raise RuntimeError("crash in the middle")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]

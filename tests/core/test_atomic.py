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


def test_new_files_get_normal_permissions_and_private_ones_stay_private(tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    atomic_write_bytes(tmp_path / "image.png", b"x")
    assert stat.S_IMODE((tmp_path / "image.png").stat().st_mode) == 0o666 & ~mask
    with atomic_writer(tmp_path / "key.pem", permissions=0o600) as handle:
        handle.write(b"secret")
    assert stat.S_IMODE((tmp_path / "key.pem").stat().st_mode) == 0o600

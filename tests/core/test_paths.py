from pathlib import Path

from genart_desktop.core import paths


def test_genart_home_overrides_every_folder(genart_home: Path):
    assert paths.data_dir() == genart_home.resolve()
    for folder in (paths.cache_dir(), paths.log_dir(), paths.thumbnails_dir(), paths.models_dir()):
        assert genart_home.resolve() in folder.parents


def test_without_override_uses_platformdirs(monkeypatch):
    monkeypatch.delenv("GENART_HOME", raising=False)
    assert paths.data_dir().name == "GenArt"


def test_install_root_holds_resources():
    assert (paths.resources_dir() / "icons" / "genart.svg").is_file()

import json

from genart_desktop.core import paths, settings
from genart_desktop.core.settings import Settings


def test_round_trip():
    s = Settings(artist_name="Ada Lovelace", default_licence="CC-BY-4.0", thumbnail_size=200)
    s.export.format = "webp"
    s.recent_folders.append("/tmp/x")
    settings.save(s)
    loaded = settings.load()
    assert loaded == s
    assert paths.settings_file().is_file()


def test_missing_file_gives_defaults():
    assert settings.load() == Settings()


def test_corrupt_file_is_set_aside_not_fatal():
    target = paths.settings_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("{not json", encoding="utf-8")
    assert settings.load() == Settings()
    assert not target.exists()
    assert list(target.parent.glob("settings.json.corrupt-*"))


def test_wrong_types_fall_back_per_field_and_unknown_keys_survive():
    target = paths.settings_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = {"version": 1, "artist_name": 42, "thumbnail_size": 300, "from_the_future": {"a": 1},
           "export": {"format": "jpeg", "jpeg_quality": "high"}}
    target.write_text(json.dumps(raw), encoding="utf-8")
    loaded = settings.load()
    assert loaded.artist_name == ""
    assert loaded.thumbnail_size == 300
    assert loaded.export.format == "jpeg"
    assert loaded.export.jpeg_quality == 92
    settings.save(loaded)
    assert json.loads(target.read_text(encoding="utf-8"))["from_the_future"] == {"a": 1}


def test_the_settings_default_preset_is_the_trainers():
    # core cannot import training, so the name is written twice; this keeps them one.
    from genart_desktop.core.settings import TrainingDefaults
    from genart_desktop.training.config import DEFAULT_PRESET, PRESETS

    assert TrainingDefaults().preset == DEFAULT_PRESET and DEFAULT_PRESET in PRESETS

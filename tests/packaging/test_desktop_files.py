"""The desktop-integration files rendered from their templates carry the app's identity."""

import configparser
import shutil
import subprocess

import pytest

from genart_desktop.cli.package import write_desktop_files
from genart_desktop.core.version import APP_ID, APP_NAME, __version__


def test_desktop_entry_and_metainfo(tmp_path):
    write_desktop_files(tmp_path)
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(tmp_path / "applications" / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Name"] == APP_NAME
    assert section["StartupWMClass"] == APP_NAME  # Qt's WM_CLASS class is the application name
    assert section["Icon"] == APP_ID
    assert "Graphics" in section["Categories"].split(";")
    assert "image/png" in section["MimeType"] and "inode/directory" in section["MimeType"]
    assert section["Exec"].endswith("%U")
    metainfo = (tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in metainfo and __version__ in metainfo
    assert (tmp_path / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        desktop = tmp_path / "applications" / f"{APP_ID}.desktop"
        out = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_bundle_builds_and_passes_its_own_checks(tmp_path):
    """Builds the PyInstaller bundle (minutes) and runs --smoke-test and --self-check in it."""
    import json
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "genart_desktop.cli", "package", "--check", "--dist", str(tmp_path)],
        capture_output=True, text=True, timeout=1800,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["smoke"]["torch_imported"] is False
    assert result["self_check"]["verified"] is True

"""The bundled default models (models/): present, valid, attributed, and usable end to end."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from genart_desktop.core import paths
from genart_desktop.generation.registry import scan

pytestmark = pytest.mark.bundled_models

TWEMOJI = "Twemoji, © Twitter, Inc and other contributors"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def bundled():
    return [m for m in scan() if m.bundled]


def test_a_gan_and_a_vae_at_64_px_are_bundled_within_the_size_budget():
    models = bundled()
    assert {(m.kind, m.resolution) for m in models} >= {("gan", 64), ("vae", 64)}
    onnx_and_cards = sum(
        f.stat().st_size for m in models for f in m.folder.iterdir()
        if f.suffix == ".onnx" or f.name == "card.json"
    )
    assert onnx_and_cards < 25_000_000


def test_cards_carry_the_twemoji_licence_and_require_its_attribution():
    for model in bundled():
        data = model.card.training_data
        assert data["expression"] == "CC-BY-4.0"
        assert {s["attribution_name"] for s in data["sources"]} == {TWEMOJI}
        attribution = [o for o in data["verdict"]["obligations"] if o["code"] == "attribution"]
        assert attribution and attribution[0]["attributions"][0]["licence_url"] == CC_BY


def _generate_and_export(folder):
    """One image from the bundled GAN, exported with its sidecars; returns (row, exported image)."""
    from genart_desktop.generation.pipeline import Pipeline
    from genart_desktop.generation.service import GenerationRequest
    from genart_desktop.library import Library
    from genart_desktop.provenance.export import ExportItem, ExportOptions, export_images

    gan = next(m for m in bundled() if m.kind == "gan")
    with Library.open() as library:
        image = Pipeline(library, check_originality=False).run(GenerationRequest(model=gan.id, seeds=[3]))[0]
        row = library.get_image(image.image_id)
        report = export_images([ExportItem(source=row.path, record=row.provenance, base_name="emoji")],
                               ExportOptions(folder=folder))
    return row, report.exported[0].image


def test_generated_image_and_its_export_state_the_twemoji_attribution(tmp_path):
    from genart_desktop.provenance.xmp import parse_xmp

    row, exported = _generate_and_export(tmp_path)
    sources = row.provenance["training_data"]["sources"]
    assert [(s["licence"], s["attribution_name"]) for s in sources] == [("CC-BY-4.0", TWEMOJI)]
    record = json.loads(exported.with_name(exported.name + ".provenance.json").read_text(encoding="utf-8"))
    assert record["training_data"]["sources"][0]["attribution_name"] == TWEMOJI
    # The XMP sidecar, read back with our own reader (exiftool, a third party's, is the next test).
    props = parse_xmp(exported.with_name(exported.name + ".xmp").read_bytes())
    terms = str(props["xmpRights:UsageTerms"])
    assert TWEMOJI in terms and CC_BY in terms


@pytest.mark.skipif(shutil.which("exiftool") is None,
                    reason="exiftool is not installed: the XMP read-back by a third-party reader "
                           "was not checked (our own reader's is checked above)")
def test_exiftool_reads_the_twemoji_attribution_from_the_exported_image(tmp_path):
    _row, exported = _generate_and_export(tmp_path)
    out = subprocess.run(["exiftool", "-j", "-XMP:UsageTerms", str(exported)], capture_output=True,
                         text=True, check=True)
    terms = json.loads(out.stdout)[0]["UsageTerms"]
    assert TWEMOJI in terms and CC_BY in terms


def test_self_check_generates_exports_and_verifies(genart_home):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GENART_HOME=str(genart_home))
    out = subprocess.run([sys.executable, "-m", "genart_desktop", "--self-check"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["verified"] is True
    assert result["checks"]["C2PA"] is True and result["checks"]["embedded XMP"] is True
    assert TWEMOJI in result["attribution"]
    assert not any(paths.data_dir().glob("library.sqlite"))  # the user's library is never touched

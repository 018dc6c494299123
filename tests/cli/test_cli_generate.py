from __future__ import annotations

import json

from genart_desktop.cli import main
from genart_desktop.library import Library


def test_genart_models_lists_cards(gan_model, capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "tiny-gan" in out and "CC-BY-4.0" in out and "Credit Ada Artist" in out
    assert main(["models", "--json", "--verify"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["id"] == "tiny-gan" and entry["verified"] and entry["card"]["z_dim"] == 16


def test_genart_models_verify_reports_a_tampered_model(gan_model, capsys):
    gan_model.generator_path.write_bytes(gan_model.generator_path.read_bytes() + b"x")
    assert main(["models", "--verify"]) == 1
    assert "sha256 differs" in capsys.readouterr().out


def test_genart_generate_into_the_gallery_and_export(gan_model, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["generate", "--model", "Tiny tiny-gan", "--seed", "5", "--count", "3", "--json",
                 "--no-originality", "--out", str(out), "--format", "webp"])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["seed"] for e in lines] == [5, 6, 7]
    with Library.open() as library:
        row = library.get_image(lines[0]["image_id"])
        assert row.generation["seed"] == 5 and row.provenance["generation"]["seed"] == 5
    exported = sorted(p.name for p in out.iterdir())
    assert "tiny-gan-seed5.webp" in exported
    assert "tiny-gan-seed5.webp.provenance.json" in exported and "tiny-gan-seed5.webp.xmp" in exported
    record = json.loads((out / "tiny-gan-seed5.webp.provenance.json").read_text())
    assert record["generation"]["model"]["sha256"] == gan_model.generator_sha256


def test_genart_generate_samples_at_the_cards_psi_unless_told(gan_model, capsys):
    card_path = gan_model.folder / "card.json"
    card = json.loads(card_path.read_text())
    card["sampling"] = {"psi": 0.9, "why": "measured"}
    card_path.write_text(json.dumps(card))

    def psi_of(*extra: str) -> float:
        args = ["generate", "--model", "tiny-gan", "--seed", "1", "--json", "--no-originality", *extra]
        assert main(args) == 0
        image_id = json.loads(capsys.readouterr().out.splitlines()[0])["image_id"]
        with Library.open() as library:
            return library.get_image(image_id).generation["parameters"]["truncation_psi"]

    assert psi_of() == 0.9
    assert psi_of("--psi", "1") == 1.0


def test_genart_generate_interpolation_animation(gan_model, tmp_path, capsys):
    anim = tmp_path / "walk.gif"
    assert main(["generate", "--model", "tiny-gan", "--seed", "1", "--interpolate", "2", "--frames", "3",
                 "--animation", str(anim), "--no-originality"]) == 0
    from PIL import Image

    assert Image.open(anim).n_frames == 3


def test_genart_generate_unknown_model_is_a_clear_error(capsys):
    assert main(["generate", "--model", "nope"]) == 1
    assert "no model called 'nope'" in capsys.readouterr().err

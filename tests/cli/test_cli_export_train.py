"""`genart export`, `genart library stats`, `genart train --list-runs`, `genart dataset list`:
the command line calls the same workflows as the app and prints what they return."""

from __future__ import annotations

import json

import pytest

from genart_desktop.cli import main
from genart_desktop.core import paths
from genart_desktop.library import Library
from tests.provenance.helpers import library_with_records, record_dict


def test_export_writes_the_images_with_their_sidecars_and_remembers_the_copies(tmp_path, capsys):
    library, ids = library_with_records(tmp_path, [record_dict(), record_dict()])
    library.close()
    out = tmp_path / "out"
    assert main(["export", "--ids", str(ids[1]), str(ids[0]), str(ids[1]), "--out", str(out),
                 "--c2pa", "off"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("exported ") == 2  # each id once, however often it was named
    images = sorted(p for p in out.iterdir() if p.suffix == ".png")
    assert len(images) == 2
    for image in images:
        assert image.with_name(image.name + ".xmp").is_file()
        record = json.loads(image.with_name(image.name + ".provenance.json").read_text(encoding="utf-8"))
        assert record["rights"]["creator"] == "Zoë Example"
    with Library.open() as library:  # where each copy went, for the next export's C2PA parent
        assert all(library.get_image(i).provenance.get("export") for i in ids)


def test_export_of_nothing_is_a_clear_error(tmp_path, capsys):
    assert main(["export", "--filter", "no such words", "--out", str(tmp_path / "out")]) == 1
    assert "No images match" in capsys.readouterr().err


def test_library_stats_counts_what_the_library_holds(tmp_path, capsys):
    library, ids = library_with_records(tmp_path, [record_dict(), record_dict(), record_dict()])
    library.set_favourite(ids[:1], True)
    library.add_tag(ids, "sea")
    library.close()
    assert main(["library", "stats"]) == 0
    rows = dict(line.rsplit(None, 1) for line in capsys.readouterr().out.splitlines()[1:])
    rows = {name.strip(): value for name, value in rows.items()}
    assert rows["images"] == "3" and rows["generated"] == "3" and rows["imported"] == "0"
    assert rows["favourites"] == "1" and rows["tags"] == "1" and rows["in the trash"] == "0"


def test_train_list_runs_reads_the_run_folders_newest_first(capsys):
    for run_id, started, status in (("run-a", "2026-01-01T10:00:00", "exported"),
                                    ("run-b", "2026-02-01T10:00:00", "created")):
        folder = paths.runs_dir() / run_id
        folder.mkdir(parents=True)
        (folder / "run.json").write_text(json.dumps({"id": run_id, "name": f"name {run_id}",
                                                     "started": started, "status": status, "step": 7}))
    (paths.runs_dir() / "broken").mkdir()  # no run.json: left out, not an error
    assert main(["train", "--list-runs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["run-b", "run-a"]
    assert "exported" in lines[1] and "name run-a" in lines[1]


def test_dataset_list_with_no_datasets_prints_nothing(capsys):
    assert main(["dataset", "list"]) == 0
    assert capsys.readouterr().out == ""


def test_train_uses_the_thread_count_it_is_given(tmp_path, capsys):
    import numpy as np
    import torch

    from genart_desktop.training.device import resolve_precision
    from tests.training.conftest import make_images

    array = tmp_path / "shapes.npy"
    np.save(array, make_images(8, 64))
    assert main(["train", str(array), "--steps", "2", "--threads", "1", "--licence", "CC0-1.0",
                 "--device", "cpu", "--set", "width=4", "--set", "batch_size=4", "--set", "quality_every=0",
                 "--name", "Threads"]) == 0
    model = paths.models_dir() / capsys.readouterr().out.split("written to ")[1].split()[0]
    card = json.loads((model / "card.json").read_text(encoding="utf-8"))
    assert card["training"]["device"] == "cpu (1 threads)"
    assert card["training"]["precision"] == resolve_precision("auto", torch.device("cpu"))


@pytest.mark.bundled_models
def test_train_suggests_the_bundled_gan_and_does_not_switch(tmp_path):
    from PIL import Image

    from genart_desktop.training.request import DataSpec, TrainingRequest
    from genart_desktop.workflows.training import bundled_gan_folder, bundled_start_tip

    folder = tmp_path / "drawings"
    (folder / "sub").mkdir(parents=True)
    for i in range(5):
        Image.new("RGB", (64, 64), (i * 40, 0, 0)).save(folder / "sub" / f"{i}.png")
    (folder / "notes.txt").write_text("not an image")
    small = TrainingRequest(data=DataSpec("folder", path=str(folder)))
    tip = bundled_start_tip(small)
    assert tip.startswith("Tip: 5 images") and f"--fine-tune {bundled_gan_folder().name}" in tip
    assert "CC BY 4.0" in tip
    assert small.fine_tune_from is None  # a suggestion, not a switch
    base = bundled_gan_folder()
    assert bundled_start_tip(TrainingRequest(data=small.data, fine_tune_from=base)) == ""
    assert bundled_start_tip(TrainingRequest(preset="vae-64", data=small.data)) == ""
    assert bundled_start_tip(TrainingRequest(preset="projected-128", data=small.data)) == ""
    assert bundled_start_tip(TrainingRequest(data=DataSpec("folder", path=str(tmp_path / "none")))) == ""

import csv
import json

from genart_desktop.cli import main
from tests.datasets.corpus import pattern, save


def make(tmp_path):
    root = tmp_path / "set"
    save(pattern(100, 100, 1), root / "a.png")
    save(pattern(100, 100, 2), root / "b.jpg")
    save(pattern(10, 10, 3), root / "tiny.png")
    return root


def test_dataset_add_refuses_unknown_licences_but_writes_the_report(tmp_path, capsys):
    """Files were accepted, so the scan succeeded (exit 0); the summary says no dataset was
    saved and why (issue 14: end with a summary, exit 0 when at least one file was accepted)."""
    out = tmp_path / "report.json"
    assert main(["dataset", "add", str(make(tmp_path)), "--size", "64", "--report", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2 images included, 1 skipped" in text and "Not ready to train" in text
    assert "No dataset was saved" in text and "--declare" in text
    report = json.loads(out.read_text())
    rows = {r["path"]: r for r in report["files"]}
    assert rows["tiny.png"]["decision"] == "skipped" and "too small" in rows["tiny.png"]["reason"]
    assert rows["a.png"]["decision"] == "included" and rows["a.png"]["licence"] == ""


def test_dataset_add_with_a_declaration_saves_the_dataset(tmp_path, capsys):
    out, table = tmp_path / "report.json", tmp_path / "report.csv"
    code = main(
        [
            "dataset",
            "add",
            str(make(tmp_path)),
            "--size",
            "64",
            "--declare",
            "CC-BY-4.0",
            "--attribution",
            "Ann",
            "--url",
            "https://ann.example",
            "--report",
            str(out),
            "--csv",
            str(table),
        ]
    )
    text = capsys.readouterr().out
    assert code == 0, text
    assert "Ready to train." in text and "saved" in text
    report = json.loads(out.read_text())
    assert report["dataset_id"].startswith("ds-")
    row = next(r for r in report["files"] if r["path"] == "a.png")
    assert (row["licence"], row["licence_source"], row["attribution_name"]) == (
        "CC-BY-4.0",
        "declared by the artist (licence)",
        "Ann",
    )
    with table.open(newline="") as handle:
        assert {r["path"]: r["decision"] for r in csv.DictReader(handle)}["tiny.png"] == "skipped"
    assert main(["dataset", "list"]) == 0
    assert report["dataset_id"] in capsys.readouterr().out


def test_declare_supplies_the_attribution_a_licence_file_lacks(tmp_path, capsys):
    """A LICENSE naming CC-BY-4.0 without a holder leaves the files blocked; --declare fills it in."""
    root = make(tmp_path)
    (root / "LICENSE").write_text("Licensed under CC BY 4.0\nhttps://creativecommons.org/licenses/by/4.0/\n")
    assert main(["dataset", "add", str(root), "--size", "64", "--no-cache"]) == 0
    text = capsys.readouterr().out
    assert "no creator name or URL" in text and "No dataset was saved" in text
    code = main(["dataset", "add", str(root), "--size", "64", "--no-cache", "--declare", "CC-BY-4.0",
                 "--attribution", "Ann", "--url", "https://ann.example"])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "Ready to train." in text


def test_dataset_add_of_a_folder_with_nothing_usable_exits_1(tmp_path, capsys):
    root = tmp_path / "set"
    save(pattern(10, 10, 3), root / "tiny.png")
    assert main(["dataset", "add", str(root), "--size", "64", "--no-cache"]) == 1
    assert "0 images included, 1 skipped" in capsys.readouterr().out

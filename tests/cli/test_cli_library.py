from genart_desktop.cli import main
from genart_desktop.library import Library
from tests.library.helpers import write_png


def test_import_search_stats_trash_and_check(tmp_path, capsys):
    write_png(tmp_path / "in" / "red fox.png", 1)
    write_png(tmp_path / "in" / "owl.png", 2)
    assert main(["library", "import", str(tmp_path / "in")]) == 0
    assert "2 imported" in capsys.readouterr().out
    assert main(["library", "search", "fox"]) == 0
    out = capsys.readouterr().out
    assert "red fox" in out and "owl" not in out
    assert main(["library", "stats"]) == 0
    assert "images" in capsys.readouterr().out

    with Library.open() as library:
        from genart_desktop.library import trash

        trash.move_to_trash(library, [1])
        library.get_image(2).path.unlink()
    assert main(["library", "trash", "empty"]) == 0
    assert "Removed 1" in capsys.readouterr().out
    assert main(["library", "check"]) == 1
    assert "missing file for image 2" in capsys.readouterr().out
    assert main(["library", "check", "--repair"]) == 0
    assert main(["library", "check"]) == 0
    assert "consistent" in capsys.readouterr().out

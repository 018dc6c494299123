import subprocess
import sys

import pytest

from genart_desktop.cli import VERBS, main
from genart_desktop.core.version import __version__


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


# The verbs DESIGN.md names (train … bench) and the three the app added (dataset, keys,
# package), in the order `genart --help` shows them.
DESIGN_VERBS = ["train", "generate", "export", "verify", "models", "library", "dataset", "keys", "bench",
                "package"]


def test_help_lists_every_design_verb(capsys):
    import re

    assert list(VERBS) == DESIGN_VERBS  # a verb added or dropped is a decision, not an accident
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    listed = re.findall(r"^ {4}(\w+) {2,}\S", out, flags=re.MULTILINE)  # "    train   Train a GAN …"
    assert listed == DESIGN_VERBS
    for verb in DESIGN_VERBS:  # each verb answers --help with its own one-line description
        with pytest.raises(SystemExit) as exc:
            main([verb, "--help"])
        assert exc.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: genart {verb}")


def test_no_verb_prints_help_and_fails(capsys):
    assert main([]) == 2


def test_bench_lists_benchmarks(capsys):
    assert main(["bench"]) == 0
    assert "startup" in capsys.readouterr().out


def test_unknown_benchmark_is_a_clear_error(capsys):
    assert main(["bench", "no-such-bench"]) == 1
    assert "no benchmark called" in capsys.readouterr().err


def test_cli_does_not_import_qt_or_torch():
    code = (
        "import sys; from genart_desktop.cli import build_parser; build_parser();"
        "bad=[m for m in ('torch','PySide6','onnxruntime') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

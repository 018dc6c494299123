"""Rules import-linter cannot express, checked on the source with the ast module."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "genart_desktop"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_jobs_use_qtcore_only():
    offenders = {
        str(p.relative_to(PACKAGE)): name
        for p in (PACKAGE / "jobs").rglob("*.py")
        for name in _imports(p)
        if name.startswith("PySide6.") and name != "PySide6.QtCore"
    }
    assert offenders == {}


def test_no_module_is_oversized():
    """DESIGN.md §2: a module over ~500 lines is a smell; 700 is where we stop it."""
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert big == {}

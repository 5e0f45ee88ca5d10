"""gru_core stands alone: importing it loads no app library, and its tests
(tests/core/) import neither Streamlit nor the app's package `lab`, so they run
and fail for the engine's reasons alone."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_LIBRARIES = ("streamlit", "plotly", "pandas")
NOT_IN_CORE_TESTS = ("streamlit", "lab")
DYNAMIC_IMPORTS = ("importorskip", "import_module", "__import__")


def test_importing_gru_core_loads_no_app_library():
    code = (
        "import json, sys, gru_core, gru_core.gru, gru_core.params, gru_core.lessons; "
        f"print(json.dumps([m for m in {list(APP_LIBRARIES)!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def forbidden_imports(source: str) -> list[str]:
    """The modules from NOT_IN_CORE_TESTS that `source` imports, by statement or by
    name (pytest.importorskip, importlib.import_module, __import__), at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else []
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in DYNAMIC_IMPORTS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in NOT_IN_CORE_TESTS]
    return found


def test_no_core_test_imports_streamlit_or_lab():
    files = sorted((ROOT / "tests" / "core").glob("*.py"))
    assert len(files) > 10  # the scan sees the folder's files
    found = {f.name: forbidden_imports(f.read_text(encoding="utf-8")) for f in files}
    assert {name: mods for name, mods in found.items() if mods} == {}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import streamlit as st", ["streamlit"]),
        ("from lab import uploads", ["lab"]),
        ("from lab.i18n import t", ["lab.i18n"]),
        ("def f():\n    import streamlit.proto.BackMsg_pb2", ["streamlit.proto.BackMsg_pb2"]),
        ("import pytest\npytest.importorskip('streamlit.proto')", ["streamlit.proto"]),
        ("import importlib\nimportlib.import_module('lab')", ["lab"]),
        ("import labels, streamlit_extras\nfrom gru_core import io", []),
        ("from . import lab", []),
        ("path = ROOT / '.streamlit' / 'config.toml'", []),
    ],
)
def test_the_scan_finds_imports_of_streamlit_or_lab_and_nothing_else(source, expected):
    assert forbidden_imports(source) == expected

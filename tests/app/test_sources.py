"""The app's source compiles without warnings (an invalid escape such as "\\;" in a
plain string is a DeprecationWarning today and a SyntaxError in a later Python)."""

from __future__ import annotations

import warnings

import pytest
from app_helpers import ROOT

SOURCES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("lab/**/*.py"), ROOT / "app.py"])


def compile_strictly(text: str, name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(text, name, "exec")


def test_an_invalid_escape_is_caught():
    with pytest.raises((DeprecationWarning, SyntaxWarning, SyntaxError)):
        compile_strictly('x = f" $\\;{1}$"\n', "example.py")
    compile_strictly('x = rf" $\\;{1}$"\n', "example.py")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_source_compiles_without_warnings(path):
    compile_strictly(path.read_text(encoding="utf-8"), str(path))

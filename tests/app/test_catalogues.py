"""The two catalogues say the same things, and the pages say nothing by themselves."""

from __future__ import annotations

import ast
import json
import re
import string

import pytest
from app_helpers import ROOT

LOCALES = ROOT / "lab" / "locales"
#: Files whose user-visible text must all come from the catalogues.
UI_FILES = sorted((ROOT / "pages").glob("*.py")) + [
    ROOT / "app.py",
    ROOT / "lab" / "sidebar.py",
    ROOT / "lab" / "widgets.py",
    ROOT / "lab" / "state.py",
    *sorted((ROOT / "lab" / "explain").glob("*.py")),
    *sorted((ROOT / "lab" / "controls").glob("*.py")),
    ROOT / "lab" / "tour.py",
    ROOT / "lab" / "teacher.py",
]


def load(lang: str) -> dict[str, str]:
    with open(LOCALES / f"{lang}.json", encoding="utf-8") as f:
        return json.load(f)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_in_every_language():
    en, zh = load("en"), load("zh")
    assert sorted(set(en) - set(zh)) == [], "missing in zh.json"
    assert sorted(set(zh) - set(en)) == [], "missing in en.json"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_formats(lang):
    """Literal braces are doubled and every field can be filled (t() formats every text)."""
    for key, text in load(lang).items():
        text.format(**dict.fromkeys(fields(text), 1))
        assert text.strip(), key


def test_same_fields_in_every_language():
    en, zh = load("en"), load("zh")
    for key in en:
        assert fields(en[key]) == fields(zh[key]), key


def test_chinese_texts_are_translated():
    """A zh text equal to its en text must be a symbol or a proper name, not a sentence."""
    en, zh = load("en"), load("zh")
    same = [k for k in en if en[k] == zh[k] and re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", en[k])]
    assert same == []


def used_keys() -> set[str]:
    """Every literal key passed to t(...) in the app's code."""
    keys = set()
    for path in [*UI_FILES, *sorted((ROOT / "lab").glob("**/*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_literal_key_exists():
    en = load("en")
    assert sorted(k for k in used_keys() if k not in en) == []


def test_dynamic_key_families_exist():
    """Keys built at run time (per convention, signal, preset, quantity) are all there."""
    from gru_core.conventions import CONVENTIONS
    from gru_core.presets import PRESETS
    from gru_core.signals import SIGNALS

    en = load("en")
    need = [f"conv.{c}.{p}" for c in CONVENTIONS for p in ("name", "rule")]
    need += [f"one_step.{p}.{c}" for c in CONVENTIONS for p in ("kept", "taken", "a1")]
    need += [f"home.update.{c}" for c in CONVENTIONS]
    need += [f"signal.{s}" for s in (*SIGNALS, "word", "csv")]
    need += [f"preset.{p}.{f}" for p in PRESETS for f in ("name", "story")]
    need += [f"{k}.{q}" for k in ("quantity", "symbol") for q in ("x", "r", "z", "h_tilde", "h")]
    need += [f"gate.{q}" for q in ("r", "z", "h_tilde")]
    need += [f"one_step.step_{q}" for q in ("r", "z", "h_tilde", "h")]
    from lab.lessons import HOME, LESSONS

    need += [f"{lesson.key}.{f}" for lesson in (HOME, *LESSONS) for f in ("title", "nav", "blurb")]
    assert [k for k in need if k not in en] == []


#: Keyword arguments whose strings are identifiers, not text for people.
NOT_TEXT_KWARGS = {"key", "file_name", "mime", "type", "icon", "format", "url_path", "gap"}


def literal_texts(path) -> list[tuple[int, str]]:
    """String constants that read like words for people (two words of letters)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        # docstrings
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in NOT_TEXT_KWARGS:
                    skip.update(id(n) for n in ast.walk(kw.value))
            # the argument of t() is a key; exceptions and logs are for developers;
            # a Text spec's default is sample data (the same in every language)
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in {"t", "Text", "ValueError", "warning", "debug"}:
                skip.update(id(n) for n in ast.walk(node))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if re.search(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}", node.value):
                out.append((node.lineno, node.value))
    return out


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_no_hard_coded_user_text(path):
    assert literal_texts(path) == []

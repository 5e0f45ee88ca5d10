"""Parameter specs: what a URL value may be, and what falls back to the default."""

from __future__ import annotations

import pytest

from lab.i18n import lang_from_locale
from lab.state import Choice, Flag, Int, Num, Text, safe_name


@pytest.mark.parametrize(
    "raw, expected",
    [("1.5", 1.5), ("-4", -4.0), ("4", 4.0), ("0.05", 0.05), ("4.0001", None), ("nan", None),
     ("inf", None), ("1e400", None), ("", None), ("<script>", None), ("1,5", None)],
)  # fmt: skip
def test_num(raw, expected):
    assert Num(-4.0, 4.0, 0.0, 0.05).parse(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [("60", 60), ("5", 5), ("200", 200), ("4", None), ("201", None), ("1.5", None),
     ("1e2", None), ("9" * 40, None), (" 7 ", 7), ("x", None)],
)  # fmt: skip
def test_int(raw, expected):
    assert Int(5, 200, 60).parse(raw) == expected


def test_choice_text_flag():
    c = Choice(("pulse", "step"), "pulse")
    assert (c.parse("step"), c.parse("STEP"), c.parse("<b>")) == ("step", None, None)
    w = Text("hello", 10, r"[\w ]+")
    assert (w.parse("hi there"), w.parse("<b>hi</b>"), w.parse("x" * 11), w.parse("")) == (
        "hi there", None, None, None,
    )  # fmt: skip
    f = Flag(True)
    assert (f.parse("0"), f.parse("1"), f.parse("yes")) == (False, True, None)


def test_dump_round_trips():
    for spec, v in ((Num(-4, 4, 0, 0.05), -1.25), (Int(0, 9, 0), 7), (Flag(False), True)):
        assert spec.parse(spec.dump(v)) == v


def test_safe_name():
    assert safe_name("<script>alert(1)</script>") == "scriptalert1script"
    assert safe_name("W_xr") == "W_xr"
    assert len(safe_name("a" * 100)) == 24


def test_first_language_from_the_browser_locale():
    assert [lang_from_locale(x) for x in ("zh-CN", "zh-TW", "zh", "en-US", "de-DE", None)] == [
        "zh", "zh", "zh", "en", "en", "en",
    ]  # fmt: skip

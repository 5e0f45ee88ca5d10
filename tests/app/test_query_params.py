"""A shared link with missing, out-of-range, malformed or hostile query parameters.

For every page (home and every lesson of lab/lessons.py, so lessons added later
are covered): each of the page's parameters gets every hostile value below (the
values rotate over the keys, one run per value), then out-of-range, repeated and
unknown keys. Each run must raise nothing, put every widget it draws at its
default (or at the URL's value where that value is valid, judged here by the
rule written out in ``accepts``), draw the very charts of a link without
parameters when it took nothing from the URL, show one notice naming the dropped
keys, and never carry URL text into HTML: no element may hold the raw ``<script``
tag, no Markdown element may allow HTML, and a raw HTML element (home's card style)
must be the very one the page draws from a link without parameters. The checks
hold for every page alike, so the lessons' own tests do not repeat them.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from app_helpers import ROOT, TIMEOUT, default_run, no_exception, open_tab, page_specs, run_page
from streamlit.testing.v1 import AppTest

from gru_core.conventions import CONVENTIONS
from lab.i18n import DEFAULT_LANG, LANGS, t
from lab.lessons import HOME, LESSONS
from lab.state import Choice, Flag, Int, Num, Text

PAGES = [Path(lesson.path).stem for lesson in (HOME, *LESSONS)]
SCRIPT = "<script>alert(1)</script>"
#: Malformed or hostile values, none of which a number, choice or flag accepts.
HOSTILE = [
    "",
    "1e309",
    "nan",
    "-inf",
    "9" * 30,
    SCRIPT,
    "x" * 5000,
    "0x1F",
    "1;2",
    "[1, 2]",
    '"><img src=x onerror=alert(1)>',
]
NOTICE = t("notice.bad_link", lang="en", names="").rstrip(". ")


def accepts(spec, raw: str):
    """(True, value) when a careful reader would take ``raw`` for this parameter."""
    if isinstance(spec, Num):
        try:
            v = float(raw)
        except ValueError:
            return False, None
        return math.isfinite(v) and spec.lo <= v <= spec.hi, v
    if isinstance(spec, Int):
        if not re.fullmatch(r"\s*[+-]?\d+\s*", raw) or len(raw) > 12:
            return False, None
        v = int(raw)
        return spec.lo <= v <= spec.hi, v
    if isinstance(spec, Choice):
        return raw in spec.options, raw
    if isinstance(spec, Text):
        return bool(0 < len(raw) <= spec.max_len and re.fullmatch(spec.pattern, raw)), raw
    if isinstance(spec, Flag):
        v = {"1": True, "0": False, "true": True, "false": False}.get(raw.lower())
        return v is not None, v
    raise AssertionError(f"unknown spec {spec!r}")


def charts(at) -> list[tuple[str, str]]:
    """Every Plotly chart the page draws: (element id, figure JSON)."""
    return [(el.proto.id, el.proto.spec) for el in at.get("plotly_chart")]


def last(raw):
    return raw[-1] if isinstance(raw, list) else raw  # a repeated key: the last value counts


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def html_bodies(at) -> list[str]:
    return [node.proto.body for node in walk(at._tree) if node.type == "html"]


def assert_no_html_from_url(at, page: str) -> None:
    own = set(html_bodies(default_run(page)))  # the page's own HTML, without parameters
    assert [b for b in html_bodies(at) if b not in own] == []
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        # a live figure's own script is the app's; what it is sent is its data
        text = proto.json if node.type == "bidi_component" else str(proto)
        assert "<script" not in text.lower(), (node.type, text[:300])
        assert "onerror" not in text.lower(), (node.type, text[:300])
        if node.type in ("markdown", "caption", "title", "subheader", "warning", "info", "error"):
            assert not getattr(proto, "allow_html", False), (node.type, text[:300])


def notices(at) -> list[str]:
    return [w.value for w in at.warning if w.value.startswith(NOTICE)]


def named(key: str) -> str:
    """A key as a notice may name it: its word characters, at most 24, or "?"."""
    return re.sub(r"\W", "", key)[:24] or "?"


def dropped(page: str, query: dict) -> set[str]:
    """The names of the link's keys a page must drop: unknown, or a value not accepted."""
    shared = {"lang": LANGS, "conv": CONVENTIONS}
    out = set()
    for key, raw in query.items():
        raw = last(raw)
        if key in page_specs(page):
            ok = accepts(page_specs(page)[key], raw)[0]
        else:
            ok = raw in shared.get(key, ())
        if not ok:
            out.add(named(key))
    return out


def check(at, page: str, query: dict, must_notice: bool | None = True) -> None:
    """No exception, widgets at default or the URL's valid value, the default charts if
    the URL gave nothing, a notice (none if must_notice is False), no HTML. With
    must_notice None (a later run of the link: a part opened) neither the notice nor
    the charts are looked at."""
    no_exception(at)
    assert_no_html_from_url(at, page)
    bad, took = [], False
    for key, spec in page_specs(page).items():
        raw = last(query.get(key))
        ok, parsed = accepts(spec, raw) if raw is not None else (False, None)
        took |= ok and parsed != spec.default
        if key not in at.session_state:  # this widget is not drawn with these settings
            continue
        want = parsed if ok else spec.default
        got = at.session_state[key]
        if got != want:
            bad.append((key, raw[:40] if raw else raw, got, want))
    assert bad == []
    took |= last(query.get("lang")) in set(LANGS) - {DEFAULT_LANG}
    took |= last(query.get("conv")) in CONVENTIONS[1:]
    if must_notice is None:
        return
    if not took:  # a dropped value reaches the picture by no other path
        assert charts(at) == charts(default_run(page))
    shown = notices(at)
    if must_notice:
        assert len(shown) == 1, [w.value for w in at.warning]
        names = re.findall(r"`([^`]*)`", shown[0])
        assert names and all(re.fullmatch(r"\w{1,24}|\?", n) for n in names), shown
        # every dropped key, or eight of them and a count of the rest
        assert set(names) <= dropped(page, query) and len(names) in (8, len(dropped(page, query)))
    else:
        assert shown == []


@pytest.mark.parametrize("page", PAGES)
def test_no_parameters_gives_defaults_and_no_notice(page):
    at = run_page(page)
    check(at, page, {}, must_notice=False)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("shift", range(len(HOSTILE)))
def test_hostile_values(page, shift):
    """Every key of the page gets every hostile value over the runs (rotated)."""
    keys = list(page_specs(page))
    query = {k: HOSTILE[(i + shift) % len(HOSTILE)] for i, k in enumerate(keys)}
    query |= {"lang": HOSTILE[shift], "conv": HOSTILE[-1 - shift]}
    at = run_page(page, query)
    check(at, page, query)


def out_of_range(spec, above: bool) -> str | None:
    if isinstance(spec, Int):
        return str(spec.hi + 1 if above else spec.lo - 1)
    if isinstance(spec, Num):
        return repr(spec.hi + spec.step if above else spec.lo - spec.step)
    if isinstance(spec, Choice):
        return spec.options[0].upper() + "_" if above else " " + spec.options[0]
    if isinstance(spec, Flag):
        return "2" if above else "-1"
    if isinstance(spec, Text):
        return "a" * (spec.max_len + 1) if above else "<b>"
    return None


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("above", [True, False], ids=["above", "below"])
def test_out_of_range(page, above):
    query = {k: out_of_range(s, above) for k, s in page_specs(page).items()}
    query |= {"lang": "fr", "conv": "keras"}
    at = run_page(page, query)
    check(at, page, query)


@pytest.mark.parametrize("page", PAGES)
def test_negative_and_huge_numbers(page):
    query = {}
    for k, s in page_specs(page).items():
        if isinstance(s, Int):
            query[k] = "-999999999999"
        elif isinstance(s, Num):
            query[k] = "1e308"
    at = run_page(page, query)
    check(at, page, query, must_notice=bool(query))


@pytest.mark.parametrize("page", PAGES)
def test_repeated_keys_last_one_counts(page):
    query = {}
    for k, s in page_specs(page).items():
        query[k] = [s.dump(s.default), SCRIPT] if len(query) % 2 else [SCRIPT, s.dump(s.default)]
    at = run_page(page, query)
    check(at, page, query, must_notice=len(query) > 1)


@pytest.mark.parametrize("page", PAGES)
def test_unknown_keys_are_named_safely_and_removed(page):
    query = {SCRIPT: "1", "zz": SCRIPT, "__proto__": "{}", "k" * 300: "1", "é ü": "1"}
    at = run_page(page, query)
    check(at, page, query)
    for key in query:
        assert key not in at.query_params, key
    names = re.findall(r"`([^`]*)`", notices(at)[0])
    assert "zz" in names and "scriptalert1script" in names


#: Links one lesson alone can get: a valid choice that draws a control of its own, with
#: a bad value for that control; a bad value for the choice that opens a lesson's part.
LESSON_LINKS = [
    ("sequence", {"signal": "word", "word": SCRIPT}, None),
    ("conventions", {"c_source": "../../etc/passwd", "c_H": "1e9"}, ("c_part", 1)),
]


@pytest.mark.parametrize(("page", "query", "tab"), LESSON_LINKS, ids=lambda v: str(v)[:20])
def test_a_lessons_own_controls_fall_back_too(page, query, tab):
    at = run_page(page, query)
    check(at, page, query)
    if tab is not None:  # a part that opens on a click: its controls at their defaults too
        check(open_tab(at, *tab), page, query, must_notice=None)


@pytest.mark.parametrize("lang, more", [("en", "… and 3 more"), ("zh", "以及另外 3 项")])
def test_a_notice_names_eight_keys_and_counts_the_rest(lang, more):
    query = {"lang": lang} | {f"bad{i}": "1" for i in range(11)}
    at = run_page("one_step", query)
    no_exception(at)
    (notice,) = [w.value for w in at.warning if "`bad0`" in w.value]
    names = re.findall(r"`([^`]*)`", notice)
    assert len(names) == 8 and set(names) <= {f"bad{i}" for i in range(11)}, names
    assert more in notice, notice


@pytest.mark.parametrize("page", PAGES)
def test_valid_link_values_are_used(page):
    """The other half: a value inside the range is taken (so 'default' is not all we test)."""
    query = {}
    for k, s in page_specs(page).items():
        if isinstance(s, Int) and s.hi > s.default:
            query[k] = str(s.default + 1)
        elif isinstance(s, Num) and s.hi - s.default >= s.step:
            query[k] = repr(round(s.default + s.step, 10))
    at = run_page(page, query)
    check(at, page, query, must_notice=False)


def open_in_app(path: str, query: dict):
    """app.py (router and sidebar) opened straight at ``path``, as a shared link does."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    if path != HOME.path:
        at.switch_page(path)  # before the first run: the link's page is the first one shown
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_through_the_router(page):
    """app.py reads lang and conv first (sidebar); hostile values there and in the page."""
    lesson = next(x for x in (HOME, *LESSONS) if Path(x.path).stem == page)
    query = {k: SCRIPT for k in page_specs(page)} | {"lang": SCRIPT, "conv": "9" * 30, "zz": "1"}
    at = open_in_app(lesson.path, query)
    no_exception(at)
    assert_no_html_from_url(at, page)
    assert at.session_state["lang"] == "en" and at.session_state["conv"] == "textbook"
    assert at.title[0].value == t(lesson.key + ".title", lang="en")
    for key, spec in page_specs(page).items():
        if key in at.session_state:
            assert at.session_state[key] == spec.default, key
    names = re.findall(r"`([^`]*)`", notices(at)[0])
    assert {"lang", "conv", "zz"} <= set(names) or len(names) == 8, names
    assert set(at.query_params) <= {"lang", *page_specs(page)}


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.url_path for x in LESSONS])
def test_moving_to_a_lesson_from_home_keeps_its_defaults(lesson):
    """Home → lesson (the sidebar link): the lesson opens at its defaults, its URL clean.

    Home and lesson 2 share the keys x and h_prev; a widget key set by one page's
    widget must not leave the next page's widget of that key at its minimum.
    """
    at = open_in_app(HOME.path, {})
    no_exception(at)
    at.switch_page(lesson.path).run()
    no_exception(at)
    moved = {
        key: at.session_state[key]
        for key, spec in page_specs(Path(lesson.path).stem).items()
        if key in at.session_state and at.session_state[key] != spec.default
    }
    assert moved == {}
    assert set(at.query_params) == {"lang"}

"""Home page and the router: every page renders alone and through app.py."""

from __future__ import annotations

import re

import pytest
from app_helpers import (
    STORY_H_PREV,
    STORY_W,
    STORY_X,
    chart,
    has_cjk,
    math_blocks,
    no_exception,
    read_shown,
    run_app,
    run_page,
    textbook_step,
)

from lab import explain
from lab.lessons import HOME, LESSONS


@pytest.mark.parametrize("lesson", [HOME, *LESSONS], ids=lambda lesson: lesson.key)
def test_page_runs_alone(lesson):
    no_exception(run_page(lesson.path.removeprefix("pages/").removesuffix(".py")))


@pytest.mark.parametrize("lesson", [HOME, *LESSONS], ids=lambda lesson: lesson.key)
def test_page_runs_through_the_app(lesson):
    at = run_app()
    at.switch_page(lesson.path).run()
    no_exception(at)
    assert at.title, "every page has a title"


def cell_states(at) -> dict[str, str]:
    """The cell's h_{t−1} and h_t boxes as shown: {"h<sub>t−1</sub>": "-0.60", ...}."""
    shown = {}
    for a in chart(at, "cell")["layout"]["annotations"]:
        m = re.fullmatch(r"<b>(h<sub>t(?:−1)?</sub>)</b><br>(.+)", a["text"])
        if m:
            shown[m.group(1)] = m.group(2)
    return shown


def test_home_shows_the_cell_with_live_values():
    """h_t as the four equations give it for lesson 2's story step (x = 1, h_{t−1} = −0.6),
    then after the h_{t−1} slider moves."""
    at = run_page("home")
    for h_prev in (STORY_H_PREV, 0.8):
        if h_prev != STORY_H_PREV:
            at.slider(key="h_prev").set_value(h_prev).run()
            no_exception(at)
        shown = cell_states(at)
        assert read_shown(shown["h<sub>t−1</sub>"])[0] == h_prev
        *_, h = textbook_step(STORY_X, h_prev, STORY_W)
        value, half = read_shown(shown["h<sub>t</sub>"])
        assert abs(value - h) <= half, (shown, h)


def test_home_equations_follow_the_convention():
    textbook = " ".join(el.value for el in run_page("home").latex)
    cho = " ".join(el.value for el in run_page("home", {"conv": "cho"}).latex)
    assert "(1 - " in textbook and textbook != cho


@pytest.mark.parametrize("conv", ["textbook", "cho", "pytorch"])
def test_home_wraps_the_candidate_equation_without_changing_it(conv):
    # home draws h̃ on two aligned rows (a narrow column); without the row break and
    # the alignment marks it is the one-row equation the lessons show
    one_row = explain.equations(conv)
    latex = math_blocks(run_page("home", {"conv": conv}))
    assert [latex[i] for i in (0, 1, 3)] == [one_row[i] for i in (0, 1, 3)]
    h_tilde = latex[2]
    assert h_tilde.startswith(r"\begin{aligned}") and h_tilde.count(r" \\ ") == 1
    flat = re.sub(r"\\(begin|end)\{aligned\}|&", "", h_tilde).replace(r" \\ ", " ")
    assert " ".join(flat.split()) == " ".join(one_row[2].split())


def test_chinese_from_the_url():
    at = run_app({"lang": "zh"})
    no_exception(at)
    assert has_cjk(at.title[0].value)
    assert at.button(key="lang_switch").label == "English"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lesson_cards_link_with_the_short_title_and_show_the_long_one(lang):
    """A page link stays on one line (a long title was cut: "Conventions: one name,
    three m…"), so the card's link carries the short <key>.nav title and the full
    title follows as text that wraps."""
    from lab.i18n import t

    at = run_app({"lang": lang})
    no_exception(at)
    links = [el.proto for el in at.get("page_link")]
    assert [(p.label, p.page) for p in links] == [
        (t(x.key + ".nav", lang=lang), x.url_path) for x in LESSONS
    ]
    texts = [m.value for m in at.markdown]
    for lesson in LESSONS:
        assert t(lesson.key + ".title", lang=lang) in texts, lesson.key


def test_every_lesson_address_is_where_streamlit_serves_it(monkeypatch):
    """app.py's pages, as st.navigation gets them: each Lesson.url_path is the page's
    public address, and home's is "" (the root; "/home" is "Page not found")."""
    import streamlit as st

    seen = []
    real = st.navigation

    def navigation(pages, **kwargs):
        seen.extend(pages)
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", navigation)
    no_exception(run_app())
    served = {page.url_path for page in seen}
    assert served == {lesson.url_path for lesson in (HOME, *LESSONS)}
    (default,) = [page for page in seen if page._default]
    assert HOME.url_path == default.url_path == ""


@pytest.mark.parametrize("conv", ["textbook", "cho"])
def test_the_cells_paths_are_as_wide_as_what_flows_along_them(conv):
    """Kept share of h_{t-1}, taken share of h̃, the past the reset lets through: each
    path out of its multiply is 1 px plus 8 px times that share (z keeps the past in cho,
    takes the candidate in the textbook; r and z are the same numbers in both)."""
    from lab.plots import COLORS

    r, z, _, _ = textbook_step(STORY_X, STORY_H_PREV, STORY_W)
    keep = z if conv == "cho" else 1 - z
    lines = [s["line"] for s in chart(run_page("home", {"conv": conv}), "cell")["layout"]["shapes"]]
    for color, share in ((COLORS["h"], keep), (COLORS["h_tilde"], 1 - keep), (COLORS["r"], r)):
        widths = [ln["width"] for ln in lines if ln["color"] == color]
        assert any(abs(w - (1 + 8 * share)) < 1e-12 for w in widths), (color, share, widths)
    # the shares are far apart here: 27 % and 73 % look different from across a room
    assert abs((1 + 8 * keep) - (1 + 8 * (1 - keep))) > 3

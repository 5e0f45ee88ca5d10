"""Each page's main visual has a text alternative: its current values in words."""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import STORY_H_PREV, STORY_W, STORY_X, no_exception, run_page, textbook_step

from lab.explain.common import chart_in_words
from lab.i18n import t
from lab.lessons import HOME, LESSONS
from lab.plots.figure import figure

PAGES = [lesson.path.removeprefix("pages/").removesuffix(".py") for lesson in (HOME, *LESSONS)]


def in_words(at, lang: str = "en") -> str:
    boxes = [e for e in at.expander if e.label == t("a11y.title", lang=lang)]
    assert len(boxes) == 1, [e.label for e in at.expander]
    return " ".join(m.value for m in boxes[0].markdown)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_main_visual_has_its_words(page, lang):
    at = run_page(page, {"lang": lang})
    no_exception(at)
    text = in_words(at, lang)
    assert text and "{" not in text and "<" not in text, text


def test_the_cells_words_are_the_steps_numbers():
    r, z, h_tilde, h = textbook_step(STORY_X, STORY_H_PREV, STORY_W)  # written out by hand
    text = in_words(run_page("home"))
    for name, value in (("r", r), ("z", z), ("h̃", h_tilde), ("h(t)", h)):
        assert f"{name} = {value:.2f}" in text, (name, value, text)
    assert f"keeps {100 * (1 - z):.0f} %" in text and f"takes {100 * z:.0f} %" in text


def test_a_lines_words_name_its_ends_and_extremes_where_they_are():
    y = np.array([0.5, 2.0, -1.0, 0.25])  # typed-array encoded by figure()
    fig = figure([{"type": "scatter", "name": "state <b>h</b>", "x": np.arange(1, 5), "y": y}],
                 {"height": 200}).to_dict()  # fmt: skip
    words = chart_in_words(fig, "t")
    assert words == (
        "state h: 0.5 at t = 1, 0.25 at t = 4; lowest -1 at t = 3, highest 2 at t = 2."
    ), words
    assert chart_in_words({"data": []}, "t") == t("a11y.none")
    level = figure([{"type": "scatter", "name": "baseline", "y": np.full(3, 0.167)}], {})
    assert chart_in_words(level.to_dict(), "t") == "baseline: 0.167 all along."

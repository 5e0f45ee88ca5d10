"""Chinese pages through AppTest after an interaction: Chinese words, the English numbers.

The language of a page changes its words and never its numbers, so the same move
on the English and the Chinese page must plot the same data. (AppTest calls a
select box's or radio's format function again after the run, where the session's
language is unknown; lab.widgets words the options during the run, so Chinese
pages can be driven here too.)
"""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import figures, has_cjk, no_exception, run_app, run_page, values

from lab.i18n import t
from lab.lessons import HOME, LESSONS

#: (page, slider key, a value other than its default)
MOVES = [
    ("one_step", "x", 1.5),
    ("sequence", "start", 7),
    ("forgetting", "f_z", 0.5),
    ("gradients", "g_bz", 1.0),
    ("conventions", "c_bhn", 1.0),
]


def chart_numbers(at) -> list[np.ndarray]:
    """Every numeric x/y/z array of every chart on the page (text arrays, such as
    a bar chart's category labels, are words and left out)."""
    out = []
    for fig in figures(at):
        for trace in fig["data"]:
            for axis in ("x", "y", "z"):
                if axis not in trace:
                    continue
                try:
                    out.append(values(trace[axis]).astype(float))
                except (TypeError, ValueError):
                    continue
    return out


def same_numbers(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    if len(a) != len(b):
        return False
    return all(
        x.shape == y.shape and np.array_equal(x, y, equal_nan=True)
        for x, y in zip(a, b, strict=True)
    )


@pytest.mark.parametrize(("page", "key", "value"), MOVES, ids=[m[0] for m in MOVES])
def test_a_move_on_the_chinese_page_plots_what_the_english_page_plots(page, key, value):
    en, zh = run_page(page, {"lang": "en"}), run_page(page, {"lang": "zh"})
    before = chart_numbers(zh)
    for at in (en, zh):
        at.slider(key=key).set_value(value).run()
        no_exception(at)
    assert has_cjk(zh.title[0].value) and not has_cjk(en.title[0].value)
    assert zh.slider(key=key).value == value
    after = chart_numbers(zh)
    assert not same_numbers(before, after), "the move changed no chart"
    assert same_numbers(after, chart_numbers(en))


def test_select_box_and_radio_on_the_chinese_page():
    at = run_page("sequence", {"lang": "zh"})
    signal = at.selectbox(key="signal")
    assert t("signal.step", lang="zh") in signal.options
    before = chart_numbers(at)
    signal.set_value("step").run()
    no_exception(at)
    assert at.selectbox(key="signal").value == "step"
    assert not same_numbers(before, chart_numbers(at))
    # the weights' source, a radio: "my own sliders" draws the weight sliders
    assert "W_xr" not in {s.key for s in at.slider}
    at.radio(key="source").set_value("sliders").run()
    no_exception(at)
    assert at.radio(key="source").value == "sliders"
    assert "W_xr" in {s.key for s in at.slider}
    assert has_cjk(at.radio(key="source").options[1])


@pytest.mark.parametrize("path", [lesson.path for lesson in (HOME, *LESSONS)])
def test_the_language_switch_puts_every_page_and_its_link_in_chinese(path):
    at = run_app()
    at.switch_page(path).run()
    no_exception(at)
    title_en = at.title[0].value
    at.button(key="lang_switch").click().run()
    no_exception(at)
    assert at.title[0].value != title_en and has_cjk(at.title[0].value)
    assert has_cjk(" ".join(el.value for el in at.markdown))
    assert at.query_params["lang"] in (["zh"], "zh")  # a link made now opens in Chinese

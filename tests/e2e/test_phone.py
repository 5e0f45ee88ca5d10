"""Every page on a phone (390×844) in both languages: one column, no sideways scroll,
the main visual at least MIN_VISUAL px wide; legends that fit (the live charts give
each name a row of its own when needed). Screenshots of every page at the phone's, a
laptop's and a projector's size in Chinese go to test-artifacts/ (English at the two
larger sizes: test_fold.py), to be looked at.
"""

from __future__ import annotations

import pytest
from helpers_load import ROOT
from test_projector import LEGEND_PROBLEMS_JS
from waits import wait_for_charts_fitted, wait_for_run

from lab.lessons import HOME, LESSONS

PAGES = [HOME, *LESSONS]
IDS = [p.url_path or "home" for p in PAGES]
MIN_VISUAL = 330  # px
#: Pages whose main visual's legend is checked: a live figure (lab.live) fits its legend
#: to the screen; training's curves wrap their names.
FITTED_LEGENDS = {"", "one_step", "sequence", "forgetting", "gradients", "conventions", "training"}
VISUAL = ".st-key-main_visual .js-plotly-plot"
ARTIFACTS = ROOT / "test-artifacts"
SIZES = {"phone": (390, 844), "laptop": (1280, 800), "projector": (1024, 768)}


@pytest.fixture(scope="module", params=["en", "zh"])
def phone(browser, request):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    yield context.new_page(), request.param
    context.close()


def open_page(pg, app_url: str, lesson, lang: str) -> None:
    pg.goto(f"{app_url}/{lesson.url_path}?lang={lang}")
    wait_for_run(pg)
    pg.wait_for_selector(f"{VISUAL} .main-svg", timeout=30_000)
    wait_for_charts_fitted(pg)


@pytest.mark.parametrize("lesson", PAGES, ids=IDS)
def test_a_phone_shows_one_column_and_a_wide_picture(phone, app_url, lesson):
    pg, lang = phone
    open_page(pg, app_url, lesson, lang)
    width = pg.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px wide"
    visual = pg.locator(VISUAL).first.bounding_box()
    assert visual["width"] >= MIN_VISUAL, visual
    assert visual["x"] >= 0 and visual["x"] + visual["width"] <= 390 + 1, visual
    if lesson.url_path in FITTED_LEGENDS:  # every name inside the chart, clear of the others
        assert pg.evaluate(LEGEND_PROBLEMS_JS) == []
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"phone_{lesson.url_path or 'home'}_{lang}.png"))


@pytest.mark.parametrize("size", ["laptop", "projector"])
def test_screenshots_in_chinese(browser, app_url, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    pg = context.new_page()
    try:
        for lesson in PAGES:
            open_page(pg, app_url, lesson, "zh")
            assert pg.locator("[data-testid='stException']").count() == 0
            name = f"zh_{lesson.url_path or 'home'}_{width}.png"
            pg.screenshot(path=str(ARTIFACTS / name))
    finally:
        context.close()

"""Plotly's toolbar speaks the page's language: on a Chinese page every button's
tooltip (download, zoom, pan, autoscale...) is Chinese; on an English page each is
one of Plotly's own English phrases, which the catalogues' ``plotly.*`` keys must
match word for word for the Chinese dictionary to apply. Every chart of every page.
Streamlit adds one button of its own to Plotly's toolbar, "Fullscreen", whose title
it writes in English with no way to change it: that one stays English.
"""

from __future__ import annotations

import pytest
from test_pages import EXCEPTION, MAIN
from waits import wait_for_run

from lab.i18n import catalogue
from lab.lessons import HOME, LESSONS
from tests.app.app_helpers import has_cjk

CHARTS = f"{MAIN} .js-plotly-plot"
TITLES_JS = f"""
(i) => Array.from(document.querySelectorAll("{CHARTS}")[i]
  .querySelectorAll('.modebar-btn')).map((b) => b.getAttribute('data-title'))
"""
PLOTLY_ENGLISH = {v for k, v in catalogue("en").items() if k.startswith("plotly.")}
STREAMLITS_OWN = {"Fullscreen"}


def toolbar_titles(pg) -> list[str]:
    """Every chart's toolbar tooltips, each chart hovered so that its toolbar is drawn."""
    titles = []
    charts = pg.locator(CHARTS)
    assert charts.count() > 0
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).hover(position={"x": 60, "y": 80})
        pg.wait_for_function(f"(i) => {TITLES_JS}(i).length > 0", arg=i, timeout=5_000)
        titles += pg.evaluate(TITLES_JS, i)
    return titles


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", [HOME, *LESSONS], ids=lambda p: p.url_path or "home")
def test_the_toolbar_is_in_the_pages_language(page, app_url, lesson, lang):
    page.goto(f"{app_url}/{lesson.url_path}?lang={lang}")
    wait_for_run(page)
    page.wait_for_selector(CHARTS, timeout=15_000)
    assert page.locator(EXCEPTION).count() == 0
    titles = [x for x in toolbar_titles(page) if x not in STREAMLITS_OWN]
    assert "Zoom" in titles or "框选放大" in titles or lesson is HOME  # the usual buttons
    if lang == "zh":
        assert [x for x in titles if not has_cjk(x)] == []
    else:
        assert set(titles) <= PLOTLY_ENGLISH

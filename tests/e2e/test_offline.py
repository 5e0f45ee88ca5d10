"""A classroom without internet: the app asks nothing of any machine but the one serving it.

Every request the browser makes to a host other than loopback is refused and
recorded while a student visits every page in both languages (through the sidebar:
its navigation links and its language switch) and moves the mouse over a chart
(Plotly's toolbar appears then). Anything recorded would fail offline: Streamlit
fetches a ``:material/...`` page icon from a font server on the internet, for one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from test_pages import EXCEPTION, MAIN
from waits import wait_for_run

from lab.i18n import LANG_NAMES
from lab.lessons import HOME, LESSONS

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
NAV = "[data-testid='stSidebarNavLink']"
CHART = f"{MAIN} .js-plotly-plot"
MODEBAR = f"{CHART} .modebar"


def test_no_request_leaves_the_machine(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    outside: list[str] = []

    def refuse_outside(route):
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", refuse_outside)
    pg = context.new_page()
    try:
        pg.goto(f"{app_url}/?lang=en")
        wait_for_run(pg)
        seen = []
        for lang in ("en", "zh"):
            for i, lesson in enumerate((HOME, *LESSONS)):
                pg.locator(NAV).nth(i).click()
                wait_for_run(pg)
                pg.wait_for_selector(f"{MAIN} h1", timeout=10_000)
                assert pg.locator(EXCEPTION).count() == 0, lesson.url_path
                pg.wait_for_selector(CHART, timeout=15_000)
                chart = pg.locator(CHART).first
                chart.scroll_into_view_if_needed()
                chart.hover()
                pg.wait_for_selector(MODEBAR, state="visible", timeout=10_000)
                seen.append((lang, lesson.url_path))
            if lang == "en":  # the sidebar's switch, to Chinese
                pg.get_by_role("button", name=LANG_NAMES["zh"]).click()
                wait_for_run(pg)
                pg.wait_for_url("**lang=zh**", timeout=10_000)
        # The test is that no request goes out, and an absence has no sign to wait for:
        # give one the last page started (a font, a script loaded late) time to leave.
        pg.wait_for_timeout(500)
        assert len(seen) == 2 * (1 + len(LESSONS))
        assert outside == [], sorted(set(outside))
    finally:
        context.close()

"""The picture leads: on every page, at a laptop's and a projector's size with the
sidebar as the app opens it, the page's main visual is in the first view.

The main visual is the first chart inside the page's ``main_visual`` box (a keyed
container: Streamlit gives it the class st-key-main_visual). At least FOLD_ROOM px of
it must be on screen before any scrolling. Screenshots of that first view go to
test-artifacts/fold_<page>_<width>.png.
"""

from __future__ import annotations

import pytest
from helpers_load import ROOT
from waits import wait_for_charts_fitted, wait_for_run

from lab.lessons import HOME, LESSONS

PAGES = [HOME, *LESSONS]
IDS = [p.url_path or "home" for p in PAGES]
SIZES = [(1280, 800), (1024, 768)]
FOLD_ROOM = 250  # px of the main visual a student sees without scrolling
ARTIFACTS = ROOT / "test-artifacts"
VISUAL = ".st-key-main_visual :is([data-testid='stPlotlyChart'], .gru-live)"


@pytest.fixture(scope="module", params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def sized(browser, request):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    yield page, width, height
    context.close()


@pytest.mark.parametrize("lesson", PAGES, ids=IDS)
def test_the_main_visual_is_in_the_first_view(sized, app_url, lesson):
    page, width, height = sized
    page.goto(f"{app_url}/{lesson.url_path}?lang=en")
    wait_for_run(page)
    page.wait_for_selector(VISUAL, timeout=15_000)
    wait_for_charts_fitted(page)
    assert page.evaluate("() => window.scrollY") == 0
    box = page.locator(VISUAL).first.bounding_box()
    in_view = min(box["y"] + box["height"], height) - box["y"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"fold_{lesson.url_path or 'home'}_{width}.png"))
    assert in_view >= FOLD_ROOM, f"{in_view:.0f} px of the main visual in view (top {box['y']:.0f})"


TOUR_BOX = "[data-testid='stMain'] .st-key-tour_box"
SIDEBAR = "[data-testid='stSidebar']"
COLLAPSE = "[data-testid='stSidebarCollapseButton'] button"
SIDEBAR_GONE_JS = f'() => document.querySelector("{SIDEBAR}").getBoundingClientRect().right <= 0'


def test_a_running_tour_shows_its_step_above_the_picture_with_the_sidebar_collapsed(
    browser, app_url
):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/sequence?lang=en")
        wait_for_run(page)
        page.locator(f"{SIDEBAR} button:has-text('Start the tour')").click()
        page.wait_for_selector(TOUR_BOX, timeout=15_000)
        wait_for_run(page)
        page.locator(COLLAPSE).click()
        page.wait_for_function(SIDEBAR_GONE_JS, timeout=5_000)
        tour = page.locator(TOUR_BOX).bounding_box()
        visual = page.locator(VISUAL).first.bounding_box()
        # (scrolled to the top of the view: a fraction of a px above it, at most)
        assert -1 <= tour["y"] and tour["y"] + tour["height"] <= visual["y"], (tour, visual)
        assert "Step 1 of 5" in page.locator(TOUR_BOX).inner_text()
        assert min(visual["y"] + visual["height"], 768) - visual["y"] >= FOLD_ROOM / 2
        page.screenshot(path=str(ARTIFACTS / "fold_tour_collapsed_1024.png"))
    finally:
        context.close()


EXPAND = "[data-testid='stExpandSidebarButton']"
#: Where the tour's box is in the window: its top and bottom, px.
TOUR_AT_JS = f"""() => {{
  const r = document.querySelector("{TOUR_BOX}").getBoundingClientRect();
  return [r.top, r.bottom];
}}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)], ids=["laptop", "phone"])
def test_a_tour_started_below_the_fold_comes_into_view(browser, app_url, width, height):
    """Started from the sidebar with the page scrolled to its end (on a phone, from the
    sidebar that covers the page): the step's box is scrolled to the top of the view,
    the sidebar closed where it covered the page."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/forgetting?lang=en")
        wait_for_run(page)
        page.locator("[data-testid='stMain'] .stMarkdown").last.scroll_into_view_if_needed()
        if width < 640:  # a phone opens with its sidebar closed
            page.locator(EXPAND).click()
        page.locator(f"{SIDEBAR} button:has-text('Start the tour')").click()
        page.wait_for_selector(TOUR_BOX, timeout=15_000)
        wait_for_run(page)
        page.wait_for_function(
            f"() => {{ const [top, bottom] = ({TOUR_AT_JS})(); return top >= -1 && top < 80; }}",
            timeout=5_000,
        )
        top, bottom = page.evaluate(TOUR_AT_JS)
        assert bottom <= height, (top, bottom)
        if width < 640:
            page.wait_for_function(SIDEBAR_GONE_JS, timeout=5_000)
        assert "Step 1 of 3" in page.locator(TOUR_BOX).inner_text()
        page.screenshot(path=str(ARTIFACTS / f"fold_tour_started_{width}.png"))
    finally:
        context.close()


#: The time cursor's grey band and the scrubber's thumb, in px from the window's left.
SCRUB_JS = """() => {
  const sel = ".st-key-main_visual .js-plotly-plot";
  const gd = document.querySelector(sel);
  const L = gd._fullLayout, box = gd.getBoundingClientRect();
  const k = L.sliders[0].active, t = Number(L.sliders[0].steps[k].args[0][0]);
  const grip = gd.querySelector('.slider-grip-rect').getBoundingClientRect();
  return [t, box.left + L._size.l + L.xaxis.l2p(t), grip.left + grip.width / 2];
}"""


@pytest.mark.parametrize("width", [1280, 1024, 390])
@pytest.mark.parametrize("t", [1, 6, 60])
def test_the_time_scrubbers_thumb_sits_under_the_cursors_band(browser, app_url, width, t):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/sequence?lang=en&t={t}")
        wait_for_run(page)
        page.wait_for_selector(".st-key-main_visual .slider-grip-rect", timeout=15_000)
        wait_for_charts_fitted(page)
        shown, band, thumb = page.evaluate(SCRUB_JS)
        assert shown == t
        # the rail starts and ends half a grip inside the plot: a few px, never a step
        assert abs(band - thumb) <= 10, (band, thumb)
    finally:
        context.close()

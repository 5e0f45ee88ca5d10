"""Sessions are isolated: what one student sets never shows in another's page.

Two browser contexts (two students, separate cookies and websockets) on the same
server and lesson. Student A moves the lesson's first slider; student B, opening
the same link afterwards, sees the defaults and A's first picture, not A's; B's own
moves then leave A's page as A left it. Lessons are read from the app
(``benchmarks/discover.py``), so new pages are covered when they are listed.
"""

from __future__ import annotations

import pytest
from helpers_load import ROOT, screenshot
from playwright.sync_api import expect
from waits import wait_for_run

from benchmarks.bench_browser import FINGERPRINT_JS  # noqa: E402
from benchmarks.discover import discover_lessons  # noqa: E402

if not (ROOT / "app.py").exists():
    pytest.skip("app.py does not exist yet", allow_module_level=True)

LESSONS = discover_lessons()
SLIDER = "[data-testid='stMain'] [data-testid='stSlider'] input[type='range']"
DRAWN_JS = f"() => ({FINGERPRINT_JS})() !== ''"  # every chart holds its data


def _student(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    return ctx, ctx.new_page()


def _open(pg, url):
    pg.goto(url)
    wait_for_run(pg)
    pg.wait_for_function(DRAWN_JS)
    assert pg.locator("[data-testid='stException']").count() == 0


def _value(pg) -> str:
    return pg.locator(SLIDER).first.input_value()


def _picture(pg) -> str:
    return pg.evaluate(FINGERPRINT_JS)


def _move(pg, key: str, times: int) -> None:
    for _ in range(times):
        thumb = pg.locator(SLIDER).first
        before, link = thumb.input_value(), pg.url
        thumb.focus()
        thumb.press(key)
        expect(thumb).not_to_have_value(before)
        # the run has taken the new value once it writes it into the link (every lesson
        # keeps its values there; a picture need not change: training's does not)
        pg.wait_for_function("(link) => location.href !== link", arg=link)
        wait_for_run(pg)
        pg.wait_for_function(DRAWN_JS)


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.name for x in LESSONS])
def test_one_students_slider_never_shows_in_anothers_page(browser, app_url, lesson):
    url = f"{app_url}/{lesson.url_path}"
    ctx_a, a = _student(browser)
    ctx_b, b = _student(browser)
    try:
        _open(a, url)
        if a.locator(SLIDER).count() == 0:
            pytest.skip(f"{lesson.name}: no slider in the main area")
        a_default, a_first = _value(a), _picture(a)
        at_top = float(a.locator(SLIDER).first.get_attribute("max")) == float(a_default)
        _move(a, "ArrowLeft" if at_top else "ArrowRight", 3)
        a_value, a_picture = _value(a), _picture(a)
        assert a_value != a_default

        _open(b, url)  # the plain link, after A's moves
        assert _value(b) == a_default
        assert _picture(b) == a_first  # the default picture, not A's
        at_bottom = float(b.locator(SLIDER).first.get_attribute("min")) == float(a_default)
        _move(b, "ArrowRight" if at_bottom else "ArrowLeft", 2)
        assert _value(b) not in (a_default, a_value)

        # Nothing is to happen on A's page, and the absence of an event has no sign to
        # wait for: give anything B caused the time a move takes to reach a page.
        a.wait_for_timeout(1_000)
        wait_for_run(a)
        assert _value(a) == a_value
        assert _picture(a) == a_picture
        assert a.locator("[data-testid='stException']").count() == 0
        screenshot(a, f"isolation_{lesson.name}_a")
        screenshot(b, f"isolation_{lesson.name}_b")
    finally:
        ctx_a.close()
        ctx_b.close()

"""Home's lesson cards: a click anywhere on a card (its title, its description) opens
the lesson, not only on the small link at its top."""

from __future__ import annotations

import pytest
from test_pages import EXCEPTION, MAIN
from waits import wait_for_run

from lab.i18n import t
from lab.lessons import LESSONS


def open_home(pg, app_url: str, lang: str) -> None:
    pg.goto(f"{app_url}/?lang={lang}")
    wait_for_run(pg)
    pg.wait_for_selector(f"{MAIN} [data-testid='stPageLink']", timeout=10_000)


def click_and_arrive(pg, lesson, text: str, lang: str) -> None:
    """Click the card's ``text`` and check the lesson opened."""
    target = pg.locator(MAIN).get_by_text(text, exact=True)
    target.first.scroll_into_view_if_needed()
    box = target.first.bounding_box()
    # the mouse, not locator.click: the card's link lies over the text, as intended, and
    # Playwright would wait for the text itself to take the click
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    pg.wait_for_url(f"**/{lesson.url_path}?**", timeout=10_000)
    wait_for_run(pg)
    assert pg.locator(EXCEPTION).count() == 0
    assert pg.locator(f"{MAIN} h1").first.inner_text().strip() == t(lesson.key + ".title", lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", LESSONS, ids=[x.url_path for x in LESSONS])
def test_a_cards_title_opens_its_lesson(page, app_url, lesson, lang):
    open_home(page, app_url, lang)
    click_and_arrive(page, lesson, t(lesson.key + ".title", lang), lang)


def test_a_cards_description_opens_its_lesson(page, app_url):
    lesson = LESSONS[0]
    open_home(page, app_url, "en")
    click_and_arrive(page, lesson, t(lesson.key + ".blurb", "en"), "en")

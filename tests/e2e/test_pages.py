"""Every page in a real browser: loads cleanly, a keyboard slider move redraws a chart,
the language switch works, nothing overflows at 1280×720; screenshots of each page.

One server for the whole session (fixture ``app_url``) and one browser context for
this module. Pages come from lab/lessons.py (home and every lesson), so lessons
added later are covered. Screenshots go to test-artifacts/pages_<page>_<lang>.png
(whole page, 1280 wide) and pages_<page>_<lang>_720.png (what a 1280×720 laptop shows).
"""

from __future__ import annotations

import json
import re

import pytest
from helpers_load import ROOT
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from waits import wait_for_charts_fitted, wait_for_run

from lab.i18n import LANG_NAMES, t
from lab.lessons import HOME, LESSONS

PAGES = [HOME, *LESSONS]
IDS = [p.url_path or "home" for p in PAGES]  # home is served at the root ("")
MAIN = "[data-testid='stMain']"
SLIDER = f"{MAIN} [data-testid='stSlider'] input[type='range']"
EXCEPTION = "[data-testid='stException']"
TOOLTIP = "[role='tooltip']"
WIDE, SHORT, TALL = 1280, 720, 2000
MAX_SHOT = 9000  # px: the tallest whole-page screenshot

#: The data of every Plotly chart on the page (x, y, z, text of each trace, and the
#: layout's shapes and annotations), as read from the plot elements themselves.
CHARTS_JS = """
() => Array.from(document.querySelectorAll(".js-plotly-plot"),
  (gd) => JSON.stringify([
    (gd.data || []).map((d) => [d.x, d.y, d.z, d.text].map((v) =>
      v && v.length !== undefined && typeof v !== 'string' ? Array.from(v) : v)),
    (gd.layout || {}).shapes || [], (gd.layout || {}).annotations || []]))
"""
#: Elements of the main area that stick out of the window on the right (after layout).
OVERFLOW_JS = """
(width) => {
  const out = [];
  for (const el of document.querySelectorAll("[data-testid='stMain'] *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1) {
      let scroller = el.parentElement, clipped = false;
      while (scroller) {  // inside a scrolling or clipping box: not an overflow of the page
        const s = getComputedStyle(scroller);
        if (['auto', 'scroll', 'hidden'].includes(s.overflowX)) {
          clipped = scroller.getBoundingClientRect().right <= width + 1; break;
        }
        scroller = scroller.parentElement;
      }
      if (!clipped) out.push([el.tagName, el.getAttribute('data-testid') || el.className
                              .toString().slice(0, 40), Math.round(r.right)]);
    }
  }
  return out.slice(0, 10);
}
"""
#: Catalogue keys shown raw (a missing text: lab.i18n.t falls back to the key).
KEYS = set(json.loads((ROOT / "lab" / "locales" / "en.json").read_text("utf-8")))
PREFIXES = {k.split(".")[0] for k in KEYS}
KEYLIKE = re.compile(r"(?<![\w.])([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)(?![\w(])")


@pytest.fixture(scope="module")
def pg(browser):
    context = browser.new_context(viewport={"width": WIDE, "height": SHORT}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def open_page(pg, app_url: str, lesson, lang: str = "en") -> None:
    pg.set_viewport_size({"width": WIDE, "height": SHORT})
    pg.goto(f"{app_url}/{address(lesson)}?lang={lang}")
    wait_for_run(pg)
    no_exception(pg)
    pg.wait_for_selector(f"{MAIN} h1", timeout=10_000)
    wait_for_charts_fitted(pg)  # a live figure draws once plotly.min.js has loaded
    dialogs = pg.locator("[role='dialog']")  # e.g. Streamlit's "Page not found"
    assert dialogs.count() == 0, dialogs.first.inner_text()


def address(lesson) -> str:
    """The page's URL path: Streamlit serves the default page (home) at the root."""
    return lesson.url_path


def title(pg) -> str:
    return pg.locator(f"{MAIN} h1").first.inner_text().strip()


def charts(pg) -> list[str]:
    return pg.evaluate(CHARTS_JS)


def no_exception(pg) -> None:
    boxes = pg.locator(EXCEPTION)
    assert boxes.count() == 0, boxes.first.inner_text()[:500]


def raw_keys(pg) -> list[str]:
    """Catalogue keys (or key-like words with a catalogue prefix) visible on the page."""
    text = pg.locator("[data-testid='stApp']").inner_text()
    text += " ".join(pg.locator(f"{MAIN} svg text").all_text_contents())
    found = {m for m in KEYLIKE.findall(text) if m in KEYS or m.split(".")[0] in PREFIXES}
    return sorted(found)


@pytest.mark.parametrize("lesson", PAGES, ids=IDS)
def test_page_loads_without_exception_or_overflow(pg, app_url, lesson):
    open_page(pg, app_url, lesson)
    no_exception(pg)
    assert title(pg) == t(lesson.key + ".title", lang="en")
    assert pg.title() == t(lesson.key + ".title", lang="en")
    wait_for_charts_fitted(pg)
    assert pg.evaluate(OVERFLOW_JS, WIDE) == []
    assert pg.evaluate("() => document.documentElement.scrollWidth") <= WIDE
    assert raw_keys(pg) == []


#: Lessons whose charts follow a button, not a slider (see test_training_trains_live).
BUTTON_DRIVEN = {"training"}
SLIDER_PAGES = [p for p in PAGES if p.url_path not in BUTTON_DRIVEN]


@pytest.mark.parametrize("lesson", SLIDER_PAGES, ids=[p.url_path or "home" for p in SLIDER_PAGES])
def test_keyboard_slider_move_redraws_a_chart(pg, app_url, lesson):
    open_page(pg, app_url, lesson)
    sliders = pg.locator(SLIDER)
    assert sliders.count(), f"{lesson.url_path}: no slider in the main area"
    assert charts(pg), f"{lesson.url_path}: no Plotly chart"
    tried = []
    for i in range(min(4, sliders.count())):  # the first slider that drives a chart
        thumb = pg.locator(SLIDER).nth(i)
        before_value, before = thumb.input_value(), charts(pg)
        key = "ArrowLeft" if thumb.get_attribute("max") == before_value else "ArrowRight"
        thumb.focus()
        thumb.press(key)
        pg.wait_for_function(
            "([sel, i, v]) => document.querySelectorAll(sel)[i]?.value !== v",
            arg=[SLIDER, i, before_value],
        )
        wait_for_run(pg)
        try:  # the run has finished: a chart it changed is redrawn within moments
            pg.wait_for_function(
                f"(before) => JSON.stringify(({CHARTS_JS})()) !== before",
                arg=json.dumps(before),
                timeout=2_500,
            )
        except PlaywrightTimeout:  # this slider drives no chart (yet): try the next
            tried.append(pg.locator(SLIDER).nth(i).get_attribute("aria-label") or str(i))
            continue
        no_exception(pg)
        return
    no_exception(pg)
    pytest.fail(f"{lesson.url_path}: none of its first sliders redraws a chart (tried {tried})")


def test_training_trains_live(pg, app_url):
    """The training lesson's charts follow its Train button: a short run draws them."""
    pg.set_viewport_size({"width": WIDE, "height": SHORT})
    pg.goto(f"{app_url}/training?lang=en&T=10&H=4&steps=50")
    wait_for_run(pg)
    no_exception(pg)
    before = len(charts(pg))
    pg.locator(f"{MAIN} button", has_text=re.compile(r"Train$")).first.click()
    pg.wait_for_function(f"(n) => ({CHARTS_JS})().length > n", arg=before, timeout=60_000)
    wait_for_run(pg, timeout=120_000)
    no_exception(pg)


@pytest.mark.parametrize("lesson", PAGES, ids=IDS)
def test_language_switch_and_screenshots(pg, app_url, lesson):
    """中文 and back; in each language the choices shown are in that language."""
    open_page(pg, app_url, lesson)
    problems = []
    for step, (lang, other) in enumerate((("en", "zh"), ("zh", "en"), ("en", None))):
        assert title(pg) == t(lesson.key + ".title", lang=lang)
        assert pg.title() == t(lesson.key + ".title", lang=lang)
        no_exception(pg)
        if step < 2:
            pg.mouse.move(WIDE - 5, SHORT - 5)  # no tooltip left over from the click
            expect(pg.locator(TOOLTIP)).to_have_count(0)
            pg.screenshot(path=str(shot(lesson, lang, "_720")))
            whole_page_screenshot(pg, shot(lesson, lang))
        where = f"{lang} (step {step + 1})"
        problems += [(where, "raw key", k) for k in raw_keys(pg)]
        problems += [(where, "label in the other language", v) for v in stale(pg, lang)]
        problems += [(where, "radio with no option chosen", r) for r in radios_without_choice(pg)]
        if other is None:
            break
        switch = pg.locator("[data-testid='stSidebar'] button", has_text=LANG_NAMES[other])
        switch.first.click()
        # what the click changes first, then the end of its run
        pg.wait_for_function(
            "(u) => location.href.includes(u)", arg=f"lang={other}", timeout=10_000
        )
        expect(pg.locator(f"{MAIN} h1").first).to_have_text(
            t(lesson.key + ".title", lang=other), timeout=10_000
        )
        wait_for_run(pg)
        no_exception(pg)
    assert problems == []


CATALOGUES = {
    lang: json.loads((ROOT / "lab" / "locales" / f"{lang}.json").read_text("utf-8"))
    for lang in ("en", "zh")
}


def stale(pg, lang: str) -> list[str]:
    """Selectbox values that are the other language's text for a key (stale labels)."""
    other = "zh" if lang == "en" else "en"
    here, there = CATALOGUES[lang], CATALOGUES[other]
    foreign = {there[k] for k in there if k in here and here[k] != there[k]}
    boxes = pg.locator("[data-testid='stSelectbox'] input[role='combobox']")
    values = {box.input_value().strip() for box in boxes.all()}
    return sorted(values & foreign)


def radios_without_choice(pg) -> list[str]:
    """Labels of radio groups in which no option is checked."""
    return pg.evaluate(
        """() => Array.from(document.querySelectorAll("[data-testid='stRadio']"))
             .filter((g) => !g.querySelector("input[type='radio']:checked"))
             .map((g) => g.innerText.split('\\n')[0])"""
    )


#: Height of the page's content: Streamlit scrolls inside its main block, not the document.
CONTENT_HEIGHT_JS = """
() => Math.max(...["[data-testid='stMain']", "[data-testid='stAppViewContainer']",
  "[data-testid='stAppScrollToBottomContainer']"].map((s) => document.querySelector(s))
  .filter(Boolean).map((e) => e.scrollHeight), document.documentElement.scrollHeight)
"""


def whole_page_screenshot(pg, path) -> None:
    """The whole page at 1280 wide: a viewport as tall as the content (at least TALL)."""
    pg.set_viewport_size({"width": WIDE, "height": TALL})
    wait_for_charts_fitted(pg)  # Plotly relayouts on resize
    height = min(MAX_SHOT, max(TALL, pg.evaluate(CONTENT_HEIGHT_JS)))
    if height > TALL:
        pg.set_viewport_size({"width": WIDE, "height": height})
        wait_for_charts_fitted(pg)
    pg.screenshot(path=str(path))
    pg.set_viewport_size({"width": WIDE, "height": SHORT})


def shot(lesson, lang: str, suffix: str = ""):
    path = ROOT / "test-artifacts" / f"pages_{lesson.url_path or 'home'}_{lang}{suffix}.png"
    path.parent.mkdir(exist_ok=True)
    return path

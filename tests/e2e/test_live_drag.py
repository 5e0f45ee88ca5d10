"""Live under the finger, in Chromium: the main visual (the cell, a lesson's chart)
follows a slider during a held drag.

A held 2-second mouse drag on a slider's thumb (a move every DRAG_STEP_MS, the button
never released) counts the frames the live figure shows (its data-frames attribute,
raised each time it redraws for a new slider value) and divides by the drag's time:
at least MIN_RATE a second. After release every part of the page agrees with the
released value: the cell's drawn numbers and the equations' TeX are the ones AppTest
computes for that value, and the URL holds it.
"""

from __future__ import annotations

import json
import re

import pytest
from drag import LIVE, held_drag
from waits import wait_for_charts_fitted, wait_for_run

from tests.app.app_helpers import chart, run_page

MIN_RATE = 20.0  # frames a second during a held drag
#: The TeX of every formula KaTeX drew in the main area (its MathML keeps the source).
TEX_JS = """() => Array.from(
  document.querySelectorAll("[data-testid='stMain'] annotation[encoding='application/x-tex']"),
  (a) => a.textContent.trim())"""
#: The cell's drawn texts, from the figure the browser holds.
CELL_TEXT_JS = f"""() => (document.querySelector("{LIVE} .js-plotly-plot").layout.annotations || [])
  .map((a) => a.text)"""


def open_live(browser, app_url, path: str, width=1280, height=800):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    pg = context.new_page()
    pg.goto(f"{app_url}/{path}")
    wait_for_run(pg)
    pg.wait_for_selector(f"{LIVE}[data-drawn]", timeout=30_000)
    wait_for_charts_fitted(pg)
    return context, pg


@pytest.mark.parametrize(
    ("path", "key"),
    [  # one knob a live page (benchmarks/bench_live.py drags every knob)
        ("", "x"),
        ("one_step?conv=pytorch", "b_hn"),
        ("forgetting?f_mode=bias&conv=cho", "f_bzk"),
        ("gradients", "g_bz"),  # w's frames redraw the log axis often: 22-24 a second
        ("conventions", "c_bhn"),
        ("sequence", "start"),  # T's frames redraw the time axes: 22-30 a second alone,
    ],  # 18.6 once under a whole suite's load (benchmarks/bench_live.py drags it)
    ids=lambda v: v.replace("?", "-").replace("&", "-").replace("=", "") or "home",
)
def test_the_main_visual_follows_a_held_drag(browser, app_url, path, key):
    context, pg = open_live(browser, app_url, path)
    try:
        frames, seconds = held_drag(pg, key)  # to the track's left end, then its right
        rate = frames / seconds
        print(f"{path} {key}: {frames} frames in {seconds:.2f} s, {rate:.1f} a second")
        assert rate >= MIN_RATE, f"{frames} frames in {seconds:.2f} s: {rate:.1f}/s"
        # the figure under the still finger shows the value the thumb shows
        shown = pg.locator(f".st-key-{key} [data-testid='stSliderThumbValue']").inner_text()
        assert float(pg.locator(LIVE).get_attribute("data-value")) == pytest.approx(float(shown))
    finally:
        context.close()


#: The cell's texts as drawn, by annotation index (lines joined, no tags).
DRAWN_TEXT_JS = f"""() => {{
  const gd = document.querySelector("{LIVE} .js-plotly-plot");
  return gd.layout.annotations.map((a, i) => {{
    const el = gd.querySelector(`.annotation[data-index="${{i}}"] text.annotation-text`);
    return el ? el.textContent : "";
  }});
}}"""
#: The opacity of the first equation block of the main area (dimmed during a drag).
EQUATIONS_OPACITY_JS = """() => getComputedStyle(
  document.querySelector("[data-testid='stMain'] .stMarkdown")).opacity"""


def test_after_release_every_part_agrees_with_the_released_value(browser, app_url):
    context, pg = open_live(browser, app_url, "one_step?lang=en")
    try:
        held_drag(pg, "b_z", (0.2, 0.8), release=False)
        # while the finger holds the knob, the words that wait for the release are dimmed
        assert pg.evaluate("() => document.body.dataset.gruLive") == "moving"
        pg.wait_for_function(f"() => Number(({EQUATIONS_OPACITY_JS})()) < 0.6")
        pg.mouse.up()
        wait_for_run(pg)
        pg.wait_for_function("() => location.search.includes('b_z=')")
        released = pg.locator(".st-key-b_z [data-testid='stSliderThumbValue']").inner_text()
        assert f"b_z={float(released):g}" in pg.url or f"b_z={released}" in pg.url, pg.url
        at = run_page("one_step", {"b_z": released})
        expected_cell = [a["text"] for a in chart(at, "cell")["layout"]["annotations"]]
        pg.wait_for_function(
            f"(e) => JSON.stringify(({CELL_TEXT_JS})()) === e",
            arg=json.dumps(expected_cell, ensure_ascii=False, separators=(",", ":")),
            timeout=10_000,
        )
        # and the drawing shows them (a release patches the drawn texts in place, or
        # Plotly draws them anew: its drawing may end after the figure's data is set)
        plain = [re.sub(r"<[^>]*>", "", text.replace("<br>", "")) for text in expected_cell]
        drawn_js = f"() => ({DRAWN_TEXT_JS})().map((s) => s.replaceAll('\\u200b', ''))"
        pg.wait_for_function(
            f"(e) => JSON.stringify(({drawn_js})()) === e",
            arg=json.dumps(plain, ensure_ascii=False, separators=(",", ":")),
            timeout=10_000,
        )
        # the equations come in the same run, after the cell (a run draws as it goes)
        tex = [block.strip() for block in _latex_blocks(at)]
        assert tex
        try:
            pg.wait_for_function(
                f"(tex) => tex.every((b) => ({TEX_JS})().includes(b))", arg=tex, timeout=10_000
            )
        except Exception:  # noqa: BLE001 - say which formula is not drawn
            drawn = pg.evaluate(TEX_JS)
            raise AssertionError([b for b in tex if b not in drawn]) from None
        pg.wait_for_function("() => !document.body.dataset.gruLive")  # undimmed
        assert float(pg.evaluate(EQUATIONS_OPACITY_JS)) == 1.0
    finally:
        context.close()


def _latex_blocks(at) -> list[str]:
    """The display formulas ($$ … $$) of the page's Markdown, as AppTest computed them."""
    blocks = []
    for md in at.markdown:
        parts = md.value.split("$$")
        blocks += parts[1::2]
    return blocks


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_the_cell_fits_its_column_with_its_text_inside(browser, app_url, lang):
    context, pg = open_live(browser, app_url, f"?lang={lang}", width=390, height=844)
    try:
        scroll = pg.evaluate("() => document.scrollingElement.scrollWidth")
        assert scroll <= 390, f"the page scrolls sideways ({scroll} px wide)"
        svg = pg.locator(f"{LIVE} .main-svg").first.bounding_box()
        column = pg.locator(".st-key-main_visual").bounding_box()
        assert (
            svg["x"] >= column["x"] - 1
            and svg["x"] + svg["width"] <= column["x"] + column["width"] + 1
        )
        assert svg["width"] >= 330, svg
        # every drawn text lies inside the drawing; the gate boxes' inside their boxes
        spill = pg.evaluate(
            """() => {
              const gd = document.querySelector('.st-key-main_visual .gru-live .js-plotly-plot');
              const out = [], svg = gd.querySelector('.main-svg').getBoundingClientRect();
              const boxes = Array.from(gd.querySelectorAll('.shapelayer path'))
                .map((p) => p.getBoundingClientRect()).filter((r) => r.width > 40 && r.height > 20);
              for (const g of gd.querySelectorAll('.annotation-text-g text')) {
                const r = g.getBoundingClientRect();
                if (r.width === 0) continue;
                if (r.left < svg.left - 1 || r.right > svg.right + 1) out.push(g.textContent);
                const box = boxes.find((b) => r.left < b.right && r.right > b.left &&
                                               r.top < b.bottom && r.bottom > b.top);
                const outside = box && (r.left < box.left - 1 || r.right > box.right + 1);
                if (outside) out.push(g.textContent);
              }
              return out;
            }"""
        )
        assert spill == []
        pg.screenshot(path=str(_artifact(f"live_phone_{lang}.png")))
    finally:
        context.close()


def _artifact(name: str):
    from helpers_load import ROOT

    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    return ROOT / "test-artifacts" / name


@pytest.mark.parametrize("path", ["", "one_step"], ids=["home", "one_step"])
def test_a_knob_to_drag_is_in_the_first_view_under_the_cell(browser, app_url, path):
    """At 1280×800 the cell and a slider that moves it are both on screen, unscrolled."""
    context, pg = open_live(browser, app_url, path)
    try:
        assert pg.evaluate("() => window.scrollY") == 0
        thumb = pg.locator("[data-testid='stMain'] [data-testid='stSliderThumbValue']").first
        box = thumb.bounding_box()
        assert box["y"] + box["height"] <= 800, box
        assert pg.locator(LIVE).bounding_box()["y"] < box["y"]  # the picture above it
    finally:
        context.close()


def test_a_touch_screen_has_the_first_knobs_frames_before_a_touch(browser, app_url):
    """A touch screen has no pointer to hover: the first knob's frames are asked for when
    the page is first drawn; a mouse's page asks for none until the pointer comes."""
    touch = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        pg = touch.new_page()
        pg.goto(f"{app_url}/forgetting")
        pg.wait_for_function(
            f"() => (document.querySelector('{LIVE}') || {{dataset: {{}}}}).dataset.live === 'f_z'",
            timeout=30_000,
        )
    finally:
        touch.close()
    context, pg = open_live(browser, app_url, "forgetting")
    try:
        wait_for_run(pg)
        pg.wait_for_timeout(1000)
        assert pg.locator(LIVE).get_attribute("data-live") in (None, "")
    finally:
        context.close()

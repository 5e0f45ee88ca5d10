"""The sequence lesson in a real browser: client-side scrubbing, exact values, picking
a step, teacher mode. Screenshots: test-artifacts/sequence_browser_*.png.

Reruns are counted two ways: the app root's ``data-test-script-state`` turning
"running" (a MutationObserver), and every websocket frame the page sends (a
rerun request is one; scrubbing must send none).
"""

from __future__ import annotations

import re

import pytest
from helpers_load import ROOT, screenshot
from playwright.sync_api import expect
from waits import wait_for_charts_fitted, wait_for_rest, wait_for_run

if not (ROOT / "app.py").exists():
    pytest.skip("app.py does not exist yet", allow_module_level=True)

CHART = ".st-key-sequence .js-plotly-plot"
#: Where the time cursor is: its x0 in data units (t − 0.5), the slider's active step,
#: the drawn cursor's height and the plot area's height (px).
CURSOR_JS = f"""
() => {{
  const gd = document.querySelector("{CHART}");
  const path = gd.querySelector('.shapelayer path').getBoundingClientRect();
  return {{x0: gd.layout.shapes[0].x0, active: gd._fullLayout.sliders[0].active,
           height: path.height, plot: gd._fullLayout._size.h,
           rows: Object.keys(gd._fullLayout).filter((k) => /^yaxis\\d*$/.test(k)).length}};
}}
"""
#: The sequence step cell (lab.live): the step it shows and its drawn texts.
STEP_CELL_JS = """() => {
  const root = document.querySelector(".st-key-step_cell .gru-live");
  const texts = Array.from(root.querySelectorAll(".annotation-text"), (a) => a.textContent);
  return {value: root.dataset.value, texts: texts.join(" | ")};
}"""
COUNT_RUNS_JS = """
() => {
  window.__runs = 0;
  const app = document.querySelector("[data-testid='stApp']");
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__runs += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_rest(page)
    expect(page.locator(CHART)).to_be_visible()
    wait_for_charts_fitted(page)  # the tests below read its layout in pixels
    assert page.locator("[data-testid='stException']").count() == 0


def test_scrubbing_moves_the_cursor_on_every_row_without_a_rerun(page, app_url):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    open_page(page, app_url + "/sequence")
    page.evaluate(COUNT_RUNS_JS)
    before = page.evaluate(CURSOR_JS)
    assert before["x0"] == 5.5 and before["active"] == 5  # t = 6, the picked step
    assert before["rows"] == 6  # x, r, z, h̃, h and the memory row
    frames_before = len(sent)
    grip = page.locator(f"{CHART} .slider-grip-rect").first
    grip.scroll_into_view_if_needed()
    box = grip.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 25):  # drag to the right, as a student scrubs
        page.mouse.move(x + 10 * i, y)
        page.wait_for_timeout(25)  # the pace of a hand, not a wait for anything
    page.mouse.up()
    page.wait_for_function(f"(x0) => ({CURSOR_JS})().x0 > x0 + 10", arg=before["x0"])
    # No run and no message may follow the drag, and an absence has no sign to wait for:
    # give anything the drag started the time a rerun takes to begin.
    page.wait_for_timeout(1500)
    after = page.evaluate(CURSOR_JS)
    assert after["x0"] > before["x0"] + 10 and after["active"] > before["active"] + 10
    assert after["x0"] == after["active"] + 0.5
    # one cursor band crosses the whole stack, the memory row included
    assert after["height"] == pytest.approx(after["plot"], abs=2)
    assert page.evaluate("window.__runs") == 0
    assert len(sent) == frames_before  # not a single message to the server
    # the detail panel still shows the picked step: scrubbing is a look, not a pick
    assert page.locator(".st-key-t__box input").input_value() == "6"
    # the cell beside the arithmetic follows the cursor: its step and numbers are the
    # chart's at the cursor (the r row's value there, written to 2 decimals)
    cell = page.evaluate(STEP_CELL_JS)
    t = after["active"] + 1
    assert cell["value"] == str(t) and f"t = {t}" in cell["texts"]
    r_t = page.evaluate(f"(t) => document.querySelector('{CHART}')._fullData[1].y[t - 1]", t)
    assert f"r = {r_t:.2f}" in cell["texts"], (r_t, cell["texts"])


def test_number_box_and_slider_stay_in_step(page, app_url):
    open_page(page, app_url + "/sequence?source=sliders")
    box = page.locator(".st-key-b_z__box input")
    shown = page.locator(".st-key-b_z [data-testid='stSliderThumbValue']")
    thumb = page.locator(".st-key-b_z input[type='range']")
    assert box.input_value() == "-7.00" and shown.text_content() == "-7.00"
    box.fill("-3.37")
    box.press("Enter")
    expect(shown).to_have_text("-3.37", timeout=20_000)
    wait_for_run(page)
    assert "b_z=-3.37" in page.url  # the exact value, not the slider's 0.1 grid
    thumb.focus()
    thumb.press("ArrowRight")
    expect(box).to_have_value("-3.30", timeout=20_000)
    wait_for_run(page)
    assert box.input_value() == shown.text_content() == "-3.30"
    assert "b_z=-3.3" in page.url


def h_point(page, t: int) -> dict:
    """Where the h row's point at step t is on the screen (the chart scrolled into view)."""
    return page.evaluate(
        f"""() => {{
          const gd = document.querySelector("{CHART}");
          gd.scrollIntoView();
          const xa = gd._fullLayout.xaxis5, ya = gd._fullLayout.yaxis5;
          const r = gd.getBoundingClientRect(), h = gd._fullData[4].y[{t - 1}];
          return {{x: r.left + xa._offset + xa.l2p({t}), y: r.top + ya._offset + ya.l2p(h)}};
        }}"""
    )


def test_clicking_a_point_opens_that_steps_arithmetic(page, app_url):
    open_page(page, app_url + "/sequence")
    point = h_point(page, 20)
    page.mouse.click(point["x"], point["y"])
    expect(page.locator(".st-key-t__box input")).to_have_value("20", timeout=20_000)
    wait_for_rest(page)
    assert "t=20" in page.url
    panel = page.locator(".st-key-detail_box")
    assert "t = 20" in panel.inner_text()
    # the click started the step over (restart has nothing to undo): reveal the reset
    # gate and the candidate
    assert not page.locator(".st-key-detail_restart button").is_enabled()
    equations = panel.locator("[data-testid='stMarkdownContainer'] .katex-display")
    for shown in (1, 2):
        page.locator(".st-key-detail_next button").click()
        expect(equations).to_have_count(1 + shown)
        wait_for_rest(page)
    assert re.search(r"Next: update gate", page.locator(".st-key-detail_next").inner_text())
    page.set_viewport_size({"width": 1280, "height": 2700})
    wait_for_charts_fitted(page)
    screenshot(page, "sequence_browser_detail_panel")
    panel.screenshot(path=str(ROOT / "test-artifacts" / "sequence_browser_detail_panel_only.png"))


def test_teacher_mode_from_a_link_survives_a_reload(page, app_url):
    open_page(page, app_url + "/sequence?teach=1&ov=hold_z&ov_z=1&t=8")
    hidden = (".st-key-H", ".st-key-source", ".st-key-conv")
    for sel in hidden:
        assert page.locator(sel).count() == 0, sel
    assert page.locator(".st-key-teach input[type='checkbox']").is_checked()
    page.reload()
    open_page(page, page.url)
    for sel in hidden:
        assert page.locator(sel).count() == 0, sel
    assert "teach=1" in page.url
    page.locator(".st-key-teach_link button").first.click()
    code = page.locator("[data-testid='stSidebar'] [data-testid='stCode']")
    expect(code).to_be_visible()
    wait_for_run(page)
    link = code.inner_text().strip()
    assert link.startswith(app_url + "/sequence?") and "teach=1" in link and "ov=hold_z" in link
    page.set_viewport_size({"width": 1280, "height": 2700})
    wait_for_charts_fitted(page)
    screenshot(page, "sequence_browser_teacher_mode")
    # the link opens the same lesson in teacher mode in a fresh tab
    other = page.context.new_page()
    open_page(other, link)
    assert other.locator(".st-key-H").count() == 0
    assert other.locator(".st-key-ov_z__box input").input_value() == "1.00"
    other.close()


def test_class_plan_click_the_point_at_t6_then_next_builds_the_step(page, app_url):
    # the README's class plan, step 3: t = 6 is the step shown when the lesson opens
    # (all four quantities revealed); a click on its point starts its arithmetic at r
    open_page(page, app_url + "/sequence?teach=1")
    point = h_point(page, 6)
    panel = page.locator(".st-key-detail_box")
    equations = panel.locator("[data-testid='stMarkdownContainer'] .katex-display")
    assert equations.count() == 5  # the inputs and r, h̃, z, h, before the click
    page.mouse.click(point["x"], point["y"])
    expect(equations).to_have_count(1)  # the step starts over: the inputs only
    wait_for_rest(page)
    assert "t = 6" in panel.inner_text()
    nxt = page.locator(".st-key-detail_next button")
    for shown, name in enumerate(["reset gate", "candidate", "update gate", "state h"]):
        assert equations.count() == 1 + shown  # the inputs, then what was revealed
        assert nxt.is_enabled() and name in nxt.inner_text().lower(), nxt.inner_text()
        nxt.click()
        expect(equations).to_have_count(2 + shown)
        wait_for_rest(page)
    assert equations.count() == 5 and not nxt.is_enabled()


def test_play_runs_the_sequence_through_the_cell(page, app_url):
    """Play moves the time cursor step by step in the browser, and the cell beside the
    arithmetic shows each step it passes (values flowing r → h̃ → z → h at every step)."""
    open_page(page, app_url + "/sequence")
    assert page.evaluate(STEP_CELL_JS)["value"] is None  # drawn at the picked step
    page.locator(f"{CHART} .updatemenu-button").first.click()  # ▶ Play
    page.wait_for_function(
        "() => Number(document.querySelector('.st-key-step_cell .gru-live').dataset.value) > 20",
        timeout=15_000,
    )
    seen = set()
    for _ in range(5):
        seen.add(page.evaluate(STEP_CELL_JS)["value"])
        page.wait_for_timeout(150)
    assert len(seen) >= 2  # still moving: one step after another
    page.locator(f"{CHART} .updatemenu-button").nth(1).click()  # ❚❚ Pause

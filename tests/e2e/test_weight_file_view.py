"""The conventions lesson's weight-file part as a student sees it, at 1024 and 1280 px in
both languages (sidebar open): an 8-unit model's heatmap has a colour bar with numbers
that read in full, the printed states are not cut off on the right, and a file of the
wrong type dropped on the uploader is refused in the page's language, which also says
which file is still in use.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_uploads_browser import (
    ERROR,
    FILE_INPUT,
    MAIN,
    SAMPLES_DIR,
    no_exception,
    pattern,
    wait_for_text,
)
from waits import wait_for_charts_fitted, wait_for_run

from lab.i18n import catalogue

WIDTHS = (1024, 1280)
CHART = f"{MAIN} .js-plotly-plot"
WARNING = f"{MAIN} [data-testid='stAlertContentWarning']"

#: The colour bar's tick labels, and whether each lies inside the chart's drawing.
COLORBAR_TICKS_JS = """
() => Array.from(document.querySelectorAll(".js-plotly-plot"))
  .flatMap((gd) => {
    const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
    return Array.from(gd.querySelectorAll('.colorbar text'), (t) => {
      const r = t.getBoundingClientRect();
      return [t.textContent, r.width > 0 && r.left >= svg.left - 1 && r.right <= svg.right + 1];
    });
  })
"""
#: The printed states box: its text's width, the width it shows, and how far its right
#: edge is from the main area's (px).
STATES_BOX_JS = """
() => {
  const boxes = document.querySelectorAll("[data-testid='stMain'] [data-testid='stCode'] pre");
  const pre = boxes[boxes.length - 1];
  const main = document.querySelector("[data-testid='stMain'] .block-container")
    .getBoundingClientRect();
  return {text: pre.innerText.split('\\n')[0], scroll: pre.scrollWidth, client: pre.clientWidth,
          beyond: pre.getBoundingClientRect().right - main.right};
}
"""


def eight_units(path) -> None:
    """A PyTorch GRU with 8 units and 1 input, as np.savez writes its state dict."""
    rng = np.random.default_rng(0)
    H = 8
    np.savez(
        path,
        weight_ih_l0=rng.normal(0, 0.5, (3 * H, 1)),
        weight_hh_l0=rng.normal(0, 0.5, (3 * H, H)),
        bias_ih_l0=rng.normal(0, 0.5, 3 * H),
        bias_hh_l0=rng.normal(0, 0.5, 3 * H),
    )


def open_upload(browser, app_url, width: int, lang: str):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-US")
    pg = context.new_page()
    pg.goto(f"{app_url}/conventions?lang={lang}&c_source=upload")
    wait_for_run(pg)
    no_exception(pg)
    pg.wait_for_selector(FILE_INPUT, state="attached", timeout=10_000)
    return context, pg


def upload_and_wait(pg, path, lang: str) -> None:
    pg.locator(FILE_INPUT).set_input_files(str(path))
    what = pattern(catalogue(lang)["conventions.what_file"])
    wait_for_text(pg, f"{MAIN} [data-testid='stMarkdownContainer']", what)
    wait_for_run(pg)
    pg.wait_for_selector(f"{CHART} .main-svg", timeout=10_000)
    wait_for_charts_fitted(pg)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", WIDTHS)
def test_eight_units_read_in_full(browser, app_url, tmp_path, width, lang):
    path = tmp_path / "gru_8_units.npz"
    eight_units(path)
    context, pg = open_upload(browser, app_url, width, lang)
    try:
        upload_and_wait(pg, path, lang)
        ticks = pg.evaluate(COLORBAR_TICKS_JS)
        numbers = [text for text, inside in ticks if re.fullmatch(r"[−-]?\d+(\.\d+)?", text)]
        assert len(numbers) >= 3, ticks  # -1, 0, 1 at least
        assert all(inside for _, inside in ticks), ticks  # none cut off at the chart's edge
        box = pg.evaluate(STATES_BOX_JS)
        assert box["text"].count("+") + box["text"].count("-") == 8, box  # t and 8 states
        assert box["scroll"] <= box["client"] + 1, box  # no text hidden on the right
        assert box["beyond"] <= 1, box
        no_exception(pg)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_of_the_wrong_type_is_refused_and_the_file_in_use_named(
    browser, app_url, tmp_path, lang
):
    cat = catalogue(lang)
    good = SAMPLES_DIR / "sample_torch.npz"
    wrong = tmp_path / "notes.txt"
    wrong.write_text("my weights are in the other file\n", encoding="utf-8")
    context, pg = open_upload(browser, app_url, 1280, lang)
    try:
        upload_and_wait(pg, good, lang)
        pg.locator(FILE_INPUT).set_input_files(str(wrong))
        error = wait_for_text(pg, ERROR, pattern(cat["conventions.bad_file"]))
        assert re.search(pattern(cat["weights.error.unknown_format"]), error), error
        kept = wait_for_text(pg, WARNING, pattern(cat["conventions.kept"]))
        assert "notes.txt" in kept and good.name in kept, kept
        # the file in use still runs: its states are drawn
        wait_for_text(pg, f"{MAIN} [data-testid='stMarkdownContainer']",
                      pattern(cat["conventions.what_file"]))  # fmt: skip
        assert pg.locator(CHART).count() == 1
        no_exception(pg)
    finally:
        context.close()

"""Every file of the bad-file corpora through the real upload widget, in Chromium.

CSV files (tests/fixtures/csv/, expectations in expected.json) go to the sequence
lesson with "My own data (CSV upload)" chosen; weight files (tests/fixtures/weights/,
and the samples in assets/weights/) go to the conventions lesson with "upload" chosen. Each
file must give either the app's error message (an ``st.error`` box saying what is
wrong) or, for a good file, its numbers on the chart; never an exception box.
Afterwards the page must still work (a slider still redraws the chart) with the
settings from the link still in place.

One browser page per lesson for the whole module (the file is removed from the
widget between uploads), so the corpus goes through one student's session.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from helpers_load import ROOT
from playwright.sync_api import expect
from waits import wait_for_run

from lab.i18n import catalogue, t
from lab.lessons import LESSONS

CSV_DIR = ROOT / "tests" / "fixtures" / "csv"
EXPECTED = json.loads((CSV_DIR / "expected.json").read_text(encoding="utf-8"))
WEIGHTS_DIR = ROOT / "tests" / "fixtures" / "weights"  # files the app must refuse
SAMPLES_DIR = ROOT / "assets" / "weights"  # the samples it ships
BAD_WEIGHTS = sorted(p.name for p in WEIGHTS_DIR.glob("bad_*"))
GOOD_WEIGHTS = sorted(p.name for p in SAMPLES_DIR.glob("sample_*"))
EN = catalogue("en")

MAIN = "[data-testid='stMain']"
UPLOADER = f"{MAIN} [data-testid='stFileUploader']"
FILE_INPUT = f"{UPLOADER} input[type='file']"
DELETE = f"{UPLOADER} [data-testid='stFileChipDeleteBtn'] button"
ERROR = f"{MAIN} [data-testid='stAlertContentError']"
SLIDER = f"{MAIN} [data-testid='stSlider'] input[type='range']"
EXCEPTION = "[data-testid='stException']"
CHART_DATA_JS = """
(name) => {
  for (const gd of document.querySelectorAll(".js-plotly-plot")) {
    for (const d of gd._fullData || []) {  // decoded arrays (gd.data keeps {dtype, bdata})
      if (d.name === name) return Array.from(d.y || []);
    }
  }
  return null;
}
"""
CHARTS_JS = """
() => Array.from(document.querySelectorAll(".js-plotly-plot"),
  (gd) => JSON.stringify((gd._fullData || []).map((d) => [d.x, d.y, d.z].map((v) =>
      v && v.length !== undefined && typeof v !== 'string' ? Array.from(v) : v))))
"""

#: The sequence lesson's link: CSV input, a preset other than the default, the raw
#: values (no scaling) and the cho convention. These must survive every upload.
SEQ_QUERY = {"lang": "en", "signal": "csv", "preset": "leaky_integrator", "norm": "0"}
CONV_QUERY = {"lang": "en", "c_source": "upload", "c_preset": "latch", "c_signal": "step"}


def pattern(template: str) -> re.Pattern:
    """A catalogue text as a regex: every {field} matches anything; Markdown marks dropped."""
    text = template.replace("`", "").replace("**", "")
    parts = re.split(r"\{[^{}]*\}", text)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.S)


def no_exception(pg) -> None:
    boxes = pg.locator(EXCEPTION)
    assert boxes.count() == 0, boxes.first.inner_text()[:500]


def wait_for_text(pg, selector: str, regex: re.Pattern, timeout: float = 20_000) -> str:
    """The text of the first ``selector`` matching ``regex``, once shown (an exception box
    shown instead ends the wait and fails)."""
    found = pg.locator(selector).filter(has_text=regex)
    try:
        expect(found.or_(pg.locator(EXCEPTION)).first).to_be_attached(timeout=timeout)
    except AssertionError as e:
        shown = pg.locator(f"{MAIN} [data-testid='stAlert']").all_inner_texts()
        raise AssertionError(f"no {selector} matching {regex.pattern!r}; alerts: {shown}") from e
    no_exception(pg)
    return found.first.inner_text()


def open_lesson(browser, app_url, url_path: str, query: dict):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = context.new_page()
    pg.goto(f"{app_url}/{url_path}?" + "&".join(f"{k}={v}" for k, v in query.items()))
    wait_for_run(pg)
    no_exception(pg)
    pg.wait_for_selector(FILE_INPUT, state="attached", timeout=10_000)
    return context, pg


def clear_upload(pg, waiting_text: str) -> None:
    """Remove the file from the widget (if any) and wait for the lesson's waiting note."""
    delete = pg.locator(DELETE)
    while n := delete.count():
        delete.first.click()
        expect(delete).to_have_count(n - 1)
    wait_for_text(pg, f"{MAIN} [data-testid='stAlert']", pattern(waiting_text))


def upload(pg, path: Path) -> None:
    pg.locator(FILE_INPUT).set_input_files(str(path))


def open_part(pg, i: int) -> None:
    """Click tab ``i`` of the lesson (conventions: 0 the comparison, 1 the weight file)."""
    pg.locator(f"{MAIN} [data-testid='stTab']").nth(i).click()
    wait_for_run(pg)
    no_exception(pg)


def move_a_slider_and_see_the_chart_change(pg) -> None:
    # the run that showed the text waited for may still be drawing its chart
    wait_for_run(pg)
    pg.wait_for_selector(".js-plotly-plot", timeout=10_000)
    before = pg.evaluate(CHARTS_JS)
    assert before, "no chart"
    thumb = pg.locator(SLIDER).first
    value = thumb.input_value()
    thumb.focus()
    thumb.press("ArrowLeft" if thumb.get_attribute("max") == value else "ArrowRight")
    pg.wait_for_function(
        "([sel, v]) => document.querySelector(sel)?.value !== v", arg=[SLIDER, value]
    )
    wait_for_run(pg)
    pg.wait_for_function(
        f"(b) => JSON.stringify(({CHARTS_JS})()) !== b", arg=json.dumps(before), timeout=10_000
    )
    no_exception(pg)


def assert_link_kept(pg, query: dict) -> None:
    for key, value in query.items():
        assert f"{key}={value}" in pg.url, (key, pg.url)


# ---- CSV signals on the sequence lesson --------------------------------------------------
@pytest.fixture(scope="module")
def seq(browser, app_url):
    context, pg = open_lesson(browser, app_url, "sequence", SEQ_QUERY)
    yield pg
    context.close()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_csv_file_through_the_upload_widget(seq, name):
    want = EXPECTED[name]
    clear_upload(seq, EN["seq.csv_waiting"])
    upload(seq, CSV_DIR / name)
    if "refused" in want:
        text = wait_for_text(seq, ERROR, pattern(EN[want["refused"]]))
        assert pattern(EN["upload.accepted"]).search(text), text  # and what is accepted
        for field in ("row", "col"):
            if field in want["fmt"]:
                assert str(want["fmt"][field]) in text, (field, text)
        html = seq.locator(ERROR).first.inner_html()
        assert "<script" not in html and "<b>" not in html, html  # cell text shown as text
    else:
        values = want["values"]
        read = EN["seq.csv_read"].format(rows=len(values), column=want["column"], columns="{c}")
        wait_for_text(seq, f"{MAIN} [data-testid='stCaptionContainer']", pattern(read))
        assert seq.locator(ERROR).count() == 0, seq.locator(ERROR).first.inner_text()
        seq.wait_for_function(
            f"([name, n]) => ({CHART_DATA_JS})(name)?.length === n",
            arg=[t("quantity.x", lang="en"), len(values)],
        )
        plotted = seq.evaluate(CHART_DATA_JS, t("quantity.x", lang="en"))
        np.testing.assert_allclose(plotted, values, rtol=0, atol=1e-12)
    no_exception(seq)
    assert_link_kept(seq, SEQ_QUERY)


def test_sequence_still_works_after_the_corpus(seq):
    clear_upload(seq, EN["seq.csv_waiting"])
    upload(seq, CSV_DIR / "binary_random.csv")
    wait_for_text(seq, ERROR, pattern(EN["upload.binary"]))
    clear_upload(seq, EN["seq.csv_waiting"])
    upload(seq, CSV_DIR / "single_column.csv")
    read = EN["seq.csv_read"].format(rows=3, column=1, columns=1)
    wait_for_text(seq, f"{MAIN} [data-testid='stCaptionContainer']", pattern(read))
    preset = seq.locator(f"{MAIN} [data-testid='stSelectbox'] input[role='combobox']")
    assert t("preset.leaky_integrator.name", lang="en") in [p.input_value() for p in preset.all()]
    move_a_slider_and_see_the_chart_change(seq)
    assert_link_kept(seq, SEQ_QUERY)


# ---- weight files on the conventions lesson ------------------------------------------------
def conventions_lesson():
    lesson = next((x for x in LESSONS if Path(x.path).stem == "conventions"), None)
    if lesson is None or not (ROOT / lesson.path).exists():
        pytest.skip("the conventions lesson (pages/conventions.py in lab/lessons.py) is missing")
    return lesson


@pytest.fixture(scope="module")
def conv(browser, app_url):
    lesson = conventions_lesson()
    context, pg = open_lesson(browser, app_url, lesson.url_path, CONV_QUERY)
    yield pg
    context.close()


@pytest.mark.parametrize("name", BAD_WEIGHTS)
def test_bad_weight_file_is_refused_with_a_message(conv, name):
    clear_upload(conv, EN["conventions.upload_waiting"])
    upload(conv, WEIGHTS_DIR / name)
    # the widget takes every type: the page says why it refuses each file
    assert conv.locator(FILE_INPUT).get_attribute("accept") in (None, "")
    text = wait_for_text(conv, ERROR, pattern(EN["conventions.bad_file"]))
    assert len(text) > len("This file cannot be used: ") + 10, text  # it says why
    assert "Traceback" not in text and 'File "' not in text
    no_exception(conv)
    assert_link_kept(conv, CONV_QUERY)


@pytest.mark.parametrize("name", GOOD_WEIGHTS)
def test_sample_weight_file_is_read(conv, name):
    clear_upload(conv, EN["conventions.upload_waiting"])
    upload(conv, SAMPLES_DIR / name)
    wait_for_text(
        conv, f"{MAIN} [data-testid='stMarkdownContainer']", pattern(EN["conventions.what_file"])
    )
    assert conv.locator(ERROR).count() == 0, conv.locator(ERROR).first.inner_text()
    no_exception(conv)


def test_an_uploaded_file_survives_a_visit_to_the_other_part(browser, app_url):
    """The lesson's two parts are tabs drawn only while open, except the file part
    while it holds an upload: a student who looks at part 1 finds the file still there."""
    lesson = conventions_lesson()
    context, pg = open_lesson(browser, app_url, lesson.url_path, CONV_QUERY)
    what = pattern(EN["conventions.what_file"])
    try:
        upload(pg, SAMPLES_DIR / GOOD_WEIGHTS[0])
        wait_for_text(pg, f"{MAIN} [data-testid='stMarkdownContainer']", what)
        open_part(pg, 0)
        open_part(pg, 1)  # back to the file
        assert pg.locator(DELETE).count() == 1  # the file is still in its widget
        wait_for_text(pg, f"{MAIN} [data-testid='stMarkdownContainer']", what)
    finally:
        context.close()


def test_conventions_still_works_after_the_bad_files(conv):
    clear_upload(conv, EN["conventions.upload_waiting"])
    upload(conv, WEIGHTS_DIR / "bad_nan.npz")
    wait_for_text(conv, ERROR, pattern(EN["conventions.bad_file"]))
    open_part(conv, 0)  # the comparison
    move_a_slider_and_see_the_chart_change(conv)
    boxes = conv.locator(f"{MAIN} [data-testid='stSelectbox'] input[role='combobox']")
    shown = [b.input_value() for b in boxes.all()]
    assert t("preset.latch.name", lang="en") in shown, shown
    assert t("signal.step", lang="en") in shown, shown
    assert_link_kept(conv, CONV_QUERY)


def test_bad_weight_file_is_refused_in_chinese_on_the_chinese_page(browser, app_url):
    """The reason is said in the page's language, the file's own names in code spans."""
    zh = catalogue("zh")
    lesson = conventions_lesson()
    context, pg = open_lesson(browser, app_url, lesson.url_path, CONV_QUERY | {"lang": "zh"})
    try:
        upload(pg, WEIGHTS_DIR / "bad_nan.npz")
        text = wait_for_text(pg, ERROR, pattern(zh["conventions.bad_file"]))
        assert re.search(pattern(zh["weights.error.not_finite"]), text), text
        assert "contains NaN" not in text  # not the engine's English
        accepted = pattern(zh["weights.accepted"])
        captions = pg.locator(f"{MAIN} [data-testid='stCaptionContainer']").all_inner_texts()
        assert any(accepted.search(c) for c in captions), captions
        no_exception(pg)
    finally:
        context.close()

"""Every chart's legend reads in full on a 1024-px projector and a 1280-px laptop, in
both languages: no legend text runs past its chart's edge or into another entry, and
no annotation (a panel title, a mark's label) is drawn over another.

Legends sit in fixed rows (lab.plots._fixed_legend); a label too long for its share
of a narrow chart was cut off at the chart's edge or drawn over its neighbour.
"""

from __future__ import annotations

import pytest
from helpers_load import wait_for_run
from test_pages import EXCEPTION, MAIN

from lab.lessons import LESSONS

WIDTHS = (1024, 1280)

#: Per chart: the legend entries that stick out of the chart or overlap another
#: entry's text or symbol (in page pixels, after layout).
LEGEND_PROBLEMS_JS = """
() => {
  const problems = [];
  const box = (el) => el.getBoundingClientRect();
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 &&
                        a.top < b.bottom - 1 && b.top < a.bottom - 1;
  document.querySelectorAll("[data-testid='stPlotlyChart'] .js-plotly-plot").forEach((gd, i) => {
    const svg = box(gd.querySelector('svg.main-svg'));
    const bg = gd.querySelector('.legend rect.bg');  // the legend's box: text outside is cut
    const edge = bg ? Math.min(svg.right, box(bg).right) : svg.right;
    const entries = Array.from(gd.querySelectorAll('.legend .traces'), (g) => ({
      text: g.querySelector('text.legendtext'),
      symbol: g.querySelector('.legendsymbols'),
    })).filter((e) => e.text && e.text.textContent.trim());
    entries.forEach((e, j) => {
      const t = box(e.text), name = e.text.textContent;
      if (t.right > edge + 1 || t.left < svg.left - 1) {
        problems.push(`chart ${i}: "${name}" runs past its legend's edge`);
      }
      entries.forEach((o, k) => {
        if (k === j) return;
        if (hit(t, box(o.text)) || (o.symbol && hit(t, box(o.symbol)))) {
          problems.push(`chart ${i}: "${name}" overlaps "${o.text.textContent}"`);
        }
      });
    });
    // annotations (panel titles, marks): none drawn over another
    const notes = Array.from(gd.querySelectorAll('.annotation-text'))
      .filter((n) => n.textContent.trim());
    notes.forEach((a, j) => notes.slice(j + 1).forEach((b) => {
      if (hit(box(a), box(b))) {
        problems.push(`chart ${i}: "${a.textContent}" overlaps "${b.textContent}"`);
      }
    }));
  });
  return problems;
}
"""


@pytest.fixture(scope="module")
def ctx(browser):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="en-US")
    yield context
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.url_path for p in LESSONS])
def test_legends_fit_their_charts(ctx, app_url, lesson, width, lang):
    pg = ctx.new_page()
    try:
        pg.set_viewport_size({"width": width, "height": 900})
        pg.goto(f"{app_url}/{lesson.url_path}?lang={lang}")
        wait_for_run(pg)
        assert pg.locator(EXCEPTION).count() == 0
        pg.wait_for_selector(f"{MAIN} h1", timeout=10_000)
        pg.wait_for_selector(f"{MAIN} [data-testid='stPlotlyChart'] .main-svg", timeout=10_000)
        pg.wait_for_timeout(500)  # charts take their column's width after the first layout
        assert pg.evaluate(LEGEND_PROBLEMS_JS) == []
    finally:
        pg.close()

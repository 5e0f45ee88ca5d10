"""What a class sees on a 1024-px projector and a 1280-px laptop, in both languages.

Every chart's legend reads in full (no legend text runs past its chart's edge or into
another entry) and no annotation (a panel title, a mark's label) is drawn over another.
Every display formula fits its column at 1280 px, and at 1024 px once the sidebar is
collapsed (with it open, two columns leave ~300 px and the longest formulas need ~450:
the README tells teachers to collapse it on a projector).

Plotly's toolbar, shown over a chart's top right on hover, covers none of its text
(lab.plots keeps room for it above every chart).

Legends sit in fixed rows (lab.plots.fixed_legend); a label too long for its share
of a narrow chart was cut off at the chart's edge or drawn over its neighbour.
"""

from __future__ import annotations

import pytest
from test_pages import EXCEPTION, MAIN
from waits import wait_for_charts_fitted, wait_for_run

from lab.lessons import HOME, LESSONS

WIDTHS = (1024, 1280)

#: An element's box in page pixels (after layout), and whether two boxes overlap by
#: more than a pixel: the start of every check's function below.
BOXES_JS = """
  const box = (el) => el.getBoundingClientRect();
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 &&
                        a.top < b.bottom - 1 && b.top < a.bottom - 1;
"""
#: Per chart: the legend entries that stick out of the legend's box or overlap another
#: entry's text or symbol, and the annotations that overlap another.
LEGEND_PROBLEMS_JS = (
    """
() => {
  const problems = [];
"""
    + BOXES_JS
    + """
  document.querySelectorAll(".js-plotly-plot").forEach((gd, i) => {
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
)


#: Display formulas wider than their box (KaTeX then scrolls them sideways, cut off).
CUT_FORMULAS_JS = """
() => Array.from(document.querySelectorAll("[data-testid='stMain'] .katex-display"))
  .filter((e) => e.scrollWidth > e.clientWidth + 2)
  .map((e) => `${e.textContent.slice(0, 40)}: ${e.scrollWidth} px in ${e.clientWidth} px`)
"""
#: Sliders in the main area narrower than a student can drag (px), with their labels.
NARROW_SLIDERS_JS = """
() => Array.from(document.querySelectorAll("[data-testid='stMain'] [data-testid='stSlider']"))
  .map((el) => [el.innerText.split('\\n')[0].slice(0, 30), el.getBoundingClientRect().width])
  .filter(([, w]) => w > 0 && w < 100)
"""
CHARTS = "[data-testid='stMain'] .js-plotly-plot"
#: The texts of chart ``i`` that its shown toolbar covers.
UNDER_TOOLBAR_JS = (
    "(i) => {"
    + BOXES_JS
    + f"""
  const gd = document.querySelectorAll("{CHARTS}")[i];
  const bar = gd.querySelector('.modebar');
  if (!bar || box(bar).width === 0) return ['no toolbar'];
  return Array.from(gd.querySelectorAll('text'))
    .filter((t) => t.textContent.trim() && hit(box(bar), box(t)))
    .map((t) => `${{t.getAttribute('class')}}: "${{t.textContent}}"`);
}}"""
)
TOOLBAR_SHOWN_JS = f"""
(i) => {{
  const bar = document.querySelectorAll("{CHARTS}")[i].querySelector('.modebar');
  return bar !== null && getComputedStyle(bar).opacity === '1';
}}"""
SIDEBAR = "[data-testid='stSidebar']"
COLLAPSE = "[data-testid='stSidebarCollapseButton'] button"
SIDEBAR_GONE_JS = f'() => document.querySelector("{SIDEBAR}").getBoundingClientRect().right <= 0'


ALL_PAGES = [HOME, *LESSONS]
#: (page, extra query): every page; every page showing one convention's formulas in
#: PyTorch's, whose h̃ is the longest (home's cut 18 px off it at 1280 px before it
#: wrapped); and the conventions lesson's second part (its tab opens for a link to a
#: weight file).
VIEWS = (
    [(p, "") for p in ALL_PAGES]
    + [(p, "&conv=pytorch") for p in ALL_PAGES if p.url_path not in ("conventions", "training")]
    + [(p, "&c_source=torch_npz") for p in LESSONS if p.url_path == "conventions"]
)


def open_view(browser, app_url, lesson, query: str, width: int, lang: str):
    """A page in a context of its own (the browser remembers a collapsed sidebar for the
    next page), its charts laid out at their column's width; returns (context, page)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    pg = context.new_page()
    pg.goto(f"{app_url}/{lesson.url_path}?lang={lang}{query}")
    wait_for_run(pg)
    assert pg.locator(EXCEPTION).count() == 0
    pg.wait_for_selector(f"{MAIN} h1", timeout=10_000)
    if lesson in LESSONS:
        pg.wait_for_selector(f"{MAIN} .js-plotly-plot .main-svg", timeout=10_000)
    wait_for_charts_fitted(pg)
    return context, pg


def covered_texts(pg) -> list[str]:
    """Per chart, hovered in turn: the texts its toolbar covers."""
    found = []
    charts = pg.locator(CHARTS)
    assert charts.count() > 0
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.hover(position={"x": 60, "y": 80})  # over the chart, clear of the toolbar
        pg.wait_for_function(TOOLBAR_SHOWN_JS, arg=i, timeout=5_000)
        found += [f"chart {i}: {text}" for text in pg.evaluate(UNDER_TOOLBAR_JS, i)]
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("lesson", "query"), VIEWS, ids=[(p.url_path or "home") + q for p, q in VIEWS]
)
def test_charts_and_formulas_read_in_full(browser, app_url, lesson, query, width, lang):
    context, pg = open_view(browser, app_url, lesson, query, width, lang)
    try:
        assert pg.evaluate(LEGEND_PROBLEMS_JS) == []  # with the sidebar open: the narrowest
        assert pg.evaluate(NARROW_SLIDERS_JS) == []  # a number box wraps under its slider
        assert covered_texts(pg) == []  # Plotly's toolbar, shown on hover, covers no text
        if width < 1280:
            pg.locator(SIDEBAR).hover()  # the collapse button shows on hover
            pg.locator(COLLAPSE).click()
            pg.wait_for_selector(f"{SIDEBAR}[data-collapsed='true']", timeout=10_000)
            # it slides out: the main column has its new width once the sidebar is gone
            pg.wait_for_function(SIDEBAR_GONE_JS, timeout=10_000)
            wait_for_charts_fitted(pg)
        assert pg.evaluate(CUT_FORMULAS_JS) == []
    finally:
        context.close()

"""Waiting in the browser tests: always for something the page shows, never for a time.

``from waits import ...`` in the test modules; tests/e2e/conftest.py hands
``wait_for_run`` on to the benchmarks (``benchmarks.discover.e2e()``).

wait_for_run(page)       Streamlit is connected, its script is not running, and no
                         element is still a loading skeleton.
wait_for_rest(page)      wait_for_run, and every font the page's text needs loaded (a font
                         is fetched once text set in it is first laid out, KaTeX's after
                         the first formula, and the text moves when it arrives: a click
                         aimed before then can land beside its target).
wait_for_charts_fitted   every Plotly chart drawn at its column's width (a chart is drawn
                         at its first width, then again once its column has its own).

After a click or a key press, wait first for what it must change (``expect(locator)
.to_have_text(...)``, a chart's data), then for wait_for_run: "not running" alone is
also what the page shows before the run has started, and a quick run can end before
the browser ever draws it as running.
"""

from __future__ import annotations

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips (or fails) the browser tests and says why
    expect = None

CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
SKELETON = "[data-testid='stSkeleton']"
#: Every font the laid-out page needs has loaded (laid out first: that starts the loads).
FONTS_LOADED_JS = (
    "() => { document.body.getBoundingClientRect(); return document.fonts.status === 'loaded'; }"
)
#: Every Plotly chart laid out at its column's width (to the pixel); a live figure
#: (lab.live) drawn with its data.
CHARTS_FITTED_JS = """
() => Array.from(document.querySelectorAll(".gru-live")).every((el) => !!el.dataset.drawn)
  && Array.from(document.querySelectorAll("[data-testid='stPlotlyChart'] .js-plotly-plot"))
  .every((gd) => gd._fullLayout && Math.abs(gd._fullLayout.width -
    gd.closest("[data-testid='stPlotlyChart']").getBoundingClientRect().width) < 1)
"""


def wait_for_run(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished and the page has no skeletons."""
    expect(page.locator(CONNECTED)).to_be_attached(timeout=timeout)
    expect(page.locator(IDLE)).to_be_attached(timeout=timeout)
    expect(page.locator(SKELETON)).to_have_count(0, timeout=timeout)


def wait_for_rest(page, timeout: float = 30_000) -> None:
    """wait_for_run, then every font the page's text needs loaded."""
    wait_for_run(page, timeout)
    page.wait_for_function(FONTS_LOADED_JS, timeout=timeout)


def wait_for_charts_fitted(page, timeout: float = 10_000) -> None:
    page.wait_for_function(CHARTS_FITTED_JS, timeout=timeout)

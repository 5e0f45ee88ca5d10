"""Plotly's toolbar (the modebar, shown at a chart's top right while the mouse is over
it) covers no text of the trained charts of the training lesson: no legend entry, panel
title, mark's label or axis number, at 1024 and 1280 px in both languages with the
sidebar open. The charts every page draws when it opens are checked by test_projector;
these two appear only after a training run and a sweep.
"""

from __future__ import annotations

import pytest
from test_projector import CHARTS, WIDTHS, covered_texts, open_view
from waits import wait_for_charts_fitted, wait_for_run

from lab.lessons import LESSONS

TRAINING = next(x for x in LESSONS if x.url_path == "training")
#: Small enough to train and sweep in seconds.
SHORT_RUN = "&T=10&H=4&steps=50&sweep_steps=50"


def train_and_sweep(pg) -> None:
    for button, charts in ((".st-key-train button", 1), (".st-key-sweep button", 2)):
        pg.locator(button).click()
        pg.wait_for_function(
            f"(n) => document.querySelectorAll(\"{CHARTS}\").length > n", arg=charts,
            timeout=120_000,
        )  # fmt: skip
        wait_for_run(pg, timeout=180_000)
    wait_for_charts_fitted(pg)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_toolbar_covers_no_trained_chart_text(browser, app_url, width, lang):
    context, pg = open_view(browser, app_url, TRAINING, SHORT_RUN, width, lang)
    try:
        train_and_sweep(pg)
        assert covered_texts(pg) == []
    finally:
        context.close()

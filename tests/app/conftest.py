"""Fixtures for the AppTest suite; the helpers live in app_helpers.py."""

from __future__ import annotations

import app_helpers  # noqa: F401  (puts the repo root on sys.path for the page scripts)
import plotly.graph_objects as go
import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def _fresh_caches():
    """AppTest runs share one process: no test may see another's cached results."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def _every_figure_valid(monkeypatch):
    """Plotly validates every figure a page builds: the app sends its plain dicts
    unchecked (lab.plots.figure.PlainFigure), so an invalid property would only show
    as a broken chart in the browser."""
    from lab.plots.figure import PlainFigure

    build = PlainFigure.__init__

    def validated(self, figure: dict) -> None:
        go.Figure(figure)  # raises on any invalid property
        build(self, figure)

    validated.__wrapped__ = build  # a test that counts graph objects builds without it
    monkeypatch.setattr(PlainFigure, "__init__", validated)

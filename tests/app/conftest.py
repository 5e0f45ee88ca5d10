"""Fixtures for the AppTest suite; the helpers live in app_helpers.py."""

from __future__ import annotations

import app_helpers  # noqa: F401  (puts the repo root on sys.path for the page scripts)
import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def _fresh_caches():
    """AppTest runs share one process: no test may see another's cached results."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()

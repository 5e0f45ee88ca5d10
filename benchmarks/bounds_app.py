"""The least one step's and sequence's pages could be, behind the app's sidebar.

``bench_browser.py --bounds`` times them (see ``benchmarks/least_pages.py``); run it
alone with ``streamlit run benchmarks/bounds_app.py``. Pages: /one_step,
/one_step_charts, /sequence, /sequence_still.
"""

from __future__ import annotations

import streamlit as st

from benchmarks import least_pages
from lab import sidebar
from lab.i18n import t
from lab.state import init_shared, snapshot_url


def index() -> None:
    st.markdown("Least pages: /one_step, /one_step_charts, /sequence, /sequence_still.")


def one_step() -> None:
    least_pages.one_step(True)


def one_step_charts() -> None:
    least_pages.one_step(False)


def sequence() -> None:
    least_pages.sequence(True)


def sequence_still() -> None:
    least_pages.sequence(False)


snapshot_url()
init_shared()
st.set_page_config(page_title=t("app.name"), layout="wide")
sidebar.draw()
st.navigation(
    [
        st.Page(index, title="index", default=True),  # the default page has no URL path
        st.Page(one_step, title="one step"),
        st.Page(one_step_charts, title="one step, charts"),
        st.Page(sequence, title="sequence"),
        st.Page(sequence_still, title="sequence, still"),
    ]
).run()

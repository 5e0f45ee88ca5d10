"""GRU Lab: ``streamlit run app.py``.

The router: shared setup, the sidebar every page shares, and the list of
pages. Each page also runs alone (it calls lab.state.page_setup itself).
"""

from pathlib import Path

import streamlit as st

from gru_core.blas import limit_blas_threads
from lab import sidebar
from lab.i18n import t
from lab.lessons import HOME, LESSONS
from lab.state import init_shared, snapshot_url

#: The tab's icon, from a file: Streamlit fetches a ":material/..." page icon from a font
#: server on the internet, which a classroom may not reach (a local SVG is sent inline).
ICON = Path(__file__).with_name("static") / "icon.svg"

# Many sessions share few cores and every matrix here is small: one BLAS thread
# each keeps sessions from waiting on each other (process-wide, cheap to repeat).
limit_blas_threads(1)
snapshot_url()  # before any widget rewrites the URL, so page_setup can report bad values
init_shared()  # language and convention, needed for every text below
st.set_page_config(page_title=t("app.name"), page_icon=ICON, layout="wide")
sidebar.draw()

# The pages, in teaching order. Lessons are listed in lab/lessons.py
# (forgetting.py, gradients.py, conventions.py, training.py go there).
pages = [
    st.Page(
        lesson.path,
        title=t(lesson.key + ".nav"),  # short: the sidebar would cut the long title
        icon=lesson.icon,
        url_path=lesson.url_path,
        default=lesson is HOME,
    )
    for lesson in (HOME, *LESSONS)
]
st.navigation(pages).run()

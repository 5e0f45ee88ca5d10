"""The floor every lesson is measured against: one slider driving one 200-point Plotly line.

The line goes through the lessons' own figure path: a plain-dict figure from
``lab.plots`` (``base_layout``, ``figure``: no graph objects built, NumPy arrays
sent as typed arrays) shown with the lessons' ``plots.CONFIG``. A floor built as a
``go.Figure`` would pay for Plotly's validation (about 3 ms of its rerun), which no
lesson pays, and every ratio to it would come out too low.

Run it alone from the repository root with ``python -m streamlit run
benchmarks/floor_app.py`` (``-m`` puts the root, where ``lab`` lives, on the path);
``bench_app.py``, ``bench_browser.py`` and ``load_classroom.py`` time it in the same
run as the lessons and print each lesson's time divided by this one.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from lab import plots

N_POINTS = 200

a = st.slider("frequency", min_value=0.0, max_value=5.0, value=1.0, step=0.1, key="freq")
t = np.linspace(0.0, 2.0 * np.pi, N_POINTS)  # (200,)
line = dict(type="scatter", x=t, y=np.sin(a * t), mode="lines", name="sin(a t)")
layout = plots.base_layout(300, margin=dict(l=40, r=10, t=10, b=30))
st.plotly_chart(plots.figure([line], layout), key="floor_chart", config=plots.CONFIG)

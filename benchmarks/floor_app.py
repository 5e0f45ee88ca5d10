"""The floor every lesson is measured against: one slider driving one 200-point Plotly line.

Run it alone with ``streamlit run benchmarks/floor_app.py``; ``bench_app.py``,
``bench_browser.py`` and ``load_classroom.py`` time it in the same run as the lessons
and print each lesson's time divided by this one.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

N_POINTS = 200

a = st.slider("frequency", min_value=0.0, max_value=5.0, value=1.0, step=0.1, key="freq")
t = np.linspace(0.0, 2.0 * np.pi, N_POINTS)  # (200,)
fig = go.Figure(go.Scatter(x=t, y=np.sin(a * t), mode="lines", name="sin(a t)"))
fig.update_layout(height=300, margin=dict(l=40, r=10, t=10, b=30))
st.plotly_chart(fig, key="floor_chart", width="stretch")

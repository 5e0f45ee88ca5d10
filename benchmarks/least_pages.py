"""The least a lesson's page could be: the controls and charts it must show, and nothing more.

Page functions for ``benchmarks/bounds_app.py`` (which adds the app's sidebar and
routes to them); ``bench_browser.py --bounds`` times a slider move on them beside
the floor and the real lessons. Each draws the lesson's title, then its required
controls and charts with the lessons' own functions (lab.cached, lab.plots), at
the lesson's defaults; labels are plain keys (the lessons' labels hold formulas,
which cost more to draw):

    one_step(all_sliders=True)    x, h_{t-1} and every weight of the convention as a
                                  slider with its number box (for exact values), the
                                  σ/tanh curves and the new state's shares; no
                                  equations, notes, tour or questions
    one_step(all_sliders=False)   the x slider and the two charts only
    sequence(animate=True)        the "starts after step" slider and the stacked x, r,
                                  z, h̃, h chart with its client-side time cursor
                                  (scrubbing runs in the browser); no other control,
                                  no memory row, detail panel, notes, tour or questions
    sequence(animate=False)       the same chart without its time cursor
"""

from __future__ import annotations

import streamlit as st

from gru_core import lessons
from lab import cached, plots, widgets
from lab.state import Int, Num, page_setup

STEP = lessons.STORY_STEP
ONE_STEP = {
    "x": Num(-2.0, 2.0, STEP["x"], 0.05),
    "h_prev": Num(-1.0, 1.0, STEP["h_prev"], 0.05),
    **{k: Num(-6.0, 6.0, STEP[k], 0.05) for k in lessons.SLIDER_WEIGHTS},
}
SEQUENCE = {"start": Int(0, 59, 5)}


def one_step(all_sliders: bool) -> None:
    ctx = page_setup(ONE_STEP, "one_step.title")

    @st.fragment
    def lesson() -> None:
        weights = [k for names in lessons.GATE_WEIGHTS.values() for k in names]
        if ctx.convention == "pytorch":
            weights.append("b_hn")  # as on the lesson: b_hn is PyTorch's own
        keys = ("x", "h_prev", *weights) if all_sliders else ("x",)
        v = {k: ONE_STEP[k].default for k in ONE_STEP}
        for k in keys:
            v[k] = widgets.slider(k, k, ONE_STEP[k], box=True)
        tr = cached.run(lessons.one_step_spec(v, v["x"], v["h_prev"], ctx.convention)).trace
        keep, ht, h = float(tr.keep[0, 0]), float(tr.h_tilde[0, 0]), float(tr.h[0, 0])
        shares = {k: k for k in ("kept", "taken", "h", "value")}
        st.plotly_chart(
            plots.shares_bar(keep * v["h_prev"], (1.0 - keep) * ht, h, shares),
            key="shares",
            config=plots.CONFIG,
        )
        pre = {"r": tr.a_r[0, 0], "z": tr.a_z[0, 0], "h_tilde": tr.a_h[0, 0]}
        post = {"r": tr.r[0, 0], "z": tr.z[0, 0], "h_tilde": tr.h_tilde[0, 0]}
        labels = {q: q for q in pre} | {"a": "a", "sigmoid": "σ(a)", "tanh": "tanh(a)"}
        st.plotly_chart(
            plots.activation_curves(pre, post, labels), key="curves", config=plots.CONFIG
        )

    lesson()


def sequence(animate: bool) -> None:
    ctx = page_setup(SEQUENCE, "seq.title")

    @st.fragment
    def lesson() -> None:
        start = widgets.slider("start", "start", SEQUENCE["start"])
        tr = cached.run(
            {
                "signal": "pulse",
                "T": 60,
                "options": {"start": start, "width": 1, "level": 1.0},
                "H": 1,
                "preset": "remember",
                "convention": ctx.convention,
            }
        ).trace
        arrays = {"x": tr.x, "r": tr.r, "z": tr.z, "h_tilde": tr.h_tilde, "h": tr.h}
        labels = {q: q for q in plots.QUANTITIES} | {q + "_sym": q for q in plots.QUANTITIES}
        labels |= {k: k for k in ("t", "unit", "input", "play", "pause")}
        steps = list(range(1, len(tr.h) + 1))
        fig = plots.sequence_figure(steps, arrays, labels, cursor=5, animate=animate)
        st.plotly_chart(fig, key="sequence", config=plots.CONFIG)

    lesson()

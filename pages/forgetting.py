"""Lesson 4: forgetting vs remembering.

One pulse (a "fact") at t = 5, then silence or distraction (noise). The update
and reset gates are set directly (a gate override: held at the slider values
between events) or through their biases (the gates then follow the input: the
pulse opens the update gate to be written). The chart shows how much of the
pulse the state still holds, the keep path's product of keep shares, the
half-life, and a plain RNN on the same input. Three scenarios set the widgets.

The update gate's sliders exist twice, once per meaning of z (textbook: the share
taken; cho/pytorch: the share kept), and switching the convention mirrors them
(z → 1 − z, b_z → −b_z): the same model, so every curve stays where it was.
The guided tour walks through the three scenarios. The controls live in
lab/controls/forgetting.py.
"""

import streamlit as st

from gru_core.conventions import Convention
from gru_core.lessons.forgetting import forget_simulate
from lab import cached, live, tour, widgets
from lab.controls import forgetting as controls
from lab.explain import forgetting as words
from lab.explain.common import chart_in_words
from lab.i18n import current_lang, t
from lab.plots import forgetting as figures
from lab.state import page_setup


def chart(run, hover: bool = True):
    """The lesson's chart of a run (without hover texts: a live frame's)."""
    return figures.run_figure(run, words.chart_labels(run), hover)


def frames(spec: dict, field: str, values) -> list:
    """The live frames of one knob: the chart at each of its values (uncached runs)."""
    return [chart(forget_simulate(spec | {field: float(v)}), hover=False) for v in values]


@st.fragment
def lesson(convention: Convention) -> None:
    # the picture first, the knobs it follows beside it (under it on a phone); the
    # chart is drawn into its box once every control has been read
    picture, strip = st.columns([5, 2], gap="small")
    visual = picture.container(key="main_visual")
    with strip.container(border=True, key="knob_strip"):
        gates = controls.gate_controls(convention)
        w = controls.rnn_controls()
    controls.scenario_buttons(convention)
    with st.container(border=True):
        c_input, c_more = st.columns(2, gap="large")
        with c_input:
            inputs = controls.input_controls()
        with c_more:
            inputs, problem = controls.boundary_controls(inputs)
    spec = {"convention": convention, **gates, **inputs, "w": w}
    run = cached.forget_run(spec)
    if problem:
        st.error(problem, icon=":material/error:")
    if unwritten := words.not_written(run):
        st.error(unwritten)
    fig = chart(run)
    text = words.lesson_markdown(run, convention, gates["mode"], inputs["noise"], w)
    in_words = chart_in_words(fig.to_dict(), "t")
    fields = controls.live_knobs(convention, gates["mode"], inputs["noise"] > 0)
    knobs = {k: (controls.PARAMS[k], field) for k, field in fields.items()}
    with visual:
        send_frames = live.chart("forgetting", fig, current_lang(), spec=spec, label=in_words,
                                 knobs=knobs, figures=frames)  # fmt: skip
        st.markdown(text["z"])
        widgets.in_words(in_words)
    gru_col, rnn_col = st.columns([3, 2], gap="large")
    with gru_col:
        st.markdown(text["gru"])
    with rnn_col:
        st.markdown(text["rnn"])
        st.caption(t("forgetting.how_to_read"))
    send_frames()  # last, once the page is drawn: the frames the browser asked for


ctx = page_setup(
    controls.PARAMS, "forgetting.title", advanced=controls.ADVANCED, mirrors=controls.MIRRORS
)
tour.draw("forgetting", controls.TOUR, ctx.convention)
st.caption(words.convention_caption(ctx.convention))
lesson(ctx.convention)
st.markdown(t("forgetting.intro"))

widgets.predict_questions(*words.questions(ctx.convention))

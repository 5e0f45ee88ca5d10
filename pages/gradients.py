"""Lesson 5: gradients over time.

‖∂h_T/∂h_t‖ on a log scale for a GRU and a plain tanh RNN with the same number
of units, on the same noisy input, with the gates' biases and the RNN's recurrent
weight as sliders; the GRU's additive path alone and the RNN's bound w^(T−t) as
guides, and why the GRU's additive path keeps the gradient.

As in lesson 4, the update gate's bias exists twice (textbook: z takes the new;
cho/pytorch: z keeps the past) and switching the convention mirrors it.
"""

from collections.abc import Callable

import streamlit as st

from gru_core.conventions import Convention
from lab import cached, explain, plots, tour, widgets
from lab.i18n import current_lang, t
from lab.state import Int, Num, page_setup

MAX_T = 300
MAX_H = 16
#: URL parameters. Defaults: z ≈ σ(−4) ≈ 0.02 keeps the GRU's gradient near 0.1 over
#: 200 steps while the RNN's (w = 0.9) falls below 10⁻¹³.
PARAMS = {
    "g_bz": Num(-8.0, 8.0, -4.0, 0.1),  # textbook
    "g_bzk": Num(-8.0, 8.0, 4.0, 0.1),  # cho, pytorch
    "g_br": Num(-8.0, 8.0, 0.0, 0.1),
    "g_w": Num(0.0, 2.0, 0.9, 0.01),
    "g_T": Int(10, MAX_T, 200),
    "g_H": Int(1, MAX_H, 8),
    "g_seed": Int(0, 9999, 0),
}

#: Controls teacher mode hides (lab.teacher): the picture keeps their values.
ADVANCED = ("g_H", "g_seed", "g_br")
#: The update gate's bias in the textbook and the keep-z conventions: b_z -> -b_z.
MIRRORS = (("g_bz", "g_bzk", lambda b: -b),)


def _bz(b_z: float, **more) -> Callable[[str], dict]:
    """A tour step that sets the update gate's bias (given in textbook terms) in the
    convention's own key and sign, and the other named sliders."""

    def values(convention: Convention) -> dict:
        return {bz_key(convention): convention.keeping_b_z(-b_z), **more}  # keeping: −b_z

    return values


#: The guided tour: each step resets the lesson, then sets these sliders.
TOUR = (
    tour.Step("neutral", _bz(0.0)),
    tour.Step("keep", _bz(-4.0), keep_text=True),
    tour.Step("rnn_w1", {"g_w": 1.0}),
    tour.Step("long", _bz(-6.0, g_T=300), keep_text=True),
)


def bz_key(convention: Convention) -> str:
    """The slider of b_z in this convention's own sign (see MIRRORS)."""
    return "g_bzk" if convention.z_keeps_past else "g_bz"


def controls(convention: Convention) -> dict:
    family, key = convention.z_family, bz_key(convention)
    c_gru, c_rnn, c_seq = st.columns([4, 3, 3], gap="large")
    with c_gru:
        st.markdown(f"{plots.swatch('h')} **{t('gradients.gru_head')}**")
        b_z = widgets.slider(
            key, t("w.b_z"), PARAMS[key], box=True, help=t("gradients.bz_help." + family)
        )
        b_r = widgets.slider(
            "g_br", t("w.b_r"), PARAMS["g_br"], box=True, help=t("gradients.br_help")
        )
    with c_rnn:
        st.markdown(f"{plots.swatch('rnn')} **{t('gradients.rnn_head')}**")
        w = widgets.slider("g_w", t("gradients.w"), PARAMS["g_w"], help=t("gradients.w_help"))
    with c_seq:
        st.markdown(f"{plots.swatch('x')} **{t('gradients.seq_head')}**")
        T = widgets.slider("g_T", t("gradients.T"), PARAMS["g_T"])
        H = widgets.slider("g_H", t("gradients.H"), PARAMS["g_H"], help=t("gradients.H_help"))
        seed = widgets.number("g_seed", t("gradients.seed"), PARAMS["g_seed"])
    return {"convention": convention, "b_z": b_z, "b_r": b_r, "w": w, "T": T, "H": H,
            "seed": seed}  # fmt: skip


@st.fragment
def lesson(convention: Convention) -> None:
    # the picture first: drawn into this box once the controls under it have been read
    visual = st.container(key="main_visual")
    with st.container(border=True):
        spec = controls(convention)
    run = cached.grad_run(spec)
    notes = explain.gradient_notes(run, convention, spec["w"])
    labels = {
        "gru": t("gradients.chart.gru"),
        "straight": t("gradients.chart.straight"),
        "rnn": t("gradients.chart.rnn"),
        "bound": t("gradients.chart.bound"),
        "t": t("gradients.chart.t"),
        "y": t("gradients.chart.y"),
    }
    curves = {"gru": run.gru, "straight": run.straight, "rnn": run.rnn, "bound": run.bound}
    steps = list(range(len(run.gru)))
    with visual:
        fig = plots.gradient_figure(steps, curves, labels)
        st.plotly_chart(fig, key="gradients", config=plots.config(current_lang()))
        st.markdown(notes["summary"])
        widgets.in_words(explain.chart_in_words(fig.to_dict(), "t"))
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"{plots.swatch('h')} {notes['gru']}")
    with right:
        st.markdown(f"{plots.swatch('rnn')} {notes['rnn']}")


ctx = page_setup(PARAMS, "gradients.title", advanced=ADVANCED, mirrors=MIRRORS)
tour.draw("gradients", TOUR, ctx.convention)
family = ctx.convention.z_family
st.caption(
    t("common.convention_shown", name=t(f"conv.{ctx.convention}.name"))
    + " "
    + t("gradients.conv_note." + ctx.convention)
)
lesson(ctx.convention)
st.markdown(t("gradients.intro"))

with st.expander(t("gradients.why_title"), expanded=True, key="g_why"):
    gru_latex, rnn_latex = explain.gradient_latex(ctx.convention)
    st.markdown(f"{plots.swatch('h')} **{t('gradients.gru_head')}**")
    st.latex(gru_latex)
    st.markdown(f"{plots.swatch('rnn')} **{t('gradients.rnn_head')}**")
    st.latex(rnn_latex)
    st.markdown(t("gradients.why." + family))

widgets.predict_questions(
    (t("gradients.q1"), t("gradients.a1"), "g_q1"),
    (t("gradients.q2." + family), t("gradients.a2." + family), "g_q2"),
)

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
from gru_core.lessons import gradients
from lab import cached, explain, live, plots, teacher, tour, widgets
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


def knobs(convention: Convention) -> dict:
    """The sliders the chart follows while they are dragged (beside it): the GRU's
    biases and the RNN's weight; returns their part of the spec."""
    st.markdown(f"{plots.swatch('h')} **{t('gradients.gru_head')}**")
    key = bz_key(convention)
    b_z = widgets.slider(
        key, t("w.b_z"), PARAMS[key], box=True, help=t("gradients.bz_help." + convention.z_family)
    )
    b_r = widgets.slider("g_br", t("w.b_r"), PARAMS["g_br"], box=True, help=t("gradients.br_help"))
    st.markdown(f"{plots.swatch('rnn')} **{t('gradients.rnn_head')}**")
    w = widgets.slider("g_w", t("gradients.w"), PARAMS["g_w"], help=t("gradients.w_help"))
    return {"b_z": b_z, "b_r": b_r, "w": w}


def sequence_controls() -> dict:
    st.markdown(f"{plots.swatch('x')} **{t('gradients.seq_head')}**")
    c_T, c_H, c_seed = st.columns(3, gap="large")
    with c_T:
        T = widgets.slider("g_T", t("gradients.T"), PARAMS["g_T"])
    with c_H:
        H = widgets.slider("g_H", t("gradients.H"), PARAMS["g_H"], help=t("gradients.H_help"))
    with c_seed:
        seed = widgets.number("g_seed", t("gradients.seed"), PARAMS["g_seed"])
    return {"T": T, "H": H, "seed": seed}


def live_fields(convention: Convention) -> dict[str, str]:
    """The sliders drawn that the chart follows, each with the spec field it sets."""
    fields = {bz_key(convention): "b_z", "g_br": "b_r", "g_w": "w"}
    return {k: f for k, f in fields.items() if not teacher.hides(k)}


LABELS = ("gru", "straight", "rnn", "bound", "t", "y")


def chart(run, hover: bool = True):
    """The lesson's chart of a run (without hover texts: a live frame's)."""
    labels = {k: t("gradients.chart." + k) for k in LABELS}
    curves = {"gru": run.gru, "straight": run.straight, "rnn": run.rnn, "bound": run.bound}
    return plots.gradient_figure(list(range(len(run.gru))), curves, labels, hover)


def frames(spec: dict, field: str, values) -> list:
    """The live frames of one knob: the chart at each of its values (one batched run of
    the family; the plain RNN's half from its cache while a GRU bias moves)."""
    rnn = gradients.rnn_half if field == "w" else cached.grad_rnn
    return [chart(run, hover=False) for run in gradients.grad_family(spec, field, values, rnn)]


@st.fragment
def lesson(convention: Convention) -> None:
    # the picture first, the knobs it follows beside it (under it on a phone); the
    # chart is drawn into its box once every control has been read
    picture, strip = st.columns([5, 2], gap="small")
    visual = picture.container(key="main_visual")
    with strip.container(border=True, key="knob_strip"):
        spec = {"convention": convention} | knobs(convention)
    with st.container(border=True):
        spec |= sequence_controls()
    run = cached.grad_run(spec)
    notes = explain.gradient_notes(run, convention, spec["w"])
    fig = chart(run)
    in_words = explain.chart_in_words(fig.to_dict(), "t")
    followed = {k: (PARAMS[k], field) for k, field in live_fields(convention).items()}
    with visual:
        send_frames = live.chart("gradients", fig, current_lang(), spec=spec, label=in_words,
                                 knobs=followed, figures=frames)  # fmt: skip
        st.markdown(notes["summary"])
        widgets.in_words(in_words)
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"{plots.swatch('h')} {notes['gru']}")
    with right:
        st.markdown(f"{plots.swatch('rnn')} {notes['rnn']}")
    send_frames()  # last, once the page is drawn: the frames the browser asked for


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

"""Lesson 2: one step of a 1-input, 1-unit GRU, gate by gate.

Sliders for x_t, h_{t-1} and every weight; the four equations with the numbers
substituted in compute order; σ and tanh with the current pre-activation
marked; h_t split into the share kept from h_{t-1} and the share taken from h̃_t.
"""

import streamlit as st

from gru_core import lessons
from gru_core.conventions import Convention
from lab import cached, explain, live, plots, teacher, tour, widgets
from lab.i18n import current_lang, t
from lab.state import Num, page_setup

W = dict(lo=-6.0, hi=6.0, step=0.05)
D = lessons.STORY_STEP
#: URL parameters. Defaults tell a story: the past says −0.6, the input pulls up,
#: and z ≈ 0.27 decides how far h moves.
PARAMS = {
    "x": Num(-2.0, 2.0, D["x"], 0.05),
    "h_prev": Num(-1.0, 1.0, D["h_prev"], 0.05),
    **{k: Num(**W, default=D[k]) for k in lessons.SLIDER_WEIGHTS},
}
GATES = lessons.GATE_WEIGHTS
#: Hidden in teacher mode: the recurrent weights (each gate keeps its input weight and bias).
ADVANCED = ("W_hr", "W_hz", "W_hh", "b_hn")


def _bz(textbook: float, keep: float):
    """A tour step that sets b_z to one value in the textbook convention, another where z keeps."""
    return lambda conv: {"b_z": keep if conv.z_keeps_past else textbook}


#: The guided tour: each step resets the lesson, then sets these sliders.
TOUR = (
    tour.Step("close_reset", {"b_r": -6.0}),
    tour.Step("take_all", _bz(6.0, -6.0), keep_text=True),
    tour.Step("keep_all", _bz(-6.0, 6.0), keep_text=True),
    tour.Step("saturate", {"W_xz": 6.0, "x": 2.0}),
)


def controls(convention: Convention) -> tuple[float, float, dict[str, float]]:
    st.markdown(f"{plots.swatch('x')} **{t('one_step.inputs')}**")
    x = widgets.slider("x", t("one_step.x"), PARAMS["x"], box=True)
    h_prev = widgets.slider("h_prev", t("one_step.h_prev"), PARAMS["h_prev"], box=True)
    weights = {}
    for q, names in GATES.items():
        st.markdown(f"{plots.swatch(q)} **{t('gate.' + q)}**")
        for name in names:
            weights[name] = widgets.slider(name, t("w." + name), PARAMS[name], box=True)
        if q == "h_tilde" and convention.reset_after:
            weights["b_hn"] = widgets.slider("b_hn", t("w.b_hn"), PARAMS["b_hn"], box=True)
    weights.setdefault("b_hn", 0.0)
    return x, h_prev, weights


@st.fragment
def lesson(convention: Convention) -> None:
    # the picture first: drawn into this box once the controls under it have been read
    visual = st.container(key="main_visual")
    left, right = st.columns([5, 7], gap="large")
    with left:
        x, h_prev, weights = controls(convention)
    tr = cached.run(lessons.one_step_spec(weights, x, h_prev, convention)).trace
    notes = explain.one_step_notes(tr, convention)
    # the cell follows every slider on the page (those teacher mode hides are not drawn)
    knobs = {k: PARAMS[k] for k in ("x", "h_prev", *weights) if not teacher.hides(k)}
    if not convention.reset_after:
        knobs.pop("b_hn", None)
    with visual:
        lang = current_lang()
        send_frames = live.cell("cell", tr, weights, x, h_prev, convention, lang, list(knobs))
        widgets.in_words(explain.cell_in_words(tr, convention))
    with right:
        st.subheader(t("one_step.equations"))
        blocks = explain.one_step_latex(weights, x, h_prev, tr, convention)
        # the four steps in one Markdown element (display math between $$): every
        # element here is redrawn by the browser on each slider move
        st.markdown(
            "\n\n".join(
                f"{plots.swatch(q)} **{t('one_step.step_' + q)}**\n\n$$\n{block}\n$$"
                for q, block in zip(("r", "z", "h_tilde", "h"), blocks, strict=True)
            )
        )
        # the new state's two shares right under its equation, beside the sliders
        st.subheader(t("one_step.shares"))
        keep = float(tr.keep[0, 0])
        kept, taken = keep * h_prev, (1.0 - keep) * float(tr.h_tilde[0, 0])
        share_labels = {
            "kept": t(f"one_step.kept.{convention}"),
            "taken": t(f"one_step.taken.{convention}"),
            "h": t("one_step.h_new"),
            "value": t("one_step.value"),
        }
        st.plotly_chart(
            plots.shares_bar(kept, taken, float(tr.h[0, 0]), share_labels),
            key="shares",
            config=plots.config(current_lang()),
        )
        st.markdown(f"{plots.swatch('h')} {notes['h']}")
    # the three curves side by side take the page's whole width (a projector's 1024 px
    # left each panel too narrow for its title in a column)
    st.subheader(t("one_step.curves"))
    pre = {"r": tr.a_r[0, 0], "z": tr.a_z[0, 0], "h_tilde": tr.a_h[0, 0]}
    post = {"r": tr.r[0, 0], "z": tr.z[0, 0], "h_tilde": tr.h_tilde[0, 0]}
    labels = {q: t("gate." + q) for q in GATES} | {
        "a": t("one_step.pre_activation"),
        "sigmoid": "σ(a)",
        "tanh": "tanh(a)",
    }
    st.plotly_chart(
        plots.activation_curves(pre, post, labels),
        key="curves",
        config=plots.config(current_lang()),
    )
    st.markdown("\n\n".join(f"{plots.swatch(q)} {notes[q]}" for q in ("r", "z", "h_tilde")))
    send_frames(knobs)  # last, once the page is drawn: the frames the browser asked for


ctx = page_setup(PARAMS, "one_step.title", advanced=ADVANCED)
tour.draw("one_step", TOUR, ctx.convention)
st.caption(teacher.convention_shown(ctx.convention))
lesson(ctx.convention)
st.markdown(t("one_step.intro"))

widgets.predict_questions(
    (t("one_step.q1"), t(f"one_step.a1.{ctx.convention}"), "q1"),
    (t("one_step.q2"), t("one_step.a2"), "q2"),
)

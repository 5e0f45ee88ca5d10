"""A sequence, step by step.

Pick an input signal and the weights (a named preset or sliders; random weights
for more than one unit); the stacked, time-aligned charts show x, r, z, h̃ and
h, with a time cursor that moves in the browser (slider and play button), a gate
override (hold r or z, or remove a gate), a memory row under the stack (the share
of h_t at the picked step that the keep path still carries), and the arithmetic of
one picked step revealed quantity by quantity (pick it by clicking the chart or
with "step t"). The chart follows the input's sliders beside it, a held gate and the
weights' sliders while they are dragged (lab.live: ``frames`` computes a slider's
charts when the browser asks). The controls live in lab/controls/sequence.py.
"""

import functools

import streamlit as st

from gru_core import lessons
from gru_core.conventions import Convention
from gru_core.lessons.sequence import simulate
from lab import cached, explain, fmt, live, plots, teacher, tour, widgets
from lab.controls import sequence as controls
from lab.i18n import current_lang, t
from lab.state import page_setup
from lab.uploads import quote


def chart(run, s: int, j: int, animate: bool = True, dots: bool | None = None):
    """The lesson's chart of a run, its cursor at step ``s`` (the memory row follows
    h_s of unit ``j``), and the memory row's curve and half-life: (figure, M, half).
    Without ``animate``: no time slider (a live frame's); ``dots``: a dot on every step
    (default: on a short sequence)."""
    tr = run.trace
    T = len(tr.h)
    memory, half = lessons.memory_curve(tr, s, j)
    H = tr.h.shape[1]
    labels = controls.figure_labels() | {
        "memory": t("memory.name", s=explain.sub(s))
        if H == 1
        else t("memory.name_unit", s=explain.sub(s), j=j + 1),
        "memory_sym": t("memory.sym"),
        "half": t("memory.half_mark", t="" if half is None else s + half),
    }
    held = {q: fmt.fixed(c, 2) for q, c in (("r", tr.clamp_r), ("z", tr.clamp_z)) if c is not None}
    fig = plots.linked_sequence_figure(
        list(range(1, T + 1)),
        {"x": tr.x, "r": tr.r, "z": tr.z, "h_tilde": tr.h_tilde, "h": tr.h},
        labels,
        x_names=run.inputs.names,
        cursor=s - 1,
        memory=memory,
        half=None if half is None else s + half,
        held={q: t("override.chart", name=t("symbol." + q), value=v) for q, v in held.items()},
        unit=j,
        animate=animate,
        dots=dots,
    )
    return fig, memory, half


def frames(spec: dict, key: str, values) -> list:
    """The live frames of one slider: the chart at each of its values (uncached runs),
    the cursor at the picked step (the last step, if the sequence ends before it), the
    lines dotted as the chart drawn (a frame moves what is drawn)."""
    out = []
    for v in values:
        run = simulate(controls.with_slider(spec, key, float(v)))
        T = len(run.trace.h)
        out.append(chart(run, min(spec["t"], T), 0, animate=False, dots=spec["dots"])[0])
    return out


@st.fragment
def lesson(convention: Convention) -> None:
    # the picture first, the input's knobs beside it (under it on a phone); the chart is
    # drawn into its box once every control has been read
    picture, strip = st.columns([5, 2], gap="small")
    visual = picture.container(key="main_visual")
    with strip.container(border=True, key="knob_strip"):
        st.markdown(f"{plots.swatch('x')} **{t('seq.input')}**")
        sig = controls.signal_controls()
        if sig is not None and "options" in sig:
            controls.signal_options(sig)
    with st.container(border=True):
        st.markdown(f"{plots.swatch('h')} **{t('seq.model')}**")
        model = controls.model_controls(convention)
        if "weights" in model:
            if teacher.hides("W_xr"):
                st.caption(t("teacher.weights_hidden"))
            model["weights"] = controls.weight_sliders(convention)
    with st.container(border=True, key="override_box"):
        override = controls.override_controls(convention)
    if sig is None:
        return
    scaled_by = sig.pop("scaled_by", None)
    weights = model.get("weights") or {}  # b_hn is a slider where the convention has one
    sliders = (
        sig.get("sliders", {})
        | override.pop("sliders")
        | {k: v for k, v in weights.items() if k != "b_hn" or convention.reset_after}
    )
    spec = sig | model | override | {"sliders": sliders}
    try:
        run = cached.run(spec)
    except ValueError as e:  # an impossible combination: say so, keep the page alive
        st.error(t("seq.cannot_run", reason=quote(str(e), 200)))
        return
    tr = run.trace
    T, H = tr.h.shape
    controls.within("t", T)  # the picked step: its widget is drawn below, in the detail panel
    s = int(st.session_state["t"])
    j = 0
    if H > 1:
        controls.within("unit", H)
        j = int(st.session_state["unit"]) - 1
    fig, memory, half = chart(run, s, j)
    in_words = explain.chart_in_words(fig.to_dict(), "t")
    # a drag moves the chart when one unit reads one input (several draw heatmaps)
    knobs = {} if H > 1 or tr.x.shape[1] > 1 else {k: (controls.PARAMS[k], k) for k in sliders}
    with visual:
        if scaled_by is not None:  # the chart's x is not the file's: say so right above it
            st.caption(f"{plots.swatch('x')} " + t("seq.csv_scaled", span=fmt.fixed(scaled_by, 3)))
        live_spec = spec | {"t": s, "dots": T <= plots.DOTS_UP_TO}  # what a frame keeps
        send_frames = live.chart("sequence", fig, current_lang(), spec=live_spec, label=in_words,
                                 knobs=knobs, figures=frames,
                                 on_pick=controls.pick_from_chart)  # fmt: skip
        for q, c in (("r", tr.clamp_r), ("z", tr.clamp_z)):
            if c is not None:
                caption = t("override.caption", name=t("quantity." + q), value=fmt.fixed(c, 2))
                st.caption(f"{plots.swatch(q)} {caption}")
        st.markdown(
            f"{plots.swatch('z')} {explain.memory_note(memory, s, half, convention)}"
            rf" $\;{explain.memory_latex(s, convention)}$"
        )
        widgets.in_words(in_words)
    with st.container(border=True, key="detail_box"):
        controls.detail_panel(run, T, H, convention)
    notes = explain.sequence_notes(tr, convention)
    for q, c in (("r", tr.clamp_r), ("z", tr.clamp_z)):  # a held gate has no story to tell
        if c is not None:
            notes[q] = t("override.caption", name=t("quantity." + q), value=fmt.fixed(c, 2))
    if spec.get("preset"):
        preset = "preset." + spec["preset"]
        st.markdown(f"**{t(preset + '.name')}**: {t(preset + '.story')}")
    if H > 1:
        st.caption(t("explain.mean_over_units", H=H))
    left, right = st.columns(2, gap="large")
    with left:  # one Markdown element per column: each element costs every move a redraw
        st.markdown("\n\n".join(f"{plots.swatch(q)} {notes[q]}" for q in ("x", "r", "z")))
    with right:
        st.markdown("\n\n".join(f"{plots.swatch(q)} {notes[q]}" for q in ("h_tilde", "h")))
        st.caption(t("seq.cursor_hint"))
    table_box = widgets.lazy_expander(t("seq.table"), "table_open")
    if table_box.open:
        with table_box:
            df = controls.values_table(run)
            st.dataframe(df, key="table", hide_index=True, height=260)
            st.download_button(
                t("seq.download"),
                functools.partial(controls.csv_bytes, df),
                file_name="gru_sequence.csv",
                mime="text/csv",
                key="download",
                on_click="ignore",
                icon=":material/download:",
            )
    send_frames()  # last, once the page is drawn: the frames the browser asked for


ctx = page_setup(controls.PARAMS, "seq.title", advanced=controls.ADVANCED, mirrors=controls.MIRRORS)
tour.draw("seq", controls.TOUR, ctx.convention)
st.caption(teacher.convention_shown(ctx.convention))
lesson(ctx.convention)
st.markdown(t("seq.intro"))

widgets.predict_questions(
    (t("seq.q1"), t("seq.a1"), "q1"),
    (t("seq.q2"), t("seq.a2"), "q2"),
)

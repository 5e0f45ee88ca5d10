"""A sequence, step by step.

Pick an input signal and the weights (a named preset or sliders; random weights
for more than one unit); the stacked, time-aligned charts show x, r, z, h̃ and
h, with a time cursor that moves in the browser (slider and play button), a gate
override (hold r or z, or remove a gate), a memory row under the stack (the share
of h_t at the picked step that the keep path still carries), and the arithmetic of
one picked step revealed quantity by quantity (pick it by clicking the chart or
with "step t"). The controls live in lab/controls/sequence.py.
"""

import functools

import streamlit as st

from gru_core import lessons
from gru_core.conventions import Convention
from lab import cached, explain, fmt, plots, teacher, tour, widgets
from lab.controls import sequence as controls
from lab.i18n import current_lang, t
from lab.state import page_setup
from lab.uploads import quote


@st.fragment
def lesson(convention: Convention) -> None:
    # the picture first: drawn into this box once the controls under it have been read
    visual = st.container(key="main_visual")
    with st.container(border=True):
        c_sig, c_opt, c_model = st.columns(3, gap="medium")
        with c_sig:
            st.markdown(f"{plots.swatch('x')} **{t('seq.input')}**")
            sig = controls.signal_controls()
        with c_opt:
            if sig is not None and "options" in sig:
                controls.signal_options(sig)
        with c_model:
            st.markdown(f"{plots.swatch('h')} **{t('seq.model')}**")
            model = controls.model_controls(convention)
        if "weights" in model:
            if teacher.hides("W_xr"):
                st.caption(t("teacher.weights_hidden"))
            model["weights"] = controls.weight_sliders(convention)
    with st.container(border=True, key="override_box"):
        mode, clamp_r, clamp_z = controls.override_controls(convention)
    if sig is None:
        return
    scaled_by = sig.pop("scaled_by", None)
    spec = sig | model | {"clamp_r": clamp_r, "clamp_z": clamp_z}
    try:
        run = cached.run(spec)
    except ValueError as e:  # an impossible combination: say so, keep the page alive
        st.error(t("seq.cannot_run", reason=quote(str(e), 200)))
        return
    tr = run.trace
    T, H = tr.h.shape
    steps = list(range(1, T + 1))
    arrays = {"x": tr.x, "r": tr.r, "z": tr.z, "h_tilde": tr.h_tilde, "h": tr.h}
    controls.within("t", T)  # the picked step: its widget is drawn below, in the detail panel
    s = int(st.session_state["t"])
    j = 0
    if H > 1:
        controls.within("unit", H)
        j = int(st.session_state["unit"]) - 1
    memory, half = lessons.memory_curve(tr, s, j)
    labels = controls.figure_labels() | {
        "memory": t("memory.name", s=explain.sub(s))
        if H == 1
        else t("memory.name_unit", s=explain.sub(s), j=j + 1),
        "memory_sym": t("memory.sym"),
        "half": t("memory.half_mark", t="" if half is None else s + half),
    }
    held = {q: fmt.fixed(c, 2) for q, c in (("r", clamp_r), ("z", clamp_z)) if c is not None}
    fig = plots.linked_sequence_figure(
        steps,
        arrays,
        labels,
        x_names=run.inputs.names,
        cursor=s - 1,
        memory=memory,
        half=None if half is None else s + half,
        held={q: t("override.chart", name=t("symbol." + q), value=v) for q, v in held.items()},
        unit=j,
    )
    with visual:
        if scaled_by is not None:  # the chart's x is not the file's: say so right above it
            st.caption(f"{plots.swatch('x')} " + t("seq.csv_scaled", span=fmt.fixed(scaled_by, 3)))
        st.plotly_chart(
            fig,
            key="sequence",
            config=plots.config(current_lang()),
            on_select=controls.pick_from_chart,
            selection_mode="points",
        )
        for q, value in held.items():
            caption = t("override.caption", name=t("quantity." + q), value=value)
            st.caption(f"{plots.swatch(q)} {caption}")
        st.markdown(
            f"{plots.swatch('z')} {explain.memory_note(memory, s, half, convention)}"
            rf" $\;{explain.memory_latex(s, convention)}$"
        )
        widgets.in_words(explain.chart_in_words(fig.to_dict(), "t"))
    with st.container(border=True, key="detail_box"):
        controls.detail_panel(run, T, H, convention)
    notes = explain.sequence_notes(tr, convention)
    for q, value in held.items():  # a held gate has no story of its own to tell
        notes[q] = t("override.caption", name=t("quantity." + q), value=value)
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
    if not table_box.open:
        return
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


ctx = page_setup(controls.PARAMS, "seq.title", advanced=controls.ADVANCED, mirrors=controls.MIRRORS)
tour.draw("seq", controls.TOUR, ctx.convention)
st.caption(teacher.convention_shown(ctx.convention))
lesson(ctx.convention)
st.markdown(t("seq.intro"))

widgets.predict_questions(
    (t("seq.q1"), t("seq.a1"), "q1"),
    (t("seq.q2"), t("seq.a2"), "q2"),
)

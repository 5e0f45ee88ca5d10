"""Lesson 7: train a GRU and a plain RNN side by side, live, then look inside the GRU.

Train runs both models from the same seed (the same batches, the same test set),
redrawing the progress bar and the curves about twice a second. After training: the
trained GRU's gates on test sequences, a table of results (rows accumulate over runs),
a sweep over lengths, and the GRU as a download. The controls, and the session that
keeps the run, the sweep and the results and runs the loops at the page's end, live in
lab/controls/training.py.
"""

import streamlit as st

from gru_core.conventions import Convention
from gru_core.io import weights_to_bytes
from gru_core.lessons.training import SWEEP_LENGTHS, Status
from lab import plots, tour, widgets
from lab.controls import training as controls
from lab.explain import training as words
from lab.explain.common import chart_in_words
from lab.i18n import current_lang, t
from lab.plots import training as figures
from lab.state import page_setup
from lab.uploads import quote


def bias_lesson(s: dict, convention: Convention) -> None:
    with st.container(border=True):
        st.markdown(f"{plots.swatch('z')} **{t('train.bias_title')}**")
        left, right = st.columns([1.25, 1], gap="large")
        with left:
            st.markdown(t("train.bias_why"))
        with right:
            st.markdown(words.bias_note(s["bias"], s["T"], convention))
            st.markdown(t("train.bias_try", b2=controls.keep_b_z(convention)))
            widgets.button("bias_setup", t("train.bias_setup"), "science",
                           controls.setup_experiment, convention, stretch=False)  # fmt: skip


def inside_gru(job) -> None:
    st.subheader(t("train.inside_title"))
    st.markdown(t("train.inside_intro"))
    pick = widgets.radio(
        "show", t("train.show"), controls.PARAMS["show"], fmt=lambda o: t("train.show_n", n=o)
    )
    seen = job.look_inside(controls.SHOWN.index(pick))
    c = seen.config
    fig = figures.inside_figure(seen, words.gate_labels(c.task))
    st.markdown(" · ".join(f"{plots.swatch(q)} {t('quantity.' + q)}" for q in plots.QUANTITIES[1:]))
    st.plotly_chart(fig, key="gates", config=plots.config(current_lang()))
    note, answer = words.inside_notes(seen)
    left, right = st.columns([1.4, 1], gap="large")
    with left:
        st.markdown(f"{plots.swatch('z')} {note}")
        st.markdown(f"{plots.swatch('h')} {answer}")
    with right:
        st.caption(t(f"conv.{c.convention}.rule"))
        st.download_button(
            t("train.download"),
            weights_to_bytes(seen.params, layout="torch", fmt="npz"),
            file_name=f"gru_{c.task}_T{c.seq_len}_H{c.hidden_size}_{c.convention}.npz",
            mime="application/octet-stream",
            key="download",
            on_click="ignore",
            icon=":material/download:",
        )
        st.caption(t("train.download_help"))


def results_table() -> None:
    rows = controls.rows()
    st.subheader(t("train.table_title"))
    if not rows:
        st.caption(t("train.table_empty"))
        return
    controls.table(*words.results_frame(rows), key="results")
    widgets.button("clear_rows", t("train.clear"), "delete", controls.clear_rows, stretch=False)


def sweep_section(convention: Convention, s: dict) -> dict:
    """The sweep over lengths: its budget and buttons, its chart, the offline reference."""
    sweep = controls.sweep()
    st.subheader(t("train.sweep_title"))
    st.markdown(t("train.sweep_intro", lengths=", ".join(map(str, SWEEP_LENGTHS))))
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    with c1:
        budget = widgets.slider(
            "sweep_steps",
            t("train.sweep_steps", max=controls.MAX_SWEEP_STEPS),
            controls.PARAMS["sweep_steps"],
            help=t("train.sweep_steps_help"),
        )
    controls.sweep_buttons((c2, c3, c4), convention, sweep and sweep.status)
    planned = words.sweep_text(
        "train.sweep_uses", s["task"], s["H"], budget, s["bias"], s["lr"], convention
    )
    st.caption(planned)
    slots = {"progress": st.empty(), "chart": st.empty()}
    shown = words.sweep_shown_text(sweep, planned)
    if shown is not None:  # what the chart shows, when the settings have moved on since
        st.caption(shown)
    controls.draw_sweep(sweep, s["task"], slots, key="sweep_chart")
    with st.expander(t("train.reference_title"), expanded=True, key="reference_open"):
        st.markdown(words.reference_intro(convention))
        controls.table(*words.reference_frame(), key="reference")
    return slots


# ---- the page ------------------------------------------------------------------------------------
ctx = page_setup(
    controls.PARAMS, "training.title", advanced=controls.ADVANCED, mirrors=controls.MIRRORS
)
tour.draw("training", controls.TOUR, ctx.convention)
# the picture first (the run's buttons and curves), drawn once the settings under it are read
visual = st.container(key="main_visual")
job = controls.job()
s = controls.settings_box(ctx.convention)
with visual:
    if controls.error() is not None:
        st.error(t("train.cannot_train", reason=quote(controls.error(), 200)))
    controls.run_buttons(ctx.convention, job and job.status)
    train_slots = {"progress": st.empty(), "curves": st.empty()}
    if job is None:  # the empty axes of the run the settings below would start
        st.info(t("train.press_train"))
        planned = figures.planned_curves_figure(
            s["task"], s["steps"], words.curve_labels(s["task"])
        )
        train_slots["curves"].plotly_chart(
            planned, key="curves", config=plots.config(current_lang())
        )
        widgets.in_words(chart_in_words(planned.to_dict(), t("train.step")))
    else:
        seen = controls.draw_training(job, train_slots, key="curves")
        widgets.in_words(chart_in_words(seen.to_dict(), t("train.step")))
        st.caption(words.settings_text(job.config))
        if job.status == Status.RUNNING:
            st.caption(t("train.running_note"))
st.markdown(t("train.intro"))
bias_lesson(s, ctx.convention)
if job is not None and job.can_look_inside:
    inside_gru(job)
results_table()
sweep_slots = sweep_section(ctx.convention, s)

widgets.predict_questions(
    (t("train.q1"), t("train.a1"), "q1"),
    (t("train.q2"), t("train.a2", b2=controls.keep_b_z(ctx.convention)), "q2"),
)

# The loops run last, so every section above is on the page while they work.
controls.run_live(train_slots, sweep_slots)

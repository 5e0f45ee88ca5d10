"""Lesson 6: conventions.

The same numbers read as a textbook, a cho (Cho 2014, d2l.ai, Keras reset_after=False)
and a PyTorch GRU, overlaid: what flips (the meaning of z), the exact cho twin of the
textbook model, and where the reset gate acts (cho and PyTorch agree for one unit
with b_hn = 0, and part otherwise). Then a weight file (a sample, or an upload in
PyTorch or Keras layout, .npz or JSON) runs in the engine, checked against the
states saved with the samples, and a PyTorch script with every number written in
reproduces the same states. The controls live in lab/controls/conventions.py.
"""

import streamlit as st

from gru_core.conventions import Convention
from gru_core.lessons import SNIPPET_MAX_NUMBERS, states_text, torch_snippet
from gru_core.lessons.conventions import FileRun, conv_simulate, file_run, lesson_file_run
from lab import cached, live, plots, tour, weight_files, widgets
from lab.controls import conventions as controls
from lab.explain import conventions as words
from lab.explain.common import chart_in_words
from lab.i18n import current_lang, t
from lab.plots import conventions as figures
from lab.state import initial_value, page_setup


def comparison() -> None:
    """Part 1: the same numbers under three conventions."""
    # the picture first: drawn into this box once the controls under it have been read
    visual = st.container(key="main_visual")
    with st.container(border=True):
        spec = controls.comparison_controls()
    run = cached.conv_run(spec)
    fig = figures.comparison_figure(run, words.line_labels())
    in_words = chart_in_words(fig.to_dict(), "t")
    chart, notes = visual.columns([3, 2], gap="large")
    with chart:
        knobs = {"c_bhn": (controls.PARAMS["c_bhn"], "b_hn")}
        send_frames = live.chart("conventions", fig, current_lang(), spec=spec, label=in_words,
                                 knobs=knobs, figures=frames)  # fmt: skip
        widgets.in_words(in_words)
        if spec["H"] > 1:
            st.caption(t("conventions.unit_one", H=spec["H"]))
        st.markdown(words.agreement_table(run))
    with notes:  # one element: each one is redrawn on every slider move
        st.markdown(words.comparison_markdown(run, spec["H"], spec["b_hn"]))
    send_frames()  # last, once the part is drawn: the frames the browser asked for


def frames(spec: dict, field: str, values) -> list:
    """The live frames of one knob (b_hn): the comparison at each of its values
    (uncached runs)."""
    labels = words.line_labels()
    return [figures.comparison_figure(conv_simulate(spec | {field: float(v)}), labels)
            for v in values]  # fmt: skip


def file_part(convention: Convention) -> None:
    """Part 2: a model (the comparison's, a sample's or an upload's) in the engine."""
    left, right = st.columns([2, 3], gap="large")
    with left:
        source, loaded = controls.file_controls()
    if source == "lesson":  # the comparison's own run in the sidebar's convention
        run = lesson_file_run(cached.conv_run(controls.current_spec()), convention)
    elif loaded.params is not None:
        # the samples' saved input and states (an upload runs on the same input if I = 1)
        sample = source if source in weight_files.SAMPLES else "torch_npz"
        saved = weight_files.sample_reference(sample)
        run = file_run(loaded.params, saved, check=source in weight_files.SAMPLES)
    else:
        return
    with left:
        st.markdown(words.what_is_run(run.params, lesson=source == "lesson"))
        if run.max_diff is not None:
            st.success(words.matches_text(source, run.max_diff), icon=":material/check_circle:")
        controls.weight_downloads(run.params)
    with right:
        fig = figures.file_figure(run, words.units_labels())
        st.plotly_chart(fig, key="c_units", config=plots.config(current_lang()))
    script(run)


def script(run: FileRun) -> None:
    """The PyTorch script that reproduces the run, and the states it prints."""
    p = run.params
    st.subheader(t("conventions.code_title"))
    snippet = torch_snippet(p, run.x, words.code_comments(p.convention))
    if snippet is None:
        st.warning(t("conventions.code_too_big", n=SNIPPET_MAX_NUMBERS))
        return
    st.markdown(t(f"conventions.script_intro.{'module' if p.convention == 'pytorch' else 'loop'}"))
    st.download_button(
        t("conventions.download_code"),
        snippet.encode("utf-8"),
        file_name="gru_lab_in_pytorch.py",
        mime="text/x-python",
        key="c_dl_code",
        on_click="ignore",
        icon=":material/code:",
    )
    code_box = widgets.lazy_expander(t("conventions.show_code"), "c_code_open")
    if code_box.open:
        with code_box:
            st.code(snippet, language="python", height=360)
    # The states below the script, the page's full width, and wrapped: beside it a row of
    # eight units (83 characters) was cut off at its column's edge, and at 1024 px even three.
    st.markdown(t("conventions.prints"))
    st.code(states_text(run.trace.h), language="text", height=300, wrap_lines=True)


@st.fragment
def lesson(convention: Convention) -> None:
    # the two parts in tabs, each drawn only while open: a move in one costs the
    # browser nothing for the other's elements (a link to a file opens part 2). An
    # uploaded file lives in its widget, so part 2 stays drawn while it holds one.
    source = initial_value("c_source", controls.PARAMS["c_source"])
    same, file = widgets.lazy_tabs(
        [f"**1 · {t('conventions.same_title')}**", f"**2 · {t('conventions.file_title')}**"],
        controls.PART,
        start=0 if source == "lesson" else 1,
    )
    if same.open:
        with same:
            comparison()
    if file.open or source == "upload":
        with file:
            st.markdown(t("conventions.file_intro"))
            samples_box = widgets.lazy_expander(t("conventions.samples"), "c_samples_open")
            if samples_box.open:
                with samples_box:
                    controls.sample_downloads()
            file_part(convention)


ctx = page_setup(controls.PARAMS, "conventions.title", advanced=controls.ADVANCED)
tour.draw("conventions", controls.TOUR, ctx.convention)
st.caption(t("conventions.sidebar_note", name=t(f"conv.{ctx.convention}.name")))
lesson(ctx.convention)
st.markdown(t("conventions.intro"))
st.markdown(words.equations_table())

widgets.predict_questions(
    (t("conventions.q1"), t("conventions.a1"), "c_q1"),
    (t("conventions.q2"), t("conventions.a2"), "c_q2"),
)

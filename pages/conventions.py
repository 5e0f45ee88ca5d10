"""Lesson 6: conventions.

The same numbers read as a textbook, a cho (Cho 2014, d2l.ai, Keras reset_after=False)
and a PyTorch GRU, overlaid: what flips (the meaning of z), the exact cho twin of the
textbook model, and where the reset gate acts (cho and PyTorch agree for one unit
with b_hn = 0, and part otherwise). Then a weight file (a sample, or an upload in
PyTorch or Keras layout, .npz or JSON) runs in the engine, checked against the
states saved with the samples, and a PyTorch script with every number written in
reproduces the same states. No uploaded text is ever executed or rendered as HTML.
"""

from dataclasses import replace
from functools import partial

import numpy as np
import streamlit as st

from gru_core import forward, lessons
from gru_core.io import weights_to_bytes
from gru_core.presets import PRESETS
from lab import cached, explain, fmt, plots, teacher, tour, weight_files, widgets
from lab.i18n import current_lang, t
from lab.state import Choice, Int, Num, initial_value, page_setup
from lab.uploads import quote

SOURCES = ("lesson", *weight_files.SAMPLES, "upload")
#: Largest file the uploader takes (MB); gru_core.io refuses more than 5 MB anyway.
MAX_UPLOAD_MB = 5
#: Session key: (name, parameters) of the last uploaded file that could be used. It stays
#: in use while the widget holds a file that was refused, and the page says so.
KEPT = "_c_file_kept"
#: URL parameters. Defaults: the "remember" preset, which keeps a pulse in textbook
#: and forgets it at once in cho and PyTorch (same numbers, opposite z); one unit
#: and b_hn = 0, so cho and PyTorch agree exactly.
PARAMS = {
    "c_preset": Choice(tuple(PRESETS), "remember"),
    "c_H": Int(1, 4, 1),
    "c_bhn": Num(-2.0, 2.0, 0.0, 0.05),
    "c_signal": Choice(tuple(lessons.CONV_SIGNALS), "pulse"),
    "c_source": Choice(SOURCES, "lesson"),
}
LINES = lessons.CONV_LINES
#: Session key of the open part (0: the comparison, 1: a weight file), see widgets.lazy_tabs.
PART = "c_part"
#: Controls teacher mode hides (lab.teacher): the picture keeps their values. "c_file"
#: is the upload (teacher mode offers the sample files only).
ADVANCED = ("c_H", "c_signal", "c_file")
#: The guided tour: each step resets the lesson, then sets these controls.
#: Every step is about part 1, so each opens its tab.
TOUR = (
    tour.Step("flip", {"c_preset": "remember", PART: 0}),
    tour.Step("bhn", {"c_bhn": 1.0, PART: 0}),
    tour.Step("units", {"c_H": 3, PART: 0}),
)


# ---- part 1: the same numbers under three conventions ---------------------------------------
def comparison_spec(preset: str, H: int, b_hn: float, signal: str) -> dict:
    """What cached.conv_run takes for the comparison's settings."""
    return {"preset": preset, "H": H, "b_hn": b_hn, "signal": signal, "seed": 0}


def current_spec() -> dict:
    """The comparison's settings without drawing its controls (for part 2 alone)."""
    keys = ("c_preset", "c_H", "c_bhn", "c_signal")
    return comparison_spec(*(initial_value(key, PARAMS[key]) for key in keys))


def comparison_controls() -> dict:
    c1, c2, c3, c4 = st.columns([3, 3, 5, 3], gap="small")
    with c4:
        H = widgets.slider("c_H", t("conventions.H"), PARAMS["c_H"], help=t("conventions.H_help"))
    with c1:
        preset = widgets.select(
            "c_preset",
            t("seq.preset"),
            PARAMS["c_preset"],
            fmt=lambda o: t(f"preset.{o}.name"),
        )
        if H > 1:
            st.caption(t("conventions.random_weights", H=H))
    with c2:
        signal = widgets.select(
            "c_signal", t("seq.signal"), PARAMS["c_signal"], fmt=lambda o: t("signal." + o)
        )
    with c3:
        b_hn = widgets.slider(
            "c_bhn", t("conventions.bhn"), PARAMS["c_bhn"], box=True, help=t("conventions.bhn_help")
        )
    return comparison_spec(preset, H, b_hn, signal)


def line_labels() -> dict[str, str]:
    return {name: t("conventions.line." + name) for name in LINES} | {
        "x": t("symbol.x"),
        "z": t("symbol.z"),
        "h": t("symbol.h"),
        "t": t("seq.t"),
    }


def agreement_table(run: lessons.ConvRun) -> str:
    """The three comparisons as a Markdown table: the pair, the largest |Δh|, same or not."""
    names = line_labels()
    head = [t("conventions.table." + k) for k in ("pair", "diff", "same")]
    rows = ["| " + " | ".join(head) + " |", "|---|---:|---|"]
    for (a, b), d in run.diffs.items():
        same = t("conventions.table.yes" if explain.agrees(d) else "conventions.table.no")
        rows.append(f"| {names[a]} ↔ {names[b]} | {fmt.sci(d, tex=False)} | {same} |")
    return "\n".join(rows)


def comparison() -> None:
    with st.container(border=True):
        spec = comparison_controls()
    run = cached.conv_run(spec)
    steps = np.arange(1, lessons.CONV_T + 1)
    z = {name: run.traces[name].z[:, 0] for name in LINES}
    h = {name: run.traces[name].h[:, 0] for name in LINES}
    fig = plots.conventions_figure(steps, run.x[:, 0], z, h, line_labels())
    chart, words = st.columns([3, 2], gap="large")
    with chart:
        st.plotly_chart(fig, key="conventions", config=plots.config(current_lang()))
        if spec["H"] > 1:
            st.caption(t("conventions.unit_one", H=spec["H"]))
        st.markdown(agreement_table(run))
    with words:
        notes = explain.conventions_notes(run, spec["H"], spec["b_hn"])
        st.markdown(  # one element: each one is redrawn on every slider move
            f"{plots.swatch('z')} **{t('conventions.flips')}** {notes['flip']}\n\n"
            f"{plots.swatch('z')} {notes['twin']}\n\n"
            f"{plots.swatch('r')} **{t('conventions.differs')}** {notes['reset']}"
        )


# ---- part 2: a weight file in the engine -----------------------------------------------------
def uploaded_weights() -> weight_files.LoadedWeights:
    """The uploader and what its file gives.

    A refused file leaves the last file that could be used running, and the page names
    both. That file outlives a run without any file: replacing its file, the widget
    first empties (one run) and then holds the new one.
    """
    # Every type is let through (weight_files.WEIGHT_SUFFIXES): the page says why a file is
    # refused, in its language, where the widget would only mark the file red.
    upload = st.file_uploader(
        t("conventions.upload"),
        key="c_file",
        help=t("conventions.upload_help", mb=MAX_UPLOAD_MB),
        max_upload_size=MAX_UPLOAD_MB,
    )
    if upload is None:
        st.info(t("conventions.upload_waiting"), icon=":material/upload_file:")
        return weight_files.LoadedWeights(None)
    loaded = weight_files.weights_from_file(upload.getvalue(), upload.name)
    if loaded.params is not None:
        st.session_state[KEPT] = (upload.name, loaded.params)
    elif KEPT in st.session_state:
        name, params = st.session_state[KEPT]
        loaded = replace(loaded, params=params, kept=(quote(upload.name), quote(name)))
    return loaded


def file_controls() -> tuple[str, weight_files.LoadedWeights]:
    source = widgets.select(
        "c_source",
        t("conventions.source"),
        PARAMS["c_source"],
        fmt=lambda o: t("conventions.source." + o),
        hide=("upload",) if teacher.hides("c_file") else (),
    )
    if source != "upload" or teacher.hides("c_file"):
        st.session_state.pop(KEPT, None)  # the student left their files
    if source == "lesson":
        return source, weight_files.LoadedWeights(None)
    if source == "upload" and teacher.hides("c_file"):  # a link made outside teacher mode
        st.info(t("conventions.upload_hidden"), icon=":material/upload_file:")
        return source, weight_files.LoadedWeights(None)
    if source == "upload":
        return source, uploaded_weights()
    data = weight_files.sample_bytes(source)
    if data is None:
        return source, weight_files.LoadedWeights(None, t("conventions.sample_missing"))
    return source, weight_files.weights_from_file(data, weight_files.SAMPLES[source][0])


def sample_downloads() -> None:
    """One button per sample file; a file is read only when its button is clicked."""
    with st.container(horizontal=True):
        for name, (filename, _) in weight_files.SAMPLES.items():
            if not weight_files.sample_exists(name):
                continue
            st.download_button(
                filename,
                partial(weight_files.sample_bytes, name),
                file_name=filename,
                mime="application/octet-stream",
                key=f"c_dl_{name}",
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
            )


def weight_downloads(p) -> None:
    """The model as a PyTorch .npz and a Keras JSON, written only when a button is clicked."""
    st.caption(t("conventions.download_as"))
    with st.container(horizontal=True):  # one row block (columns would be one per button)
        st.download_button(
            t("conventions.download_torch"),
            partial(weights_to_bytes, p, layout="torch", fmt="npz"),
            file_name="gru_lab_weights.npz",
            mime="application/octet-stream",
            key="c_dl_torch",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            t("conventions.download_keras"),
            partial(weights_to_bytes, p, layout="keras", fmt="json"),
            file_name="gru_lab_weights_keras.json",
            mime="application/json",
            key="c_dl_keras",
            on_click="ignore",
            icon=":material/download:",
        )


def code_comments(convention: str) -> dict[str, str]:
    keys = ("header", "weights", "input", "model", "loop", "print")
    name = t(f"conv.{convention}.name")
    return {k: t("conventions.code." + k, name=name) for k in keys}


def file_run(convention: str) -> None:
    left, right = st.columns([2, 3], gap="large")
    with left:
        source, loaded = file_controls()
    if loaded.error:
        with left:
            reason = explain.weight_refusal(loaded.code, loaded.fields, loaded.error)
            st.error(t("conventions.bad_file", reason=reason), icon=":material/error:")
            if loaded.kept:
                refused, kept = loaded.kept
                st.warning(
                    t("conventions.kept", refused=refused, last=kept), icon=":material/info:"
                )
            st.caption(t("weights.accepted") + " " + t("conventions.accepted"))
    if source == "lesson":  # the comparison's own run in the sidebar's convention
        run = cached.conv_run(current_spec())
        p, x, tr = run.params.with_convention(convention), run.x, run.traces[convention]
        reference, what = None, t("conventions.what_lesson", name=t(f"conv.{convention}.name"))
    elif loaded.params is not None:
        p = loaded.params
        # the samples' saved input and states (an upload runs on the same input if I = 1)
        sample = source if source in weight_files.SAMPLES else "torch_npz"
        saved = weight_files.sample_reference(sample)
        x = lessons.file_input(p, saved[0] if saved else None)
        tr = forward(p, x)
        reference = None
        if source in weight_files.SAMPLES and saved and saved[1].shape == (len(x), p.hidden_size):
            reference = saved[1]
        what = t(
            "conventions.what_file",
            I=p.input_size,
            H=p.hidden_size,
            name=t(f"conv.{p.convention}.name"),
        )
    else:
        return
    with left:
        st.markdown(what)
        if reference is not None:
            d = float(np.max(np.abs(tr.h - reference)))
            st.success(
                t(
                    "conventions.matches",
                    ref=t(f"conventions.ref.{source}"),
                    d=fmt.sci(d, tex=False),
                ),  # fmt: skip
                icon=":material/check_circle:",
            )
        weight_downloads(p)
    with right:
        labels = {
            "h": t("symbol.h"),
            "t": t("seq.t"),
            "unit": t("seq.unit"),
            "engine": t("conventions.engine"),
            "reference": t("conventions.reference"),
        }
        steps = np.arange(1, len(x) + 1)
        st.plotly_chart(
            plots.units_figure(steps, tr.h, labels, reference),
            key="c_units",
            config=plots.config(current_lang()),
        )
    st.subheader(t("conventions.code_title"))
    snippet = lessons.torch_snippet(p, x, code_comments(p.convention))
    if snippet is None:
        st.warning(t("conventions.code_too_big", n=lessons.SNIPPET_MAX_NUMBERS))
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
    st.code(lessons.states_text(tr.h), language="text", height=300, wrap_lines=True)


def equations_table() -> str:
    """The candidate and the new state of each convention, as a Markdown table."""
    head = [t("conventions.table." + k) for k in ("convention", "candidate", "new_state")]
    rows = ["| " + " | ".join(head) + " |", "|---|---|---|"]
    for c in ("textbook", "cho", "pytorch"):
        eqs = explain.equations(c)
        rows.append(f"| {t(f'conv.{c}.name')} | ${eqs[2]}$ | ${eqs[3]}$ |")
    return "\n".join(rows)


@st.fragment
def lesson(convention: str) -> None:
    # the two parts in tabs, each drawn only while open: a move in one costs the
    # browser nothing for the other's elements (a link to a file opens part 2). An
    # uploaded file lives in its widget, so part 2 stays drawn while it holds one.
    source = initial_value("c_source", PARAMS["c_source"])
    same, file = widgets.lazy_tabs(
        [f"**1 · {t('conventions.same_title')}**", f"**2 · {t('conventions.file_title')}**"],
        PART,
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
                    sample_downloads()
            file_run(convention)


ctx = page_setup(PARAMS, "conventions.title", advanced=ADVANCED)
tour.draw("conventions", TOUR, ctx.convention)
st.markdown(t("conventions.intro"))
st.markdown(equations_table())
st.caption(t("conventions.sidebar_note", name=t(f"conv.{ctx.convention}.name")))
lesson(ctx.convention)

widgets.predict_questions(
    (t("conventions.q1"), t("conventions.a1"), "c_q1"),
    (t("conventions.q2"), t("conventions.a2"), "c_q2"),
)

"""The conventions lesson's controls: its URL parameters, tour, the comparison's widgets,
and the weight file part's widgets (where the file comes from, the uploader, the
download buttons).

Each widget group draws its widgets (every one keyed, so tests and tours drive them by
key) and returns plain values; pages/conventions.py runs the models and draws the charts.
No uploaded text is ever executed or rendered as HTML.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from gru_core import GRUParams, lessons
from gru_core.io import weights_to_bytes
from gru_core.presets import PRESETS
from lab import explain, teacher, tour, weight_files, widgets
from lab.i18n import t
from lab.state import Choice, Int, Num, initial_value
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
    """The comparison's widgets in one row; returns its spec."""
    c1, c2, c3, c4 = st.columns([3, 3, 5, 3], gap="small")
    with c4:
        H = widgets.slider("c_H", t("conventions.H"), PARAMS["c_H"], help=t("conventions.H_help"))
    with c1:
        preset = widgets.select(
            "c_preset",
            t("seq.preset"),
            PARAMS["c_preset"],
            fmt="preset.{}.name",
        )
        if H > 1:
            st.caption(t("conventions.random_weights", H=H))
    with c2:
        signal = widgets.select("c_signal", t("seq.signal"), PARAMS["c_signal"], fmt="signal.{}")
    with c3:
        b_hn = widgets.slider(
            "c_bhn", t("conventions.bhn"), PARAMS["c_bhn"], box=True, help=t("conventions.bhn_help")
        )
    return comparison_spec(preset, H, b_hn, signal)


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


def _source_weights() -> tuple[str, weight_files.LoadedWeights]:
    source = widgets.select(
        "c_source",
        t("conventions.source"),
        PARAMS["c_source"],
        fmt="conventions.source.{}",
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


def file_controls() -> tuple[str, weight_files.LoadedWeights]:
    """Where the model comes from (the lesson, a sample, an upload) and what it gives;
    a refused file is said here, with what is accepted."""
    source, loaded = _source_weights()
    if loaded.error:
        reason = explain.weight_refusal(loaded.code, loaded.fields, loaded.error)
        st.error(t("conventions.bad_file", reason=reason), icon=":material/error:")
        if loaded.kept:
            refused, kept = loaded.kept
            st.warning(t("conventions.kept", refused=refused, last=kept), icon=":material/info:")
        st.caption(t("weights.accepted") + " " + t("conventions.accepted"))
    return source, loaded


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


#: The two files a model is offered as: (label, layout, format, file name, MIME type);
#: each button is keyed c_dl_<layout>.
WEIGHT_DOWNLOADS = (
    ("conventions.download_torch", "torch", "npz", "gru_lab_weights.npz",
     "application/octet-stream"),
    ("conventions.download_keras", "keras", "json", "gru_lab_weights_keras.json",
     "application/json"),
)  # fmt: skip


def weight_downloads(p: GRUParams) -> None:
    """The model as a PyTorch .npz and a Keras JSON, written only when a button is clicked."""
    st.caption(t("conventions.download_as"))
    with st.container(horizontal=True):  # one row block (columns would be one per button)
        for label, layout, fmt, filename, mime in WEIGHT_DOWNLOADS:
            st.download_button(
                t(label),
                partial(weights_to_bytes, p, layout=layout, fmt=fmt),
                file_name=filename,
                mime=mime,
                key=f"c_dl_{layout}",
                on_click="ignore",
                icon=":material/download:",
            )

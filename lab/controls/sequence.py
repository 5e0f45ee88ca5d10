"""The sequence lesson's controls: its URL parameters, tour, widget groups and their
callbacks, the picked step's arithmetic panel and the values table.

Each widget group draws its widgets (every one keyed, so tests and tours drive them
by key) and returns plain values; pages/sequence.py runs the model and draws the
charts from them.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pyarrow as pa
import streamlit as st

from gru_core import lessons
from gru_core.conventions import Convention
from gru_core.presets import PRESETS
from gru_core.signals import OPTIONS, SIGNALS
from lab import explain, fmt, live, plots, teacher, tour, widgets
from lab.i18n import current_lang, t
from lab.state import (
    BOX,
    Choice,
    Flag,
    Int,
    Num,
    Text,
    initial_value,
    set_widget,
)
from lab.uploads import MAX_BYTES, MAX_ROWS, UploadError, read_signal_csv

MAX_T = 200  # longest sequence (frames of the client-side cursor stay cheap)
MAX_H = 16
#: What an uploaded CSV may be (lab.uploads' limits), for the help and the refusals.
CSV_LIMITS = {"mb": MAX_BYTES / 1e6, "max_rows": MAX_ROWS}
INPUTS = (*SIGNALS, "word", "csv")
W = dict(lo=-10.0, hi=10.0, step=0.1)
DEFAULT_W = lessons.preset_weights("remember", "textbook")
#: URL parameters. Defaults: the "remember" preset on a one-step pulse, whose
#: trace stays in h for the whole sequence.
PARAMS = {
    "signal": Choice(INPUTS, "pulse"),
    "T": Int(5, MAX_T, 60),
    "start": Int(0, MAX_T - 1, 5),
    "width": Int(1, 50, 1),
    "amp": Num(-2.0, 2.0, 1.0, 0.1),
    "period": Num(2.0, 100.0, 20.0, 1.0),
    "scale": Num(0.0, 2.0, 0.5, 0.05),
    "wstep": Num(0.0, 0.5, 0.1, 0.01),
    "word": Text("hello world", 40, r"[\w ,.!?'\-]+"),
    "norm": Flag(True),
    "seed": Int(0, 9999, 0),
    "wseed": Int(0, 9999, 0),
    "H": Int(1, MAX_H, 1),
    "gain": Num(0.5, 5.0, 3.0, 0.1),
    "source": Choice(("preset", "sliders"), "preset"),
    "preset": Choice(tuple(PRESETS), "remember"),
    **{k: Num(**W, default=DEFAULT_W[k]) for k in lessons.SLIDER_WEIGHTS},
    # gate override (the held values are in the convention's own meaning of z)
    "ov": Choice(lessons.OVERRIDES, "none"),
    "ov_r": Num(0.0, 1.0, 0.0, 0.01),
    "ov_z": Num(0.0, 1.0, 0.5, 0.01),
    # the step whose arithmetic is shown (and whose state the memory row follows)
    "t": Int(1, MAX_T, 6),
    "unit": Int(1, MAX_H, 1),
}
GATES = lessons.GATE_WEIGHTS
#: Hidden in teacher mode: the model's internals and the data plumbing.
ADVANCED = ("H", "wseed", "gain", "source", *lessons.SLIDER_WEIGHTS, "csv", "norm", "seed")
REVEAL = "_seq_reveal"  # how many of r, h̃, z, h the detail panel shows (session only)


#: A switch between take-new and keep-past z mirrors the held z (z -> 1 - z) in place:
#: the same model, so the picture stays where it was (lab.state.follow_convention).
MIRRORS = (("ov_z", "ov_z", lambda z: 1.0 - z),)

ALL = {REVEAL: 4}  # a tour step shows the whole arithmetic, except where it builds it up


def _no_update(conv: Convention) -> dict:
    return ALL | {"ov": "hold_z", "ov_z": conv.take_all_z, "t": 8}


#: The guided tour: each step resets the lesson, then sets these widgets.
TOUR = (
    tour.Step("remember", ALL | {"preset": "remember", "t": 6}),
    tour.Step("forget", ALL | {"preset": "forget_quickly", "t": 6}, keep_text=True),
    tour.Step("reset", ALL | {"preset": "reset_the_past", "width": 10, "t": 16}),
    tour.Step("no_update", _no_update, keep_text=True),
    tour.Step("rnn", {REVEAL: 0, "ov": "rnn", "t": 7}, keep_text=True),
)


# ---- callbacks -----------------------------------------------------------------------
def pick_from_chart() -> None:
    """A click on a point of the chart picks that step for the detail panel and starts
    its arithmetic from the beginning: *Next* then reveals r, h̃, z, h in turn."""
    step = plots.picked_step(live.picked("sequence"), MAX_T)
    if step is not None:
        set_widget("t", step)
        st.session_state[REVEAL] = 0


def reveal(n: int) -> None:
    st.session_state[REVEAL] = n


def load_preset_into_sliders() -> None:
    """Switching to sliders starts them from the preset on show (same picture)."""
    if st.session_state.get("source") == "sliders":
        conv = st.session_state.get("conv", "textbook")
        name = st.session_state.get("preset", PARAMS["preset"].default)
        for k, value in lessons.preset_weights(name, conv).items():
            set_widget(k, max(W["lo"], min(W["hi"], round(value, 2))))


def use_preset_signal() -> None:
    """A preset comes with the input that shows its story best."""
    p = PRESETS[st.session_state["preset"]]
    st.session_state["signal"] = p.signal
    names = {"start": "start", "width": "width", "scale": "scale", "period": "period"}
    for opt, value in p.signal_options.items():
        if opt in names:
            set_widget(names[opt], value)


# ---- controls --------------------------------------------------------------------------
def signal_controls() -> dict | None:
    """The input part of the spec, or None (with the reason shown) when there is none.

    Draws the signal picker and length in the current column and the signal's
    own options in a second column beside it.
    """
    sig = widgets.select(
        "signal",
        t("seq.signal"),
        PARAMS["signal"],
        fmt="signal.{}",
        hide=("csv",) if teacher.hides("csv") else (),
    )
    if sig == "word":
        word = widgets.text("word", t("seq.word"), PARAMS["word"], help=t("seq.word_help"))
        return None if word is None else {"signal": "word", "word": word}
    if sig == "csv":
        return csv_controls()
    T = widgets.slider("T", t("seq.T"), PARAMS["T"])
    return {"signal": sig, "T": T, "options": {}, "sliders": {"T": T}}


#: The slider that sets a generator's option (gru_core.signals.OPTIONS' names), where
#: their names differ.
SLIDER_OF = {"level": "amp", "amplitude": "amp", "step": "wstep"}
#: Each generator's own sliders (their keys), in the order they are drawn.
OPTION_SLIDERS = {sig: tuple(SLIDER_OF.get(o, o) for o in opts) for sig, opts in OPTIONS.items()}
#: The label of each option's slider.
_OPTION_LABEL = {"start": "seq.start", "width": "seq.width", "level": "seq.level",
                 "period": "seq.period", "amplitude": "seq.amplitude", "scale": "seq.scale",
                 "step": "seq.wstep"}  # fmt: skip


def options_of(sig: str, T: int, sliders: dict) -> dict:
    """A generator's options from its sliders' values (by key): a step or a pulse starts
    before the end, a pulse ends by it."""
    o = {opt: sliders[SLIDER_OF.get(opt, opt)] for opt in OPTIONS.get(sig, ())}
    if "start" in o:
        o["start"] = min(int(o["start"]), T - 1)
    if "width" in o:
        o["width"] = min(int(o["width"]), T - o["start"])
    return o


def signal_options(spec: dict) -> None:
    """The chosen generator's own options (start, width, period, ...), into spec["options"];
    their sliders' values into spec["sliders"]."""
    sig = spec["signal"]
    for opt in OPTIONS.get(sig, ()):
        key = SLIDER_OF.get(opt, opt)
        spec["sliders"][key] = widgets.slider(key, t(_OPTION_LABEL[opt]), PARAMS[key])
    spec["options"] = options_of(sig, spec["T"], spec["sliders"])
    if sig in ("noise", "random_walk"):
        spec["signal_seed"] = widgets.number("seed", t("seq.seed"), PARAMS["seed"])


def with_slider(spec: dict, key: str, value: float) -> dict:
    """``spec`` (a run's, with "sliders": the sliders it was made from, and "ov": the
    override's mode) as slider ``key`` at ``value`` makes it: the live chart's frames."""
    sliders = spec["sliders"] | {key: value}
    out = spec | {"sliders": sliders}
    if key == "T":
        out["T"] = int(value)
    if key == "T" or key in OPTION_SLIDERS.get(spec["signal"], ()):
        out["options"] = options_of(spec["signal"], out["T"], sliders)
    elif key in ("ov_r", "ov_z"):
        out["clamp_r"], out["clamp_z"] = lessons.override_clamps(
            spec["ov"], sliders.get("ov_r", 0.0), sliders.get("ov_z", 0.0), spec["convention"]
        )
    elif key in (spec.get("weights") or {}):
        out["weights"] = spec["weights"] | {key: value}
    return out


def csv_controls() -> dict | None:
    if teacher.hides("csv"):  # a link with signal=csv opened in teacher mode
        st.info(t("seq.csv_hidden"), icon=":material/upload_file:")
        return None
    upload = st.file_uploader(
        t("seq.csv"),
        type=["csv", "txt"],
        key="csv_file",
        help=t("seq.csv_help", max_T=MAX_T, **CSV_LIMITS),
    )
    norm = widgets.toggle("norm", t("seq.norm"), PARAMS["norm"])
    if upload is None:
        st.info(t("seq.csv_waiting"))
        return None
    try:
        col = read_signal_csv(upload.getvalue(), max_rows=MAX_T)
    except UploadError as e:
        st.error(t(e.key, **e.fmt) + " " + t("upload.accepted", **CSV_LIMITS))
        return None
    values = col.values
    span = float(abs(values).max())
    scaled = norm and span > 0 and span != 1.0
    if scaled:
        values = values / span
    st.caption(t("seq.csv_read", rows=len(values), column=col.column, columns=col.columns))
    if col.truncated:
        st.warning(t("seq.csv_truncated", rows=col.rows, kept=MAX_T))
    # the divisor travels with the input: the note about it sits beside the chart
    return {"signal": "values", "values": [float(v) for v in values]} | (
        {"scaled_by": span} if scaled else {}
    )


def model_controls(convention: Convention) -> dict:
    """The model part of the spec: H, and weights from a preset, a seed, or (when
    "weights" is None) the sliders that ``weight_sliders`` draws below; in a row."""
    c_size, c_source, c_pick = st.columns(3, gap="medium")
    with c_size:
        H = widgets.slider("H", t("seq.H"), PARAMS["H"], help=t("seq.H_help"))
    if H > 1:
        with c_source:
            seed = widgets.number("wseed", t("seq.seed_weights"), PARAMS["wseed"])
        with c_pick:
            gain = widgets.slider("gain", t("seq.gain"), PARAMS["gain"], help=t("seq.gain_help"))
        st.caption(t("seq.random_weights", H=H))
        return {"H": H, "weight_seed": seed, "gain": gain, "convention": convention}
    with c_source:
        source = widgets.radio(
            "source",
            t("seq.source"),
            PARAMS["source"],
            fmt="seq.source.{}",
            on_change=load_preset_into_sliders,
        )
    if source == "preset":
        with c_pick:
            name = widgets.select(
                "preset",
                t("seq.preset"),
                PARAMS["preset"],
                fmt="preset.{}.name",
                on_change=use_preset_signal,
            )
        return {"H": 1, "preset": name, "convention": convention}
    return {"H": 1, "weights": None, "convention": convention}  # sliders: drawn below


def weight_sliders(convention: Convention) -> dict[str, float]:
    weights = {"b_hn": 0.0}
    for col, (q, names) in zip(st.columns(3), GATES.items(), strict=True):
        with col:
            st.markdown(f"{plots.swatch(q)} **{t('gate.' + q)}**")
            for name in names:
                weights[name] = widgets.slider(name, t("w." + name), PARAMS[name], box=True)
            if q == "h_tilde" and convention.reset_after:
                weights["b_hn"] = widgets.slider("b_hn", t("w.b_hn"), PARAMS["b_hn"], box=True)
    return weights


def override_controls(convention: Convention) -> dict:
    """The gate override: its mode ("ov"), the held values' sliders ("sliders") and the
    clamps for the forward pass ("clamp_r", "clamp_z")."""
    fam = convention.z_family
    left, mid, right = st.columns([4, 4, 5], gap="medium")
    with left:
        st.markdown(f"{plots.swatch('r')} {plots.swatch('z')} **{t('override.title')}**")
        mode = widgets.select(
            "ov",
            t("override.mode"),
            PARAMS["ov"],
            fmt=lambda o: t(f"override.mode.{o}.{fam}" if o == "rnn" else f"override.mode.{o}"),
            help=t("override.help"),
        )
    r_at = z_at = 0.0
    sliders = {}
    with mid:
        if mode in ("hold_r", "hold_both"):
            r_at = sliders["ov_r"] = widgets.slider("ov_r", t("override.r_at"), PARAMS["ov_r"],
                                                    box=True)  # fmt: skip
        if mode in ("hold_z", "hold_both"):
            z_at = sliders["ov_z"] = widgets.slider("ov_z", t("override.z_at"), PARAMS["ov_z"],
                                                    box=True)  # fmt: skip
    clamp_r, clamp_z = lessons.override_clamps(mode, r_at, z_at, convention)
    with right:
        st.markdown(explain.override_note(mode, r_at, z_at, convention))
    if mode != "none":
        lines = explain.override_latex(mode, r_at, z_at, convention)
        for col, line in zip(st.columns(len(lines)), lines, strict=True):
            with col:
                st.latex(line)
    return {"ov": mode, "sliders": sliders, "clamp_r": clamp_r, "clamp_z": clamp_z}


def detail_panel(run: lessons.Run, T: int, H: int, convention: Convention) -> None:
    """One step's arithmetic with the real numbers, revealed r → h̃ → z → h."""
    tr = run.trace
    st.markdown(f"**{t('detail.title')}**")
    controls, shown = st.columns([2, 5], gap="large")
    with controls:
        k = detail_step(T) - 1
        j = 0
        if H > 1:
            j = widgets.slider("unit", t("detail.unit"), within("unit", H)) - 1
        n = int(st.session_state.get(REVEAL, len(explain.DETAIL_ORDER)))
        nxt = explain.DETAIL_ORDER[n] if n < len(explain.DETAIL_ORDER) else None
        done = len(explain.DETAIL_ORDER)
        label = t("detail.next", name=t(f"quantity.{nxt}")) if nxt else t("detail.done")
        widgets.button("detail_next", label, "skip_next", reveal, n + 1, disabled=nxt is None,
                       kind="primary")  # fmt: skip
        widgets.button("detail_all", t("detail.all"), "done_all", reveal, done,
                       disabled=nxt is None)  # fmt: skip
        widgets.button("detail_restart", t("detail.restart"), "replay", reveal, 0, disabled=n == 0)
        st.caption(t("detail.pick_hint"))
    latex = explain.step_latex(run.params, tr, k, j, convention)
    blocks = dict(zip(("r", "z", "h_tilde", "h"), latex, strict=True))
    with shown:
        if H == 1 and tr.x.shape[1] == 1:  # the cell at the cursor (one input, one unit)
            step_cell(tr, k, convention)
        st.markdown(t("detail.inputs", t=k + 1))
        st.latex(explain.inputs_latex(tr, k, j))
        if tr.x.shape[1] > 1 and run.inputs.names:
            letter = run.inputs.names[int(tr.x[k].argmax())]
            st.caption(t("detail.letter", letter="␣" if letter == " " else letter))
        if H > 1:
            st.caption(t("detail.unit_note", j=j + 1, H=H))
        # the revealed steps in one Markdown element (display math between $$): every
        # element of the lesson is redrawn by the browser on each slider move
        parts = []
        for i, q in enumerate(explain.DETAIL_ORDER[:n]):
            parts.append(f"{plots.swatch(q)} **{i + 1}. {t('detail.step.' + q)}**")
            parts.append(f"$$\n{blocks[q]}\n$$")
            held = {"r": tr.clamp_r, "z": tr.clamp_z}.get(q)
            if held is not None:
                a = float((tr.a_r if q == "r" else tr.a_z)[k, j])
                note = t(
                    "detail.held",
                    name=t("quantity." + q),
                    value=fmt.fixed(held, 2),
                    free=fmt.fixed(1.0 / (1.0 + math.exp(-a)), 3),
                )
                parts.append(f":gray[{note}]")
        if parts:
            st.markdown("\n\n".join(parts))


def step_cell(tr, k: int, convention: Convention) -> None:
    """The cell at step k + 1, and as the chart's time cursor moves (its slider, its
    play button), at the cursor's step."""
    st.caption(t("detail.cell"))
    fig = plots.sequence_cell_diagram(tr, k + 1, explain.cell_labels(), convention)
    words = explain.cell_in_words(tr, convention, k)
    run_id = hashlib.sha1(tr.x.tobytes() + tr.h.tobytes()).hexdigest()[:16]
    version = f"{run_id}-{k}"
    live.figure("step_cell", fig, current_lang(), label=words, zoom=live.CELL_WIDTH,
                version=version)  # fmt: skip
    frames = plots.sequence_cell_frames(tr, live.leaf_names(fig), convention)
    cursor = live.Family(Int(1, len(frames), k + 1), frames, chart="sequence")
    live.frames("step_cell", version, {"cursor": cursor})


def within(key: str, hi: int) -> Int:
    """The spec of an index widget whose range shrinks with the run (1 .. hi); a value
    beyond it (from the URL or an earlier run) is moved to hi before the widget draws."""
    if key not in st.session_state:
        st.session_state[key] = initial_value(key, PARAMS[key])
    for k in (key, key + BOX):
        if k in st.session_state and st.session_state[k] > hi:
            st.session_state[k] = hi
    return Int(1, hi, min(PARAMS[key].default, hi))


def detail_step(T: int) -> int:
    """The "step t" slider and box (1 .. T); a click on the chart sets it too."""
    return widgets.slider("t", t("detail.t"), within("t", T), box=True)


# ---- outputs ------------------------------------------------------------------------------
def figure_labels() -> dict[str, str]:
    labels = {}
    for q in plots.QUANTITIES:
        labels[q] = t("quantity." + q)
        labels[q + "_sym"] = t("symbol." + q)
    labels |= {
        "t": t("seq.t"),
        "unit": t("seq.unit"),
        "input": t("seq.letter"),
        "play": t("seq.play"),
        "pause": t("seq.pause"),
    }
    return labels


def values_table(run: lessons.Run) -> pa.Table:
    """The table of every value on the chart, one row per step (an Arrow table: st.dataframe
    sends it as it is, where a DataFrame cost ~3 ms of conversion at T=200, H=16)."""
    tr = run.trace
    T, H = tr.h.shape
    cols = {"t": np.arange(1, T + 1)}
    names = run.inputs.names or ("x",)
    for i, name in enumerate(names):
        cols[name if run.inputs.names is None else f"x[{'␣' if name == ' ' else name}]"] = tr.x[
            :, i
        ]
    for q, a in (("r", tr.r), ("z", tr.z), ("h_tilde", tr.h_tilde), ("h", tr.h)):
        for j in range(H):
            cols[q if H == 1 else f"{q}[{j + 1}]"] = a[:, j]
    return pa.table(cols)


def csv_bytes(table: pa.Table) -> bytes:
    """The values table as CSV, written only when the download button is clicked
    (Streamlit calls it then): writing it cost ~15 ms of every rerun at T=200, H=16."""
    return table.to_pandas().to_csv(index=False).encode("utf-8")

"""Lesson 3: a sequence, step by step.

Pick an input signal and the weights (a named preset or sliders; random weights
for more than one unit); the stacked, time-aligned charts show x, r, z, h̃ and
h, with a time cursor that moves in the browser (slider and play button).
"""

import pandas as pd
import streamlit as st

from gru_core.presets import PRESETS
from gru_core.signals import SIGNALS
from lab import compute, explain, plots, widgets
from lab.i18n import t
from lab.state import BOX, Choice, Flag, Int, Num, Text, page_setup
from lab.uploads import UploadError, quote, read_signal_csv

MAX_T = 200  # longest sequence (frames of the client-side cursor stay cheap)
MAX_H = 16
INPUTS = (*SIGNALS, "word", "csv")
W = dict(lo=-10.0, hi=10.0, step=0.1)
DEFAULT_W = compute.preset_weights("remember", "textbook")
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
    **{k: Num(**W, default=DEFAULT_W[k]) for k in compute.SLIDER_WEIGHTS},
}
GATES = compute.GATE_WEIGHTS


# ---- callbacks -----------------------------------------------------------------------
def _set(key: str, value) -> None:
    st.session_state[key] = value
    if key + BOX in st.session_state:
        st.session_state[key + BOX] = value


def load_preset_into_sliders() -> None:
    """Switching to sliders starts them from the preset on show (same picture)."""
    if st.session_state.get("source") == "sliders":
        conv = st.session_state.get("conv", "textbook")
        name = st.session_state.get("preset", PARAMS["preset"].default)
        for k, value in compute.preset_weights(name, conv).items():
            _set(k, max(W["lo"], min(W["hi"], round(value, 2))))


def use_preset_signal() -> None:
    """A preset comes with the input that shows its story best."""
    p = PRESETS[st.session_state["preset"]]
    st.session_state["signal"] = p.signal
    names = {"start": "start", "width": "width", "scale": "scale", "period": "period"}
    for opt, value in p.signal_options.items():
        if opt in names:
            _set(names[opt], value)


# ---- controls --------------------------------------------------------------------------
def signal_controls() -> dict | None:
    """The input part of the spec, or None (with the reason shown) when there is none.

    Draws the signal picker and length in the current column and the signal's
    own options in a second column beside it.
    """
    sig = widgets.select(
        "signal", t("seq.signal"), PARAMS["signal"], fmt=lambda o: t("signal." + o)
    )
    if sig == "word":
        word = widgets.text("word", t("seq.word"), PARAMS["word"], help=t("seq.word_help"))
        return None if word is None else {"signal": "word", "word": word}
    if sig == "csv":
        return csv_controls()
    T = widgets.slider("T", t("seq.T"), PARAMS["T"])
    return {"signal": sig, "T": T, "options": {}}


def signal_options(spec: dict) -> None:
    """The chosen generator's own options (start, width, period, ...), into spec["options"]."""
    sig, T, o = spec["signal"], spec["T"], spec["options"]
    if sig in ("step", "pulse"):
        o["start"] = min(widgets.slider("start", t("seq.start"), PARAMS["start"]), T - 1)
        if sig == "pulse":
            width = widgets.slider("width", t("seq.width"), PARAMS["width"])
            o["width"] = min(width, T - o["start"])
        o["level"] = widgets.slider("amp", t("seq.level"), PARAMS["amp"])
    elif sig in ("sine", "square"):
        o["period"] = widgets.slider("period", t("seq.period"), PARAMS["period"])
        o["amplitude"] = widgets.slider("amp", t("seq.amplitude"), PARAMS["amp"])
    elif sig == "noise":
        o["scale"] = widgets.slider("scale", t("seq.scale"), PARAMS["scale"])
    elif sig == "random_walk":
        o["step"] = widgets.slider("wstep", t("seq.wstep"), PARAMS["wstep"])
    if sig in ("noise", "random_walk"):
        spec["signal_seed"] = widgets.number("seed", t("seq.seed"), PARAMS["seed"])


def csv_controls() -> dict | None:
    upload = st.file_uploader(
        t("seq.csv"), type=["csv", "txt"], key="csv_file", help=t("seq.csv_help", max_T=MAX_T)
    )
    norm = widgets.toggle("norm", t("seq.norm"), PARAMS["norm"])
    if upload is None:
        st.info(t("seq.csv_waiting"))
        return None
    try:
        col = read_signal_csv(upload.getvalue(), max_rows=MAX_T)
    except UploadError as e:
        st.error(t(e.key, **e.fmt) + " " + t("upload.accepted"))
        return None
    values = col.values
    if norm:
        span = float(abs(values).max())
        values = values / span if span > 0 else values
    st.caption(t("seq.csv_read", rows=len(values), column=col.column, columns=col.columns))
    if col.truncated:
        st.warning(t("seq.csv_truncated", rows=col.rows, kept=MAX_T))
    return {"signal": "values", "values": [float(v) for v in values]}


def model_controls(convention: str) -> dict:
    """The model part of the spec: H, and weights from a preset, a seed, or (when
    "weights" is None) the sliders that ``weight_sliders`` draws below."""
    H = widgets.slider("H", t("seq.H"), PARAMS["H"], help=t("seq.H_help"))
    if H > 1:
        seed = widgets.number("wseed", t("seq.seed_weights"), PARAMS["wseed"])
        gain = widgets.slider("gain", t("seq.gain"), PARAMS["gain"], help=t("seq.gain_help"))
        st.caption(t("seq.random_weights", H=H))
        return {"H": H, "weight_seed": seed, "gain": gain, "convention": convention}
    source = widgets.radio(
        "source",
        t("seq.source"),
        PARAMS["source"],
        fmt=lambda o: t("seq.source." + o),
        on_change=load_preset_into_sliders,
    )
    if source == "preset":
        name = widgets.select(
            "preset",
            t("seq.preset"),
            PARAMS["preset"],
            fmt=lambda o: t(f"preset.{o}.name"),
            on_change=use_preset_signal,
        )
        return {"H": 1, "preset": name, "convention": convention}
    return {"H": 1, "weights": None, "convention": convention}  # sliders: drawn below


def weight_sliders(convention: str) -> dict[str, float]:
    weights = {"b_hn": 0.0}
    for col, (q, names) in zip(st.columns(3), GATES.items(), strict=True):
        with col:
            st.markdown(f"{plots.swatch(q)} **{t('gate.' + q)}**")
            for name in names:
                weights[name] = widgets.slider(name, t("w." + name), PARAMS[name], box=True)
            if q == "h_tilde" and convention == "pytorch":
                weights["b_hn"] = widgets.slider("b_hn", t("w.b_hn"), PARAMS["b_hn"], box=True)
    return weights


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


def values_table(run: compute.Run) -> pd.DataFrame:
    tr = run.trace
    T, H = tr.h.shape
    cols = {"t": range(1, T + 1)}
    names = run.inputs.names or ("x",)
    for i, name in enumerate(names):
        cols[name if run.inputs.names is None else f"x[{'␣' if name == ' ' else name}]"] = tr.x[
            :, i
        ]
    for q, a in (("r", tr.r), ("z", tr.z), ("h_tilde", tr.h_tilde), ("h", tr.h)):
        for j in range(H):
            cols[q if H == 1 else f"{q}[{j + 1}]"] = a[:, j]
    return pd.DataFrame(cols)


@st.fragment
def lesson(convention: str) -> None:
    with st.container(border=True):
        c_sig, c_opt, c_model = st.columns(3, gap="medium")
        with c_sig:
            st.markdown(f"{plots.swatch('x')} **{t('seq.input')}**")
            sig = signal_controls()
        with c_opt:
            if sig is not None and "options" in sig:
                signal_options(sig)
        with c_model:
            st.markdown(f"{plots.swatch('h')} **{t('seq.model')}**")
            model = model_controls(convention)
        if "weights" in model:
            model["weights"] = weight_sliders(convention)
    if sig is None:
        return
    spec = sig | model
    try:
        run = compute.run(spec)
    except ValueError as e:  # an impossible combination: say so, keep the page alive
        st.error(t("seq.cannot_run", reason=quote(str(e), 200)))
        return
    tr = run.trace
    steps = list(range(1, tr.h.shape[0] + 1))
    arrays = {"x": tr.x, "r": tr.r, "z": tr.z, "h_tilde": tr.h_tilde, "h": tr.h}
    cursor = spec.get("options", {}).get("start", 0)
    fig = plots.sequence_figure(
        steps, arrays, figure_labels(), x_names=run.inputs.names, cursor=cursor
    )
    st.plotly_chart(fig, key="sequence", config=plots.CONFIG)
    notes = explain.sequence_notes(tr, convention)
    if spec.get("preset"):
        preset = "preset." + spec["preset"]
        st.markdown(f"**{t(preset + '.name')}**: {t(preset + '.story')}")
    if tr.h.shape[1] > 1:
        st.caption(t("explain.mean_over_units", H=tr.h.shape[1]))
    left, right = st.columns(2, gap="large")
    with left:
        for q in ("x", "r", "z"):
            st.markdown(f"{plots.swatch(q)} {notes[q]}")
    with right:
        for q in ("h_tilde", "h"):
            st.markdown(f"{plots.swatch(q)} {notes[q]}")
        st.caption(t("seq.cursor_hint"))
    with st.expander(t("seq.table"), key="table_open"):
        df = values_table(run)
        st.dataframe(df, key="table", hide_index=True, height=260)
        st.download_button(
            t("seq.download"),
            df.to_csv(index=False).encode("utf-8"),
            file_name="gru_sequence.csv",
            mime="text/csv",
            key="download",
            on_click="ignore",
            icon=":material/download:",
        )


ctx = page_setup(PARAMS, "seq.title")
st.markdown(t("seq.intro"))
st.caption(t("common.convention_shown", name=t(f"conv.{ctx.convention}.name")))
lesson(ctx.convention)

st.subheader(t("common.predict"))
q1, q2 = st.columns(2)
with q1, st.expander(t("seq.q1"), key="q1"):
    st.markdown(t("seq.a1"))
with q2, st.expander(t("seq.q2"), key="q2"):
    st.markdown(t("seq.a2"))

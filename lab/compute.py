"""What the pages compute, as pure functions of one plain spec, cached per process.

A spec is a small dict of numbers and names (JSON-able). Each cached function
takes the spec as ONE canonical JSON string: ``st.cache_data`` folds several
arguments into one hash without separators (streamlit#16559), so two different
argument tuples could share an entry; one string cannot. The cached values are
frozen records, and ``st.cache_data`` hands every caller its own copy.

    params_from_spec(spec)  -> GRUParams      weights from sliders, a preset or a seed
    inputs_from_spec(spec)  -> Inputs         x (T, I) and the names of its columns
    run(spec)               -> Run            the forward trace, cached
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import streamlit as st

from gru_core import GRUParams, GRUTrace, forward
from gru_core.conventions import CONVENTIONS, Z_KEEPS_PAST
from gru_core.gru import gradient_flow
from gru_core.io import WeightFileError, load_weights
from gru_core.memory import half_life, memory_readout
from gru_core.presets import PRESETS, WEIGHT_NAMES, preset_params
from gru_core.rnn import RNNParams, rnn_forward, rnn_gradient_flow
from gru_core.signals import make_signal, text_one_hot
from lab.uploads import quote

#: The sliders' names: the nine textbook weights plus PyTorch's recurrent candidate bias.
SLIDER_WEIGHTS = (*WEIGHT_NAMES, "b_hn")

#: The sliders of each gate, in the order of its equation (b_hn only for pytorch).
GATE_WEIGHTS = {
    "r": ("W_xr", "W_hr", "b_r"),
    "z": ("W_xz", "W_hz", "b_z"),
    "h_tilde": ("W_xh", "W_hh", "b_h"),
}

#: The single step lessons 1 and 2 open with: the past says −0.6, the input pulls
#: up, and z = σ(−1) ≈ 0.27 decides how far h moves (textbook: h_t ≈ −0.19).
STORY_STEP = {
    "x": 1.0,
    "h_prev": -0.6,
    "W_xr": 1.0,
    "W_hr": 1.0,
    "b_r": 0.0,
    "W_xz": 1.0,
    "W_hz": 0.0,
    "b_z": -2.0,
    "W_xh": 2.0,
    "W_hh": 1.0,
    "b_h": 0.0,
    "b_hn": 0.0,
}


@dataclass(frozen=True)
class Inputs:
    x: np.ndarray  # (T, I)
    names: tuple[str, ...] | None = None  # column names (letters of a word), None for I = 1


@dataclass(frozen=True)
class Run:
    """One forward pass and what produced it."""

    params: GRUParams
    inputs: Inputs
    trace: GRUTrace  # unbatched: r, z, h_tilde, h are (T, H)


def weights_of(p: GRUParams) -> dict[str, float]:
    """The slider values that reproduce a 1-input, 1-unit ``p`` (b_r = b_xr + b_hr, ...)."""
    if p.input_size != 1 or p.hidden_size != 1:
        raise ValueError("slider weights exist only for a 1-input, 1-unit GRU")
    s = lambda a: float(np.asarray(a).ravel()[0])  # noqa: E731
    return {
        "W_xr": s(p.W_xr),
        "W_hr": s(p.W_hr),
        "b_r": s(p.b_r),
        "W_xz": s(p.W_xz),
        "W_hz": s(p.W_hz),
        "b_z": s(p.b_z),
        "W_xh": s(p.W_xh),
        "W_hh": s(p.W_hh),
        "b_h": s(p.b_xh),
        "b_hn": s(p.b_hh),
    }


def preset_weights(name: str, convention: str) -> dict[str, float]:
    """A preset's weights as slider values under ``convention``."""
    return weights_of(preset_params(name, convention))


def _letter_vectors(seed: int, V: int) -> np.ndarray:
    """(3, V) one input weight per letter and gate, U(−1, 1): letters differ, sliders scale."""
    return np.random.default_rng(seed).uniform(-1.0, 1.0, (3, V))


def params_from_spec(spec: dict, input_size: int = 1) -> GRUParams:
    """GRUParams from spec["weights"] (slider values), spec["preset"], or for H > 1
    PyTorch's random initialisation from spec["weight_seed"] times spec["gain"].

    With several inputs (a word's letters), each slider's input weight W_xg is
    spread over the letters as W_xg · e_g with e_g drawn from spec["weight_seed"].
    """
    conv = spec["convention"]
    H = int(spec.get("H", 1))
    if H > 1:
        rng = np.random.default_rng(int(spec.get("weight_seed", 0)))
        p = GRUParams.init(input_size, H, rng, convention=conv)
        gain = float(spec.get("gain", 1.0))
        return replace(
            p,
            weight_ih=p.weight_ih * gain,
            weight_hh=p.weight_hh * gain,
            bias_ih=p.bias_ih * gain,
            bias_hh=p.bias_hh * gain,
        )
    if spec.get("preset"):
        w = preset_weights(spec["preset"], conv)
    else:
        w = {k: float(spec["weights"].get(k, 0.0)) for k in SLIDER_WEIGHTS}
    W_x = {"W_xr": w["W_xr"], "W_xz": w["W_xz"], "W_xh": w["W_xh"]}
    if input_size > 1:
        e = _letter_vectors(int(spec.get("weight_seed", 0)), input_size)
        W_x = {k: w[k] * e[g][None, :] for g, k in enumerate(W_x)}
    return GRUParams.from_gates(
        W_xr=W_x["W_xr"],
        W_hr=w["W_hr"],
        b_r=w["b_r"],
        W_xz=W_x["W_xz"],
        W_hz=w["W_hz"],
        b_z=w["b_z"],
        W_xh=W_x["W_xh"],
        W_hh=w["W_hh"],
        b_h=w["b_h"],
        b_hh=w["b_hn"] if conv == "pytorch" else None,
        convention=conv,
    )


def inputs_from_spec(spec: dict) -> Inputs:
    """x (T, I) from spec["signal"]: a generator name, "word" (spec["word"]) or
    "values" (spec["values"], a list of numbers: an upload, or one step)."""
    sig = spec["signal"]
    if sig == "word":
        x, alphabet = text_one_hot(spec["word"])
        return Inputs(x=x, names=alphabet)
    if sig == "values":
        return Inputs(x=np.asarray(spec["values"], dtype=np.float64).reshape(-1, 1))
    return Inputs(
        x=make_signal(
            sig, int(spec["T"]), seed=int(spec.get("signal_seed", 0)), **spec.get("options", {})
        )
    )


def simulate(spec: dict) -> Run:
    """Uncached: inputs, parameters and the forward trace for ``spec``."""
    inputs = inputs_from_spec(spec)
    p = params_from_spec(spec, input_size=inputs.x.shape[1])
    h0 = spec.get("h0")
    h0 = None if h0 is None else np.full(p.hidden_size, float(h0))
    trace = forward(p, inputs.x, h0, clamp_r=spec.get("clamp_r"), clamp_z=spec.get("clamp_z"))
    return Run(params=p, inputs=inputs, trace=trace)


@st.cache_data(max_entries=512, show_spinner=False)
def _run_json(spec_json: str) -> Run:
    return simulate(json.loads(spec_json))


def run(spec: dict) -> Run:
    """``simulate(spec)``, cached on the spec's canonical JSON text."""
    return _run_json(json.dumps(spec, sort_keys=True, separators=(",", ":")))


def one_step_spec(weights: dict, x: float, h_prev: float, convention: str) -> dict:
    """The spec of a single step x_1 = x from h_0 = h_prev (lesson 2)."""
    return {
        "convention": convention,
        "weights": {k: float(weights[k]) for k in SLIDER_WEIGHTS if k in weights},
        "signal": "values",
        "values": [float(x)],
        "h0": float(h_prev),
    }


# ---- lesson 3 (issue 4): gate overrides and the memory readout -------------------------
#: Gate overrides, in the order a class meets them. "update_only": r ≡ 1 (the candidate
#: always sees the whole past); "hold_z": z held ("only a reset gate"); "rnn": r ≡ 1 and
#: z at the value that takes the whole candidate (a plain tanh RNN); "hold_r", "hold_both":
#: the gates held at chosen values.
OVERRIDES = ("none", "update_only", "hold_z", "rnn", "hold_r", "hold_both")


def take_all_z(convention: str) -> float:
    """The update gate value that makes h_t = h̃_t: 1 (textbook), 0 (cho, pytorch: z keeps)."""
    return 0.0 if convention in Z_KEEPS_PAST else 1.0


def override_clamps(
    mode: str, r_at: float, z_at: float, convention: str
) -> tuple[float | None, float | None]:
    """(clamp_r, clamp_z) for ``forward`` under an override (None: the gate is free).

    With r ≡ 1 and z ≡ take_all_z the cell is a plain tanh RNN:
    textbook/cho h_t = h̃_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h);
    pytorch h_t = n_t = tanh(W_xh x_t + b_xh + W_hh h_{t-1} + b_hh).
    """
    if mode not in OVERRIDES:
        raise ValueError(f"override must be one of {OVERRIDES}, got {mode!r}")
    return {
        "none": (None, None),
        "update_only": (1.0, None),
        "hold_z": (None, float(z_at)),
        "rnn": (1.0, take_all_z(convention)),
        "hold_r": (float(r_at), None),
        "hold_both": (float(r_at), float(z_at)),
    }[mode]


def memory_curve(trace: GRUTrace, start: int, unit: int = 0) -> tuple[np.ndarray, int | None]:
    """The share of h_start that the keep path carries into each h_t, for one unit.

    M_t = ∏_{k=start+1}^{t} k_k (k = 1 − z textbook, z cho/pytorch), (T,) with nan
    before ``start`` (``gru_core.memory.memory_readout``); and the number of steps
    after ``start`` until M first falls to ½ or below (None: not within the sequence).
    """
    m = memory_readout(trace, start=int(start))[:, int(unit)]
    after = m[int(start) :]  # steps start+1 .. T
    below = np.flatnonzero(after <= 0.5)
    return m, (int(below[0]) + 1 if below.size else None)


# ---- lesson 4: forgetting vs remembering ---------------------------------------------
#: The step at which lesson 4's pulse (the "fact") arrives.
FORGET_PULSE_T = 5
#: Lesson 4's cell in the textbook convention. Input 0 carries the pulse (and any
#: distraction), input 1 a sentence-boundary marker. The pulse opens the update gate
#: (W_xz = 6) so that it is written; the marker closes the reset gate (−12) and opens
#: the update gate (+12), so the candidate is built without the past and replaces it.
#: With W_hr = W_hz = 0 the gates rest at σ(b_r), σ(b_z) between events.
FORGET_W = {
    "W_xr": [[0.0, -12.0]],
    "W_hr": 0.0,
    "W_xz": [[6.0, 12.0]],
    "W_hz": 0.0,
    "W_xh": [[2.0, 0.0]],
    "W_hh": 1.0,
    "b_h": 0.0,
}
#: The plain RNN beside it: h_t = tanh(2 x_t + w h_{t-1}); it does not see the marker.
FORGET_RNN_W_X = 2.0


@dataclass(frozen=True)
class ForgetRun:
    """Lesson 4: a pulse at ``pulse_t``, then silence or noise, through a GRU and an RNN.

    Arrays are (T,) for steps t = 1 .. T (row i is step i + 1); shares are nan
    before the pulse. ``z_hold``/``r_hold`` are the gates between events, z in the
    convention's own meaning; ``half_life`` is ln ½ / ln k for k the keep share of
    ``z_hold``; ``gru_half``, ``rnn_half``, ``keep_half``: steps after the pulse until
    ``share``, ``rnn_share``, ``readout`` first fall to ½ (None if not within T).
    """

    x: np.ndarray  # (T, 2): content, boundary marker
    trace: GRUTrace  # (T, 1) arrays; gates as used (clamped where set directly)
    rnn_h: np.ndarray  # (T,)
    pulse_t: int
    boundary_t: int | None
    written: float  # h at the pulse step: what the pulse wrote into the state
    share: np.ndarray  # h_t / h_pulse
    readout: np.ndarray  # ∏ k_s over s = pulse+1 .. t (gru_core.memory.memory_readout)
    rnn_share: np.ndarray  # RNN h_t / h_pulse
    z_hold: float
    r_hold: float
    half_life: float
    gru_half: int | None
    rnn_half: int | None
    keep_half: int | None  # the same for ``readout``, the keep path alone


def forget_params(spec: dict) -> GRUParams:
    """Lesson 4's GRU in spec["convention"]; spec["b_z"] is in that convention's terms.

    Built in the textbook convention and turned into the exact cho twin (update gate
    negated) and, for pytorch, read with the reset after the matmul, which is the
    same function here (H = 1, b_hn = 0: W_hh (r h) = r (W_hh h)).
    """
    conv = spec["convention"]
    b_z = float(spec["b_z"]) if conv not in Z_KEEPS_PAST else -float(spec["b_z"])
    p = GRUParams.from_gates(**FORGET_W, b_r=float(spec["b_r"]), b_z=b_z, convention="textbook")
    if conv == "textbook":
        return p
    p = p.flip_update_gate()
    return p if conv == "cho" else p.with_convention("pytorch")


def forget_inputs(spec: dict) -> np.ndarray:
    """x (T, 2): the pulse (1 at ``FORGET_PULSE_T``), noise of size spec["noise"] after it
    (0 = silence), and the boundary marker (1 at spec["boundary"], if any)."""
    T, s = int(spec["T"]), FORGET_PULSE_T
    x = np.zeros((T, 2))
    x[s - 1, 0] = 1.0
    if spec.get("noise", 0.0) > 0.0 and T > s:
        noise = make_signal("noise", T, seed=int(spec.get("seed", 0)), scale=float(spec["noise"]))
        x[s:, 0] = noise[s:, 0]
    b = spec.get("boundary")
    if b is not None and s < int(b) <= T:
        x[int(b) - 1, 1] = 1.0
    return x


def _concat_traces(parts: list[GRUTrace], h0: np.ndarray) -> GRUTrace:
    """One trace from consecutive pieces (each started from the last state of the one before)."""
    cat = {
        f: np.concatenate([getattr(tr, f) for tr in parts])
        for f in ("x", "a_r", "a_z", "a_h", "g", "r", "z", "h_tilde", "h")
    }
    return GRUTrace(convention=parts[0].convention, h0=h0, **cat)


def _first_half(share: np.ndarray, s: int) -> int | None:
    """Steps after step s until ``share`` first falls to ½ or below (None: never)."""
    after = share[s:]  # steps s+1 .. T
    below = np.flatnonzero(after <= 0.5)
    return int(below[0]) + 1 if below.size else None


def forget_simulate(spec: dict) -> ForgetRun:
    """Uncached lesson 4 run.

    spec: convention, T, mode ("direct": the gates are held at spec["z"], spec["r"]
    between events; "bias": the gates follow the weights, resting at σ(b_z), σ(b_r)),
    z, r, b_z, b_r, noise, seed, boundary (a step or None), w (the RNN's recurrent
    weight). Events in direct mode: at the pulse the update gate opens fully (the
    pulse is written); at the boundary r = 0 and the update gate opens fully (the
    past is dropped).
    """
    conv = spec["convention"]
    p = forget_params(spec)
    x = forget_inputs(spec)
    T, s = x.shape[0], FORGET_PULSE_T
    b = spec.get("boundary")
    b = int(b) if b is not None and s < int(b) <= T else None
    h0 = np.zeros(1)
    take_all = 0.0 if conv in Z_KEEPS_PAST else 1.0  # z that takes the whole candidate
    if spec["mode"] == "direct":
        z_hold, r_hold = float(spec["z"]), float(spec["r"])
        events = {s: (r_hold, take_all)} | ({b: (0.0, take_all)} if b else {})
        parts, h, t = [], h0, 1
        while t <= T:
            if t in events:
                stop, (cr, cz) = t, events[t]
            else:
                stop = min([e for e in events if e > t], default=T + 1) - 1
                cr, cz = r_hold, z_hold
            tr = forward(p, x[t - 1 : stop], h, clamp_r=cr, clamp_z=cz)
            parts.append(tr)
            h, t = tr.h[-1], stop + 1
        trace = _concat_traces(parts, h0)
    else:
        trace = forward(p, x, h0)
        z_hold = float(1.0 / (1.0 + np.exp(-float(p.b_z[0]))))
        r_hold = float(1.0 / (1.0 + np.exp(-float(p.b_r[0]))))
    h = trace.h[:, 0]
    written = float(h[s - 1])
    readout = memory_readout(trace, start=s)[:, 0]
    w = float(spec["w"])
    rnn = RNNParams(
        weight_ih=np.array([[FORGET_RNN_W_X, 0.0]]),
        weight_hh=np.array([[w]]),
        bias_ih=np.zeros(1),
        bias_hh=np.zeros(1),
    )
    rnn_h = rnn_forward(rnn, x).h[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(np.arange(1, T + 1) >= s, h / written, np.nan)
        rnn_share = np.where(np.arange(1, T + 1) >= s, rnn_h / rnn_h[s - 1], np.nan)
    if abs(written) < 1e-12:
        share = np.full(T, np.nan)
    return ForgetRun(
        x=x,
        trace=trace,
        rnn_h=rnn_h,
        pulse_t=s,
        boundary_t=b,
        written=written,
        share=share,
        readout=readout,
        rnn_share=rnn_share,
        z_hold=z_hold,
        r_hold=r_hold,
        half_life=float(half_life(min(max(z_hold, 0.0), 1.0), convention=conv)),
        gru_half=_first_half(share, s) if abs(written) >= 1e-12 else None,
        rnn_half=_first_half(rnn_share, s),
        keep_half=_first_half(readout, s),
    )


@st.cache_data(max_entries=256, show_spinner=False)
def _forget_json(spec_json: str) -> ForgetRun:
    return forget_simulate(json.loads(spec_json))


def forget_run(spec: dict) -> ForgetRun:
    """``forget_simulate(spec)``, cached on the spec's canonical JSON text."""
    return _forget_json(_canonical(spec))


def _canonical(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"))


# ---- lesson 5: gradients over time ----------------------------------------------------
#: Scale of lesson 5's input noise x_t ~ N(0, 1²): it keeps the states moving.
GRAD_INPUT_SCALE = 1.0


@dataclass(frozen=True)
class GradRun:
    """Lesson 5: ‖∂h_T/∂h_t‖₂ for t = 0 .. T, GRU and RNN on the same input.

    gru, rnn: (T+1,) from ``gradient_flow`` / ``rnn_gradient_flow`` (entry T is 1).
    straight: (T+1,) the GRU's additive path alone, ‖diag(∏_{s=t+1}^{T} k_s)‖ =
    max over units of the product of keep shares. bound: (T+1,) w^(T−t), which the
    RNN's curve never exceeds (‖W_hh‖ = w and tanh′ ≤ 1). z: (T, H) the update gate.
    """

    gru: np.ndarray
    rnn: np.ndarray
    straight: np.ndarray
    bound: np.ndarray
    z: np.ndarray
    keep: np.ndarray  # (T, H)
    rnn_h: np.ndarray  # (T, H)


def grad_models(spec: dict) -> tuple[GRUParams, RNNParams]:
    """Lesson 5's GRU and RNN from spec: convention, H, seed, b_z (the convention's own
    update-gate bias), b_r, w.

    The GRU: PyTorch's initialisation (seeded) in the textbook convention, every
    unit's reset and update biases set to b_r and b_z, then turned into the cho
    twin (update gate negated) or read as pytorch. The RNN: the GRU's candidate
    input weights, W_hh = w Q with Q a random orthogonal matrix (so ‖W_hh‖ = w), no bias.
    """
    conv, H = spec["convention"], int(spec["H"])
    rng = np.random.default_rng(int(spec.get("seed", 0)))
    p = GRUParams.init(1, H, rng, convention="textbook")
    b_z = float(spec["b_z"]) if conv not in Z_KEEPS_PAST else -float(spec["b_z"])
    bias_ih, bias_hh = p.bias_ih.copy(), p.bias_hh.copy()
    bias_ih[:H], bias_hh[:H] = float(spec["b_r"]), 0.0
    bias_ih[H : 2 * H], bias_hh[H : 2 * H] = b_z, 0.0
    p = replace(p, bias_ih=bias_ih, bias_hh=bias_hh)
    if conv != "textbook":
        p = p.flip_update_gate()
        if conv == "pytorch":
            p = p.with_convention("pytorch")
    q, r = np.linalg.qr(rng.normal(size=(H, H)))
    Q = q * np.sign(np.diag(r))  # a uniformly random orthogonal matrix
    rnn = RNNParams(
        weight_ih=np.array(p.weight_ih[2 * H :]),
        weight_hh=float(spec["w"]) * Q,
        bias_ih=np.zeros(H),
        bias_hh=np.zeros(H),
    )
    return p, rnn


def grad_simulate(spec: dict) -> GradRun:
    """Uncached lesson 5 run over spec["T"] steps of seeded noise."""
    T = int(spec["T"])
    p, rnn = grad_models(spec)
    x = make_signal("noise", T, seed=int(spec.get("seed", 0)), scale=GRAD_INPUT_SCALE)
    tr = forward(p, x)
    keep = np.asarray(tr.keep)  # (T, H)
    tail = np.cumprod(keep[::-1], axis=0)[::-1]  # row t: ∏ keep over rows t .. T-1
    straight = np.concatenate([tail.max(axis=1), [1.0]])
    bound = float(spec["w"]) ** np.arange(T, -1, -1, dtype=float)
    rnn_flow, rnn_h = _grad_rnn_json(_canonical(_rnn_spec(spec)))
    return GradRun(
        gru=gradient_flow(p, tr),
        rnn=rnn_flow,
        straight=straight,
        bound=bound,
        z=np.asarray(tr.z),
        keep=keep,
        rnn_h=rnn_h,
    )


def _rnn_spec(spec: dict) -> dict:
    """The part of a lesson 5 spec the RNN depends on: T, H, seed, w (its weights come
    from the same seeded draw whatever the GRU's biases and convention)."""
    return {"T": int(spec["T"]), "H": int(spec["H"]), "seed": int(spec.get("seed", 0)),
            "w": float(spec["w"])}  # fmt: skip


@st.cache_data(max_entries=256, show_spinner=False)
def _grad_rnn_json(rnn_spec_json: str) -> tuple[np.ndarray, np.ndarray]:
    """The RNN half of ``grad_simulate``: (‖∂h_T/∂h_t‖₂ for t = 0 .. T, h (T, H)).

    Cached apart from the GRU, so a move of b_z or b_r (or a change of convention)
    reruns only the GRU."""
    spec = json.loads(rnn_spec_json) | {"convention": "textbook", "b_z": 0.0, "b_r": 0.0}
    _, rnn = grad_models(spec)
    x = make_signal("noise", spec["T"], seed=spec["seed"], scale=GRAD_INPUT_SCALE)
    rt = rnn_forward(rnn, x)
    return rnn_gradient_flow(rnn, rt), np.asarray(rt.h)


@st.cache_data(max_entries=256, show_spinner=False)
def _grad_json(spec_json: str) -> GradRun:
    return grad_simulate(json.loads(spec_json))


def grad_run(spec: dict) -> GradRun:
    """``grad_simulate(spec)``, cached on the spec's canonical JSON text."""
    return _grad_json(_canonical(spec))


# ---- lesson 6: conventions --------------------------------------------------------------
#: Lesson 6's inputs: (name, make_signal options), 40 steps.
CONV_SIGNALS = {
    "pulse": {"start": 5, "width": 1},
    "step": {"start": 5},
    "sine": {"period": 20.0},
    "square": {"period": 20.0},
}
CONV_T = 40
#: The curves lesson 6 compares: the same numbers under each convention, and the cho
#: twin of the textbook weights (update gate negated), which must equal textbook.
CONV_LINES = ("textbook", "cho", "pytorch", "cho_twin")
#: Sample weight files shipped with the tests, and the saved reference states of each.
SAMPLES_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "weights"
SAMPLES = {
    "torch_npz": ("sample_torch.npz", "h_torch"),
    "torch_json": ("sample_torch.json", "h_torch"),
    "keras_after": ("sample_keras_reset_after.json", "h_keras_reset_after"),
    "keras_before": ("sample_keras_reset_before.json", "h_keras_reset_before"),
}
#: Largest model the snippet writes out number by number.
SNIPPET_MAX_NUMBERS = 4000


@dataclass(frozen=True)
class ConvRun:
    """Lesson 6: one set of numbers run under every convention on the same input.

    traces: one GRUTrace per name of ``CONV_LINES``; diffs: max |Δh| for the pairs
    ("textbook", "cho"), ("cho", "pytorch"), ("textbook", "cho_twin").
    """

    x: np.ndarray  # (T, 1)
    params: GRUParams  # the numbers, in the textbook convention
    traces: dict[str, GRUTrace]
    diffs: dict[tuple[str, str], float]


def conv_params(spec: dict) -> GRUParams:
    """The numbers lesson 6 compares, as textbook GRUParams.

    H = 1: the preset spec["preset"]'s weights with candidate recurrent bias
    b_hh = spec["b_hn"]. H > 1: PyTorch's initialisation from spec["seed"],
    multiplied by 2 (so the gates matter), with every unit's b_hn set.
    """
    H = int(spec.get("H", 1))
    b_hn = float(spec.get("b_hn", 0.0))
    if H == 1:
        w = PRESETS[spec["preset"]].weights
        return GRUParams.from_gates(**w, b_hh=b_hn, convention="textbook")
    p = GRUParams.init(1, H, np.random.default_rng(int(spec.get("seed", 0))), "textbook")
    bias_hh = 2.0 * p.bias_hh
    bias_hh[2 * H :] = b_hn
    return replace(
        p, weight_ih=2.0 * p.weight_ih, weight_hh=2.0 * p.weight_hh,
        bias_ih=2.0 * p.bias_ih, bias_hh=bias_hh,
    )  # fmt: skip


def conv_simulate(spec: dict) -> ConvRun:
    """Uncached lesson 6 comparison (spec: preset, H, b_hn, seed, signal)."""
    p = conv_params(spec)
    x = make_signal(spec["signal"], CONV_T, **CONV_SIGNALS[spec["signal"]])
    models = {c: p.with_convention(c) for c in CONVENTIONS} | {"cho_twin": p.flip_update_gate()}
    traces = {name: forward(models[name], x) for name in CONV_LINES}
    pairs = (("textbook", "cho"), ("cho", "pytorch"), ("textbook", "cho_twin"))
    diffs = {(a, b): float(np.max(np.abs(traces[a].h - traces[b].h))) for a, b in pairs}
    return ConvRun(x=x, params=p, traces=traces, diffs=diffs)


@st.cache_data(max_entries=256, show_spinner=False)
def _conv_json(spec_json: str) -> ConvRun:
    return conv_simulate(json.loads(spec_json))


def conv_run(spec: dict) -> ConvRun:
    """``conv_simulate(spec)``, cached on the spec's canonical JSON text."""
    return _conv_json(_canonical(spec))


def sample_exists(name: str) -> bool:
    """Whether sample weight file ``name`` (a key of SAMPLES) is present."""
    return (SAMPLES_DIR / SAMPLES[name][0]).is_file()


def sample_bytes(name: str) -> bytes | None:
    """The content of sample weight file ``name`` (a key of SAMPLES), None if it is missing."""
    path = SAMPLES_DIR / SAMPLES[name][0]
    return path.read_bytes() if path.is_file() else None


@st.cache_data(max_entries=8, show_spinner=False)
def sample_reference(name: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(x (T, 1), h (T, H)): the input saved with the samples and the states that
    PyTorch (or a Keras loop) computed from it; None if the file is missing."""
    path = SAMPLES_DIR / "expected_states.json"
    if not path.is_file():
        return None
    saved = json.loads(path.read_text(encoding="utf-8"))
    return np.asarray(saved["x"], dtype=float), np.asarray(saved[SAMPLES[name][1]], dtype=float)


@st.cache_data(max_entries=16, show_spinner=False)
def read_weight_file(data: bytes, filename: str) -> GRUParams:
    """GRU weights from an uploaded file's bytes (``gru_core.io.load_weights``).

    Raises ValueError with the engine's message (what is wrong, what is accepted);
    nothing in the file is unpickled or executed.
    """
    return load_weights(bytes(data), filename=filename or None)


@dataclass(frozen=True)
class LoadedWeights:
    """What the page shows for one weight file: the parameters, or why there are none.

    A refused upload may still come with parameters: those of the student's last file
    that could be used, which the page keeps running (and says so, naming both files).
    """

    params: GRUParams | None
    error: str | None = None  # the engine's reason, made safe for a Markdown code span
    code: str | None = None  # which refusal (gru_core.io.WeightFileError.code), if known
    fields: Mapping[str, object] = field(default_factory=dict)  # its particulars, made safe
    kept: tuple[str, str] | None = None  # (refused file, file still in use), names made safe


#: What an uploaded weight file's name may end in: the two formats read, and those
#: gru_core.io refuses by name with a hint (pickles such as torch.save's .pt, Keras's
#: HDF5). The uploader takes every type, so that anything else (a .txt, a .png) is
#: refused here, with the page's message: a type the widget refuses itself only gets a
#: red mark beside the file, and the page went on with the file before it unsaid.
WEIGHT_SUFFIXES = (".npz", ".json", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib",
                   ".bin", ".h5", ".hdf5", ".keras")  # fmt: skip


def _safe_fields(fields: Mapping[str, object]) -> dict[str, object]:
    """A refusal's particulars for a Markdown code span: numbers and flags as they are,
    text (key names, extensions: from the file) printable, without backticks, short."""
    return {
        k: v if isinstance(v, bool | int | float) else quote(str(v), 120)
        for k, v in fields.items()
    }


def weights_from_file(data: bytes | None, filename: str | None) -> LoadedWeights:
    """Lesson 6's upload handling: ``load_weights`` on the file's bytes, every refusal
    turned into a message (nothing is unpickled or executed; the file name's extension
    only picks the format, and names a pickle format such as .pt in the refusal)."""
    if data is None:
        return LoadedWeights(None, None)
    name = filename[-200:] if isinstance(filename, str) else ""  # only its extension is used
    suffix = Path(name).suffix.lower()
    if name and suffix not in WEIGHT_SUFFIXES:  # without a name, the content decides
        kind = f"a {quote(suffix, 12)} file" if suffix else "a file without extension"
        return LoadedWeights(
            None, f"{kind} is not a weight file; use a .npz or .json file", "unknown_format"
        )
    try:
        return LoadedWeights(read_weight_file(bytes(data), name))
    except WeightFileError as e:
        return LoadedWeights(None, quote(str(e), 400), e.code, _safe_fields(e.fields))
    except ValueError as e:
        return LoadedWeights(None, quote(str(e), 400))


def file_input(p: GRUParams, x_sample: np.ndarray | None) -> np.ndarray:
    """The input a loaded model runs on: the samples' saved input when I = 1 (so the
    samples can be checked against their saved states), else 12 steps of seeded noise."""
    if p.input_size == 1 and x_sample is not None:
        return np.asarray(x_sample, dtype=float).reshape(-1, 1)
    rng = np.random.default_rng(0)
    return np.round(rng.normal(0.0, 0.5, (12, p.input_size)), 2)


def _num(v: float) -> str:
    """A float written so that Python reads back exactly the same float64."""
    return repr(float(v))


def _tensor(a: np.ndarray, indent: str = "    ") -> str:
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return "torch.tensor([" + ", ".join(_num(v) for v in a) + "])"
    rows = [indent + "    [" + ", ".join(_num(v) for v in row) + "]," for row in a]
    return "torch.tensor([\n" + "\n".join(rows) + "\n" + indent + "])"


def torch_snippet(p: GRUParams, x: np.ndarray, comments: Mapping[str, str]) -> str | None:
    """Python source that runs ``p`` on ``x`` with PyTorch (float64) and prints h_t.

    pytorch convention: ``torch.nn.GRU`` with the weights loaded. textbook and cho:
    the convention's equations written out with torch operations (nn.GRU computes
    another function). Every number is written in full (repr), so the printed
    states equal the engine's to float64 round-off. comments: already translated
    code comments, keys "header", "weights", "input", "model", "loop", "print".
    Returns None when the model has more than SNIPPET_MAX_NUMBERS numbers.
    """
    x = np.asarray(x, dtype=float).reshape(len(x), -1)
    if p.weight_ih.size + p.weight_hh.size + 2 * p.bias_ih.size + x.size > SNIPPET_MAX_NUMBERS:
        return None
    I, H = p.input_size, p.hidden_size
    c = {k: " ".join(str(v).split()) for k, v in comments.items()}  # one line each
    lines = [
        f"# {c['header']}",
        "import torch",
        "",
        "torch.set_default_dtype(torch.float64)",
        f"I, H = {I}, {H}",
        "",
        f"# {c['weights']}",
        f"weight_ih = {_tensor(p.weight_ih)}",
        f"weight_hh = {_tensor(p.weight_hh)}",
        f"bias_ih = {_tensor(p.bias_ih)}",
        f"bias_hh = {_tensor(p.bias_hh)}",
        "",
        f"# {c['input']}",
        f"x = {_tensor(x)}",
        "",
        f"# {c['model']}",
    ]
    if p.convention == "pytorch":
        lines += [
            "gru = torch.nn.GRU(I, H)",
            "gru.load_state_dict({",
            '    "weight_ih_l0": weight_ih,',
            '    "weight_hh_l0": weight_hh,',
            '    "bias_ih_l0": bias_ih,',
            '    "bias_hh_l0": bias_hh,',
            "})",
            "with torch.no_grad():",
            "    h, _ = gru(x.unsqueeze(1))  # (T, 1, H)",
            "h = h[:, 0]",
        ]
    else:
        new = (
            "h = (1 - z) * h + z * h_tilde"
            if p.convention == "textbook"
            else "h = z * h + (1 - z) * h_tilde"
        )
        lines += [
            "W_ir, W_iz, W_in = weight_ih.chunk(3)",
            "W_hr, W_hz, W_hn = weight_hh.chunk(3)",
            "b_ir, b_iz, b_in = bias_ih.chunk(3)",
            "b_hr, b_hz, b_hn = bias_hh.chunk(3)",
            "h, states = torch.zeros(H), []",
            f"# {c['loop']}",
            "for x_t in x:",
            "    r = torch.sigmoid(W_ir @ x_t + b_ir + W_hr @ h + b_hr)",
            "    z = torch.sigmoid(W_iz @ x_t + b_iz + W_hz @ h + b_hz)",
            "    h_tilde = torch.tanh(W_in @ x_t + b_in + W_hn @ (r * h) + b_hn)",
            f"    {new}",
            "    states.append(h)",
            "h = torch.stack(states)  # (T, H)",
        ]
    lines += [
        "",
        f"# {c['print']}",
        "for t, h_t in enumerate(h.tolist(), start=1):",
        '    print(t, " ".join(f"{v:+.6f}" for v in h_t))',
        "",
    ]
    return "\n".join(lines)


def states_text(h: np.ndarray) -> str:
    """The states as the snippet prints them: "t h_1 h_2 ..." with six decimals."""
    h = np.asarray(h, dtype=float).reshape(len(h), -1)
    return "\n".join(
        f"{t} " + " ".join(f"{v:+.6f}" for v in row) for t, row in enumerate(h, start=1)
    )


# ---- lesson 7: training (pages/training.py) ----------------------------------------------
# Trainers are mutable and belong to one session: pages keep them in st.session_state,
# never in a cache or a module global. These helpers only read and advance them.

#: The models the training lab compares, in drawing order.
TRAIN_MODELS = ("gru", "rnn")
#: Lengths of the sweep (the offline reference table uses the same ones).
SWEEP_LENGTHS = (10, 25, 50, 100, 200)
#: Held-out sequences the page scores on (the command line uses 1000).
TRAIN_TEST_SIZE = 500
SWEEP_TEST_SIZE = 300


def one_blas_thread() -> bool:
    """NumPy's BLAS on one thread (process-wide, like ``OPENBLAS_NUM_THREADS=1``).

    A training step multiplies small matrices; measured on the 2-core machine
    under load, one thread made a GRU step at T = 200, H = 32 about 2.5x faster
    (17.6 vs 45 ms) and leaves the other core to the other sessions.
    """
    from gru_core.train import limit_blas_threads

    return limit_blas_threads(1)


def train_configs(
    task: str,
    seq_len: int,
    hidden_size: int,
    lr: float,
    steps: int,
    update_bias: float,
    seed: int,
    convention: str,
    *,
    models: tuple[str, ...] = TRAIN_MODELS,
    test_size: int = TRAIN_TEST_SIZE,
    eval_every: int | None = None,
):
    """One TrainConfig per model, identical but for the model: the same seed gives every
    model the same batches and the same test set. ``eval_every`` defaults to about 20
    test-set scores per run (at least every 10 steps)."""
    from gru_core.train import TrainConfig

    if eval_every is None:
        eval_every = max(10, int(steps) // 20)
    common = dict(
        task=task,
        seq_len=int(seq_len),
        hidden_size=int(hidden_size),
        lr=float(lr),
        steps=int(steps),
        update_bias=float(update_bias),
        seed=int(seed),
        convention=convention,
        test_size=int(test_size),
        eval_every=int(eval_every),
    )
    return {m: TrainConfig(model=m, **common) for m in models}


def _done(trainer) -> bool:
    return trainer.step_count >= trainer.config.steps


def finished(trainers) -> bool:
    """True when every trainer has run all its steps."""
    return all(_done(tr) for tr in trainers.values())


def advance(trainers, seconds: float = 0.4) -> None:
    """Train every model a little: the first up to ``seconds / len(trainers)`` of work,
    the others up to the same step (so the curves grow together), each within the
    same time share. Called in a loop, with a redraw after each call."""
    share = seconds / max(1, len(trainers))
    lead = None
    for tr in trainers.values():
        if _done(tr):
            lead = tr.config.steps if lead is None else lead
            continue
        if lead is None:  # the first model sets the pace
            next(tr.run(every=tr.config.steps, max_seconds=share))
            lead = tr.step_count
        elif lead > tr.step_count:
            next(tr.run(every=lead - tr.step_count, max_seconds=share))


def smooth(y: np.ndarray, window: int) -> np.ndarray:
    """Running mean over the last ``window`` values (fewer at the start), same length."""
    y = np.asarray(y, dtype=np.float64)
    if y.size == 0 or window <= 1:
        return y.copy()
    c = np.concatenate(([0.0], np.cumsum(y)))
    k = np.arange(1, y.size + 1)
    lo = np.maximum(0, k - window)
    return (c[k] - c[lo]) / (k - lo)


def curve(progress, max_points: int = 400) -> dict:
    """What the live chart draws for one model: the training loss smoothed over about
    1/50 of the run (at most ``max_points`` points, thinned evenly, last step kept) and
    the test scores. Keys: step, loss, test_step, test_loss, test_metric."""
    loss = smooth(progress.train_loss, max(1, progress.steps // 50))
    n = loss.size
    idx = np.unique(np.linspace(0, n - 1, min(n, max_points)).round().astype(np.int64))
    return {
        "step": idx + 1,
        "loss": loss[idx],
        "test_step": np.asarray(progress.test_step, dtype=np.int64),
        "test_loss": np.asarray(progress.test_loss, dtype=np.float64),
        "test_metric": np.asarray(progress.test_metric, dtype=np.float64),
    }


def baselines(task_name: str) -> dict[str, float]:
    """What a model that learned nothing scores: {"loss": …, "metric": …}."""
    from gru_core.tasks import make_task

    task = make_task(task_name)
    b = task.baseline
    loss = b["loss"] if "loss" in b else b["mse"]  # every other task's loss is its MSE
    return {"loss": float(loss), "metric": float(b[task.metric])}


def marked_steps(task_name: str, x: np.ndarray) -> np.ndarray:
    """Indices t (0-based) of the marked steps of one sequence x (T, I): where the
    marker channel is 1 (adding: the two values to add; remember: t = 0). Echo and
    sine have no markers."""
    if task_name not in ("adding", "remember"):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.asarray(x)[:, 1] > 0.5)


def sweep_plan(
    task: str,
    hidden_size: int,
    lr: float,
    steps: int,
    update_bias: float,
    seed: int,
    convention: str,
    lengths: tuple[int, ...] = SWEEP_LENGTHS,
) -> list:
    """The sweep's runs in order: for each length, the GRU then the plain RNN."""
    runs = []
    for T in lengths:
        configs = train_configs(
            task, T, hidden_size, lr, steps, update_bias, seed, convention,
            test_size=SWEEP_TEST_SIZE, eval_every=0,
        )  # fmt: skip
        runs.extend(configs.values())
    return runs


def new_sweep(plan: list) -> dict:
    """A sweep's state (kept in st.session_state): the plan, the run in progress and
    the points measured so far ({"model", "T", "steps", "loss", metrics...})."""
    return {"plan": plan, "index": 0, "trainer": None, "points": [], "status": "running"}


def sweep_advance(sweep: dict, seconds: float = 0.4) -> dict | None:
    """Work on the sweep for about ``seconds``; returns the point just measured, if any."""
    from gru_core.train import Trainer

    if sweep["index"] >= len(sweep["plan"]):
        return None
    if sweep["trainer"] is None:
        sweep["trainer"] = Trainer(sweep["plan"][sweep["index"]])
    tr = sweep["trainer"]
    if not _done(tr):
        next(tr.run(every=tr.config.steps, max_seconds=seconds))
    if not _done(tr):
        return None
    c = tr.config
    point = {"model": c.model, "T": c.seq_len, "steps": tr.step_count, **tr.evaluate()}
    sweep["points"].append(point)
    sweep["index"] += 1
    sweep["trainer"] = None
    return point


def sweep_fraction(sweep: dict) -> float:
    """Share of the sweep's work done, counting a step of length T as T units."""
    plan = sweep["plan"]
    total = sum(c.seq_len * c.steps for c in plan)
    done = sum(c.seq_len * c.steps for c in plan[: sweep["index"]])
    if sweep["trainer"] is not None:
        done += sweep["trainer"].config.seq_len * sweep["trainer"].step_count
    return min(1.0, done / total) if total else 1.0


@dataclass(frozen=True)
class SweepReference:
    """A sweep measured offline, to show beside the page's quick one (read-only)."""

    command: str  # the command that printed these numbers
    task: str
    steps: int
    hidden_size: int
    update_bias: float  # toward keeping the state (the trainer's sense, any convention)
    lengths: tuple[int, ...]
    mse: tuple[tuple[str, tuple[float, ...]], ...]  # (model, test MSE per length)
    within: tuple[tuple[str, tuple[float, ...]], ...]  # (model, share within 0.04 per length)

    def of(self, measure: str, model: str) -> tuple[float, ...]:
        """The scores of ``model`` per length; measure "mse" or "within"."""
        return dict(getattr(self, measure))[model]


#: Adding problem, 2000 steps, H = 16, update-gate bias +2, median over seeds 0, 1, 2, as
#: printed by ``python benchmarks/sweep_lengths.py --seeds 0 1 2`` (205 s on the 2-core machine).
SWEEP_REFERENCE = SweepReference(
    command="python benchmarks/sweep_lengths.py --seeds 0 1 2",
    task="adding",
    steps=2000,
    hidden_size=16,
    update_bias=2.0,
    lengths=(10, 25, 50, 100, 200),
    mse=(
        ("gru", (6.87e-05, 7.52e-05, 1.03e-04, 1.63e-04, 3.12e-04)),
        ("rnn", (0.00255, 0.0338, 0.159, 0.172, 0.17)),
    ),
    within=(
        ("gru", (1.0, 0.999, 0.999, 0.993, 0.989)),
        ("rnn", (0.604, 0.157, 0.078, 0.075, 0.062)),
    ),
)

"""The single GRU of home, one step and the sequence lesson, from one plain spec.

A spec is a small JSON-able dict of numbers and names (the page's widgets); the app
caches each simulation on the spec's canonical JSON (lab.cached).

    params_from_spec(spec)  -> GRUParams      weights from sliders, a preset or a seed
    inputs_from_spec(spec)  -> Inputs         x (T, I) and the names of its columns
    simulate(spec)          -> Run            the forward trace
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gru_core import GRUParams, GRUTrace, forward
from gru_core.conventions import RESET_AFTER, take_all_z
from gru_core.memory import memory_readout
from gru_core.presets import WEIGHT_NAMES, preset_params
from gru_core.signals import make_signal, text_one_hot

#: The sliders' names: the nine textbook weights plus PyTorch's recurrent candidate bias.
SLIDER_WEIGHTS = (*WEIGHT_NAMES, "b_hn")


#: The sliders of each gate, in the order of its equation (b_hn only for pytorch).
GATE_WEIGHTS = {
    "r": ("W_xr", "W_hr", "b_r"),
    "z": ("W_xz", "W_hz", "b_z"),
    "h_tilde": ("W_xh", "W_hh", "b_h"),
}


#: The single step home and the one-step lesson open with: the past says −0.6, the input pulls
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


def slider_weights(p: GRUParams) -> dict[str, float]:
    """The slider values of a 1-input, 1-unit ``p``: the one way from GRUParams to the
    sliders, and ``params_from_spec`` the way back (a round trip keeps the function).

    b_r = b_xr + b_hr and b_z = b_xz + b_hz (the two biases of a gate always add); the
    candidate's recurrent bias b_hh adds to b_h where the reset comes before W_hh (the
    sum is what the candidate sees), and is its own slider b_hn where the reset
    multiplies W_hh h_{t-1} + b_hh (PyTorch's convention), 0 elsewhere.
    """
    if p.input_size != 1 or p.hidden_size != 1:
        raise ValueError("slider weights exist only for a 1-input, 1-unit GRU")
    s = lambda a: float(np.asarray(a).ravel()[0])  # noqa: E731
    after = p.convention in RESET_AFTER
    return {
        "W_xr": s(p.W_xr),
        "W_hr": s(p.W_hr),
        "b_r": s(p.b_r),
        "W_xz": s(p.W_xz),
        "W_hz": s(p.W_hz),
        "b_z": s(p.b_z),
        "W_xh": s(p.W_xh),
        "W_hh": s(p.W_hh),
        "b_h": s(p.b_xh) if after else s(p.b_xh) + s(p.b_hh),
        "b_hn": s(p.b_hh) if after else 0.0,
    }


def preset_weights(name: str, convention: str) -> dict[str, float]:
    """A preset's weights as slider values under ``convention``."""
    return slider_weights(preset_params(name, convention))


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
        b_hh=w["b_hn"] if conv in RESET_AFTER else None,
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


def one_step_spec(weights: dict, x: float, h_prev: float, convention: str) -> dict:
    """The spec of a single step x_1 = x from h_0 = h_prev (the one-step lesson)."""
    return {
        "convention": convention,
        "weights": {k: float(weights[k]) for k in SLIDER_WEIGHTS if k in weights},
        "signal": "values",
        "values": [float(x)],
        "h0": float(h_prev),
    }


def one_step_family(
    weights: dict, x: float, h_prev: float, convention: str, knob: str, values
) -> GRUTrace:
    """One step of the one-unit GRU of ``one_step_spec`` for every value of one knob, in
    one ``forward``: unit k of the trace (T = 1, H = K) is the step with ``knob`` =
    ``values[k]`` (knob: "x", "h_prev" or a name of ``SLIDER_WEIGHTS``).

    K one-unit models that differ in one number are one K-unit GRU whose matrices are
    diagonal (units that never read each other): x_t enters unit k alone through
    W_x·k = diag(W_x), h_{t-1} of unit k meets only W_h·kk. Every off-diagonal term is
    an exact zero, so unit k's numbers equal the single model's, not just nearly.
    """
    values = np.asarray(values, dtype=np.float64)
    K = values.size
    w = {k: np.full(K, float(weights.get(k, 0.0))) for k in SLIDER_WEIGHTS}
    xs, h0 = np.full(K, float(x)), np.full(K, float(h_prev))
    if knob == "x":
        xs = values
    elif knob == "h_prev":
        h0 = values
    elif knob in w:
        w[knob] = values
    else:
        raise ValueError(f"no knob {knob!r} in one step")
    p = GRUParams.from_gates(
        W_xr=np.diag(w["W_xr"]),
        W_hr=np.diag(w["W_hr"]),
        b_r=w["b_r"],
        W_xz=np.diag(w["W_xz"]),
        W_hz=np.diag(w["W_hz"]),
        b_z=w["b_z"],
        W_xh=np.diag(w["W_xh"]),
        W_hh=np.diag(w["W_hh"]),
        b_h=w["b_h"],
        b_hh=w["b_hn"] if convention in RESET_AFTER else None,
        convention=convention,
    )
    return forward(p, xs[None, :], h0)


#: Gate overrides, in the order a class meets them. "update_only": r ≡ 1 (the candidate
#: always sees the whole past); "hold_z": z held ("only a reset gate"); "rnn": r ≡ 1 and
#: z at the value that takes the whole candidate (a plain tanh RNN); "hold_r", "hold_both":
#: the gates held at chosen values.
OVERRIDES = ("none", "update_only", "hold_z", "rnn", "hold_r", "hold_both")


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

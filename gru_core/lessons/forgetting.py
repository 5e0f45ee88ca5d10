"""Forgetting vs remembering: a pulse (the "fact") through a one-unit GRU and a plain
RNN, then silence or distraction; the share of it left at each step, and half-lives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gru_core import GRUParams, GRUTrace, forward
from gru_core.conventions import keeping_b_z, take_all_z
from gru_core.memory import half_life, memory_readout
from gru_core.rnn import RNNParams, rnn_forward
from gru_core.signals import make_signal

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
    b_z = keeping_b_z(keeping_b_z(spec["b_z"], conv), "textbook")  # in textbook terms
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
    take_all = take_all_z(conv)  # z that takes the whole candidate
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

"""Gradients over time: ‖∂h_T/∂h_t‖ for a GRU and a plain RNN on seeded noise, the
GRU's straight (keep) path and the RNN's geometric bound."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gru_core import GRUParams, forward
from gru_core.conventions import keeping_b_z
from gru_core.gru import gradient_flow, gradient_flows
from gru_core.rnn import RNNParams, rnn_forward, rnn_gradient_flow
from gru_core.signals import make_signal

#: Scale of the gradients lesson's input noise x_t ~ N(0, 1²): it keeps the states moving.
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
    b_z = keeping_b_z(keeping_b_z(spec["b_z"], conv), "textbook")  # in textbook terms
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


def rnn_half(part: dict) -> tuple[np.ndarray, np.ndarray]:
    """The RNN half of ``grad_simulate`` for ``rnn_spec(spec)``: (‖∂h_T/∂h_t‖₂ for
    t = 0 .. T, h (T, H)). Apart from the GRU, so that a cache can keep it while the
    GRU's biases or convention move."""
    spec = dict(part) | {"convention": "textbook", "b_z": 0.0, "b_r": 0.0}
    _, rnn = grad_models(spec)
    x = make_signal("noise", int(spec["T"]), seed=int(spec["seed"]), scale=GRAD_INPUT_SCALE)
    rt = rnn_forward(rnn, x)
    return rnn_gradient_flow(rnn, rt), np.asarray(rt.h)


def straight_path(keep: np.ndarray) -> np.ndarray:
    """The GRU's additive path alone, ‖diag(∏_{s=t+1}^{T} k_s)‖ for t = 0 .. T: the
    largest product of keep shares over the units (last axis of ``keep``, (T, H) or
    (T, B, H)); entry T is 1."""
    tail = np.cumprod(keep[::-1], axis=0)[::-1]  # row t: ∏ keep over rows t .. T-1
    most = tail.max(axis=-1)
    return np.concatenate([most, np.ones((1, *most.shape[1:]))])


def rnn_bound(w: float, T: int) -> np.ndarray:
    """The RNN's bound w^(T−t) for t = 0 .. T."""
    return w ** np.arange(T, -1, -1, dtype=float)


def grad_simulate(spec: dict, rnn_part=rnn_half) -> GradRun:
    """The gradients lesson's run over spec["T"] steps of seeded noise; ``rnn_part`` gives
    the plain RNN's half from ``rnn_spec(spec)`` (the app passes a cached one)."""
    T = int(spec["T"])
    p, rnn = grad_models(spec)
    x = make_signal("noise", T, seed=int(spec.get("seed", 0)), scale=GRAD_INPUT_SCALE)
    tr = forward(p, x)
    keep = np.asarray(tr.keep)  # (T, H)
    straight = straight_path(keep)
    bound = rnn_bound(float(spec["w"]), T)
    rnn_flow, rnn_h = rnn_part(rnn_spec(spec))
    return GradRun(
        gru=gradient_flow(p, tr),
        rnn=rnn_flow,
        straight=straight,
        bound=bound,
        z=np.asarray(tr.z),
        keep=keep,
        rnn_h=rnn_h,
    )


def rnn_spec(spec: dict) -> dict:
    """The part of a gradients spec the RNN depends on: T, H, seed, w (its weights come
    from the same seeded draw whatever the GRU's biases and convention)."""
    return {"T": int(spec["T"]), "H": int(spec["H"]), "seed": int(spec.get("seed", 0)),
            "w": float(spec["w"])}  # fmt: skip


def grad_family(spec: dict, field: str, values, rnn_part=rnn_half) -> list[GradRun]:
    """``grad_simulate(spec | {field: v})`` for every v of ``values``, computed together.

    A gate bias (field "b_z" or "b_r") moves one pre-activation by the same amount in
    every unit, so the family is one batched forward: each sequence gets a second input,
    constant at v − values[0], whose weight is that bias's own coefficients (read off two
    models one apart), and the models' biases are those at values[0]. The RNN's weight
    (field "w") leaves the GRU as it is: one GRU run, the RNN once per value.
    """
    values = [float(v) for v in values]
    if field == "w":
        one = grad_simulate(spec | {"w": values[0]}, rnn_part)
        runs = []
        for v in values:
            flow, h = rnn_part(rnn_spec(spec | {"w": v}))
            runs.append(replace(one, rnn=flow, rnn_h=h, bound=rnn_bound(v, len(flow) - 1)))
        return runs
    if field not in ("b_z", "b_r"):
        raise ValueError(f"grad_family moves b_z, b_r or w, not {field!r}")
    p0, _ = grad_models(spec | {field: values[0]})
    p1, _ = grad_models(spec | {field: values[0] + 1.0})
    assert np.array_equal(p0.weight_ih, p1.weight_ih) and np.array_equal(p0.weight_hh, p1.weight_hh)
    coef = (p1.bias_ih - p0.bias_ih) + (p1.bias_hh - p0.bias_hh)  # ±1 in the moved gate
    p = replace(p0, weight_ih=np.concatenate([p0.weight_ih, coef[:, None]], axis=1))
    T = int(spec["T"])
    noise = make_signal("noise", T, seed=int(spec.get("seed", 0)), scale=GRAD_INPUT_SCALE)
    x = np.empty((T, len(values), 2))
    x[:, :, 0] = noise[:, :1]
    x[:, :, 1] = np.asarray(values) - values[0]
    tr = forward(p, x)
    flows = gradient_flows(p, tr)
    keep = np.asarray(tr.keep)  # (T, B, H)
    straight = straight_path(keep)  # (T+1, B)
    bound = rnn_bound(float(spec["w"]), T)
    rnn_flow, rnn_h = rnn_part(rnn_spec(spec))
    return [
        GradRun(gru=flows[b], rnn=rnn_flow, straight=straight[:, b], bound=bound,
                z=np.asarray(tr.z[:, b]), keep=keep[:, b], rnn_h=rnn_h)
        for b in range(len(values))
    ]  # fmt: skip

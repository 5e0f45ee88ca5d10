"""GRU forward pass, backpropagation through time and the gradient-flow curve.

Notation (shapes, B omitted when the input is not batched)::

    x       (T, B, I)  inputs x_1 .. x_T
    h0      (B, H)     initial state h_0
    r, z    (T, B, H)  reset gate r_t, update gate z_t
    h_tilde (T, B, H)  candidate state h̃_t (PyTorch's n_t)
    h       (T, B, H)  states h_1 .. h_T

All three conventions (``gru_core.conventions``) share one loop::

    a_r = W_xr x_t + b_xr + W_hr h_{t-1} + b_hr          r_t = σ(a_r)
    a_z = W_xz x_t + b_xz + W_hz h_{t-1} + b_hz          z_t = σ(a_z)
    g_t = W_hh h_{t-1} + b_hh          (pytorch: reset after)   a_h = W_xh x_t + b_xh + r_t ⊙ g_t
    g_t = W_hh (r_t ⊙ h_{t-1}) + b_hh  (reset before)           a_h = W_xh x_t + b_xh + g_t
    h̃_t = tanh(a_h)
    h_t = k_t ⊙ h_{t-1} + (1 − k_t) ⊙ h̃_t,   k_t = 1 − z_t (textbook) or z_t (cho, pytorch)

The input projections of all steps are one matrix product; only the
recurrent part loops over time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gru_core._validate import check_like, check_sequence, check_state, float_dtype
from gru_core.activations import sigmoid, sigmoid_grad, tanh_grad
from gru_core.conventions import RESET_AFTER, Z_KEEPS_PAST, keep_share
from gru_core.params import GRUParams


@dataclass(frozen=True, eq=False)
class GRUTrace:
    """Every intermediate of one forward pass, shaped (T, H) or (T, B, H)."""

    convention: str
    x: np.ndarray  # (T, I) or (T, B, I)
    h0: np.ndarray  # (H,) or (B, H)
    a_r: np.ndarray  # reset gate pre-activation
    a_z: np.ndarray  # update gate pre-activation
    a_h: np.ndarray  # candidate pre-activation
    g: (
        np.ndarray
    )  # recurrent part of the candidate: W_hh h_{t-1} + b_hh or W_hh (r ⊙ h_{t-1}) + b_hh
    r: np.ndarray  # reset gate r_t (the clamp value where clamped)
    z: np.ndarray  # update gate z_t (the clamp value where clamped)
    h_tilde: np.ndarray  # candidate state h̃_t
    h: np.ndarray  # h_1 .. h_T
    clamp_r: float | None = None
    clamp_z: float | None = None

    @property
    def batched(self) -> bool:
        return self.h.ndim == 3

    @property
    def h_prev(self) -> np.ndarray:
        """h_0 .. h_{T-1}, the state each step starts from."""
        return np.concatenate([self.h0[None], self.h[:-1]])

    @property
    def keep(self) -> np.ndarray:
        """k_t, the share of h_{t-1} kept in h_t (1 − z_t or z_t, by convention)."""
        return keep_share(self.z, self.convention)


def _check_clamp(name: str, value) -> float | None:
    if value is None:
        return None
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value}")
    return value


def forward(
    p: GRUParams,
    x,
    h0=None,
    *,
    dtype=None,
    clamp_r: float | None = None,
    clamp_z: float | None = None,
) -> GRUTrace:
    """Run the GRU over a sequence and keep every intermediate.

    x: (T, I) or (T, B, I) (or (T,) when I = 1); h0: (H,) or (B, H), zeros if None.
    dtype: float64 (default: the parameters' dtype) or float32.
    clamp_r, clamp_z: hold a gate at a fixed value in [0, 1] (a "gate override"
    for lessons); its pre-activation is still recorded.
    """
    if not isinstance(p, GRUParams):
        raise ValueError(f"p must be GRUParams, got {type(p).__name__}")
    dtype = float_dtype(p.dtype if dtype is None else dtype)
    clamp_r = _check_clamp("clamp_r", clamp_r)
    clamp_z = _check_clamp("clamp_z", clamp_z)
    if p.dtype != dtype:
        p = p.astype(dtype)
    xs, batched = check_sequence(x, p.input_size, dtype)
    T, B, I = xs.shape
    H = p.hidden_size
    h_prev = check_state("h0", h0, B, H, batched, dtype)
    h0_b = h_prev.copy()

    # input projections of every step at once: (T, B, 3H)
    xp = (xs.reshape(T * B, I) @ p.weight_ih.T + p.bias_ih).reshape(T, B, 3 * H)
    a_rz = np.empty((T, B, 2 * H), dtype)
    rz = np.empty((T, B, 2 * H), dtype)
    g = np.empty((T, B, H), dtype)
    a_h = np.empty((T, B, H), dtype)
    h_tilde = np.empty((T, B, H), dtype)
    h = np.empty((T, B, H), dtype)
    reset_after = p.convention in RESET_AFTER
    keep_is_z = p.convention in Z_KEEPS_PAST
    W_hh_T, b_hh = p.weight_hh.T.copy(), p.bias_hh
    W_rz_T, b_rz = W_hh_T[:, : 2 * H].copy(), b_hh[: 2 * H]
    W_n_T, b_n = W_hh_T[:, 2 * H :].copy(), b_hh[2 * H :]

    for t in range(T):
        if reset_after:
            hp = h_prev @ W_hh_T
            hp += b_hh
            np.add(xp[t, :, : 2 * H], hp[:, : 2 * H], out=a_rz[t])
            g[t] = hp[:, 2 * H :]
        else:
            np.matmul(h_prev, W_rz_T, out=a_rz[t])
            a_rz[t] += b_rz
            a_rz[t] += xp[t, :, : 2 * H]
        sigmoid(a_rz[t], out=rz[t])
        if clamp_r is not None:
            rz[t, :, :H] = clamp_r
        if clamp_z is not None:
            rz[t, :, H:] = clamp_z
        r_t, z_t = rz[t, :, :H], rz[t, :, H:]
        if reset_after:
            np.multiply(r_t, g[t], out=a_h[t])
        else:
            np.matmul(r_t * h_prev, W_n_T, out=g[t])
            g[t] += b_n
            a_h[t] = g[t]
        a_h[t] += xp[t, :, 2 * H :]
        np.tanh(a_h[t], out=h_tilde[t])
        # h_t = k h_{t-1} + (1 - k) h̃_t, written as torch does: one multiply
        if keep_is_z:
            np.subtract(h_prev, h_tilde[t], out=h[t])
            h[t] *= z_t
            h[t] += h_tilde[t]
        else:
            np.subtract(h_tilde[t], h_prev, out=h[t])
            h[t] *= z_t
            h[t] += h_prev
        h_prev = h[t]

    def out(a):
        return a if batched else a[:, 0]

    return GRUTrace(
        convention=p.convention,
        x=out(xs),
        h0=h0_b if batched else h0_b[0],
        a_r=out(a_rz[..., :H]),
        a_z=out(a_rz[..., H:]),
        a_h=out(a_h),
        g=out(g),
        r=out(rz[..., :H]),
        z=out(rz[..., H:]),
        h_tilde=out(h_tilde),
        h=out(h),
        clamp_r=clamp_r,
        clamp_z=clamp_z,
    )


@dataclass(frozen=True)
class _Step:
    """What one step's backward needs, each (B, H) (or (1, H) to broadcast)."""

    r: np.ndarray
    z: np.ndarray
    n: np.ndarray
    g: np.ndarray
    h_prev: np.ndarray


def _step_back(p: GRUParams, s: _Step, dh: np.ndarray, trace: GRUTrace):
    """Backpropagate dL/dh_t through one step.

    Returns (dL/dh_{t-1}, da_r, da_z, da_h, dg) where dg = dL/dg_t.
    """
    if trace.convention in Z_KEEPS_PAST:  # h = n + z (h_prev - n)
        dn = dh * (1.0 - s.z)
        dz = dh * (s.h_prev - s.n)
        dh_prev = dh * s.z
    else:  # h = h_prev + z (n - h_prev)
        dn = dh * s.z
        dz = dh * (s.n - s.h_prev)
        dh_prev = dh * (1.0 - s.z)
    da_h = dn * tanh_grad(s.n)
    if trace.convention in RESET_AFTER:  # a_h = … + r ⊙ g,  g = W_hh h_prev + b_hh
        dr = da_h * s.g
        dg = da_h * s.r
        dh_prev += dg @ p.W_hh
    else:  # a_h = … + g,  g = W_hh (r ⊙ h_prev) + b_hh
        dg = da_h
        d_rh = da_h @ p.W_hh
        dr = d_rh * s.h_prev
        dh_prev += d_rh * s.r
    da_r = np.zeros_like(dr) if trace.clamp_r is not None else dr * sigmoid_grad(s.r)
    da_z = np.zeros_like(dz) if trace.clamp_z is not None else dz * sigmoid_grad(s.z)
    dh_prev += da_r @ p.W_hr
    dh_prev += da_z @ p.W_hz
    return dh_prev, da_r, da_z, da_h, dg


def _batched(trace: GRUTrace):
    """The trace's arrays with a batch axis: (T, B, ·) and h0 (B, H)."""
    if trace.batched:
        return trace.x, trace.h0, trace.r, trace.z, trace.h_tilde, trace.g, trace.h
    return (
        trace.x[:, None],
        trace.h0[None],
        trace.r[:, None],
        trace.z[:, None],
        trace.h_tilde[:, None],
        trace.g[:, None],
        trace.h[:, None],
    )


def backward(p: GRUParams, trace: GRUTrace, dh) -> dict[str, np.ndarray]:
    """Backpropagation through time.

    dh: dL/dh_t for every t (the loss's direct dependence), shaped like ``trace.h``.
    Returns the gradients keyed like ``p.to_torch()`` plus ``"x"`` (like
    ``trace.x``) and ``"h0"`` (like ``trace.h0``).
    """
    dtype = trace.h.dtype
    if p.dtype != dtype:
        p = p.astype(dtype)
    if p.convention != trace.convention:
        raise ValueError(
            f"the trace was computed under {trace.convention!r}, the parameters say "
            f"{p.convention!r}"
        )
    dh = check_like("dh", dh, trace.h.shape, dtype)
    x, h0, r, z, n, g, h = _batched(trace)
    if not trace.batched:
        dh = dh[:, None]
    T, B, H = h.shape
    h_prev_all = np.concatenate([h0[None], h[:-1]])  # (T, B, H)
    da = np.empty((T, B, 3 * H), dtype)  # dL/d(a_r, a_z, a_h): the input side
    dg = np.empty((T, B, H), dtype)  # dL/dg_t: the candidate's recurrent side
    carry = np.zeros((B, H), dtype)
    for t in range(T - 1, -1, -1):
        carry += dh[t]
        step = _Step(r=r[t], z=z[t], n=n[t], g=g[t], h_prev=h_prev_all[t])
        carry, da[t, :, :H], da[t, :, H : 2 * H], da[t, :, 2 * H :], dg[t] = _step_back(
            p, step, carry, trace
        )

    da_flat = da.reshape(T * B, 3 * H)
    hp_flat = h_prev_all.reshape(T * B, H)
    g_in = hp_flat if trace.convention in RESET_AFTER else (r * h_prev_all).reshape(T * B, H)
    dg_flat = dg.reshape(T * B, H)
    grads = {
        "weight_ih": da_flat.T @ x.reshape(T * B, -1),
        "weight_hh": np.concatenate([da_flat[:, : 2 * H].T @ hp_flat, dg_flat.T @ g_in]),
        "bias_ih": da_flat.sum(axis=0),
        "bias_hh": np.concatenate([da_flat[:, : 2 * H].sum(axis=0), dg_flat.sum(axis=0)]),
    }
    keys = (
        ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        if p.has_bias
        else (
            "weight_ih",
            "weight_hh",
        )
    )
    out = {k + p.torch_suffix: grads[k] for k in keys}
    dx = (da_flat @ p.weight_ih).reshape(x.shape)
    out["x"] = dx if trace.batched else dx[:, 0]
    out["h0"] = carry if trace.batched else carry[0]
    return out


def gradient_flow(p: GRUParams, trace: GRUTrace, batch_index: int = 0) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ (spectral norm of the Jacobian) for t = 0 .. T.

    Entry t says how strongly the last state still depends on h_t; entry T is
    ‖I‖ = 1. A curve that falls geometrically is a vanishing gradient.
    """
    dtype = trace.h.dtype
    if p.dtype != dtype:
        p = p.astype(dtype)
    x, h0, r, z, n, g, h = _batched(trace)
    T, B, H = h.shape
    if not 0 <= batch_index < B:
        raise ValueError(f"batch_index must lie in [0, {B}), got {batch_index}")
    b = slice(batch_index, batch_index + 1)
    h_prev_all = np.concatenate([h0[None], h[:-1]])
    jac = np.empty((T + 1, H, H), dtype)  # row i: ∂h_T[i]/∂h_t
    jac[T] = np.eye(H, dtype=dtype)
    for t in range(T - 1, -1, -1):
        step = _Step(r=r[t, b], z=z[t, b], n=n[t, b], g=g[t, b], h_prev=h_prev_all[t, b])
        jac[t] = _step_back(p, step, jac[t + 1], trace)[0]
    return np.linalg.svd(jac, compute_uv=False)[:, 0]

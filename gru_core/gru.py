"""GRU forward pass (with every intermediate, or states only), backpropagation
through time and the gradient-flow curve.

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
from numpy.lib.stride_tricks import as_strided

from gru_core._validate import check_like, check_sequence, check_state, float_dtype
from gru_core.activations import sigmoid_grad, tanh_grad
from gru_core.conventions import RESET_AFTER, Z_KEEPS_PAST, keep_share
from gru_core.layer import Trace
from gru_core.linalg import spectral_norms
from gru_core.params import TORCH_KEYS, GRUParams


@dataclass(frozen=True, eq=False)
class GRUTrace(Trace):
    """Every intermediate of one forward pass, shaped (T, H) or (T, B, H)."""

    convention: str
    x: np.ndarray  # (T, I) or (T, B, I)
    h0: np.ndarray  # (H,) or (B, H)
    a_r: np.ndarray  # reset gate pre-activation
    a_z: np.ndarray  # update gate pre-activation
    a_h: np.ndarray  # candidate pre-activation
    # recurrent part of the candidate: W_hh h_{t-1} + b_hh (pytorch) or W_hh (r ⊙ h_{t-1}) + b_hh
    g: np.ndarray
    r: np.ndarray  # reset gate r_t (the clamp value where clamped)
    z: np.ndarray  # update gate z_t (the clamp value where clamped)
    h_tilde: np.ndarray  # candidate state h̃_t
    h: np.ndarray  # h_1 .. h_T
    clamp_r: float | None = None
    clamp_z: float | None = None

    @property
    def keep(self) -> np.ndarray:
        """k_t, the share of h_{t-1} kept in h_t (1 − z_t or z_t, by convention)."""
        return keep_share(self.z, self.convention)


def _check_clamp(name: str, value) -> float | None:
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be None or a number in [0, 1], got {value!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value}")
    return value


#: Elements a step (B·H) from which forward computes float64 tanh through exp.
EXP_TANH_FROM = 256


def _inputs(p, x, h0, dtype, clamp_r, clamp_z):
    """The checked arguments of ``forward``: p in dtype, x as (T, B, I), h0 as (B, H)."""
    if not isinstance(p, GRUParams):
        raise ValueError(f"p must be GRUParams, got {type(p).__name__}")
    dtype = float_dtype(p.dtype if dtype is None else dtype)
    clamp_r = _check_clamp("clamp_r", clamp_r)
    clamp_z = _check_clamp("clamp_z", clamp_z)
    if p.dtype != dtype:
        p = p.astype(dtype)
    xs, batched = check_sequence(x, p.input_size, dtype)
    h0_b = check_state("h0", h0, xs.shape[1], p.hidden_size, batched, dtype)  # a fresh array
    return p, xs, h0_b, batched, clamp_r, clamp_z


def _reused(T: int, shape: tuple, dtype) -> np.ndarray:
    """A (T, *shape) array whose T steps are one buffer: each step overwrites the last."""
    one = np.empty(shape, dtype)
    return as_strided(one, (T, *shape), (0, *one.strides), writeable=True)


def _recur(p: GRUParams, xs: np.ndarray, h0_b: np.ndarray, clamp_r, clamp_z, keep: bool):
    """The loop over time, shared by ``forward`` (keep=True: every intermediate gets
    its own (T, B, ·) array) and ``states`` (keep=False: only h does; the others are
    one step's buffer, overwritten by the next).

    Returns (a_rz, rz, a_h, g, h_tilde, h): a_rz = [a_r | a_z] and rz = [r | z] are
    (T, B, 2H), the rest (T, B, H).
    """
    T, B, I = xs.shape
    H = p.hidden_size
    dtype = xs.dtype
    reset_after = p.convention in RESET_AFTER
    keep_is_z = p.convention in Z_KEEPS_PAST
    b_n = p.bias_hh[2 * H :]

    # input side of every step in one product, (T, B, 3H); the r and z blocks
    # also take their recurrent biases b_hr, b_hz here, once for all steps
    bias = p.bias_ih.copy()
    bias[: 2 * H] += p.bias_hh[: 2 * H]
    xp = xs.reshape(T * B, I) @ p.weight_ih.T
    xp += bias
    xp = xp.reshape(T, B, 3 * H)

    def buffer(width: int) -> np.ndarray:
        return np.empty((T, B, width), dtype) if keep else _reused(T, (B, width), dtype)

    rz = buffer(2 * H)  # [r | z]
    a_h = buffer(H)
    h_tilde = buffer(H)
    h = np.empty((T, B, H), dtype)
    if reset_after:
        # pre[t] = [a_r | a_z | g]: h_{t-1} @ W_T gives all three recurrent parts at once
        W_T = np.ascontiguousarray(p.weight_hh.T)  # (H, 3H)
        pre = buffer(3 * H)
        a_rz, g = pre[..., : 2 * H], pre[..., 2 * H :]
    else:
        W_rz_T = np.ascontiguousarray(p.weight_hh[: 2 * H].T)  # (H, 2H)
        W_n_T = np.ascontiguousarray(p.weight_hh[2 * H :].T)  # (H, H)
        a_rz = buffer(2 * H)
        g = buffer(H)
        pre = a_rz  # the product h_{t-1} @ W_rz_T is written straight into a_rz
        rh = np.empty((B, H), dtype)  # r_t ⊙ h_{t-1}
    # constants as arrays of the step's shape: NumPy adds two arrays of one shape
    # faster than an array and a Python float
    one = np.ones((B, 2 * H), dtype)
    one_h, minus_two = one[:, :H].copy(), np.full((B, H), -2.0, dtype)
    # NumPy vectorises float64 exp but not float64 tanh on AVX2 CPUs (there tanh costs
    # about 4x exp; float32 tanh is vectorised): for wide steps tanh through exp takes
    # 4 more calls but 3-4x less time (B = 32, H = 128). Narrow steps keep np.tanh:
    # there the calls cost more than the elements, and np.tanh keeps its relative
    # accuracy near 0 (the exp form's error is absolute, ~1e-16).
    exp_tanh = dtype == np.float64 and B * H >= EXP_TANH_FROM

    h_prev = h0_b
    # each step's views, taken by iterating (cheaper than indexing inside the loop)
    steps = zip(
        pre, a_rz, g, xp[..., : 2 * H], xp[..., 2 * H :], rz, rz[..., :H], rz[..., H:],
        a_h, h_tilde, h, strict=True,
    )  # fmt: skip
    # e^(−a) and e^(2a) overflow to inf for a far from 0 (|a| > 709, > 354), which
    # gives σ = 0 and tanh = 1, the limits: the overflow is expected, not an error
    with np.errstate(over="ignore"):
        for pre_t, a_rz_t, g_t, xp_rz_t, xp_n_t, rz_t, r_t, z_t, a_h_t, n_t, h_t in steps:
            # [a_r | a_z] = (W_x x_t + b_x + b_h, in xp) + W_h h_{t-1}, for r and z
            if reset_after:
                np.dot(h_prev, W_T, out=pre_t)
                a_rz_t += xp_rz_t
                g_t += b_n  # g = W_hh h_{t-1} + b_hh
            else:
                np.dot(h_prev, W_rz_T, out=a_rz_t)
                a_rz_t += xp_rz_t
            # [r_t | z_t] = σ(a) = 1 / (1 + e^(−a)), as torch computes it
            np.negative(a_rz_t, out=rz_t)
            np.exp(rz_t, out=rz_t)
            rz_t += one
            np.reciprocal(rz_t, out=rz_t)
            if clamp_r is not None:
                r_t.fill(clamp_r)
            if clamp_z is not None:
                z_t.fill(clamp_z)
            if reset_after:  # a_h = W_xh x_t + b_xh + r ⊙ g
                np.multiply(r_t, g_t, out=a_h_t)
                a_h_t += xp_n_t
            else:  # g = W_hh (r ⊙ h_{t-1}) + b_hh,  a_h = W_xh x_t + b_xh + g
                np.multiply(r_t, h_prev, out=rh)
                np.dot(rh, W_n_T, out=g_t)
                g_t += b_n
                np.add(g_t, xp_n_t, out=a_h_t)
            # h̃_t = tanh(a_h)
            if exp_tanh:  # = 1 − 2 / (1 + e^(2 a_h))
                np.add(a_h_t, a_h_t, out=n_t)
                np.exp(n_t, out=n_t)
                n_t += one_h
                np.divide(minus_two, n_t, out=n_t)
                n_t += one_h
            else:
                np.tanh(a_h_t, out=n_t)
            # h_t = k h_{t-1} + (1 - k) h̃_t with one multiply, as torch writes it
            if keep_is_z:  # h = h̃ + z (h_{t-1} − h̃)
                np.subtract(h_prev, n_t, out=h_t)
                h_t *= z_t
                h_t += n_t
            else:  # h = h_{t-1} + z (h̃ − h_{t-1})
                np.subtract(n_t, h_prev, out=h_t)
                h_t *= z_t
                h_t += h_prev
            h_prev = h_t
    return a_rz, rz, a_h, g, h_tilde, h


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
    p, xs, h0_b, batched, clamp_r, clamp_z = _inputs(p, x, h0, dtype, clamp_r, clamp_z)
    H = p.hidden_size
    a_rz, rz, a_h, g, h_tilde, h = _recur(p, xs, h0_b, clamp_r, clamp_z, keep=True)

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


def states(
    p: GRUParams,
    x,
    h0=None,
    *,
    dtype=None,
    clamp_r: float | None = None,
    clamp_z: float | None = None,
) -> np.ndarray:
    """``forward(p, x, h0, ...).h`` without the rest of the trace (inference).

    The same loop as ``forward``, so the same numbers to the last bit; the gates and
    candidate of each step are overwritten by the next instead of kept, which
    saves their memory (8 arrays the size of h) and the time to fill it.
    Returns h_1 .. h_T, (T, H) or (T, B, H).
    """
    p, xs, h0_b, batched, clamp_r, clamp_z = _inputs(p, x, h0, dtype, clamp_r, clamp_z)
    h = _recur(p, xs, h0_b, clamp_r, clamp_z, keep=False)[-1]
    return h if batched else h[:, 0]


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


def _matching(p: GRUParams, trace: GRUTrace) -> GRUParams:
    """p in the trace's dtype, after checking that p could have made the trace."""
    if not isinstance(p, GRUParams):
        raise ValueError(f"p must be GRUParams, got {type(p).__name__}")
    if not isinstance(trace, GRUTrace):
        raise ValueError(f"trace must be the GRUTrace that forward returned, got {type(trace)}")
    if p.convention != trace.convention:
        raise ValueError(
            f"the trace was computed under {trace.convention!r}, the parameters say "
            f"{p.convention!r}"
        )
    I, H = trace.x.shape[-1], trace.h.shape[-1]
    if (p.input_size, p.hidden_size) != (I, H):
        raise ValueError(
            f"the trace has I = {I}, H = {H} but the parameters have "
            f"I = {p.input_size}, H = {p.hidden_size}"
        )
    dtype = trace.h.dtype
    return p if p.dtype == dtype else p.astype(dtype)


def _local_derivatives(p: GRUParams, trace: GRUTrace):
    """The step-local factors of backward for every step at once, each (T, B, H).

    With c = dL/dh_t (everything that reaches h_t), one step of backward is::

        da_h = c ⊙ A           A  = (1 − k) (1 − h̃²)          ∂h_t/∂a_h
        da_z = c ⊙ Z           Z  = ±(h_{t-1} − h̃) z (1 − z)   ∂h_t/∂a_z (+ for cho, pytorch)
        da_r = da_h ⊙ R  (reset after:  R = g r (1 − r),  ∂a_h/∂a_r)
        da_r = (da_h W_hh) ⊙ R  (reset before: R = h_{t-1} r (1 − r))
        dL/dh_{t-1} = c ⊙ k + (recurrent matmuls)

    Only c is carried from step to step, so all of these are vectorised over T.
    A clamped gate is a constant: its factor is 0.
    """
    x, h0, r, z, n, g, h = _batched(trace)
    h_prev = np.concatenate([h0[None], h[:-1]])  # (T, B, H)
    keep_is_z = trace.convention in Z_KEEPS_PAST
    K = z if keep_is_z else 1.0 - z  # ∂h_t/∂h_{t-1}, the direct path
    A = 1.0 - K
    A *= tanh_grad(n)
    if trace.clamp_z is not None:
        Z = np.zeros_like(z)
    else:
        Z = np.subtract(h_prev, n) if keep_is_z else np.subtract(n, h_prev)
        Z *= sigmoid_grad(z)
    if trace.clamp_r is not None:
        R = np.zeros_like(r)
    else:
        R = g * sigmoid_grad(r) if trace.convention in RESET_AFTER else h_prev * sigmoid_grad(r)
    return x, h_prev, r, K, A, Z, R


def backward(p: GRUParams, trace: GRUTrace, dh) -> dict[str, np.ndarray]:
    """Backpropagation through time.

    dh: dL/dh_t for every t (the loss's direct dependence), shaped like ``trace.h``.
    Returns the gradients keyed like ``p.to_torch()`` plus ``"x"`` (like
    ``trace.x``) and ``"h0"`` (like ``trace.h0``).

    Only dL/dh_t is carried backwards through time; the gate gradients of every
    step are collected and the weight gradients are then one product each,
    e.g. dL/dW_hr = Σ_t da_r,tᵀ h_{t-1}.
    """
    p = _matching(p, trace)
    dtype = trace.h.dtype
    dh = check_like("dh", dh, trace.h.shape, dtype)
    x, h_prev, r, K, A, Z, R = _local_derivatives(p, trace)
    if not trace.batched:
        dh = dh[:, None]
    T, B, H = h_prev.shape
    reset_after = trace.convention in RESET_AFTER

    # recurrent-side pre-activation gradients [da_r | da_z | dg] per step; for the
    # reset-before conventions dg = da_h, so this is also the input side
    d_rec = np.empty((T, B, 3 * H), dtype)
    da_h = np.empty((T, B, H), dtype) if reset_after else d_rec[..., 2 * H :]
    W = p.weight_hh  # (3H, H): [W_hr; W_hz; W_hh]
    W_rz, W_n = W[: 2 * H], W[2 * H :]
    carry = np.array(dh[T - 1])  # dL/dh_t, (B, H)
    back = np.empty((B, H), dtype)
    d_rh = np.empty((B, H), dtype)  # dL/d(r ⊙ h_{t-1}) (reset before)
    for t in range(T - 1, -1, -1):
        d_t, da_h_t = d_rec[t], da_h[t]
        np.multiply(carry, A[t], out=da_h_t)
        np.multiply(carry, Z[t], out=d_t[:, H : 2 * H])
        carry *= K[t]  # the direct path h_{t-1} → h_t
        if reset_after:  # a_h = … + r ⊙ g,  g = W_hh h_{t-1} + b_hh
            np.multiply(da_h_t, R[t], out=d_t[:, :H])
            np.multiply(da_h_t, r[t], out=d_t[:, 2 * H :])
            np.matmul(d_t, W, out=back)
        else:  # a_h = … + g,  g = W_hh (r ⊙ h_{t-1}) + b_hh
            np.matmul(da_h_t, W_n, out=d_rh)
            np.multiply(d_rh, R[t], out=d_t[:, :H])
            d_rh *= r[t]
            carry += d_rh
            np.matmul(d_t[:, : 2 * H], W_rz, out=back)
        carry += back
        if t:
            carry += dh[t - 1]

    d_flat = d_rec.reshape(T * B, 3 * H)
    hp_flat = h_prev.reshape(T * B, H)
    x_flat = x.reshape(T * B, -1)
    if reset_after:
        dah_flat = da_h.reshape(T * B, H)
        weight_hh = d_flat.T @ hp_flat
        weight_ih = np.concatenate([d_flat[:, : 2 * H].T @ x_flat, dah_flat.T @ x_flat])
        bias_hh = d_flat.sum(axis=0)
        bias_ih = np.concatenate([bias_hh[: 2 * H], dah_flat.sum(axis=0)])
        dx = d_flat[:, : 2 * H] @ p.weight_ih[: 2 * H] + dah_flat @ p.weight_ih[2 * H :]
    else:
        rh_flat = (r * h_prev).reshape(T * B, H)
        weight_hh = np.concatenate([d_flat[:, : 2 * H].T @ hp_flat, d_flat[:, 2 * H :].T @ rh_flat])
        weight_ih = d_flat.T @ x_flat
        bias_hh = d_flat.sum(axis=0)
        bias_ih = bias_hh.copy()
        dx = d_flat @ p.weight_ih
    grads = {
        "weight_ih": weight_ih,
        "weight_hh": weight_hh,
        "bias_ih": bias_ih,
        "bias_hh": bias_hh,
    }
    keys = TORCH_KEYS if p.has_bias else TORCH_KEYS[:2]
    out = {k + p.torch_suffix: grads[k] for k in keys}
    dx = dx.reshape(x.shape)
    out["x"] = dx if trace.batched else dx[:, 0]
    out["h0"] = carry if trace.batched else carry[0]
    return out


def gradient_flow(p: GRUParams, trace: GRUTrace, batch_index: int = 0) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ (spectral norm of the Jacobian) for t = 0 .. T.

    Entry t says how strongly the last state still depends on h_t; entry T is
    ‖I‖ = 1. A curve that falls geometrically is a vanishing gradient.

    The Jacobian is carried backwards like backward's dL/dh_t, one row per
    component of h_T: J_{t-1} = J_t M_t with M_t = ∂h_t/∂h_{t-1}. Every M_t is
    backward's step applied to the rows of the identity, all steps at once;
    the loop over time is then one H × H product a step.
    """
    B = trace.h.shape[1] if trace.batched else 1
    if isinstance(batch_index, bool) or not isinstance(batch_index, int | np.integer):
        raise ValueError(f"batch_index must be an integer in [0, {B}), got {batch_index!r}")
    if not 0 <= batch_index < B:
        raise ValueError(f"batch_index must lie in [0, {B}), got {batch_index}")
    return _flows(p, trace, slice(batch_index, batch_index + 1))[0]


def gradient_flows(p: GRUParams, trace: GRUTrace) -> np.ndarray:
    """``gradient_flow`` of every sequence of a batched trace at once: (B, T+1)."""
    if not trace.batched:
        raise ValueError("gradient_flows takes a batched trace; gradient_flow takes one sequence")
    return _flows(p, trace, slice(None))


def _flows(p: GRUParams, trace: GRUTrace, b: slice) -> np.ndarray:
    """``gradient_flow`` of the sequences ``b`` of the batch: (n, T+1)."""
    p = _matching(p, trace)
    dtype = trace.h.dtype
    x, h_prev, r, K, A, Z, R = _local_derivatives(p, trace)
    # (T, n, 1, H): each factor broadcast over the rows of one Jacobian per sequence
    r, K, A, Z, R = (a[:, b, None, :] for a in (r, K, A, Z, R))
    T, n, _, H = r.shape
    W = p.weight_hh
    W_rz, W_n = W[: 2 * H], W[2 * H :]
    # M[t] = ∂h_t/∂h_{t-1}, (T, n, H, H): backward's step with c = I (row i: ∂h_t[i]/∂h_{t-1})
    c = np.eye(H, dtype=dtype)
    da_h = c * A
    M = c * K
    if trace.convention in RESET_AFTER:
        M += np.concatenate([da_h * R, c * Z, da_h * r], axis=3) @ W
    else:
        d_rh = da_h @ W_n
        M += d_rh * r
        M += np.concatenate([d_rh * R, c * Z], axis=3) @ W_rz
    jac = np.empty((T + 1, n, H, H), dtype)  # jac[t] = ∂h_T/∂h_t, row i for h_T[i]
    jac[T] = np.eye(H, dtype=dtype)
    for t in range(T - 1, -1, -1):
        np.matmul(jac[t + 1], M[t], out=jac[t])
    return spectral_norms(jac.reshape((T + 1) * n, H, H)).reshape(T + 1, n).T

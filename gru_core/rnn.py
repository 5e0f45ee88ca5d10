"""A plain (Elman) RNN, the baseline the GRU's gates are measured against.

    a_t = W_xh x_t + b_xh + W_hh h_{t-1} + b_hh
    h_t = tanh(a_t)

Layout as ``torch.nn.RNN`` (tanh): ``weight_ih`` (H, I), ``weight_hh`` (H, H),
``bias_ih`` and ``bias_hh`` (H,). Backpropagation multiplies the gradient by
W_hhᵀ diag(1 − h_t²) at every step, so ‖∂h_T/∂h_t‖ shrinks geometrically when
that factor's norm stays below 1: the vanishing gradient.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gru_core._validate import backward_inputs, forward_inputs, layer_arrays
from gru_core.activations import tanh_grad
from gru_core.layer import Layer, Trace, weight_grads
from gru_core.linalg import spectral_norms


@dataclass(frozen=True, eq=False)
class RNNParams(Layer):
    """Weights of one tanh RNN layer (read-only arrays)."""

    TORCH_MODULE = "nn.RNN"

    weight_ih: np.ndarray  # (H, I)
    weight_hh: np.ndarray  # (H, H)
    bias_ih: np.ndarray  # (H,)
    bias_hh: np.ndarray  # (H,)
    dtype: np.dtype = field(default=np.dtype(np.float64))

    def __post_init__(self):
        layer_arrays(self, gates=1)

    @classmethod
    def init(cls, input_size: int, hidden_size: int, rng: np.random.Generator) -> RNNParams:
        """PyTorch's default initialisation, U(−1/√H, 1/√H).

        The weights are drawn before the biases, unlike in ``Layer._torch_init``: the
        order a seed's numbers have always come in."""
        k = 1.0 / np.sqrt(hidden_size)
        H, I = hidden_size, input_size
        return cls(
            weight_ih=rng.uniform(-k, k, (H, I)),
            weight_hh=rng.uniform(-k, k, (H, H)),
            bias_ih=rng.uniform(-k, k, H),
            bias_hh=rng.uniform(-k, k, H),
        )


@dataclass(frozen=True, eq=False)
class RNNTrace(Trace):
    """Every intermediate of one RNN forward pass, shaped (T, H) or (T, B, H)."""

    x: np.ndarray  # (T, I) or (T, B, I)
    h0: np.ndarray  # (H,) or (B, H)
    a: np.ndarray  # pre-activation a_t
    h: np.ndarray  # h_1 .. h_T


def rnn_forward(p: RNNParams, x, h0=None, *, dtype=None) -> RNNTrace:
    """h_t = tanh(W_xh x_t + b_xh + W_hh h_{t-1} + b_hh); x (T, I) or (T, B, I)."""
    p, xs, h_prev, batched = forward_inputs(p, x, h0, dtype)
    T, B, I = xs.shape
    H = p.hidden_size
    h0_b = h_prev.copy()
    a = (xs.reshape(T * B, I) @ p.weight_ih.T + (p.bias_ih + p.bias_hh)).reshape(T, B, H)
    h = np.empty((T, B, H), xs.dtype)
    W_hh_T = p.weight_hh.T.copy()
    for t in range(T):
        a[t] += h_prev @ W_hh_T
        np.tanh(a[t], out=h[t])
        h_prev = h[t]
    if batched:
        return RNNTrace(x=xs, h0=h0_b, a=a, h=h)
    return RNNTrace(x=xs[:, 0], h0=h0_b[0], a=a[:, 0], h=h[:, 0])


def _batched(trace: RNNTrace):
    if trace.batched:
        return trace.x, trace.h0, trace.h
    return trace.x[:, None], trace.h0[None], trace.h[:, None]


def rnn_backward(p: RNNParams, trace: RNNTrace, dh) -> dict[str, np.ndarray]:
    """BPTT: da_t = (dL/dh_t) ⊙ (1 − h_t²), dL/dh_{t-1} += da_t W_hh.

    Returns gradients keyed like ``p.to_torch()`` plus ``"x"`` and ``"h0"``.
    """
    p, dh = backward_inputs(p, trace, dh)
    x, h0, h = _batched(trace)
    T, B, H = h.shape
    da = np.empty((T, B, H), h.dtype)
    carry = np.zeros((B, H), h.dtype)
    for t in range(T - 1, -1, -1):
        carry += dh[t]
        np.multiply(carry, tanh_grad(h[t]), out=da[t])
        carry = da[t] @ p.weight_hh
    grads = weight_grads(da, x, h0, h, p.weight_ih, trace.batched)
    grads["h0"] = carry if trace.batched else carry[0]
    return grads


def rnn_gradient_flow(p: RNNParams, trace: RNNTrace, batch_index: int = 0) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ for t = 0 .. T (entry T is 1), as ``gru_core.gradient_flow``."""
    dtype = trace.h.dtype
    if p.dtype != dtype:
        p = p.astype(dtype)
    _, _, h = _batched(trace)
    T, B, H = h.shape
    if not 0 <= batch_index < B:
        raise ValueError(f"batch_index must lie in [0, {B}), got {batch_index}")
    jac = np.empty((T + 1, H, H), dtype)  # row i: ∂h_T[i]/∂h_t
    jac[T] = np.eye(H, dtype=dtype)
    for t in range(T - 1, -1, -1):
        jac[t] = (jac[t + 1] * tanh_grad(h[t, batch_index])) @ p.weight_hh
    return spectral_norms(jac)

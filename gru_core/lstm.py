"""A long short-term memory (LSTM) layer, the GRU's older cousin, as a baseline.

Notation (shapes, B omitted when the input is not batched)::

    x        (T, B, I)  inputs x_1 .. x_T
    h0, c0   (B, H)     initial hidden state h_0 and cell state c_0
    i, f, o  (T, B, H)  input gate i_t, forget gate f_t, output gate o_t
    g        (T, B, H)  candidate cell value g_t (the GRU's h̃_t)
    c, h     (T, B, H)  cell states c_1 .. c_T and hidden states h_1 .. h_T

Equations (as ``torch.nn.LSTM``)::

    a_t = W_x x_t + b_x + W_h h_{t-1} + b_h        rows in gate order i, f, g, o
    i_t = σ(a_i)    f_t = σ(a_f)    g_t = tanh(a_g)    o_t = σ(a_o)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t                 f_t → 1 keeps the cell
    h_t = o_t ⊙ tanh(c_t)

Layout as ``torch.nn.LSTM``: ``weight_ih`` (4H, I), ``weight_hh`` (4H, H),
``bias_ih`` and ``bias_hh`` (4H,). The cell path c_{t-1} → c_t is multiplied
by f_t only, so with f_t ≈ 1 the gradient flows back unchanged: the GRU's
update gate does the same job with one gate less.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gru_core._validate import backward_inputs, check_state, forward_inputs, layer_arrays
from gru_core.activations import sigmoid, sigmoid_grad, tanh_grad
from gru_core.layer import Layer, Trace, weight_grads

GATES = ("i", "f", "g", "o")


@dataclass(frozen=True, eq=False)
class LSTMParams(Layer):
    """Weights of one LSTM layer (read-only arrays), gate order i, f, g, o."""

    TORCH_MODULE = "nn.LSTM"

    weight_ih: np.ndarray  # (4H, I) rows [W_xi; W_xf; W_xg; W_xo]
    weight_hh: np.ndarray  # (4H, H) rows [W_hi; W_hf; W_hg; W_ho]
    bias_ih: np.ndarray  # (4H,) input-side biases
    bias_hh: np.ndarray  # (4H,) recurrent-side biases (only the sums matter)
    dtype: np.dtype = field(default=np.dtype(np.float64))

    def __post_init__(self):
        layer_arrays(self, gates=4)

    def gate(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(W_x·, W_h·, b_·) of gate ``name`` in "i", "f", "g", "o"; b is the total bias."""
        if name not in GATES:
            raise ValueError(f"gate must be one of {GATES}, got {name!r}")
        H = self.hidden_size
        rows = slice(GATES.index(name) * H, (GATES.index(name) + 1) * H)
        return self.weight_ih[rows], self.weight_hh[rows], self.bias_ih[rows] + self.bias_hh[rows]

    @classmethod
    def init(
        cls,
        input_size: int,
        hidden_size: int,
        rng: np.random.Generator,
        forget_bias: float = 0.0,
    ) -> LSTMParams:
        """PyTorch's default initialisation, U(−1/√H, 1/√H), plus ``forget_bias``
        on the forget gate's input bias (positive keeps the cell at the start of
        training: Gers et al. 2000, Jozefowicz et al. 2015)."""
        return cls._torch_init(
            input_size, hidden_size, rng, gates=4, shifted_gate=GATES.index("f"), shift=forget_bias
        )


@dataclass(frozen=True, eq=False)
class LSTMTrace(Trace):
    """Every intermediate of one LSTM forward pass, shaped (T, H) or (T, B, H)."""

    x: np.ndarray  # (T, I) or (T, B, I)
    h0: np.ndarray  # (H,) or (B, H)
    c0: np.ndarray  # (H,) or (B, H)
    i: np.ndarray  # input gate i_t
    f: np.ndarray  # forget gate f_t
    g: np.ndarray  # candidate cell value g_t
    o: np.ndarray  # output gate o_t
    c: np.ndarray  # c_1 .. c_T
    h: np.ndarray  # h_1 .. h_T

    @property
    def c_prev(self) -> np.ndarray:
        """c_0 .. c_{T-1}, the cell each step starts from."""
        return np.concatenate([self.c0[None], self.c[:-1]])


def lstm_forward(p: LSTMParams, x, h0=None, c0=None, *, dtype=None) -> LSTMTrace:
    """Run the LSTM over a sequence and keep every intermediate.

    x: (T, I) or (T, B, I) (or (T,) when I = 1); h0, c0: (H,) or (B, H), zeros
    if None. dtype: float64 (default: the parameters' dtype) or float32.
    """
    if not isinstance(p, LSTMParams):
        raise ValueError(f"p must be LSTMParams, got {type(p).__name__}")
    p, xs, h_prev, batched = forward_inputs(p, x, h0, dtype)
    T, B, I = xs.shape
    H = p.hidden_size
    dtype = xs.dtype
    c_prev = check_state("c0", c0, B, H, batched, dtype)
    h0_b, c0_b = h_prev.copy(), c_prev.copy()

    # pre-activations of every step: the input side at once, (T, B, 4H)
    a = (xs.reshape(T * B, I) @ p.weight_ih.T + (p.bias_ih + p.bias_hh)).reshape(T, B, 4 * H)
    gates = np.empty((T, B, 4 * H), dtype)  # i, f, g, o side by side
    c = np.empty((T, B, H), dtype)
    h = np.empty((T, B, H), dtype)
    tanh_c = np.empty((B, H), dtype)
    W_hh_T = p.weight_hh.T.copy()
    for t in range(T):
        a[t] += h_prev @ W_hh_T
        sigmoid(a[t], out=gates[t])  # i, f, (g overwritten below), o
        np.tanh(a[t, :, 2 * H : 3 * H], out=gates[t, :, 2 * H : 3 * H])
        i_t, f_t = gates[t, :, :H], gates[t, :, H : 2 * H]
        g_t, o_t = gates[t, :, 2 * H : 3 * H], gates[t, :, 3 * H :]
        np.multiply(f_t, c_prev, out=c[t])  # c_t = f ⊙ c_{t-1} + i ⊙ g
        np.multiply(i_t, g_t, out=tanh_c)
        c[t] += tanh_c
        np.tanh(c[t], out=tanh_c)
        np.multiply(o_t, tanh_c, out=h[t])  # h_t = o ⊙ tanh(c_t)
        h_prev, c_prev = h[t], c[t]

    def out(arr):
        return arr if batched else arr[:, 0]

    return LSTMTrace(
        x=out(xs),
        h0=h0_b if batched else h0_b[0],
        c0=c0_b if batched else c0_b[0],
        i=out(gates[..., :H]),
        f=out(gates[..., H : 2 * H]),
        g=out(gates[..., 2 * H : 3 * H]),
        o=out(gates[..., 3 * H :]),
        c=out(c),
        h=out(h),
    )


def _batched(trace: LSTMTrace):
    """The trace's arrays with a batch axis: (T, B, ·), h0 and c0 (B, H)."""
    names = ("x", "h0", "c0", "i", "f", "g", "o", "c", "h")
    arrays = [getattr(trace, n) for n in names]
    if trace.batched:
        return arrays
    return [
        a[None] if n in ("h0", "c0") else a[:, None] for n, a in zip(names, arrays, strict=True)
    ]


def lstm_backward(p: LSTMParams, trace: LSTMTrace, dh) -> dict[str, np.ndarray]:
    """Backpropagation through time.

    dh: dL/dh_t for every t (the loss's direct dependence), shaped like ``trace.h``.
    With δh_t the total gradient on h_t and δc_t the one on c_t::

        δo = δh_t ⊙ tanh(c_t)
        δc_t = δc_t(from t+1) + δh_t ⊙ o_t ⊙ (1 − tanh²(c_t))
        δi = δc_t ⊙ g_t,  δg = δc_t ⊙ i_t,  δf = δc_t ⊙ c_{t-1},  δc_{t-1} = δc_t ⊙ f_t
        δa = [δi σ'(a_i), δf σ'(a_f), δg (1 − g²), δo σ'(a_o)],  δh_{t-1} = δa W_h

    Returns gradients keyed like ``p.to_torch()`` plus ``"x"``, ``"h0"`` and ``"c0"``.
    """
    p, dh = backward_inputs(p, trace, dh)
    x, h0, c0, i, f, g, o, c, h = _batched(trace)
    T, B, H = h.shape
    dtype = h.dtype
    c_prev_all = np.concatenate([c0[None], c[:-1]])
    tanh_c = np.tanh(c)
    # the factors that do not depend on the carried gradients, for every step at once:
    # δa_i = δc·[g σ'(a_i)], δa_f = δc·[c_{t-1} σ'(a_f)], δa_g = δc·[i (1 − g²)],
    # δa_o = δh·[tanh(c) σ'(a_o)]
    local = np.empty((T, B, 4, H), dtype)
    np.multiply(g, sigmoid_grad(i), out=local[:, :, 0])
    np.multiply(c_prev_all, sigmoid_grad(f), out=local[:, :, 1])
    np.multiply(i, tanh_grad(g), out=local[:, :, 2])
    np.multiply(tanh_c, sigmoid_grad(o), out=local[:, :, 3])
    h_to_c = o * tanh_grad(tanh_c)  # ∂h_t/∂c_t = o_t (1 − tanh²(c_t))
    da = np.empty((T, B, 4 * H), dtype)
    da4 = da.reshape(T, B, 4, H)
    carry_h = np.zeros((B, H), dtype)  # δh_t
    carry_c = np.zeros((B, H), dtype)  # δc_t
    work = np.empty((B, H), dtype)
    for t in range(T - 1, -1, -1):
        carry_h += dh[t]
        np.multiply(carry_h, h_to_c[t], out=work)
        carry_c += work
        np.multiply(carry_c[:, None, :], local[t, :, :3], out=da4[t, :, :3])
        np.multiply(carry_h, local[t, :, 3], out=da4[t, :, 3])
        carry_c *= f[t]  # δc_{t-1} = δc_t ⊙ f_t
        carry_h = da[t] @ p.weight_hh  # δh_{t-1} = δa W_h
    grads = weight_grads(da, x, h0, h, p.weight_ih, trace.batched)
    grads["h0"] = carry_h if trace.batched else carry_h[0]
    grads["c0"] = carry_c if trace.batched else carry_c[0]
    return grads

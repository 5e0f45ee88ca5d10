"""A character-level GRU language model: embedding, one GRU layer in the PyTorch
convention, a softmax read-out. Its parameters are one flat vector θ (what Adam
steps), with views by name in PyTorch's layout, so that the GRU's part loads into
``torch.nn.GRU`` unchanged.

For characters c_1 .. c_T of a batch of B streams::

    x_t = E[c_t]                                   (embedding, E: V × D)
    h_t = GRU(x_t, h_{t-1})                        (PyTorch convention, H units)
    p(c_{t+1} | c_≤t) = softmax(W_out h_t + b_out) (W_out: V × H)
    L = −(1 / T·B) Σ_t Σ_b log p(c_{t+1})          (nats a character)

``loss_and_grad`` backpropagates through the T steps it is given (truncated BPTT:
the state h_0 carried in from the previous window is a constant).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gru_core.charlm.vocab import V
from gru_core.gru import backward as gru_backward
from gru_core.gru import forward as gru_forward
from gru_core.layer import FlatParams
from gru_core.params import GRUParams

#: The GRU's arrays, as nn.GRU names them (``_l0`` added in its state dict).
CELL_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


@dataclass(frozen=True)
class CharModel(FlatParams):
    """Sizes of the model and how θ maps to its arrays (``FlatParams``): ``embedding`` (V, D),
    ``weight_ih`` (3H, D), ``weight_hh`` (3H, H), ``bias_ih``, ``bias_hh`` (3H,),
    ``readout_weight`` (V, H), ``readout_bias`` (V,), in that order."""

    hidden_size: int = 128
    embed_size: int = 32

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        H, D = self.hidden_size, self.embed_size
        return {
            "embedding": (V, D),
            "weight_ih": (3 * H, D),
            "weight_hh": (3 * H, H),
            "bias_ih": (3 * H,),
            "bias_hh": (3 * H,),
            "readout_weight": (V, H),
            "readout_bias": (V,),
        }

    def init(self, rng: np.random.Generator, dtype=np.float32) -> np.ndarray:
        """θ as PyTorch initialises nn.Embedding (N(0, 1)), nn.GRU and nn.Linear
        (U(−1/√H, 1/√H))."""
        H, D = self.hidden_size, self.embed_size
        k = 1.0 / math.sqrt(H)
        arrays = {"embedding": rng.standard_normal((V, D))}
        for name in CELL_KEYS:
            arrays[name] = rng.uniform(-k, k, self.shapes[name])
        arrays["readout_weight"] = rng.uniform(-k, k, (V, H))
        arrays["readout_bias"] = rng.uniform(-k, k, V)
        return self.pack(arrays, dtype)

    def cell(self, theta: np.ndarray) -> GRUParams:
        """The GRU layer's parameters (PyTorch convention), in θ's dtype."""
        arrays = self.unpack(theta)
        return GRUParams(
            **{k: arrays[k] for k in CELL_KEYS}, convention="pytorch", dtype=theta.dtype
        )

    def forward(self, theta: np.ndarray, ids: np.ndarray, h0: np.ndarray | None = None):
        """(trace, logits): the GRU's trace on characters ``ids`` (T, B) and the
        read-out's logits (T, B, V) for the character after each."""
        arrays = self.unpack(theta)
        p = self.cell(theta)
        x = arrays["embedding"][ids]  # (T, B, D)
        if h0 is None:
            h0 = np.zeros((ids.shape[1], self.hidden_size), dtype=theta.dtype)
        trace = gru_forward(p, x, h0)
        logits = trace.h @ arrays["readout_weight"].T + arrays["readout_bias"]
        return trace, logits

    def loss_and_grad(
        self, theta: np.ndarray, ids: np.ndarray, targets: np.ndarray, h0=None
    ) -> tuple[float, np.ndarray, np.ndarray]:
        """(L, dL/dθ, h_T): the mean cross-entropy (nats a character) of predicting
        ``targets`` (T, B) after ``ids`` (T, B) from state ``h0`` (B, H), its gradient
        by BPTT over the T steps, and the last state (to carry into the next window)."""
        arrays = self.unpack(theta)
        trace, logits = self.forward(theta, ids, h0)
        T, B = ids.shape
        n = T * B
        logits = logits.reshape(n, V)
        shifted = logits - logits.max(axis=1, keepdims=True)
        expd = np.exp(shifted)
        total = expd.sum(axis=1, keepdims=True)
        flat_targets = targets.reshape(n)
        picked = shifted[np.arange(n), flat_targets]
        loss = float(np.mean(np.log(total[:, 0]) - picked))
        dlogits = expd / total  # softmax
        dlogits[np.arange(n), flat_targets] -= 1.0
        dlogits /= n
        h = trace.h.reshape(n, self.hidden_size)
        grad = np.zeros_like(theta)
        views = self.unpack(grad)
        views["readout_weight"][...] = dlogits.T @ h
        views["readout_bias"][...] = dlogits.sum(axis=0)
        dh = (dlogits @ arrays["readout_weight"]).reshape(T, B, self.hidden_size)
        grads = gru_backward(self.cell(theta), trace, dh)
        for k in CELL_KEYS:
            views[k][...] = grads[k + "_l0"]
        np.add.at(views["embedding"], ids.reshape(n), grads["x"].reshape(n, -1))
        return loss, grad, trace.h[-1]

"""What the GRU, RNN and LSTM share: PyTorch's layout, its initialisation, the
trace's view of the states, and the gradients of the stacked weights.

Each parameter record is a frozen dataclass with ``weight_ih`` (G·H, I),
``weight_hh`` (G·H, H), ``bias_ih``, ``bias_hh`` (G·H,) and ``dtype``, G being the
number of gates stacked (3 for the GRU, 4 for the LSTM, 1 for the plain RNN).
Every layer computes its stacked pre-activations the same way::

    a_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh        (G·H rows, one block a gate)
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import ClassVar, Self

import numpy as np

from gru_core._validate import float_dtype

#: The array names of a one-layer PyTorch module (``_l0`` added for nn.GRU/RNN/LSTM).
TORCH_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


class Layer:
    #: The PyTorch module whose state dict the record reads, e.g. "nn.LSTM".
    TORCH_MODULE: ClassVar[str] = ""

    @classmethod
    def from_torch(cls, state_dict) -> Self:
        """From the module's state dict (``weight_ih_l0`` …) or its cell's
        (``weight_ih`` …), of numpy arrays; missing biases are zeros."""
        suffix = "_l0" if "weight_ih_l0" in state_dict else ""
        missing = [k + suffix for k in TORCH_KEYS[:2] if k + suffix not in state_dict]
        if missing:
            raise ValueError(
                f"missing key(s) {missing}: expected weight_ih_l0, weight_hh_l0 "
                f"({cls.TORCH_MODULE}) or weight_ih, weight_hh ({cls.TORCH_MODULE}Cell)"
            )
        n = np.shape(state_dict["weight_hh" + suffix])[0]
        return cls(**{k: state_dict.get(k + suffix, np.zeros(n)) for k in TORCH_KEYS})

    def to_torch(self) -> dict[str, np.ndarray]:
        """The state dict in the module's layout (``_l0`` keys)."""
        return {k + "_l0": np.array(getattr(self, k)) for k in TORCH_KEYS}

    @property
    def hidden_size(self) -> int:
        """H, the size of the state."""
        return self.weight_hh.shape[1]

    @property
    def input_size(self) -> int:
        """I, the size of one input x_t."""
        return self.weight_ih.shape[1]

    def astype(self, dtype) -> Self:
        """The same parameters in another float dtype (float32 or float64)."""
        return replace(self, dtype=dtype)  # __post_init__ checks and normalises it

    @classmethod
    def _torch_init(
        cls,
        input_size: int,
        hidden_size: int,
        rng: np.random.Generator,
        gates: int,
        shifted_gate: int = 0,
        shift: float = 0.0,
        **fields,
    ) -> Self:
        """PyTorch's default initialisation, U(−1/√H, 1/√H) for every entry, with ``shift``
        added to the input bias of gate ``shifted_gate`` (rows ``shifted_gate``·H ..).

        The draws come in the order bias_ih, weight_ih, weight_hh, bias_hh, so a seed
        gives the same numbers it always gave. ``fields`` go to the record as they are.
        """
        k = 1.0 / np.sqrt(hidden_size)
        H, I = hidden_size, input_size
        bias_ih = rng.uniform(-k, k, gates * H)
        bias_ih[shifted_gate * H : (shifted_gate + 1) * H] += shift
        return cls(
            weight_ih=rng.uniform(-k, k, (gates * H, I)),
            weight_hh=rng.uniform(-k, k, (gates * H, H)),
            bias_ih=bias_ih,
            bias_hh=rng.uniform(-k, k, gates * H),
            **fields,
        )


class Trace:
    """What every forward pass's record (a frozen dataclass with ``h0`` and ``h``,
    shaped (T, H) or (T, B, H)) answers from its states."""

    @property
    def batched(self) -> bool:
        return self.h.ndim == 3

    @property
    def h_prev(self) -> np.ndarray:
        """h_0 .. h_{T-1}, the state each step starts from."""
        return np.concatenate([self.h0[None], self.h[:-1]])


class FlatParams:
    """A model whose parameters are one flat vector θ (what Adam steps in place), laid
    out as its ``shapes`` property lists them ({name: shape}, in θ's order)."""

    shapes: dict[str, tuple[int, ...]]

    @property
    def size(self) -> int:
        """Number of parameters, len(θ)."""
        return sum(math.prod(s) for s in self.shapes.values())

    def unpack(self, theta: np.ndarray) -> dict[str, np.ndarray]:
        """Views into θ, keyed like ``shapes`` (writing to them writes θ)."""
        if theta.shape != (self.size,):
            raise ValueError(f"theta must have shape ({self.size},), got {theta.shape}")
        out, start = {}, 0
        for name, shape in self.shapes.items():
            n = math.prod(shape)
            out[name] = theta[start : start + n].reshape(shape)
            start += n
        return out

    def pack(self, arrays: dict[str, np.ndarray], dtype=np.float64) -> np.ndarray:
        """θ from arrays keyed like ``shapes`` (``*_l0`` keys are accepted too)."""
        parts = []
        for name, shape in self.shapes.items():
            a = arrays[name] if name in arrays else arrays[name + "_l0"]
            a = np.asarray(a)
            if a.shape != shape:
                raise ValueError(f"{name} must have shape {shape}, got {a.shape}")
            parts.append(a.ravel())
        return np.concatenate(parts).astype(float_dtype(dtype))


def weight_grads(da, x, h0, h, weight_ih, batched: bool) -> dict[str, np.ndarray]:
    """The gradients that follow from the pre-activations' gradients, once BPTT has
    collected them: dL/dW_ih = Σ_t da_tᵀ x_t, dL/dW_hh = Σ_t da_tᵀ h_{t-1},
    dL/db_ih = dL/db_hh = Σ_t da_t, dL/dx_t = da_t W_ih.

    da: (T, B, G·H); x (T, B, I), h0 (B, H), h (T, B, H): the trace with a batch axis.
    Keyed like ``to_torch()`` plus ``"x"``, shaped like the trace's x (``batched``).
    """
    T, B, GH = da.shape
    h_prev = np.concatenate([h0[None], h[:-1]]).reshape(T * B, -1)
    da_flat = da.reshape(T * B, GH)
    db = da_flat.sum(axis=0)
    grads = {
        "weight_ih_l0": da_flat.T @ x.reshape(T * B, -1),
        "weight_hh_l0": da_flat.T @ h_prev,
        "bias_ih_l0": db,
        "bias_hh_l0": db.copy(),
    }
    dx = (da_flat @ weight_ih).reshape(x.shape)
    grads["x"] = dx if batched else dx[:, 0]
    return grads

"""What the GRU, RNN and LSTM parameter records share: PyTorch's layout.

Each record is a frozen dataclass with ``weight_ih`` (G·H, I), ``weight_hh``
(G·H, H), ``bias_ih``, ``bias_hh`` (G·H,) and ``dtype``, G being the number of
gates stacked (3 for the GRU, 4 for the LSTM, 1 for the plain RNN).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, Self

import numpy as np

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

"""What the GRU, RNN and LSTM parameter records share: PyTorch's layout.

Each record is a frozen dataclass with ``weight_ih`` (G·H, I), ``weight_hh``
(G·H, H), ``bias_ih``, ``bias_hh`` (G·H,) and ``dtype``, G being the number of
gates stacked (3 for the GRU, 4 for the LSTM, 1 for the plain RNN).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Self


class Layer:
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

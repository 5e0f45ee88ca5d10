"""GRU Lab's engine: a pure NumPy GRU that matches PyTorch to float64 round-off.

p = GRUParams.from_torch(state_dict)      # or from_keras, from_gates, init
trace = forward(p, x, h0)                 # r, z, h_tilde, h for every step
grads = backward(p, trace, dh)            # BPTT, keyed like p.to_torch()
"""

from gru_core.conventions import CONVENTIONS
from gru_core.gru import GRUTrace, backward, forward, gradient_flow
from gru_core.params import GRUParams

__all__ = ["CONVENTIONS", "GRUParams", "GRUTrace", "backward", "forward", "gradient_flow"]

"""Central differences, the engine tests' independent check of every gradient."""

from __future__ import annotations

import numpy as np


def numeric_grad(f, a: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of f (a scalar or an array) with respect to every entry of
    a (left as it is), shaped a.shape + f's shape: entry [i] is ∂f/∂a[i]."""
    steps = []
    for i in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[i] += eps
        down[i] -= eps
        steps.append((f(up) - f(down)) / (2 * eps))
    return np.reshape(steps, a.shape + np.shape(steps[0]))

"""Activations that never overflow, for any finite input."""

from __future__ import annotations

import numpy as np


def sigmoid(a: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """σ(a) = 1 / (1 + e^(−a)), computed as ½·tanh(a/2) + ½.

    The tanh form is exact to round-off, lies in [0, 1] for every finite a and
    never overflows (e^(−a) would for a < −709). A plain number gives a 0-d array.
    """
    if out is None:
        out = np.array(a, dtype=np.result_type(a, 0.5))
    np.multiply(a, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def sigmoid_grad(s: np.ndarray) -> np.ndarray:
    """dσ/da written through s = σ(a): s (1 − s)."""
    return s * (1.0 - s)


def tanh_grad(y: np.ndarray) -> np.ndarray:
    """d tanh/da written through y = tanh(a): 1 − y²."""
    return 1.0 - y * y

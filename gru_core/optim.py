"""Adam with gradient-norm clipping, on one flat parameter vector, as PyTorch does it.

With g the gradient (after clipping), t the step number (1, 2, …)::

    clip:  g ← g · min(1, c / (‖g‖₂ + 1e-6))         (torch.nn.utils.clip_grad_norm_)
    m_t = β₁ m_{t−1} + (1 − β₁) g                    first moment
    v_t = β₂ v_{t−1} + (1 − β₂) g²                   second moment
    θ ← θ − (lr / (1 − β₁ᵗ)) · m_t / (√v_t / √(1 − β₂ᵗ) + ε)      (torch.optim.Adam)

The update works in place on θ and on the optimiser's state: a training loop
then allocates nothing per step for the optimiser.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def clip_grad_norm(grad: np.ndarray, max_norm: float | None) -> float:
    """Scale ``grad`` in place so that ‖grad‖₂ <= max_norm; return the norm before.

    ``max_norm`` None or 0 turns clipping off. The factor is
    min(1, max_norm / (‖g‖ + 1e-6)), exactly as ``torch.nn.utils.clip_grad_norm_``.
    """
    norm = float(np.sqrt(np.dot(grad, grad)))
    if max_norm:
        coef = max_norm / (norm + 1e-6)
        if coef < 1.0:
            grad *= grad.dtype.type(coef)
    return norm


@dataclass
class AdamState:
    """The optimiser's memory: moments m and v (like θ) and the step count t.

    Mutable on purpose (``Adam.step`` updates it in place); one state per model.
    """

    m: np.ndarray
    v: np.ndarray
    t: int = 0
    scratch: np.ndarray | None = None  # work space for the denominator


@dataclass(frozen=True)
class Adam:
    """Adam's settings (defaults as ``torch.optim.Adam``) and gradient clipping."""

    lr: float = 0.01
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    clip: float | None = 1.0  # max ‖g‖₂ before the update; None or 0: no clipping

    def __post_init__(self):
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"lr must be a positive number, got {self.lr}")
        for name in ("beta1", "beta2"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise ValueError(f"{name} must lie in [0, 1), got {getattr(self, name)}")
        if not self.eps > 0:
            raise ValueError(f"eps must be positive, got {self.eps}")
        if self.clip is not None and not (math.isfinite(self.clip) and self.clip >= 0):
            raise ValueError(f"clip must be a non-negative number or None, got {self.clip}")

    def init(self, theta: np.ndarray) -> AdamState:
        """Zero moments shaped and typed like the flat parameter vector θ."""
        if theta.ndim != 1:
            raise ValueError(f"theta must be a flat vector, got shape {theta.shape}")
        return AdamState(
            m=np.zeros_like(theta), v=np.zeros_like(theta), scratch=np.empty_like(theta)
        )

    def step(self, theta: np.ndarray, grad: np.ndarray, state: AdamState) -> float:
        """Clip ``grad`` (in place), update θ and ``state`` in place; return ‖grad‖ before
        clipping."""
        if grad.shape != theta.shape or state.m.shape != theta.shape:
            raise ValueError(
                f"grad {grad.shape}, theta {theta.shape} and state {state.m.shape} must match"
            )
        norm = clip_grad_norm(grad, self.clip)
        state.t += 1
        b1, b2 = self.beta1, self.beta2
        m, v = state.m, state.v
        work = state.scratch if state.scratch is not None else np.empty_like(theta)
        m *= b1  # m ← β₁ m + (1 − β₁) g
        np.multiply(grad, 1.0 - b1, out=work)
        m += work
        v *= b2  # v ← β₂ v + (1 − β₂) g²
        np.multiply(grad, grad, out=work)
        work *= 1.0 - b2
        v += work
        step_size = self.lr / (1.0 - b1**state.t)
        denom = work
        np.sqrt(v, out=denom)  # √v / √(1 − β₂ᵗ) + ε
        denom *= 1.0 / math.sqrt(1.0 - b2**state.t)
        denom += self.eps
        np.divide(m, denom, out=denom)
        denom *= step_size
        theta -= denom
        return norm

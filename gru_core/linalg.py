"""Matrix helpers the models share."""

from __future__ import annotations

import numpy as np


def spectral_norms(m: np.ndarray) -> np.ndarray:
    """‖M_k‖₂, the largest singular value of each matrix of a stack (K, n, n).

    σ_max(M) = s √λ_max(UUᵀ) with U = M / s, s = max |M_ij|: the eigenvalues of the
    symmetric Gram matrix cost about half an SVD at the sizes of the lessons, and
    the scaling keeps λ_max in [1, n²] whatever the size of M (a vanishing gradient
    reaches 1e-300), so the result carries the SVD's relative accuracy (≈ 1e-15).
    """
    s = np.max(np.abs(m), axis=(1, 2))
    u = m / np.where(s > 0, s, 1.0)[:, None, None]
    lam = np.linalg.eigvalsh(u @ np.swapaxes(u, 1, 2))[:, -1]
    return s * np.sqrt(np.maximum(lam, 0.0))

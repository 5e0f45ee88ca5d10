"""gru_core.linalg.spectral_norms against NumPy's SVD."""

import numpy as np
import pytest

from gru_core.linalg import spectral_norms


@pytest.mark.parametrize("n", [1, 2, 8, 16, 64])
def test_matches_the_largest_singular_value(n):
    rng = np.random.default_rng(n)
    # magnitudes from 1e-300 (a gradient that has vanished) to 1e6
    m = rng.normal(size=(60, n, n)) * np.logspace(-300, 6, 60)[:, None, None]
    expected = np.linalg.svd(m, compute_uv=False)[:, 0]
    np.testing.assert_allclose(spectral_norms(m), expected, rtol=1e-13, atol=0)


def test_closed_forms():
    rotation = np.array([[np.cos(0.3), -np.sin(0.3)], [np.sin(0.3), np.cos(0.3)]])
    m = np.stack([np.zeros((2, 2)), np.diag([3.0, -5.0]), 7.0 * rotation, [[1.0, 1.0], [1.0, 1.0]]])
    # 0; the largest |eigenvalue| of a diagonal; a scaled rotation; the all-ones 2x2 has σ = 2
    np.testing.assert_allclose(spectral_norms(m), [0.0, 5.0, 7.0, 2.0], rtol=1e-15, atol=0)

"""The forgetting lesson's meaning of z (gru_core.lessons.forgetting.z_family), read off
what a GRU does with its update gate held fully open, not from the convention's name."""

from __future__ import annotations

import numpy as np
import pytest

from gru_core import GRUParams, forward
from gru_core.lessons.forgetting import z_family


@pytest.mark.parametrize("convention", ["textbook", "cho", "pytorch"])
def test_z_family_is_what_z_equal_to_one_does(convention):
    """With z held at 1 a step either keeps h_{t-1} (z is the share kept: "keep") or
    takes the candidate (z is the share taken: "textbook")."""
    p = GRUParams.init(1, 2, np.random.default_rng(0), convention)
    h0 = np.array([0.6, -0.3])
    trace = forward(p, np.array([[1.5]]), h0, clamp_z=1.0)
    kept = np.allclose(trace.h[0], h0, rtol=0, atol=0)
    took = np.allclose(trace.h[0], trace.h_tilde[0], rtol=0, atol=0)
    assert kept != took  # the candidate differs from h0: exactly one of them happened
    assert z_family(convention) == ("keep" if kept else "textbook")

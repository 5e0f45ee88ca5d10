"""Memory closed forms, checked against numbers written out and products built in the test."""

import math
import warnings

import numpy as np
import pytest

from gru_core import GRUParams, forward
from gru_core.memory import half_life, memory_readout, survival


def test_half_life_values_from_the_equations_doc():
    assert half_life(0.1) == pytest.approx(6.58, abs=0.005)
    assert half_life(0.01) == pytest.approx(68.97, abs=0.005)
    assert half_life(0.5) == pytest.approx(1.0, rel=1e-15)
    assert half_life(0.1) == pytest.approx(math.log(0.5) / math.log(0.9), rel=1e-14)
    assert isinstance(half_life(0.1), float)


def test_half_life_limits_and_vectorised():
    assert half_life(0.0) == math.inf
    assert half_life(1.0) == 0.0
    z = np.array([[0.0, 0.25], [0.75, 1.0]])
    n = half_life(z)
    assert n.shape == (2, 2)
    assert n[0, 0] == math.inf and n[1, 1] == 0.0
    np.testing.assert_allclose(n[0, 1], math.log(0.5) / math.log(0.75), rtol=1e-14)
    np.testing.assert_allclose(n[1, 0], 0.5, rtol=1e-14)  # 0.25^0.5 = 0.5
    # tiny z: ln(1 − z) ≈ −z, so n ≈ ln 2 / z
    assert half_life(1e-12) == pytest.approx(math.log(2) / 1e-12, rel=1e-9)


def test_half_life_is_where_survival_is_one_half():
    z = np.linspace(0.01, 0.99, 50)
    np.testing.assert_allclose(survival(z, half_life(z)), 0.5, rtol=1e-12)


def test_keep_past_conventions():
    assert half_life(0.9, convention="cho") == pytest.approx(half_life(0.1), rel=1e-15)
    assert half_life(0.99, convention="pytorch") == pytest.approx(68.97, abs=0.005)
    assert survival(0.75, 2, convention="pytorch") == 0.5625


def test_survival_values():
    assert survival(0.5, 3) == 0.125
    assert survival(0.1, 0) == 1.0
    assert survival(1.0, 0) == 1.0
    np.testing.assert_allclose(survival(0.2, np.arange(4)), [1.0, 0.8, 0.64, 0.512], rtol=1e-15)
    np.testing.assert_allclose(survival([0.1, 0.5], 2), [0.81, 0.25], rtol=1e-15)


@pytest.mark.parametrize("z", [-0.1, 1.1, float("nan")])
def test_z_outside_unit_interval(z):
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        half_life(z)
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        survival(z, 1)


def test_bad_k_and_convention():
    with pytest.raises(ValueError, match="k must be >= 0"):
        survival(0.5, -1)
    with pytest.raises(ValueError, match="convention must be one of"):
        half_life(0.5, convention="keras")


def input_gated(convention="textbook", W_hh=0.0):
    """1-unit GRU with z_t = σ(x_t) exactly (W_xz = 1, no recurrence into the gates)."""
    return GRUParams.from_gates(
        W_xr=0.0,
        W_hr=0.0,
        b_r=0.0,
        W_xz=1.0,
        W_hz=0.0,
        b_z=0.0,
        W_xh=0.5,
        W_hh=W_hh,
        b_h=0.0,
        convention=convention,
    )


def test_memory_readout_is_the_running_product_of_the_keep_share():
    x = np.array([[-2.0], [0.5], [1.0], [-1.0], [3.0], [0.0]])
    z = 1.0 / (1.0 + np.exp(-x[:, 0]))  # z_1 .. z_6, set by hand through x
    trace = forward(input_gated(), x, h0=np.array([0.7]))
    for start in range(7):
        m = memory_readout(trace, start)[:, 0]
        assert m.shape == (6,)
        for t in range(1, 7):  # row t − 1 holds h_t
            if t < start:
                assert np.isnan(m[t - 1])
            else:
                expected = np.prod(1.0 - z[start:t])  # k_{start+1} .. k_t
                assert m[t - 1] == pytest.approx(expected, rel=1e-14)
    # cho: z itself is the share kept
    trace_cho = forward(input_gated("cho"), x)
    np.testing.assert_allclose(memory_readout(trace_cho)[:, 0], np.cumprod(z), rtol=1e-14)


def test_memory_readout_with_a_clamped_gate_is_survival():
    x = np.zeros((30, 1))
    trace = forward(input_gated(), x, clamp_z=0.1)
    np.testing.assert_allclose(
        memory_readout(trace)[:, 0], survival(0.1, np.arange(1, 31)), rtol=1e-13
    )


def test_memory_readout_is_dh_t_dh0_when_only_the_keep_path_carries_h():
    x = np.random.default_rng(0).normal(size=(12, 1))
    p = input_gated()  # gates and candidate do not depend on h
    h0, eps = np.array([0.3]), 1e-6
    up = forward(p, x, h0 + eps).h[:, 0]
    down = forward(p, x, h0 - eps).h[:, 0]
    slope = (up - down) / (2 * eps)
    m = memory_readout(forward(p, x, h0))[:, 0]
    np.testing.assert_allclose(m, slope, rtol=1e-7)
    # with W_hh != 0 the candidate carries h too, and the readout is only part of it
    p2 = input_gated(W_hh=1.0)
    slope2 = (forward(p2, x, h0 + eps).h[:, 0] - forward(p2, x, h0 - eps).h[:, 0]) / (2 * eps)
    assert np.all(slope2 > memory_readout(forward(p2, x, h0))[:, 0])


def test_memory_readout_batched():
    rng = np.random.default_rng(1)
    p = GRUParams.init(2, 3, rng, convention="pytorch")
    x = rng.normal(size=(9, 4, 2))
    trace = forward(p, x)
    m = memory_readout(trace, start=2)
    assert m.shape == (9, 4, 3)
    assert np.all(np.isnan(m[0]))
    assert np.all(m[1] == 1.0)
    for t in range(3, 10):
        np.testing.assert_allclose(m[t - 1], np.prod(trace.z[2:t], axis=0), rtol=1e-14)


@pytest.mark.parametrize("start", [-1, 7, 1.0, True])
def test_memory_readout_bad_start(start):
    trace = forward(input_gated(), np.zeros((6, 1)))
    with pytest.raises(ValueError, match=r"start must be an integer step in \[0, T\] = \[0, 6\]"):
        memory_readout(trace, start)


def test_memory_readout_needs_a_trace():
    with pytest.raises(ValueError, match="trace must be a GRUTrace"):
        memory_readout(np.zeros((3, 1)))


def test_half_life_past_the_largest_float_is_inf_without_a_warning():
    # ln 2 / z for a subnormal z lies beyond the largest float (1.8e308): the half-life
    # is inf, as for z = 0, and no overflow warning reaches the page's log (the fuzz
    # found it with a forgetting gate of about 1e-320)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert half_life(1e-320) == math.inf
        np.testing.assert_array_equal(half_life(np.array([5e-324, 0.5])), [math.inf, 1.0])
    assert half_life(1e-300) == pytest.approx(math.log(2) / 1e-300, rel=1e-12)


def _dh_t_dh_s(p, x, s, t, eps=1e-6):
    """∂h_t/∂h_s of a one-unit GRU by central differences: perturb h_s, rerun s+1 .. t."""
    h_s = forward(p, x[:s]).h[-1] if s > 0 else np.zeros(1)
    rest = x[s:t]
    up = forward(p, rest, h_s + eps).h[-1]
    down = forward(p, rest, h_s - eps).h[-1]
    return float((up - down)[0] / (2 * eps))


def test_readout_is_the_keep_paths_share_not_h_s_share_of_h_t():
    # the docstring's claim: M_t is what the keep path carries of h_s; h_t also holds
    # h_s through the candidate, so the two differ unless the candidate ignores h
    rng = np.random.default_rng(3)
    x = rng.normal(size=(12, 1))
    p = GRUParams.init(1, 1, rng, convention="textbook")
    p = GRUParams(p.weight_ih, 2.0 * p.weight_hh + 0.5, p.bias_ih, p.bias_hh, "textbook")
    s, t = 4, 10
    m = memory_readout(forward(p, x), start=s)[t - 1, 0]
    assert abs(_dh_t_dh_s(p, x, s, t) - m) > 1e-3
    # no recurrent weights: the keep path is the only way h_s reaches h_t
    still = GRUParams(p.weight_ih, np.zeros_like(p.weight_hh), p.bias_ih, p.bias_hh, "textbook")
    m = memory_readout(forward(still, x), start=s)[t - 1, 0]
    assert _dh_t_dh_s(still, x, s, t) == pytest.approx(m, abs=1e-8)
    import gru_core.memory as memory

    assert "keep path's share of h_s in h_t" in memory.__doc__
    assert "share of h_s in h_t (any z_t)" not in memory.__doc__

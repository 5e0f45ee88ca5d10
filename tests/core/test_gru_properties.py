"""Properties that hold for every input, checked with hypothesis.

Bounds. In exact arithmetic r, z ∈ [0, 1], h̃ = tanh(·) ∈ [−1, 1] and
h_t = h_{t-1} + z_t (h̃_t − h_{t-1}) is a convex combination of two numbers in
[−1, 1], so |h_t| ≤ 1. The gates and h̃ are exact bounds in floating point too
(σ = 1 / (1 + e^(−a)) has a denominator ≥ 1, so it rounds into [0, 1]; tanh is
correctly bounded, and so is 1 − 2 / (1 + e^(2a)), forward's tanh for wide steps,
since 2 / (1 + e^(2a)) rounds into [0, 2]), but the state update rounds three
times (a difference, a product, a sum), and the rounded difference h̃ − h_{t-1}
can exceed its exact value by half an ulp, so |h_t| can pass 1 by a few ulp.
1 + 4·eps is that allowance; it does not grow with T because each step starts
again from the convex combination.
"""

from __future__ import annotations

import warnings
from dataclasses import fields, replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gru_core import CONVENTIONS, GRUParams, GRUTrace, backward, forward, states
from gru_core.gru import EXP_TANH_FROM

#: derandomize: every run checks the same examples, so a failure reproduces as reported
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True)


@st.composite
def gru_case(draw, weight_bound=1e6, conventions=CONVENTIONS, dtypes=(np.float64, np.float32)):
    """(params, x, h0, dtype) with |h0| ≤ 1 and every weight in ±weight_bound."""
    T = draw(st.integers(1, 6))
    I = draw(st.integers(1, 3))
    H = draw(st.integers(1, 4))
    B = draw(st.none() | st.integers(1, 3))
    weights = st.floats(-weight_bound, weight_bound, allow_nan=False, allow_infinity=False)

    def arr(shape, elements=weights):
        return draw(hnp.arrays(np.float64, shape, elements=elements))

    p = GRUParams(
        weight_ih=arr((3 * H, I)),
        weight_hh=arr((3 * H, H)),
        bias_ih=arr((3 * H,)),
        bias_hh=arr((3 * H,)),
        convention=draw(st.sampled_from(conventions)),
    )
    lead = (T,) if B is None else (T, B)
    x = arr((*lead, I), st.floats(-10, 10))
    h0 = arr((H,) if B is None else (B, H), st.floats(-1, 1))
    return p, x, h0, np.dtype(draw(st.sampled_from(dtypes)))


@SETTINGS
@given(gru_case())
def test_gates_lie_in_unit_interval_and_state_stays_bounded(case):
    p, x, h0, dtype = case
    # every floating-point event is an error except underflow: a product
    # rounding to a subnormal or to 0 (h0 = 1e-200 times a weight) is correct
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        trace = forward(p, x, h0, dtype=dtype)
        grads = backward(p, trace, np.ones_like(trace.h))
    eps = np.finfo(dtype).eps
    for name in ("r", "z"):
        gate = getattr(trace, name)
        assert np.all((gate >= 0) & (gate <= 1)), name
    assert np.all(np.abs(trace.h_tilde) <= 1)
    assert np.all(np.abs(trace.h) <= 1 + 4 * eps)
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def negate_update_gate(p: GRUParams) -> GRUParams:
    """Written out here, independently of GRUParams.flip_update_gate: rows H..2H of
    every weight and bias change sign, so σ(−a_z) = 1 − σ(a_z)."""
    H = p.hidden_size

    def neg(a):
        a = np.array(a)
        a[H : 2 * H] *= -1
        return a

    return GRUParams(
        weight_ih=neg(p.weight_ih),
        weight_hh=neg(p.weight_hh),
        bias_ih=neg(p.bias_ih),
        bias_hh=neg(p.bias_hh),
        convention="cho",
    )


@SETTINGS
@given(gru_case(weight_bound=2.0, conventions=("textbook",), dtypes=(np.float64,)))
def test_cho_with_negated_update_gate_equals_textbook(case):
    p, x, h0, _ = case
    textbook = forward(p, x, h0)
    cho = forward(negate_update_gate(p), x, h0)
    flipped = forward(p.flip_update_gate(), x, h0)
    np.testing.assert_allclose(cho.h, textbook.h, rtol=0, atol=1e-12)
    np.testing.assert_allclose(cho.z, 1 - textbook.z, rtol=0, atol=1e-12)
    np.testing.assert_allclose(flipped.h, cho.h, rtol=0, atol=1e-12)
    assert p.flip_update_gate().convention == "cho"
    back = p.flip_update_gate().flip_update_gate()
    assert back.convention == "textbook"
    np.testing.assert_array_equal(back.weight_hh, p.weight_hh)


@SETTINGS
@given(gru_case(weight_bound=2.0, dtypes=(np.float64,)), st.integers(2, 4))
def test_a_batch_equals_separate_runs(case, B):
    p, x, h0, _ = case
    x = x if x.ndim == 3 else np.stack([x + k for k in range(B)], axis=1)
    h0 = h0 if h0.ndim == 2 else np.stack([h0 * (-1) ** k for k in range(B)])
    w = np.cos(np.arange(x.shape[0] * x.shape[1] * p.hidden_size)).reshape(*x.shape[:2], -1)
    batch = forward(p, x, h0)
    grads = backward(p, batch, w)
    summed = {k: np.zeros_like(v) for k, v in grads.items() if k not in ("x", "h0")}
    for b in range(x.shape[1]):
        single = forward(p, x[:, b], h0[b])
        np.testing.assert_allclose(batch.h[:, b], single.h, rtol=0, atol=1e-12)
        np.testing.assert_allclose(batch.r[:, b], single.r, rtol=0, atol=1e-12)
        g = backward(p, single, w[:, b])
        np.testing.assert_allclose(grads["x"][:, b], g["x"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(grads["h0"][b], g["h0"], rtol=0, atol=1e-12)
        for k in summed:
            summed[k] += g[k]
    for k, v in summed.items():  # parameter gradients add up over the batch
        np.testing.assert_allclose(grads[k], v, rtol=0, atol=1e-11, err_msg=k)


@SETTINGS
@given(gru_case(weight_bound=3.0))
def test_dtype_on_request_reaches_every_output(case):
    p, x, h0, dtype = case
    trace = forward(p, x, h0, dtype=dtype)
    for f in fields(GRUTrace):
        value = getattr(trace, f.name)
        if isinstance(value, np.ndarray):
            assert value.dtype == dtype, f.name
    grads = backward(p, trace, np.ones(trace.h.shape))
    assert all(g.dtype == dtype for g in grads.values())
    # parameters cast once carry their dtype as the default
    assert forward(p.astype(dtype), x, h0).h.dtype == dtype
    assert p.astype(dtype).weight_ih.dtype == dtype


@SETTINGS
@given(gru_case(conventions=("textbook",)))
def test_textbook_update_gate_clamped_to_zero_keeps_h0_exactly(case):
    p, x, h0, dtype = case
    trace = forward(p, x, h0, dtype=dtype, clamp_z=0.0)
    h0_d = np.asarray(h0, dtype=dtype)
    assert np.array_equal(trace.h, np.broadcast_to(h0_d, trace.h.shape))
    assert np.all(trace.z == 0)


@SETTINGS
@given(gru_case(conventions=("textbook", "cho"), dtypes=(np.float64,)))
def test_reset_gate_clamped_to_zero_hides_the_past_from_the_candidate(case):
    # r_t = 0 (reset before the matmul): h̃_t = tanh(W_xh x_t + b_xh + b_hh), whatever h_{t-1}
    p, x, h0, _ = case
    a = forward(p, x, h0, clamp_r=0.0)
    b = forward(p, x, -np.asarray(h0), clamp_r=0.0)
    np.testing.assert_array_equal(a.h_tilde[0], b.h_tilde[0])
    H = p.hidden_size
    expected = np.tanh(x[0] @ p.weight_ih[2 * H :].T + p.bias_ih[2 * H :] + p.bias_hh[2 * H :])
    np.testing.assert_allclose(
        a.h_tilde[0], expected, rtol=0, atol=1e-12 * max(1, abs(p.W_xh).max())
    )


def test_with_convention_changes_only_the_meaning():
    p = GRUParams.init(2, 3, np.random.default_rng(0), convention="textbook")
    q = p.with_convention("pytorch")
    assert q.convention == "pytorch"
    for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        np.testing.assert_array_equal(getattr(q, name), getattr(p, name))
    assert replace(q, convention="textbook").convention == "textbook"


@SETTINGS
@given(gru_case(), st.sampled_from([None, 0.0, 0.6]), st.sampled_from([None, 1.0, 0.3]))
def test_states_are_the_traces_h_to_the_last_bit(case, clamp_r, clamp_z):
    p, x, h0, dtype = case
    held = dict(dtype=dtype, clamp_r=clamp_r, clamp_z=clamp_z)
    h = states(p, x, h0, **held)
    assert h.dtype == dtype
    np.testing.assert_array_equal(h, forward(p, x, h0, **held).h)


@pytest.mark.parametrize("convention", CONVENTIONS)
@pytest.mark.parametrize("scale", [1.0, 1e6])
def test_wide_steps_keep_the_bounds_and_the_accuracy_of_numpy_tanh(convention, scale):
    # from EXP_TANH_FROM elements a step forward takes tanh through exp: weights of
    # 1e6 overflow e^(2a) and e^(−a), which must give the limits without a warning
    rng = np.random.default_rng(3)
    I, H, T, B = 2, 4, 5, EXP_TANH_FROM // 4
    p = GRUParams(
        weight_ih=rng.normal(0, scale, (3 * H, I)),
        weight_hh=rng.normal(0, scale, (3 * H, H)),
        bias_ih=rng.normal(0, scale, 3 * H),
        bias_hh=rng.normal(0, scale, 3 * H),
        convention=convention,
    )
    x = rng.normal(size=(T, B, I))
    h0 = rng.uniform(-1, 1, (B, H))
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        trace = forward(p, x, h0)
        h = states(p, x, h0)
    eps = np.finfo(np.float64).eps
    for gate in (trace.r, trace.z):
        assert np.all((gate >= 0) & (gate <= 1))
    assert np.all(np.abs(trace.h_tilde) <= 1)
    assert np.all(np.abs(trace.h) <= 1 + 4 * eps)
    if scale == 1e6:  # saturated: both limits are reached
        assert np.any(trace.r == 0) and np.any(trace.r == 1)
        assert np.any(trace.h_tilde == -1) and np.any(trace.h_tilde == 1)
    np.testing.assert_allclose(trace.h_tilde, np.tanh(trace.a_h), rtol=0, atol=4 * eps)
    np.testing.assert_allclose(trace.z, 0.5 * np.tanh(0.5 * trace.a_z) + 0.5, rtol=0, atol=2 * eps)
    np.testing.assert_array_equal(h, trace.h)

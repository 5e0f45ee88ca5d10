"""Backward and gradient_flow against central finite differences (float64).

Loss L = sum(h * w) for a fixed random w, so dL/dh = w. Every entry of every
parameter array, of x and of h0 is nudged by ±ε and
(L(θ+ε) − L(θ−ε)) / 2ε is compared with backward's gradient. With ε = 1e-6
the truncation error is O(ε²·L''') ≈ 1e-12 and the rounding error
O(eps64·|L|/ε) ≈ 1e-10, so 1e-8 is a safe tolerance.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from finite_diff import numeric_grad

from gru_core import CONVENTIONS, GRUParams, backward, forward, gradient_flow
from gru_core.gru import gradient_flows

TOL = 1e-8
T, I, H, B = 4, 2, 3, 2
CLAMPS = {"free": {}, "clamp_r": {"clamp_r": 0.3}, "clamp_z": {"clamp_z": 0.6}}
CLAMPS["both"] = {**CLAMPS["clamp_r"], **CLAMPS["clamp_z"]}
#: The finite-difference tests run for every convention, unbatched and batched, and clamp.
CASES = list(itertools.product(CONVENTIONS, [False, True], CLAMPS))
EVERY_CASE = pytest.mark.parametrize(
    "convention, batched, clamp",
    CASES,
    ids=[f"{c}-{'batched' if b else 'single'}-{k}" for c, b, k in CASES],
)


def setup(convention: str, batched: bool, seed: int = 7):
    rng = np.random.default_rng(seed)
    p = GRUParams(
        weight_ih=rng.normal(0, 0.8, (3 * H, I)),
        weight_hh=rng.normal(0, 0.8, (3 * H, H)),
        bias_ih=rng.normal(0, 0.5, 3 * H),
        bias_hh=rng.normal(0, 0.5, 3 * H),
        convention=convention,
    )
    lead = (T, B) if batched else (T,)
    x = rng.normal(size=(*lead, I))
    h0 = rng.uniform(-0.9, 0.9, (B, H) if batched else (H,))
    w = rng.normal(size=(*lead, H))
    return p, x, h0, w


@EVERY_CASE
def test_backward_matches_finite_differences(convention, batched, clamp):
    kw = CLAMPS[clamp]
    p, x, h0, w = setup(convention, batched)
    grads = backward(p, forward(p, x, h0, **kw), w)

    def loss(p_=p, x_=x, h0_=h0):
        return float(np.sum(forward(p_, x_, h0_, **kw).h * w))

    numeric = {
        name: numeric_grad(lambda a, n=name: loss(p_=replace(p, **{n: a})), getattr(p, name))
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    }
    numeric["x"] = numeric_grad(lambda a: loss(x_=a), x)
    numeric["h0"] = numeric_grad(lambda a: loss(h0_=a), h0)

    assert set(grads) == {k + "_l0" for k in numeric if k not in ("x", "h0")} | {"x", "h0"}
    for name, want in numeric.items():
        got = grads[name + "_l0" if name not in ("x", "h0") else name]
        assert got.shape == want.shape, name
        np.testing.assert_allclose(got, want, rtol=0, atol=TOL, err_msg=name)


def test_a_clamped_gate_gets_no_gradient():
    # with both gates held, their weights cannot change the output at all
    p, x, h0, w = setup("textbook", batched=True)
    grads = backward(p, forward(p, x, h0, clamp_r=0.3, clamp_z=0.6), w)
    assert np.all(grads["weight_ih_l0"][: 2 * H] == 0)
    assert np.all(grads["weight_hh_l0"][: 2 * H] == 0)
    assert np.all(grads["bias_ih_l0"][: 2 * H] == 0)
    assert np.any(grads["weight_ih_l0"][2 * H :] != 0)


def numeric_jacobian_norms(p, x, h_all, kw) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ for t = 0 .. T−1, by running forward from step t with h0 = h_t ± ε e_j.

    x: (T, I) for one sequence; h_all: (T+1, H) the states h_0 .. h_T. numeric_grad
    gives the transposed Jacobian, whose spectral norm is the same.
    """
    norms = np.empty(x.shape[0])
    for t in range(x.shape[0]):
        jac_T = numeric_grad(lambda h_t, t=t: forward(p, x[t:], h_t, **kw).h[-1], h_all[t])
        norms[t] = np.linalg.norm(jac_T, 2)
    return norms


@EVERY_CASE
def test_gradient_flow_matches_finite_difference_jacobian(convention, batched, clamp):
    kw = CLAMPS[clamp]
    p, x, h0, _ = setup(convention, batched)
    trace = forward(p, x, h0, **kw)
    b = 1 if batched else None
    flow = gradient_flow(p, trace, batch_index=b or 0)
    xs = x[:, b] if batched else x
    h_all = np.concatenate(
        [(h0[b] if batched else h0)[None], trace.h[:, b] if batched else trace.h]
    )

    assert flow.shape == (T + 1,)
    assert flow[T] == 1.0
    np.testing.assert_allclose(flow[:T], numeric_jacobian_norms(p, xs, h_all, kw), atol=TOL)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_gradient_flows_of_a_batch_match_finite_differences_for_every_sequence(convention):
    p, x, h0, _ = setup(convention, True)
    trace = forward(p, x, h0)
    flows = gradient_flows(p, trace)
    assert flows.shape == (x.shape[1], T + 1)
    for b in range(x.shape[1]):
        h_all = np.concatenate([h0[b][None], trace.h[:, b]])
        np.testing.assert_allclose(
            flows[b, :T], numeric_jacobian_norms(p, x[:, b], h_all, {}), atol=TOL
        )


def test_gradient_flow_of_a_longer_sequence_falls_off():
    # sanity on scale: with a tiny update gate (textbook z ≈ 0 keeps the past)
    # the flow stays near 1; with z ≈ 1 it collapses within a few steps
    rng = np.random.default_rng(3)
    base = GRUParams.init(1, 4, rng, convention="textbook")
    x = rng.normal(size=(30, 1))
    keep = gradient_flow(base, forward(base, x, clamp_z=0.01))
    drop = gradient_flow(base, forward(base, x, clamp_z=0.99))
    assert keep[0] > 0.5
    assert drop[0] < 1e-3

"""What z means in each convention (gru_core.conventions, the one place that says it),
read off what a GRU does, not from the convention's name."""

from __future__ import annotations

import numpy as np
import pytest

from gru_core import GRUParams, forward
from gru_core.conventions import (
    CONVENTIONS,
    Convention,
    keep_share,
    keeping_b_z,
    same_z_meaning,
    take_all_z,
    z_family,
    z_keeps_past,
)

H0 = np.array([0.6, -0.3])
X = np.array([[1.5]])


def step(convention: str, **kw):
    p = GRUParams.init(1, 2, np.random.default_rng(0), convention)
    return forward(p, X, H0, **kw)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_z_family_is_what_z_equal_to_one_does(convention):
    """With z held at 1 a step either keeps h_{t-1} (z is the share kept: "keep") or
    takes the candidate (z is the share taken: "textbook")."""
    trace = step(convention, clamp_z=1.0)
    kept = np.allclose(trace.h[0], H0, rtol=0, atol=0)
    took = np.allclose(trace.h[0], trace.h_tilde[0], rtol=0, atol=0)
    assert kept != took  # the candidate differs from h0: exactly one of them happened
    assert z_family(convention) == ("keep" if kept else "textbook")
    assert z_keeps_past(convention) == kept


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_take_all_z_makes_the_state_the_candidate(convention):
    trace = step(convention, clamp_z=take_all_z(convention))
    np.testing.assert_array_equal(trace.h[0], trace.h_tilde[0])


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_keep_share_is_the_weight_of_the_past(convention):
    # h = k h_prev + (1 - k) h~ holds with k = keep_share(z), whatever z is
    trace = step(convention)
    k = keep_share(trace.z[0], convention)
    np.testing.assert_allclose(trace.h[0], k * H0 + (1 - k) * trace.h_tilde[0], rtol=0, atol=1e-15)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_a_keeping_bias_keeps_more_of_the_past(convention):
    p = GRUParams.init(1, 2, np.random.default_rng(0), convention)
    shares = []
    for keep_bias in (-3.0, 0.0, 3.0):
        b = p.bias_ih.copy()
        b[2:4] = keeping_b_z(keep_bias, convention)  # b_xz of both units; b_hz stays
        trace = forward(GRUParams(p.weight_ih, p.weight_hh, b, p.bias_hh, convention), X, H0)
        shares.append(keep_share(trace.z[0], convention))
    assert np.all(shares[0] < shares[1]) and np.all(shares[1] < shares[2])
    assert keeping_b_z(keeping_b_z(2.0, convention), convention) == 2.0  # its own inverse


def test_z_means_the_same_where_it_keeps_alike():
    for a in CONVENTIONS:
        for b in CONVENTIONS:
            assert same_z_meaning(a, b) == (z_keeps_past(a) == z_keeps_past(b))
    assert not same_z_meaning("textbook", "cho") and same_z_meaning("cho", "pytorch")


@pytest.mark.parametrize("name", CONVENTIONS)
def test_a_convention_record_is_its_name_and_answers_as_the_module_does(name):
    conv = Convention(name)
    assert conv == name and isinstance(conv, str) and {name: 1}[conv] == 1
    trace = step(name, clamp_z=1.0)
    assert conv.z_keeps_past == np.array_equal(trace.h[0], H0)  # read off the step
    assert conv.z_family == z_family(name) and conv.take_all_z == take_all_z(name)
    assert conv.keep_share(0.3) == keep_share(0.3, name)
    assert conv.keeping_b_z(2.0) == keeping_b_z(2.0, name)
    assert conv.reset_after == (name == "pytorch")  # PyTorch's n_t: r times (W_hn h + b_hn)
    assert [conv.same_z_meaning(b) for b in CONVENTIONS] == [
        same_z_meaning(name, b) for b in CONVENTIONS
    ]
    assert not conv.same_z_meaning(None)  # no earlier run: nothing to mirror from


def test_a_convention_record_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="convention must be one of"):
        Convention("keras")


@pytest.mark.parametrize("name", CONVENTIONS)
def test_a_keeping_bias_of_zero_is_never_minus_zero(name):
    # a link writes the value: "-0" would be a second spelling of the default
    for zero in (0.0, -0.0):
        assert np.copysign(1.0, keeping_b_z(zero, name)) == 1.0

"""from_keras / to_keras against the Keras GRU equations written out here.

Keras is not installed; the reference is a direct NumPy transcription of
``keras.layers.GRUCell.call`` (Keras 3, ``activation="tanh"``,
``recurrent_activation="sigmoid"``)::

    kernel (I, 3H), recurrent_kernel (H, 3H), gate order z, r, h
    x_z, x_r, x_h = x @ kernel[:, :H], x @ kernel[:, H:2H], x @ kernel[:, 2H:]  (+ input bias)
    reset_after=True  (bias (2, 3H): row 0 input side, row 1 recurrent side)
        m = h_prev @ recurrent_kernel + bias[1]
        z = σ(x_z + m_z); r = σ(x_r + m_r); hh = tanh(x_h + r * m_h)
    reset_after=False (bias (3H,), input side only)
        z = σ(x_z + h_prev @ U_z); r = σ(x_r + h_prev @ U_r); hh = tanh(x_h + (r * h_prev) @ U_h)
    h = z * h_prev + (1 − z) * hh
"""

from __future__ import annotations

import numpy as np
import pytest

from gru_core import GRUParams, forward


def keras_gru(kernel, recurrent_kernel, bias, x, h0, reset_after):
    """Keras GRU over x (T, B, I) from h0 (B, H): states (T, B, H)."""

    def sigma(a):
        return 1.0 / (1.0 + np.exp(-a))

    H = recurrent_kernel.shape[0]
    b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros(3 * H))
    h_prev, states = h0, []
    for x_t in x:
        xk = x_t @ kernel + b_in
        x_z, x_r, x_h = xk[:, :H], xk[:, H : 2 * H], xk[:, 2 * H :]
        if reset_after:
            m = h_prev @ recurrent_kernel + b_rec
            z = sigma(x_z + m[:, :H])
            r = sigma(x_r + m[:, H : 2 * H])
            hh = np.tanh(x_h + r * m[:, 2 * H :])
        else:
            z = sigma(x_z + h_prev @ recurrent_kernel[:, :H])
            r = sigma(x_r + h_prev @ recurrent_kernel[:, H : 2 * H])
            hh = np.tanh(x_h + (r * h_prev) @ recurrent_kernel[:, 2 * H :])
        h_prev = z * h_prev + (1.0 - z) * hh
        states.append(h_prev)
    return np.stack(states)


def keras_weights(rng, I, H, reset_after):
    kernel = rng.normal(0, 0.7, (I, 3 * H))
    recurrent_kernel = rng.normal(0, 0.7, (H, 3 * H))
    bias = rng.normal(0, 0.5, (2, 3 * H) if reset_after else (3 * H,))
    return kernel, recurrent_kernel, bias


SIZES = [(1, 1), (3, 4), (2, 7)]


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize(("I", "H"), SIZES)
def test_from_keras_forward_matches_the_keras_equations(I, H, reset_after, rng):
    kernel, recurrent_kernel, bias = keras_weights(rng, I, H, reset_after)
    x = rng.normal(size=(6, 2, I))
    h0 = rng.uniform(-1, 1, (2, H))
    p = GRUParams.from_keras(kernel, recurrent_kernel, bias, reset_after=reset_after)
    assert p.convention == ("pytorch" if reset_after else "cho")
    expected = keras_gru(kernel, recurrent_kernel, bias, x, h0, reset_after)
    np.testing.assert_allclose(forward(p, x, h0).h, expected, rtol=0, atol=1e-12)
    # unbatched input gives the same states
    np.testing.assert_allclose(forward(p, x[:, 0], h0[0]).h, expected[:, 0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("reset_after", [True, False])
def test_from_keras_without_bias_is_zero_bias(reset_after, rng):
    kernel, recurrent_kernel, _ = keras_weights(rng, 2, 3, reset_after)
    zeros = np.zeros((2, 9) if reset_after else 9)
    x, h0 = rng.normal(size=(4, 1, 2)), rng.uniform(-1, 1, (1, 3))
    p = GRUParams.from_keras(kernel, recurrent_kernel, reset_after=reset_after)
    expected = keras_gru(kernel, recurrent_kernel, zeros, x, h0, reset_after)
    np.testing.assert_allclose(forward(p, x, h0).h, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize(("I", "H"), SIZES)
def test_to_keras_round_trips(I, H, reset_after, rng):
    weights = keras_weights(rng, I, H, reset_after)
    back = GRUParams.from_keras(*weights, reset_after=reset_after).to_keras()
    for name, got, want in zip(("kernel", "recurrent_kernel", "bias"), back, weights, strict=True):
        assert got.shape == want.shape, name
        np.testing.assert_array_equal(got, want, err_msg=name)


def test_the_gate_order_really_changes(rng):
    # kernel columns z | r | h land in weight_ih rows r | z | n (transposed)
    kernel, recurrent_kernel, bias = keras_weights(rng, 2, 3, True)
    p = GRUParams.from_keras(kernel, recurrent_kernel, bias, reset_after=True)
    np.testing.assert_array_equal(p.W_xz, kernel[:, :3].T)
    np.testing.assert_array_equal(p.W_xr, kernel[:, 3:6].T)
    np.testing.assert_array_equal(p.W_hh, recurrent_kernel[:, 6:].T)
    np.testing.assert_array_equal(p.b_hh, bias[1, 6:])


@pytest.mark.parametrize("convention", ["textbook", "cho", "pytorch"])
def test_to_keras_of_any_convention_runs_the_same_model_in_keras(convention, rng):
    p = GRUParams.init(3, 4, rng, convention=convention)
    reset_after = convention == "pytorch"
    x, h0 = rng.normal(size=(5, 2, 3)), rng.uniform(-1, 1, (2, 4))
    kernel, recurrent_kernel, bias = p.to_keras()
    assert kernel.shape == (3, 12) and recurrent_kernel.shape == (4, 12)
    assert bias.shape == ((2, 12) if reset_after else (12,))
    expected = keras_gru(kernel, recurrent_kernel, bias, x, h0, reset_after)
    np.testing.assert_allclose(forward(p, x, h0).h, expected, rtol=0, atol=1e-12)

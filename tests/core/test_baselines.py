"""The baselines (plain tanh RNN, LSTM) against PyTorch values and finite differences.

PyTorch's values (nn.RNN and nn.LSTM, float64) live in
tests/fixtures/torch_baselines.npz (see make_baseline_fixtures.py); each case
is run through ``from_torch`` + forward + backward with the loss
L = sum(h * w), whose dL/dh is w. Forward must agree to 1e-12, gradients to 1e-9.

Finite differences: every entry of every parameter, of x, h0 (and c0) is nudged
by ±ε = 1e-6; truncation O(ε²) ≈ 1e-12 and rounding O(1e-16/ε) ≈ 1e-10 make
1e-8 a safe tolerance.
"""

from __future__ import annotations

import numpy as np
import pytest
from npz_cases import load_cases

from gru_core.lstm import LSTMParams, lstm_backward, lstm_forward
from gru_core.rnn import RNNParams, rnn_backward, rnn_forward, rnn_gradient_flow

STATE_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
EPS, TOL = 1e-6, 1e-8


def baseline_cases() -> dict[str, dict[str, np.ndarray]]:
    return load_cases("torch_baselines.npz")


CASE_NAMES = sorted(baseline_cases())


def run_case(name: str):
    case = baseline_cases()[name]
    sd = {k: v for k, v in case.items() if k.startswith(STATE_KEYS)}
    none = bool(int(case["h0_is_none"]))
    if name.startswith("lstm"):
        p = LSTMParams.from_torch(sd)
        h0, c0 = (None, None) if none else (case["h0"], case["c0"])
        trace = lstm_forward(p, case["x"], h0, c0)
        grads = lstm_backward(p, trace, case["w"])
    else:
        p = RNNParams.from_torch(sd)
        trace = rnn_forward(p, case["x"], None if none else case["h0"])
        grads = rnn_backward(p, trace, case["w"])
    return case, p, trace, grads


def test_fixture_covers_both_models_and_every_variant():
    cases = baseline_cases()
    assert {n.split("_")[0] for n in cases} == {"rnn", "lstm"}
    for kind in ("rnn", "lstm"):
        mine = [c for n, c in cases.items() if n.startswith(kind)]
        assert any(c["x"].ndim == 2 for c in mine) and any(c["x"].ndim == 3 for c in mine)
        assert any("bias_ih_l0" not in c for c in mine)
        assert any(int(c["h0_is_none"]) for c in mine)
        assert any(np.abs(c["weight_hh_l0"]).max() >= 25 for c in mine)  # saturating


@pytest.mark.parametrize("name", CASE_NAMES)
def test_forward_matches_torch(name):
    case, _, trace, _ = run_case(name)
    assert trace.h.shape == case["h"].shape
    np.testing.assert_allclose(trace.h, case["h"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(trace.h[-1], case["h_n"], rtol=0, atol=1e-12)
    if name.startswith("lstm"):
        np.testing.assert_allclose(trace.c[-1], case["c_n"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_backward_matches_torch_autograd(name):
    case, _, _, grads = run_case(name)
    expected = {k.removeprefix("grad/"): v for k, v in case.items() if k.startswith("grad/")}
    # without bias torch has no bias gradients; ours are still returned (for zero biases)
    assert set(expected) <= set(grads)
    for key, want in expected.items():
        assert grads[key].shape == want.shape, key
        np.testing.assert_allclose(grads[key], want, rtol=0, atol=1e-9, err_msg=key)


def test_lstm_state_dict_round_trip():
    case = baseline_cases()["lstm_I3_H4_B3_bias_h0rand"]
    sd = {k: v for k, v in case.items() if k.startswith(STATE_KEYS)}
    back = LSTMParams.from_torch(sd).to_torch()
    assert set(back) == set(sd)
    for k, v in sd.items():
        np.testing.assert_array_equal(back[k], v, err_msg=k)


# ---- finite differences ----------------------------------------------------------------------


def numeric_grad(f, a: np.ndarray) -> np.ndarray:
    """Central differences of the scalar f() with respect to every entry of a (in place)."""
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        old = a[idx]
        a[idx] = old + EPS
        up = f()
        a[idx] = old - EPS
        down = f()
        a[idx] = old
        g[idx] = (up - down) / (2 * EPS)
    return g


@pytest.mark.parametrize("batched", [True, False])
def test_lstm_backward_matches_finite_differences(batched):
    rng = np.random.default_rng(3)
    T, I, H, B = 4, 2, 3, 2
    arrays = {
        "weight_ih": rng.normal(0, 0.8, (4 * H, I)),
        "weight_hh": rng.normal(0, 0.8, (4 * H, H)),
        "bias_ih": rng.normal(0, 0.5, 4 * H),
        "bias_hh": rng.normal(0, 0.5, 4 * H),
    }
    lead = (T, B) if batched else (T,)
    state = (B, H) if batched else (H,)
    inputs = {
        "x": rng.normal(size=(*lead, I)),
        "h0": rng.uniform(-0.9, 0.9, state),
        "c0": rng.uniform(-2, 2, state),
    }
    w = rng.normal(size=(*lead, H))

    def loss():
        trace = lstm_forward(LSTMParams(**arrays), inputs["x"], inputs["h0"], inputs["c0"])
        return float(np.sum(trace.h * w))

    p = LSTMParams(**arrays)
    grads = lstm_backward(p, lstm_forward(p, inputs["x"], inputs["h0"], inputs["c0"]), w)
    for key, a in {**arrays, **inputs}.items():
        got = grads[key + "_l0" if key in arrays else key]
        np.testing.assert_allclose(got, numeric_grad(loss, a), rtol=0, atol=TOL, err_msg=key)


def test_rnn_backward_matches_finite_differences():
    rng = np.random.default_rng(4)
    T, I, H, B = 5, 2, 3, 2
    arrays = {
        "weight_ih": rng.normal(0, 0.8, (H, I)),
        "weight_hh": rng.normal(0, 0.8, (H, H)),
        "bias_ih": rng.normal(0, 0.5, H),
        "bias_hh": rng.normal(0, 0.5, H),
    }
    inputs = {"x": rng.normal(size=(T, B, I)), "h0": rng.uniform(-0.9, 0.9, (B, H))}
    w = rng.normal(size=(T, B, H))

    def loss():
        return float(np.sum(rnn_forward(RNNParams(**arrays), inputs["x"], inputs["h0"]).h * w))

    p = RNNParams(**arrays)
    grads = rnn_backward(p, rnn_forward(p, inputs["x"], inputs["h0"]), w)
    for key, a in {**arrays, **inputs}.items():
        got = grads[key + "_l0" if key in arrays else key]
        np.testing.assert_allclose(got, numeric_grad(loss, a), rtol=0, atol=TOL, err_msg=key)


def test_rnn_gradient_flow_is_the_norm_of_the_finite_difference_jacobian():
    rng = np.random.default_rng(5)
    T, I, H = 6, 2, 3
    p = RNNParams.init(I, H, rng)
    x = rng.normal(size=(T, I))
    flow = rnn_gradient_flow(p, rnn_forward(p, x))
    trace = rnn_forward(p, x)
    for t in range(T):
        # h_T as a function of h_t: rerun the remaining steps from a nudged h_t
        h_t = trace.h0 if t == 0 else trace.h[t - 1]
        jac = np.empty((H, H))
        for j in range(H):
            e = np.zeros(H)
            e[j] = EPS
            up = rnn_forward(p, x[t:], h_t + e).h[-1]
            down = rnn_forward(p, x[t:], h_t - e).h[-1]
            jac[:, j] = (up - down) / (2 * EPS)
        assert flow[t] == pytest.approx(np.linalg.norm(jac, 2), abs=1e-8)
    assert flow[T] == pytest.approx(1.0)


# ---- LSTM: properties the equations promise --------------------------------------------------


def test_lstm_float32_follows_float64():
    rng = np.random.default_rng(6)
    p = LSTMParams.init(3, 5, rng, forget_bias=1.0)
    x = rng.normal(size=(20, 4, 3))
    h64 = lstm_forward(p, x).h
    trace32 = lstm_forward(p, x, dtype=np.float32)
    assert trace32.h.dtype == np.float32 and trace32.c.dtype == np.float32
    np.testing.assert_allclose(trace32.h, h64, atol=1e-5)
    g32 = lstm_backward(p, trace32, np.ones_like(trace32.h))
    g64 = lstm_backward(p, lstm_forward(p, x), np.ones_like(h64))
    assert g32["weight_hh_l0"].dtype == np.float32
    np.testing.assert_allclose(g32["weight_hh_l0"], g64["weight_hh_l0"], atol=1e-3, rtol=1e-4)


def test_lstm_with_open_forget_gate_and_closed_input_gate_keeps_its_cell():
    # f = σ(+50) ≈ 1, i = σ(−50) ≈ 0: c_t = c_0 exactly for every step
    H, I = 2, 1
    bias = np.concatenate([np.full(H, -50.0), np.full(H, 50.0), np.zeros(H), np.zeros(H)])
    p = LSTMParams(np.zeros((4 * H, I)), np.zeros((4 * H, H)), bias, np.zeros(4 * H))
    c0 = np.array([0.7, -0.3])
    trace = lstm_forward(p, np.ones((10, I)), c0=c0)
    np.testing.assert_allclose(trace.c, np.broadcast_to(c0, (10, H)), atol=1e-15)
    np.testing.assert_allclose(trace.h, 0.5 * np.tanh(trace.c), atol=1e-15)  # o = σ(0) = ½


def test_lstm_init_adds_the_forget_bias_and_is_seeded():
    a = LSTMParams.init(2, 4, np.random.default_rng(1), forget_bias=2.0)
    b = LSTMParams.init(2, 4, np.random.default_rng(1))
    np.testing.assert_array_equal(a.weight_hh, b.weight_hh)
    np.testing.assert_allclose(a.bias_ih - b.bias_ih, np.repeat([0.0, 2.0, 0.0, 0.0], 4))
    k = 0.5  # 1/√H
    assert np.all(np.abs(b.weight_ih) <= k) and np.all(np.abs(b.bias_hh) <= k)
    W_xf, W_hf, b_f = a.gate("f")
    assert W_xf.shape == (4, 2) and W_hf.shape == (4, 4)
    np.testing.assert_allclose(b_f, a.bias_ih[4:8] + a.bias_hh[4:8])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weight_hh": np.zeros((12, 4))}, "weight_hh must have shape"),
        ({"bias_ih": np.zeros(15)}, "bias_ih must have shape"),
        ({"weight_ih": np.full((16, 2), np.nan)}, "NaN or inf"),
    ],
)
def test_lstm_params_reject_bad_arrays(kwargs, match):
    good = {
        "weight_ih": np.zeros((16, 2)),
        "weight_hh": np.zeros((16, 4)),
        "bias_ih": np.zeros(16),
        "bias_hh": np.zeros(16),
    }
    with pytest.raises(ValueError, match=match):
        LSTMParams(**{**good, **kwargs})


def test_lstm_forward_rejects_bad_inputs():
    p = LSTMParams.init(2, 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="input feature"):
        lstm_forward(p, np.zeros((4, 3)))
    with pytest.raises(ValueError, match="c0 must have shape"):
        lstm_forward(p, np.zeros((4, 2)), c0=np.zeros(2))
    with pytest.raises(ValueError, match="empty sequence"):
        lstm_forward(p, np.zeros((0, 2)))
    with pytest.raises(ValueError, match="dh must have shape"):
        lstm_backward(p, lstm_forward(p, np.zeros((4, 2))), np.zeros((3, 3)))


@pytest.mark.parametrize("cls, module", [(RNNParams, "nn.RNN"), (LSTMParams, "nn.LSTM")])
def test_a_state_dict_without_weights_names_what_was_expected(cls, module):
    with pytest.raises(ValueError, match=rf"missing key\(s\) \['weight_hh'\].*\({module}\)"):
        cls.from_torch({"weight_ih": np.zeros((4, 1))})

"""Lesson 3's gate overrides: a held gate is a constant in the plotted data, and the
state does what the equations say without that gate (loops written out here)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import chart, math_blocks, no_exception, run_page, sigmoid, trace_by_name, values

#: The "remember" preset (gru_core.presets), textbook convention.
REMEMBER = dict(
    W_xr=0.0, W_hr=0.0, b_r=3.0, W_xz=10.0, W_hz=0.0, b_z=-7.0, W_xh=2.0, W_hh=1.0, b_h=0.0
)
ROWS = {"x": "input x", "r": "reset gate r", "z": "update gate z", "h_tilde": "candidate h̃",
        "h": "state h"}  # fmt: skip


def rows(at) -> dict[str, np.ndarray]:
    fig = chart(at, "sequence")
    return {q: values(trace_by_name(fig, name)["y"]) for q, name in ROWS.items()}


def pulse(T=60, start=5):
    x = np.zeros(T)
    x[start] = 1.0
    return x


def textbook_run(x, w, r_held=None, z_held=None):
    """h_1 .. h_T of the 1-unit textbook GRU, gates optionally held, written out."""
    h, out = 0.0, []
    for x_t in x:
        r = sigmoid(w["W_xr"] * x_t + w["W_hr"] * h + w["b_r"]) if r_held is None else r_held
        z = sigmoid(w["W_xz"] * x_t + w["W_hz"] * h + w["b_z"]) if z_held is None else z_held
        h_tilde = math.tanh(w["W_xh"] * x_t + w["W_hh"] * r * h + w["b_h"])
        h = (1 - z) * h + z * h_tilde
        out.append(h)
    return np.array(out)


def tanh_rnn(x, w):
    """The plain RNN h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)."""
    h, out = 0.0, []
    for x_t in x:
        h = math.tanh(w["W_xh"] * x_t + w["W_hh"] * h + w["b_h"])
        out.append(h)
    return np.array(out)


def test_no_override_by_default():
    at = run_page("sequence")
    no_exception(at)
    data = rows(at)
    np.testing.assert_allclose(data["h"], textbook_run(pulse(), REMEMBER), atol=1e-12)
    assert data["h"][5] > 0.9  # the pulse is written
    assert not any("overridden" in c.value for c in at.caption)


def test_textbook_z_held_at_zero_keeps_h_at_h0_exactly():
    at = run_page("sequence", {"ov": "hold_z", "ov_z": "0"})
    no_exception(at)
    data = rows(at)
    assert np.all(data["z"] == 0.0)  # drawn constant
    assert np.all(data["h"] == 0.0)  # h_t = h_{t-1} + 0 (h̃_t − h_{t-1}): the pulse never gets in
    assert data["h_tilde"][5] > 0.9  # although the candidate proposes it
    # the reset gate is still free: σ(b_r) everywhere (W_xr = W_hr = 0)
    np.testing.assert_allclose(data["r"], sigmoid(3.0), atol=1e-15)
    # the chart and the caption say that z is overridden
    fig = chart(at, "sequence")
    assert any("z held at 0.00 (override)" in a["text"] for a in fig["layout"]["annotations"])
    assert any("update gate z is overridden" in c.value for c in at.caption)


@pytest.mark.parametrize("convention", ["cho", "pytorch"])
def test_keep_conventions_freeze_h_with_z_held_at_one(convention):
    at = run_page("sequence", {"conv": convention, "ov": "hold_z", "ov_z": "1"})
    no_exception(at)
    data = rows(at)
    assert np.all(data["z"] == 1.0) and np.all(data["h"] == 0.0)


@pytest.mark.parametrize("z", [0.1, 0.5, 0.9])
def test_only_a_reset_gate_mixes_a_fixed_share(z):
    at = run_page("sequence", {"ov": "hold_z", "ov_z": str(z)})
    data = rows(at)
    assert np.all(data["z"] == z)
    np.testing.assert_allclose(data["h"], textbook_run(pulse(), REMEMBER, z_held=z), atol=1e-12)


@pytest.mark.parametrize("convention", ["textbook", "cho", "pytorch"])
def test_removing_both_gates_gives_a_plain_tanh_rnn(convention):
    """r ≡ 1 and z ≡ 1 (textbook) or z ≡ 0 (cho, pytorch: z keeps the past) make h_t = h̃_t."""
    at = run_page("sequence", {"conv": convention, "ov": "rnn"})
    no_exception(at)
    data = rows(at)
    z_take_all = 1.0 if convention == "textbook" else 0.0
    assert np.all(data["r"] == 1.0) and np.all(data["z"] == z_take_all)
    # the remember preset's candidate weights are the same in every convention (b_hn = 0)
    np.testing.assert_allclose(data["h"], tanh_rnn(pulse(), REMEMBER), atol=1e-12)
    np.testing.assert_allclose(data["h"], data["h_tilde"], rtol=0, atol=1e-15)
    # the page writes the reduced equation and says which z removes the gate here
    assert any(r"\tanh(W_{xh}" in b and "h_{t-1}" in b for b in math_blocks(at))
    note = "z \\equiv 0" if convention != "textbook" else "z \\equiv 1"
    assert any(note in m.value for m in at.markdown)


def test_only_an_update_gate():
    at = run_page("sequence", {"ov": "update_only"})
    data = rows(at)
    assert np.all(data["r"] == 1.0)
    expected = textbook_run(pulse(), REMEMBER, r_held=1.0)
    np.testing.assert_allclose(data["h"], expected, atol=1e-12)
    # z is still free: it opens at the pulse only
    assert data["z"][5] == pytest.approx(sigmoid(3.0)) and data["z"][10] < 0.001


def test_holding_r_with_a_recurrent_candidate():
    """reset_the_past has W_hh = 5: r decides how much of the past the candidate sees."""
    w = dict(W_xr=0.0, W_hr=0.0, b_r=-8.0, W_xz=0.0, W_hz=0.0, b_z=0.0, W_xh=2.0, W_hh=5.0, b_h=0.0)
    x = np.zeros(60)
    x[5:15] = 1.0
    at = run_page("sequence", {"preset": "reset_the_past", "width": "10", "ov": "hold_r",
                               "ov_r": "0.3"})  # fmt: skip
    no_exception(at)
    data = rows(at)
    assert np.all(data["r"] == 0.3)
    np.testing.assert_allclose(data["h"], textbook_run(x, w, r_held=0.3), atol=1e-12)
    free = rows(run_page("sequence", {"preset": "reset_the_past", "width": "10"}))
    # with r held open the past keeps feeding the candidate after the input stops
    assert data["h"][30] > 0.5 > free["h"][30]


def test_holding_both_gates():
    at = run_page("sequence", {"ov": "hold_both", "ov_r": "0.5", "ov_z": "0.2"})
    data = rows(at)
    assert np.all(data["r"] == 0.5) and np.all(data["z"] == 0.2)
    expected = textbook_run(pulse(), REMEMBER, r_held=0.5, z_held=0.2)
    np.testing.assert_allclose(data["h"], expected, atol=1e-12)
    fig = chart(at, "sequence")
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert any("r held at 0.50" in s for s in texts) and any("z held at 0.20" in s for s in texts)


def test_the_detail_panel_shows_a_held_gate_as_held():
    at = run_page("sequence", {"ov": "hold_z", "ov_z": "0.25", "t": "6"})
    z_block = next(b for b in math_blocks(at) if r"{z_t} &:=" in b)
    # what z would have been at t = 6, the pulse: W_xz·1 + b_z = 10 − 7 = 3 in the remember
    # preset, σ(3) = 0.9526
    assert "0.250" in z_block and rf"\cancel{{\sigma(3.00) = {sigmoid(3.0):.3f}}}" in z_block
    assert any("held by the override at 0.25" in m.value for m in at.markdown)


def test_switching_convention_mirrors_the_held_z():
    """The same model in a keep-past convention: z -> 1 - z, so the picture stays."""
    at = run_page("sequence", {"ov": "hold_z", "ov_z": "0.2"})
    h_textbook = rows(at)["h"]
    at.query_params["conv"] = "cho"
    at.run()
    no_exception(at)
    assert at.slider(key="ov_z").value == pytest.approx(0.8)
    np.testing.assert_allclose(rows(at)["h"], h_textbook, atol=1e-12)
    assert at.query_params["ov_z"] == "0.8"


def test_a_held_value_typed_exactly():
    at = run_page("sequence", {"ov": "hold_z"})
    at.number_input(key="ov_z__box").set_value(0.137).run()
    assert at.slider(key="ov_z").value == pytest.approx(0.137)
    assert np.all(rows(at)["z"] == 0.137)

"""Lesson 5 (gradients over time): the plotted norms are the true ‖∂h_T/∂h_t‖, and the
sliders move them the way the math says."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from app_helpers import (
    chart,
    curves,
    no_exception,
    read_shown,
    run_app,
    run_page,
    sigmoid,
)

from gru_core import lessons
from gru_core.signals import make_signal
from lab.i18n import catalogue


def gradient_curves(at) -> dict[str, np.ndarray]:
    names = {k: "gradients.chart." + k for k in ("gru", "straight", "rnn", "bound")}
    return curves(at, "gradients", names)


def textbook_gru_last_state(p, x, h0):
    """h_T of a textbook GRU written out from its four equations (any H): r, z, h̃, h."""
    W_xr, W_xz, W_xh = np.split(p.weight_ih, 3)
    W_hr, W_hz, W_hh = np.split(p.weight_hh, 3)
    b_r, b_z, b_h = np.split(p.bias_ih + p.bias_hh, 3)
    h = np.asarray(h0, dtype=float)
    for x_t in x:
        r = sigmoid(W_xr @ x_t + W_hr @ h + b_r)
        z = sigmoid(W_xz @ x_t + W_hz @ h + b_z)
        h_tilde = np.tanh(W_xh @ x_t + W_hh @ (r * h) + b_h)
        h = (1 - z) * h + z * h_tilde
    return h


def gru_jacobian(p, x, h0, eps=1e-6):
    """∂h_T/∂h_0 of the written-out GRU, column by column by central differences."""
    columns = [
        (textbook_gru_last_state(p, x, h0 + eps * e) - textbook_gru_last_state(p, x, h0 - eps * e))
        / (2 * eps)
        for e in np.eye(len(h0))
    ]
    return np.stack(columns, axis=1)


def rnn_jacobian(q, x):
    """∂h_T/∂h_0 of the tanh RNN from h_0 = 0 in closed form: ∏ diag(1 − h_t²) W_hh."""
    h, J = np.zeros(q.weight_hh.shape[0]), np.eye(q.weight_hh.shape[0])
    for x_t in x:
        h = np.tanh(q.weight_ih @ x_t + q.weight_hh @ h)
        J = (1 - h**2)[:, None] * q.weight_hh @ J
    return J


def shown_summary(at) -> tuple[tuple[float, float], ...]:
    """(value, half its last digit) of the summary's GRU, RNN and ratio numbers."""
    (text,) = [el.value for el in at.markdown if "for the plain RNN" in el.value]
    m = re.search(r"is \$([^$]+)\$ for the GRU and \$([^$]+)\$ for the plain RNN: "
                  r"the RNN's is \$([^$]+)\$ times smaller", text)  # fmt: skip
    assert m, text
    return tuple(read_shown(g) for g in m.groups())


def test_defaults_the_gru_keeps_the_gradient_the_rnn_loses_it():
    at = run_page("gradients")
    no_exception(at)
    c = gradient_curves(at)
    assert len(c["gru"]) == 201  # t = 0 .. T
    assert c["gru"][-1] == pytest.approx(1.0) and c["rnn"][-1] == pytest.approx(1.0)
    assert np.all(c["gru"][:-1] > c["rnn"][:-1])
    assert c["gru"][0] > 1e-2 and c["rnn"][0] < 1e-10
    # the RNN never beats its bound w^(T−t) (‖W_hh‖ = w, tanh′ ≤ 1)
    assert np.all(c["rnn"] <= c["bound"] * (1 + 1e-9))
    np.testing.assert_allclose(c["bound"], 0.9 ** np.arange(200, -1, -1), rtol=1e-12)
    # the curves' first points and the summary's numbers against ‖∂h_T/∂h_0‖₂ of the
    # page's default models (H = 8, b_z = −4, w = 0.9, seed 0) worked out here
    spec = {"convention": "textbook", "H": 8, "seed": 0, "b_z": -4.0, "b_r": 0.0, "w": 0.9}
    p, q = lessons.grad_models(spec)
    x = make_signal("noise", 200, seed=0, scale=lessons.GRAD_INPUT_SCALE)
    gru = np.linalg.norm(gru_jacobian(p, x, np.zeros(8)), 2)
    rnn = np.linalg.norm(rnn_jacobian(q, x), 2)
    assert c["gru"][0] == pytest.approx(gru, rel=1e-6)
    assert c["rnn"][0] == pytest.approx(rnn, rel=1e-9)
    for (shown, half), derived in zip(shown_summary(at), (gru, rnn, gru / rnn), strict=True):
        assert abs(shown - derived) <= half * (1 + 1e-9), (shown, derived)


@pytest.mark.parametrize("t0", [0, 10, 25])
def test_plotted_norms_are_the_finite_difference_derivatives(t0):
    """One unit, 30 steps: ‖∂h_T/∂h_t‖ = |dh_T/dh_t|; the GRU's checked by central
    differences of a hand-written loop, the RNN's against its closed-form product."""
    query = {"g_H": "1", "g_T": "30", "g_bz": "-2", "g_br": "1", "g_w": "0.95"}
    c = gradient_curves(run_page("gradients", query))
    spec = {"convention": "textbook", "H": 1, "seed": 0, "b_z": -2.0, "b_r": 1.0, "w": 0.95}
    p, q = lessons.grad_models(spec)
    x = make_signal("noise", 30, seed=0, scale=lessons.GRAD_INPUT_SCALE)
    # the state at t0, then perturb it and run the rest of the sequence by hand
    h_t = textbook_gru_last_state(p, x[:t0], np.zeros(1))
    ((d_gru,),) = gru_jacobian(p, x[t0:], h_t)
    assert c["gru"][t0] == pytest.approx(abs(d_gru), rel=1e-6)
    # the RNN's derivative in closed form: the product of w (1 − h_k²) over k = t0+1 .. T
    h, hs = 0.0, []
    for x_t in x[:, 0]:
        h = np.tanh(q.weight_ih[0, 0] * x_t + q.weight_hh[0, 0] * h)
        hs.append(h)
    d_rnn = np.prod([0.95 * (1 - h_k**2) for h_k in hs[t0:]])
    assert c["rnn"][t0] == pytest.approx(abs(d_rnn), rel=1e-9)


def test_a_more_negative_update_bias_keeps_more_gradient():
    at = run_page("gradients")
    base = gradient_curves(at)["gru"][0]
    at.slider(key="g_bz").set_value(-6.0).run()
    no_exception(at)
    kept = gradient_curves(at)
    assert kept["gru"][0] > base
    at.slider(key="g_bz").set_value(4.0).run()
    closed = gradient_curves(at)
    assert closed["gru"][0] < 1e-6 * base  # z ≈ 1: the additive path is shut
    assert np.nan_to_num(closed["straight"][0]) < 1e-100  # (an underflow to 0 is not drawn)


def test_the_rnn_weight_moves_only_the_rnn():
    at = run_page("gradients")
    before = gradient_curves(at)
    at.slider(key="g_w").set_value(0.5).run()
    after = gradient_curves(at)
    np.testing.assert_allclose(after["gru"], before["gru"])
    assert after["rnn"][100] < before["rnn"][100]
    at.slider(key="g_w").set_value(1.6).run()
    no_exception(at)
    grown = gradient_curves(at)
    assert grown["rnn"].max() > 1.0  # the RNN's gradient can explode instead
    assert any("exploding" in el.value for el in at.markdown)


def test_longer_sequences_have_more_points_and_smaller_gradients():
    at = run_page("gradients", {"g_T": "300"})
    no_exception(at)
    long = gradient_curves(at)
    assert len(long["gru"]) == 301
    short = gradient_curves(run_page("gradients", {"g_T": "100"}))
    assert long["rnn"][0] < short["rnn"][0]


def test_cho_and_textbook_are_the_same_model_mirrored():
    textbook = gradient_curves(run_page("gradients"))
    at = run_page("gradients", {"conv": "cho"})
    no_exception(at)
    assert at.slider(key="g_bzk").value == pytest.approx(4.0)
    np.testing.assert_allclose(gradient_curves(at)["gru"], textbook["gru"], rtol=1e-10)


def test_switching_the_convention_mirrors_the_bias():
    at = run_app()
    at.switch_page("pages/gradients.py").run()
    at.slider(key="g_bz").set_value(-5.5).run()
    before = gradient_curves(at)["gru"]
    at.selectbox(key="conv").set_value("cho").run()
    no_exception(at)
    assert at.slider(key="g_bzk").value == pytest.approx(5.5)
    np.testing.assert_allclose(gradient_curves(at)["gru"], before, rtol=1e-10)


def test_query_params_restore_the_picture():
    at = run_page("gradients", {"g_H": "4", "g_T": "50", "g_w": "1.2", "g_seed": "7"})
    no_exception(at)
    assert (at.slider(key="g_H").value, at.slider(key="g_T").value) == (4, 50)
    assert at.number_input(key="g_seed").value == 7
    c = gradient_curves(at)
    assert len(c["gru"]) == 51
    np.testing.assert_allclose(c["bound"], 1.2 ** np.arange(50, -1, -1), rtol=1e-12)
    assert not at.warning


def labelled_decades(axis: dict) -> list[int]:
    """The decades a Plotly log axis labels: multiples of dtick (from tick0) in its range."""
    lo, hi = axis["range"]
    d, tick0 = axis["dtick"], axis.get("tick0", 0)
    return [k for k in range(math.ceil(lo), math.floor(hi) + 1) if (k - tick0) % d == 0]


@pytest.mark.parametrize(
    "query",
    [{}, {"g_w": "1"}, {"g_bz": "0"}, {"g_bz": "-6", "g_T": "300"}, {"g_w": "2", "g_T": "300"}],
)
def test_log_axis_labels_at_most_eight_decades_with_a_grid_line_each(query):
    axis = chart(run_page("gradients", query), "gradients")["layout"]["yaxis"]
    assert axis["type"] == "log" and isinstance(axis["dtick"], int) and axis["dtick"] >= 1
    shown = labelled_decades(axis)
    assert 2 <= len(shown) <= 8, (axis["range"], axis["dtick"], shown)
    assert 0 in shown or not (axis["range"][0] <= 0 <= axis["range"][1])  # 1 is labelled
    if axis["dtick"] > 1:  # the text reads each grid line as a factor of ten
        assert axis["minor"]["dtick"] == 1 and axis["minor"]["showgrid"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axis_title_writes_subscripts_not_underscores(lang):
    at = run_page("gradients", {"lang": lang})
    title = chart(at, "gradients")["layout"]["yaxis"]["title"]["text"]
    assert "∂h<sub>T</sub> / ∂h<sub>t</sub>" in title and "_" not in title, title


def test_keys_built_at_run_time_exist():
    en = catalogue("en")
    need = [f"gradients.{k}.{f}" for k in ("bz_help", "why", "q2", "a2")
            for f in ("textbook", "keep")]  # fmt: skip
    need += [f"gradients.conv_note.{c}" for c in ("textbook", "cho", "pytorch")]
    need += [f"gradients.explain.gru.{f}" for f in ("textbook", "keep")]
    assert [k for k in need if k not in en] == []

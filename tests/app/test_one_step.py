"""Lesson 2 (one step): sliders move the plotted numbers the way the equations say."""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import (
    STORY_H_PREV,
    STORY_W,
    STORY_X,
    chart,
    math_blocks,
    no_exception,
    run_app,
    run_page,
    sigmoid,
    textbook_step,
    values,
)

X, H_PREV, W = STORY_X, STORY_H_PREV, STORY_W  # the page's defaults


def gate_markers(at) -> dict[str, float]:
    """The marked (a, value) point of each activation curve: traces 1, 3, 5."""
    fig = chart(at, "curves")
    pts = {}
    for q, i in (("r", 1), ("z", 3), ("h_tilde", 5)):
        pts[q] = float(values(fig["data"][i]["y"])[0])
    return pts


def shares(at) -> np.ndarray:
    """(kept, taken, h_t) as drawn in the shares bar chart."""
    return values(chart(at, "shares")["data"][0]["x"])


def test_defaults_render_and_match_the_equations():
    at = run_page("one_step")
    no_exception(at)
    r, z, h_tilde, h = textbook_step(X, H_PREV, W)
    pts = gate_markers(at)
    assert pts["r"] == pytest.approx(r, abs=1e-12)
    assert pts["z"] == pytest.approx(z, abs=1e-12)
    assert pts["h_tilde"] == pytest.approx(h_tilde, abs=1e-12)
    kept, taken, h_drawn = shares(at)
    assert kept == pytest.approx((1 - z) * H_PREV, abs=1e-12)
    assert taken == pytest.approx(z * h_tilde, abs=1e-12)
    assert h_drawn == pytest.approx(h, abs=1e-12)
    # the substituted equations show the same numbers (3 decimals)
    latex = " ".join(math_blocks(at))
    for v in (r, z, h_tilde, h):
        assert f"{v:.3f}" in latex


def test_raising_the_update_bias_takes_more_of_the_candidate():
    at = run_page("one_step")
    before = shares(at)
    at.slider(key="b_z").set_value(2.0).run()
    no_exception(at)
    after = shares(at)
    z_before, z_after = sigmoid(X - 2.0), sigmoid(X + 2.0)
    assert z_after > z_before
    # textbook: more of h̃ taken, less of h_{t-1} kept, h moves toward h̃ (> 0 here)
    assert abs(after[1]) > abs(before[1]) and abs(after[0]) < abs(before[0])
    assert after[2] > before[2]
    _, _, h_tilde, h = textbook_step(X, H_PREV, W | {"b_z": 2.0})
    assert after[2] == pytest.approx(h, abs=1e-12)
    assert abs(after[2] - h_tilde) < abs(before[2] - h_tilde)


def test_closing_the_reset_gate_cuts_the_past_out_of_the_candidate():
    at = run_page("one_step", {"b_r": "-6"})
    r, _, h_tilde, _ = textbook_step(X, H_PREV, W | {"b_r": -6.0})
    pts = gate_markers(at)
    assert pts["r"] == pytest.approx(r) and r < 0.01
    # with r ≈ 0 the candidate is ≈ tanh(W_xh x + b_h), whatever h_{t-1} is
    assert pts["h_tilde"] == pytest.approx(math.tanh(2.0), abs=0.01)
    at.slider(key="h_prev").set_value(0.9).run()
    assert gate_markers(at)["h_tilde"] == pytest.approx(pts["h_tilde"], abs=0.01)


def test_number_box_and_slider_stay_in_step():
    at = run_page("one_step")
    at.number_input(key="b_z__box").set_value(-1.23).run()
    no_exception(at)
    assert at.slider(key="b_z").value == pytest.approx(-1.23)
    assert gate_markers(at)["z"] == pytest.approx(sigmoid(X - 1.23), abs=1e-12)
    at.slider(key="b_z").set_value(0.5).run()
    assert at.number_input(key="b_z__box").value == pytest.approx(0.5)


def test_query_params_restore_the_picture():
    at = run_page("one_step", {"x": "-0.5", "b_z": "-3.5", "W_hh": "2.25"})
    no_exception(at)
    assert at.slider(key="b_z").value == pytest.approx(-3.5)
    w = W | {"b_z": -3.5, "W_hh": 2.25}
    _, z, h_tilde, h = textbook_step(-0.5, H_PREV, w)
    pts = gate_markers(at)
    assert (pts["z"], pts["h_tilde"]) == (pytest.approx(z), pytest.approx(h_tilde))
    assert shares(at)[2] == pytest.approx(h)
    assert not at.warning


def test_other_conventions_keep_with_z():
    """cho: h = z h_{t-1} + (1 − z) h̃; the same sliders now keep the past with z."""
    at = run_page("one_step", {"conv": "cho"})
    no_exception(at)
    r, z, h_tilde, _ = textbook_step(X, H_PREV, W)  # gates and candidate are the same
    kept, taken, h = shares(at)
    assert kept == pytest.approx(z * H_PREV)
    assert taken == pytest.approx((1 - z) * h_tilde)
    assert h == pytest.approx(kept + taken)


def test_pytorch_applies_reset_after_the_weight_and_shows_b_hn():
    at = run_page("one_step", {"conv": "pytorch", "b_hn": "0.5"})
    no_exception(at)
    assert at.slider(key="b_hn").value == pytest.approx(0.5)
    r = sigmoid(W["W_xr"] * X + W["W_hr"] * H_PREV + W["b_r"])
    h_tilde = math.tanh(W["W_xh"] * X + W["b_h"] + r * (W["W_hh"] * H_PREV + 0.5))
    assert gate_markers(at)["h_tilde"] == pytest.approx(h_tilde, abs=1e-12)


def test_reset_puts_sliders_back():
    at = run_app()
    at.switch_page("pages/one_step.py").run()
    at.slider(key="b_z").set_value(3.0).run()
    assert at.slider(key="b_z").value == 3.0
    at.button(key="reset_page").click().run()
    no_exception(at)
    assert at.slider(key="b_z").value == pytest.approx(W["b_z"])
    assert at.number_input(key="b_z__box").value == pytest.approx(W["b_z"])

"""Lesson 3 (a sequence): the stacked charts show what the GRU equations give."""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import (
    chart,
    no_exception,
    open_expander,
    run_app,
    run_page,
    sigmoid,
    trace_by_name,
    values,
)

REMEMBER = dict(
    W_xr=0.0, W_hr=0.0, b_r=3.0, W_xz=10.0, W_hz=0.0, b_z=-7.0, W_xh=2.0, W_hh=1.0, b_h=0.0
)


def textbook_run(x, w, h0=0.0):
    """h_1 .. h_T of a 1-unit textbook GRU, written out step by step."""
    h, out = h0, []
    for x_t in x:
        r = sigmoid(w["W_xr"] * x_t + w["W_hr"] * h + w["b_r"])
        z = sigmoid(w["W_xz"] * x_t + w["W_hz"] * h + w["b_z"])
        h_tilde = math.tanh(w["W_xh"] * x_t + w["W_hh"] * r * h + w["b_h"])
        h = (1 - z) * h + z * h_tilde
        out.append(h)
    return np.array(out)


def rows(at) -> dict[str, np.ndarray]:
    """The plotted data of each row (lines: y; heatmaps: z as unit × time)."""
    fig = chart(at, "sequence")
    out = {}
    for q, name in (("x", "input x"), ("r", "reset gate r"), ("z", "update gate z"),
                    ("h_tilde", "candidate h̃"), ("h", "state h")):  # fmt: skip
        d = trace_by_name(fig, name)
        out[q] = values(d["z"]) if d["type"] == "heatmap" else values(d["y"])
    return out


def pulse(T=60, start=5, width=1):
    x = np.zeros(T)
    x[start : start + width] = 1.0
    return x


def test_defaults_tell_the_remember_story():
    at = run_page("sequence")
    no_exception(at)
    data = rows(at)
    np.testing.assert_array_equal(data["x"], pulse())
    np.testing.assert_allclose(data["h"], textbook_run(pulse(), REMEMBER), atol=1e-12)
    # the pulse is written at t = 6 and is still carried at t = 60
    assert data["h"][5] > 0.9 and data["h"][-1] > 0.8
    assert data["z"][5] == pytest.approx(sigmoid(3.0)) and data["z"][10] < 0.001
    # the explanation states the half-life of the closed gate: ln 0.5 / ln(1 − σ(−7))
    life = math.log(0.5) / math.log(1 - sigmoid(-7.0))
    assert any(f"{life:,.0f}" in m.value for m in at.markdown)


def test_time_cursor_is_client_side():
    at = run_page("sequence")
    fig = chart(at, "sequence")
    assert len(fig["frames"]) == 60
    steps = fig["layout"]["sliders"][0]["steps"]
    assert len(steps) == 60 and all(s["method"] == "animate" for s in steps)
    assert fig["layout"]["sliders"][0]["active"] == 5  # starts at the pulse
    h = rows(at)["h"]
    assert f"h = {h[20]:.2f}" in steps[20]["label"]
    buttons = fig["layout"]["updatemenus"][0]["buttons"]
    assert buttons[0]["method"] == "animate" and buttons[0]["args"][0] is None  # play


def test_raising_the_update_bias_makes_h_follow_the_input_faster():
    base = {"source": "sliders", "signal": "step", "W_xz": "0", "W_xr": "0", "b_r": "3"}
    slow = run_page("sequence", base | {"b_z": "-3"})
    fast = run_page("sequence", base | {"b_z": "-1"})
    no_exception(slow), no_exception(fast)
    h_slow, h_fast = rows(slow)["h"], rows(fast)["h"]
    assert h_fast[10] > h_slow[10] > 0  # 5 steps after the step: closer to the target
    x = np.zeros(60)
    x[5:] = 1.0
    w = REMEMBER | {"W_xz": 0.0, "W_xr": 0.0, "b_r": 3.0}
    np.testing.assert_allclose(h_fast, textbook_run(x, w | {"b_z": -1.0}), atol=1e-12)
    # the slider move does the same as the URL
    slow.slider(key="b_z").set_value(-1.0).run()
    np.testing.assert_allclose(rows(slow)["h"], h_fast, atol=1e-12)


def test_presets_load():
    at = run_page("sequence")
    at.selectbox(key="preset").set_value("forget_quickly").run()
    no_exception(at)
    data = rows(at)
    np.testing.assert_allclose(data["z"], sigmoid(2.0), atol=1e-12)  # z = σ(2) at every step
    assert abs(data["h"][10]) < 0.01  # the pulse is gone a few steps later
    at.selectbox(key="preset").set_value("leaky_integrator").run()
    no_exception(at)
    assert at.selectbox(key="signal").value == "noise"  # the preset's own input


def test_switching_to_sliders_starts_from_the_preset():
    at = run_page("sequence")
    h_preset = rows(at)["h"]
    at.radio(key="source").set_value("sliders").run()
    no_exception(at)
    assert at.slider(key="W_xz").value == pytest.approx(10.0)
    assert at.slider(key="b_z").value == pytest.approx(-7.0)
    np.testing.assert_allclose(rows(at)["h"], h_preset, atol=1e-12)


def test_cho_and_pytorch_presets_give_the_same_state():
    h = {c: rows(run_page("sequence", {"conv": c}))["h"] for c in ("textbook", "cho", "pytorch")}
    np.testing.assert_allclose(h["cho"], h["textbook"], atol=1e-12)
    np.testing.assert_allclose(h["pytorch"], h["textbook"], atol=1e-12)


def test_hidden_size_above_one_gives_heatmaps():
    at = run_page("sequence", {"H": "4", "T": "30"})
    no_exception(at)
    data = rows(at)
    for q in ("r", "z", "h_tilde", "h"):
        assert data[q].shape == (4, 30), q
    assert np.all((data["z"] >= 0) & (data["z"] <= 1))
    assert np.all(np.abs(data["h"]) < 1)
    at.number_input(key="wseed").set_value(7).run()
    assert not np.allclose(rows(at)["h"], data["h"])


def test_a_word_is_one_letter_per_step():
    at = run_page("sequence", {"signal": "word", "word": "abba"})
    no_exception(at)
    fig = chart(at, "sequence")
    x = trace_by_name(fig, "input x")
    assert x["type"] == "heatmap" and list(x["y"]) == ["a", "b"]
    np.testing.assert_array_equal(values(x["z"]), [[1, 0, 0, 1], [0, 1, 1, 0]])
    assert len(rows(at)["h"]) == 4


def test_table_matches_the_chart_and_downloads():
    at = run_page("sequence", {"T": "20"})
    assert not at.dataframe  # drawn only while its expander is open
    open_expander(at, "table_open")
    df = at.dataframe[0].value
    assert list(df.columns) == ["t", "x", "r", "z", "h_tilde", "h"] and len(df) == 20
    np.testing.assert_allclose(df["h"].to_numpy(), rows(at)["h"], atol=1e-12)
    assert at.get("download_button")[0].key == "download"


def test_bad_word_typed_shows_an_error_and_keeps_the_page():
    at = run_page("sequence", {"signal": "word"})
    at.text_input(key="word").input("<b>").run()
    no_exception(at)
    assert len(at.error) == 1
    assert not at.get("plotly_chart")  # nothing to draw until the word is valid


def test_through_the_app():
    at = run_app({"T": "40"})  # T is not a parameter of the home page: dropped, with a notice
    no_exception(at)
    assert len(at.warning) == 1 and "T" in at.warning[0].value
    at.switch_page("pages/sequence.py").run()
    no_exception(at)
    assert not at.warning
    np.testing.assert_allclose(rows(at)["h"], textbook_run(pulse(), REMEMBER), atol=1e-12)
    assert at.selectbox(key="conv").value == "textbook"  # the shared sidebar is there

"""Presets: each does visibly what its name says, and all three conventions agree."""

import math

import numpy as np
import pytest

from gru_core import forward
from gru_core.presets import PRESETS, WEIGHT_NAMES, Preset, preset_params
from gru_core.signals import make_signal, noise, pulse, sine, step


def run(name, x, convention="textbook", **kw):
    return forward(preset_params(name, convention), x, **kw)


def test_catalogue():
    assert set(PRESETS) == {
        "remember",
        "forget_quickly",
        "reset_the_past",
        "leaky_integrator",
        "latch",
    }
    for name, preset in PRESETS.items():
        assert preset.name == name
        assert tuple(preset.weights) == WEIGHT_NAMES
        assert all(type(v) is float for v in preset.weights.values())
        assert preset.story.endswith(".") and preset.story[0].isupper()
        x = make_signal(preset.signal, 40, **preset.signal_options)
        assert x.shape == (40, 1)


def test_presets_are_read_only():
    preset = PRESETS["remember"]
    with pytest.raises(TypeError):
        preset.weights["b_z"] = 0.0
    with pytest.raises(AttributeError):
        preset.story = "changed"
    with pytest.raises(ValueError, match="a preset sets exactly"):
        Preset("x", {"W_xr": 1.0}, "Too few.")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_three_conventions_give_the_same_states(name):
    rng = np.random.default_rng(0)
    signals = [
        pulse(40, start=5, width=2),
        pulse(40, start=5) - pulse(40, start=20),
        step(40, start=3, level=-0.7),
        sine(40, period=13.0),
        noise(40, rng, scale=0.8),
    ]
    for x in signals:
        ref = run(name, x, "textbook")
        for convention in ("cho", "pytorch"):
            other = run(name, x, convention)
            np.testing.assert_allclose(other.h, ref.h, rtol=0, atol=1e-13)
            np.testing.assert_allclose(other.h_tilde, ref.h_tilde, rtol=0, atol=1e-13)
            np.testing.assert_allclose(other.z, 1.0 - ref.z, rtol=0, atol=1e-13)
            np.testing.assert_allclose(other.r, ref.r, rtol=0, atol=0)


def test_pytorch_preset_has_the_reset_after_special_case():
    p = preset_params("latch", "pytorch")
    assert p.convention == "pytorch" and p.hidden_size == 1 and p.input_size == 1
    assert p.b_hh.tolist() == [0.0]
    # keep-past z: the update weights are the textbook ones negated
    assert p.b_z.tolist() == [-PRESETS["latch"].weights["b_z"]]


def test_remember_keeps_a_pulse_for_50_steps():
    x = pulse(80, start=5)
    h = run("remember", x).h[:, 0]
    assert np.all(h[:5] == 0.0)
    peak = h[5]
    assert peak > 0.8
    assert np.all(h[5 : 5 + 51] > 0.8 * peak)


def test_forget_quickly_drops_a_pulse_within_5_steps():
    x = pulse(40, start=5)
    h = run("forget_quickly", x).h[:, 0]
    peak = h[5]
    assert peak > 0.5
    assert np.all(np.abs(h[5 + 5 :]) < 0.1 * peak)
    assert h[6] < 0.2 * peak  # one step later only ~1 − z = 12 % is left


def test_reset_the_past_candidate_ignores_h_prev():
    x = pulse(60, start=5, width=10)
    w = PRESETS["reset_the_past"].weights
    trace = run("reset_the_past", x)
    assert np.all(trace.r < 1e-3)
    # the candidate a model without recurrence would compute, written out
    h_tilde_input_only = np.tanh(w["W_xh"] * x + w["b_h"])
    np.testing.assert_allclose(trace.h_tilde, h_tilde_input_only, rtol=0, atol=2e-3)
    h = trace.h[:, 0]
    assert h[14] > 0.9  # the input drives the state up ...
    assert np.all(np.abs(h[25:]) < 0.01)  # ... and it fades once the input stops
    # the same weights with the reset gate held open keep the state up
    held = run("reset_the_past", x, clamp_r=1.0).h[:, 0]
    assert np.all(held[25:] > 0.9)


def test_leaky_integrator_is_a_moving_average():
    rng = np.random.default_rng(5)
    x = 0.2 + noise(400, rng, scale=0.2)
    alpha = 1.0 / (1.0 + math.exp(2.2))  # σ(b_z) with b_z = −2.2
    ema, value = [], 0.0
    for x_t in x[:, 0]:
        value = (1.0 - alpha) * value + alpha * x_t
        ema.append(value)
    trace = run("leaky_integrator", x)
    np.testing.assert_allclose(trace.z, alpha, rtol=1e-12)
    h = trace.h[:, 0]
    assert np.max(np.abs(h - np.array(ema))) < 0.03
    assert h[100:].std() < 0.3 * x[100:, 0].std()  # the noise is smoothed out
    assert abs(h[100:].mean() - 0.2) < 0.05


def test_latch_flips_and_stays_flipped():
    x = pulse(120, start=20) - pulse(120, start=70)
    h = run("latch", x).h[:, 0]
    assert np.all(h[10:20] < -0.9)  # settles in the low state on its own
    assert np.all(h[22:70] > 0.9)  # a positive pulse sets it
    assert np.all(h[72:] < -0.9)  # a negative pulse resets it
    # without any input it stays low: the pulse is what flips it
    assert np.all(run("latch", np.zeros((120, 1))).h[10:, 0] < -0.9)


def test_preset_params_errors():
    with pytest.raises(ValueError, match="unknown preset 'lstm'"):
        preset_params("lstm")
    with pytest.raises(ValueError, match="convention must be one of"):
        preset_params("latch", "keras")

"""Input generators: shapes, values written out by hand, validation, reproducible seeds."""

import math

import numpy as np
import pytest

from gru_core.signals import (
    MAX_T,
    SIGNALS,
    make_signal,
    noise,
    pulse,
    random_walk,
    sine,
    square,
    step,
    text_one_hot,
)


def test_step_values():
    x = step(8, start=3, level=0.5)
    assert x.shape == (8, 1) and x.dtype == np.float64
    assert x[:, 0].tolist() == [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5]


def test_pulse_values():
    assert pulse(7, start=2, width=3, level=-2.0)[:, 0].tolist() == [0, 0, -2, -2, -2, 0, 0]
    assert pulse(3, start=2)[:, 0].tolist() == [0, 0, 1]


def test_sine_values():
    x = sine(9, period=4.0, amplitude=2.0)[:, 0]
    np.testing.assert_allclose(x, [0, 2, 0, -2, 0, 2, 0, -2, 0], atol=1e-12)


def test_square_values():
    assert square(10, period=4.0, amplitude=3.0)[:, 0].tolist() == [3, 3, -3, -3] * 2 + [3, 3]
    # a non-integer period: high while (i mod 5) < 2.5
    assert square(7, period=5.0)[:, 0].tolist() == [1, 1, 1, -1, -1, 1, 1]


def test_noise_is_reproducible_and_scaled():
    a = noise(4000, np.random.default_rng(1), scale=0.3)
    b = noise(4000, np.random.default_rng(1), scale=0.3)
    assert a.shape == (4000, 1)
    np.testing.assert_array_equal(a, b)
    assert abs(a.std() - 0.3) < 0.02 and abs(a.mean()) < 0.03
    assert not np.array_equal(a, noise(4000, np.random.default_rng(2), scale=0.3))


def test_random_walk_steps_and_clipping():
    x = random_walk(MAX_T, np.random.default_rng(3), step=0.2)[:, 0]
    assert x.min() >= -1.0 and x.max() <= 1.0
    # the same draws, walked by hand
    eps = np.random.default_rng(3).standard_normal(MAX_T)
    value, expected = 0.0, []
    for e in eps:
        value = min(1.0, max(-1.0, value + 0.2 * e))
        expected.append(value)
    np.testing.assert_array_equal(x, expected)
    assert np.any(np.abs(x) == 1.0)  # a 5000-step walk with step 0.2 hits a wall


def test_make_signal_dispatches_with_seed():
    for name in SIGNALS:
        x = make_signal(name, 30, seed=4)
        assert x.shape == (30, 1) and x.dtype == np.float64 and np.all(np.isfinite(x))
    np.testing.assert_array_equal(
        make_signal("pulse", 12, start=3, width=2), pulse(12, start=3, width=2)
    )
    np.testing.assert_array_equal(
        make_signal("noise", 20, seed=7, scale=0.1), noise(20, np.random.default_rng(7), 0.1)
    )
    np.testing.assert_array_equal(
        make_signal("random_walk", 20, seed=7), make_signal("random_walk", 20, seed=7)
    )
    assert not np.array_equal(make_signal("noise", 20, seed=1), make_signal("noise", 20, seed=2))


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda: step(0), "T (the number of time steps) must be an integer in [1, 5000]"),
        (lambda: step(MAX_T + 1), "[1, 5000]"),
        (lambda: step(10.0), "must be an integer"),
        (lambda: step(True), "must be an integer"),
        (lambda: step(10, start=10), "start must be an integer in [0, 9]"),
        (lambda: step(10, start=-1), "start must be"),
        (lambda: step(10, level=float("nan")), "level must be a finite number"),
        (lambda: pulse(10, start=8, width=3), "width must be an integer in [1, 2]"),
        (lambda: pulse(10, width=0), "width must be"),
        (lambda: sine(10, period=1.5), "period (steps per cycle) must be a finite number in [2,"),
        (lambda: square(10, period=float("inf")), "period"),
        (lambda: sine(10, amplitude="1"), "amplitude must be a finite number"),
        (lambda: noise(10, np.random.default_rng(), scale=-1), "scale must be"),
        (lambda: noise(10, 0), "rng must be a np.random.Generator"),
        (lambda: random_walk(10, np.random.default_rng(), step=-0.1), "step must be"),
        (lambda: make_signal("saw", 10), "unknown signal 'saw'"),
        (lambda: make_signal("sine", 10, width=2), "has no option(s) ['width']"),
        (lambda: make_signal("noise", 10, seed=-1), "seed must be"),
    ],
)
def test_bad_arguments_raise_clear_value_errors(call, fragment):
    with pytest.raises(ValueError) as info:
        call()
    assert fragment in str(info.value)


def test_text_one_hot_sorted_alphabet():
    x, alphabet = text_one_hot("Hello")
    assert alphabet == ("e", "h", "l", "o")
    assert x.shape == (5, 4) and x.dtype == np.float64
    expected = [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    assert x.tolist() == expected


def test_text_one_hot_given_alphabet_keeps_its_order():
    x, alphabet = text_one_hot("ab a", alphabet="ba ")
    assert alphabet == ("b", "a", " ")
    assert x.tolist() == [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert text_one_hot("ba", alphabet=["a", "b", "c"])[0].tolist() == [[0, 1, 0], [1, 0, 0]]


@pytest.mark.parametrize(
    "text, alphabet, fragment",
    [
        ("abc", "ab", "character(s) ['c'] that are not in the alphabet"),
        ("", None, "between 1 and 5000 characters"),
        ("a" * (MAX_T + 1), None, "between 1 and 5000 characters"),
        (b"abc", None, "text must be a string"),
        ("ab", "aab", "repeated characters"),
        ("ab", ["ab", "c"], "single characters"),
        ("ab", 5, "alphabet must be a string or a sequence"),
    ],
)
def test_text_one_hot_errors(text, alphabet, fragment):
    with pytest.raises(ValueError) as info:
        text_one_hot(text, alphabet)
    assert fragment in str(info.value)


def test_one_step_signals():
    for name in SIGNALS:
        options = {"start": 0} if name in ("step", "pulse") else {}
        x = make_signal(name, 1, **options)
        assert x.shape == (1, 1) and x.dtype == np.float64
    assert math.isclose(step(1, start=0)[0, 0], 1.0)
    with pytest.raises(ValueError, match=r"start must be an integer in \[0, 0\], got 5"):
        make_signal("pulse", 1)  # the default start=5 needs T >= 6

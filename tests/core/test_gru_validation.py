"""Bad input gives a ValueError whose message says what was expected."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

from gru_core import GRUParams, backward, forward, gradient_flow, states

I, H, T = 3, 4, 5


@pytest.fixture
def p():
    return GRUParams.init(I, H, np.random.default_rng(0))


@pytest.fixture
def x():
    return np.random.default_rng(1).normal(size=(T, I))


def arrays(**override):
    base = {
        "weight_ih": np.zeros((3 * H, I)),
        "weight_hh": np.zeros((3 * H, H)),
        "bias_ih": np.zeros(3 * H),
        "bias_hh": np.zeros(3 * H),
    }
    return {**base, **override}


@contextmanager
def raises(*fragments):
    """pytest.raises(ValueError) that also checks every fragment is in the message."""
    with pytest.raises(ValueError) as info:
        yield info
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


# ---- x ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("shape", "fragments"),
    [
        ((T, 2), ("x has 2 input feature(s)", "I = 3", "(T, I) or (T, B, I)")),
        ((T, 2, 2), ("x has 2 input feature(s)", "I = 3")),
        ((T,), ("(T, I) or (T, B, I)", "I = 3", "(5,)")),
        ((T, 2, 3, 1), ("(T, I) or (T, B, I)", "(5, 2, 3, 1)")),
    ],
)
def test_x_of_the_wrong_shape(p, shape, fragments):
    with raises(*fragments):
        forward(p, np.zeros(shape))


def test_x_1d_is_fine_only_for_one_input():
    p1 = GRUParams.init(1, 2, np.random.default_rng(0))
    assert forward(p1, np.zeros(T)).h.shape == (T, 2)


def test_empty_sequence(p):
    with raises("empty sequence", "T >= 1"):
        forward(p, np.zeros((0, I)))


def test_empty_batch(p):
    with raises("empty batch", "B must be at least 1"):
        forward(p, np.zeros((T, 0, I)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_x_not_finite(p, x, bad):
    x = x.copy()
    x[2, 1] = bad
    with raises("x contains NaN or inf", "finite"):
        forward(p, x)


def test_x_not_numbers(p):
    with raises("x must be an array of numbers"):
        forward(p, [["a", "b", "c"]] * T)


# ---- h0 --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("x_shape", "h0_shape", "expected"),
    [
        ((T, I), (3,), "(4,)"),
        ((T, I), (1, H), "(4,)"),
        ((T, 2, I), (H,), "(2, 4)"),
        ((T, 2, I), (3, H), "(2, 4)"),
    ],
)
def test_h0_of_the_wrong_shape(p, x_shape, h0_shape, expected):
    with raises(f"h0 must have shape {expected}", f"got {h0_shape}"):
        forward(p, np.zeros(x_shape), np.zeros(h0_shape))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_h0_not_finite(p, x, bad):
    h0 = np.zeros(H)
    h0[0] = bad
    with raises("h0 contains NaN or inf"):
        forward(p, x, h0)


# ---- weights ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("override", "fragments"),
    [
        ({"weight_hh": np.zeros((3 * H, H + 1))}, ("weight_hh must have shape (3H, H)", "(12, 5)")),
        ({"weight_hh": np.zeros(3 * H)}, ("weight_hh must have shape (3H, H)",)),
        ({"weight_ih": np.zeros((3 * H - 1, I))}, ("weight_ih must have shape (3H, I) = (12, I)",)),
        ({"weight_ih": np.zeros((3 * H, 0))}, ("weight_ih", "I >= 1")),
        ({"bias_ih": np.zeros(3 * H - 1)}, ("bias_ih must have shape (3H,) = (12,)", "(11,)")),
        ({"bias_hh": np.zeros((3 * H, 1))}, ("bias_hh must have shape (3H,) = (12,)",)),
    ],
)
def test_weights_of_the_wrong_shape(override, fragments):
    with raises(*fragments):
        GRUParams(**arrays(**override))


@pytest.mark.parametrize("name", ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_weights_not_finite(name, bad):
    a = arrays()[name].copy()
    a.flat[0] = bad
    with raises(f"{name} contains NaN or inf"):
        GRUParams(**arrays(**{name: a}))


def test_from_torch_wrong_keys_and_shapes():
    with raises("missing key(s)", "weight_ih_l0", "weight_hh"):
        GRUParams.from_torch({"weight_ih": np.zeros((3 * H, I))})
    with raises("expected a dict of arrays keyed like nn.GRU's"):
        GRUParams.from_torch([1, 2])
    with raises("bias_ih must have shape (3H,) = (12,)"):
        GRUParams.from_torch(
            {
                "weight_ih_l0": np.zeros((3 * H, I)),
                "weight_hh_l0": np.zeros((3 * H, H)),
                "bias_ih_l0": np.zeros(3 * H - 1),
            }
        )


def test_from_keras_wrong_shapes():
    k, rk = np.zeros((I, 3 * H)), np.zeros((H, 3 * H))
    with raises("recurrent_kernel must have shape (H, 3H)"):
        GRUParams.from_keras(k, np.zeros((H, 3 * H - 1)))
    with raises("kernel must have shape (I, 3H) = (I, 12)"):
        GRUParams.from_keras(np.zeros((I, 11)), rk)
    with raises("reset_after=True", "(2, 3H) = (2, 12)"):
        GRUParams.from_keras(k, rk, np.zeros(3 * H))
    with raises("reset_after=False", "(3H,) = (12,)"):
        GRUParams.from_keras(k, rk, np.zeros((2, 3 * H)), reset_after=False)


def test_from_gates_inconsistent_shapes():
    gates = dict(W_xr=1, W_hr=1, b_r=0, W_xz=1, W_hz=1, b_z=0, W_xh=1, W_hh=1, b_h=0)
    assert GRUParams.from_gates(**gates).hidden_size == 1
    with raises("W_xh must have shape (H, I) = (1, 1)", "(1, 2)"):
        GRUParams.from_gates(**{**gates, "W_xh": [[1, 2]]})
    with raises("b_z must have shape (H,) = (1,)"):
        GRUParams.from_gates(**{**gates, "b_z": [0, 0]})


@pytest.mark.parametrize(
    ("args", "fragment"),
    [((0, 4), "input_size must be a positive integer"), ((3, 0), "hidden_size must be a positive")],
)
def test_init_sizes(args, fragment):
    with raises(fragment):
        GRUParams.init(*args, np.random.default_rng(0))


def test_init_needs_a_generator():
    with raises("rng must be a numpy.random.Generator"):
        GRUParams.init(3, 4, 0)


# ---- convention, clamp, dtype -----------------------------------------------
def test_bad_convention(p):
    for make in (
        lambda: GRUParams(**arrays(), convention="keras"),
        lambda: p.with_convention("keras"),
        lambda: GRUParams.init(3, 4, np.random.default_rng(0), convention="Textbook"),
    ):
        with raises("convention must be one of", "'textbook', 'cho', 'pytorch'"):
            make()


def test_flip_update_gate_refuses_pytorch(p):
    with raises("pytorch convention resets after the matmul"):
        p.flip_update_gate()


@pytest.mark.parametrize("name", ["clamp_r", "clamp_z"])
@pytest.mark.parametrize("value", [1.5, -0.1, np.nan, np.inf])
def test_bad_clamp_value(p, x, name, value):
    with raises(f"{name} must lie in [0, 1]"):
        forward(p, x, **{name: value})


@pytest.mark.parametrize("value", ["abc", [0.5], object()])
def test_clamp_not_a_number(p, x, value):
    with raises("clamp_z must be None or a number in [0, 1]"):
        forward(p, x, clamp_z=value)


@pytest.mark.parametrize("dtype", [np.int32, np.float16, "complex128", "nonsense"])
def test_bad_dtype(p, x, dtype):
    with raises("dtype must be float64 or float32"):
        forward(p, x, dtype=dtype)
    with raises("dtype must be float64 or float32"):
        GRUParams(**arrays(), dtype=dtype)
    with raises("dtype must be float64 or float32"):
        p.astype(dtype)


def test_forward_needs_params(x):
    with raises("p must be GRUParams", "dict"):
        forward({"weight_ih_l0": 1}, x)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda p, x: (p, np.zeros((T, 2))), "x has 2 input feature(s)"),
        (lambda p, x: (p, x, np.zeros(H + 1)), "h0 must have shape (4,)"),
        (lambda p, x: (p, np.where(x > 0, np.nan, x)), "x contains NaN or inf"),
        (lambda p, x: ({"weight_ih_l0": 1}, x), "p must be GRUParams"),
    ],
)
def test_states_checks_its_arguments_as_forward_does(p, x, call, fragment):
    for run in (forward, states):
        with raises(fragment):
            run(*call(p, x))
    with raises("clamp_r must lie in [0, 1]"):
        states(p, x, clamp_r=2.0)
    with raises("dtype must be float64 or float32"):
        states(p, x, dtype=np.int32)


# ---- backward and gradient_flow -----------------------------------------------
def test_dh_of_the_wrong_shape(p, x):
    trace = forward(p, x)
    with raises("dh must have shape (5, 4)", "(5, 3)"):
        backward(p, trace, np.zeros((T, 3)))
    with raises("dh must have shape (5, 4)"):
        backward(p, trace, np.zeros((T, 1, H)))


def test_dh_not_finite(p, x):
    dh = np.zeros((T, H))
    dh[1, 1] = np.nan
    with raises("dh contains NaN or inf"):
        backward(p, forward(p, x), dh)


def test_backward_needs_the_matching_model(p, x):
    trace = forward(p, x)
    with raises("computed under 'pytorch'", "'cho'"):
        backward(p.with_convention("cho"), trace, np.zeros((T, H)))
    other = GRUParams.init(I, H + 1, np.random.default_rng(2))
    with raises("the trace has I = 3, H = 4", "H = 5"):
        backward(other, trace, np.zeros((T, H)))
    with raises("the trace has I = 3, H = 4"):
        gradient_flow(other, trace)
    with raises("trace must be the GRUTrace"):
        backward(p, "trace", np.zeros((T, H)))


@pytest.mark.parametrize("index", [-1, 2, 1.5])
def test_gradient_flow_batch_index(p, index):
    trace = forward(p, np.zeros((T, 2, I)))
    with raises("batch_index must", "[0, 2)"):
        gradient_flow(p, trace, batch_index=index)

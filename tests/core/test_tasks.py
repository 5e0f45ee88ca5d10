"""The memory tasks: what the batches hold, their losses, gradients and scores.

Each expectation is written out from the task's definition (marker positions,
sums, delays, the sine formula), not taken from the generator's own output.
"""

from __future__ import annotations

import numpy as np
import pytest
from finite_diff import numeric_grad

from gru_core.tasks import TASKS, AddingTask, EchoTask, RememberTask, SineTask, make_task

# ---- adding ----------------------------------------------------------------------------------


@pytest.mark.parametrize("T", [2, 3, 10, 51])
def test_adding_marks_exactly_one_step_in_each_half(T):
    x, y = AddingTask().make_batch(np.random.default_rng(0), 64, T)
    assert x.shape == (T, 64, 2) and y.shape == (64, 1)
    marks = x[..., 1]
    assert set(np.unique(marks)) <= {0.0, 1.0}
    half = T // 2
    np.testing.assert_array_equal(marks[:half].sum(axis=0), 1.0)
    np.testing.assert_array_equal(marks[half:].sum(axis=0), 1.0)
    assert np.all((x[..., 0] >= 0) & (x[..., 0] <= 1))
    for b in range(64):  # the target is the sum of the two marked values
        marked = x[marks[:, b] == 1, b, 0]
        assert y[b, 0] == pytest.approx(marked.sum(), abs=1e-15)


def test_adding_mean_prediction_scores_one_sixth():
    # u1 + u2 has mean 1 and variance 2/12: "learned nothing" is MSE 0.167
    x, y = AddingTask().make_batch(np.random.default_rng(1), 20000, 20)
    assert np.mean(y) == pytest.approx(1.0, abs=0.01)
    loss, _ = AddingTask().loss(np.ones_like(y), y)
    assert loss == pytest.approx(1 / 6, abs=0.006)
    assert AddingTask.baseline["mse"] == pytest.approx(1 / 6)


def test_adding_metrics_count_answers_within_the_tolerance():
    y = np.array([[1.0], [0.5], [1.5], [0.2]])
    pred = y + np.array([[0.0], [0.03], [-0.05], [0.039]])
    m = AddingTask().metrics(pred, y)
    assert m["within_0.04"] == pytest.approx(0.75)
    assert m["mse"] == pytest.approx((0.03**2 + 0.05**2 + 0.039**2) / 4)
    assert AddingTask(tolerance=0.1).metrics(pred, y)["within_0.1"] == 1.0


def test_same_seed_same_batch_other_seed_other_batch():
    task = AddingTask()
    a = task.make_batch(np.random.default_rng(5), 8, 12)
    b = task.make_batch(np.random.default_rng(5), 8, 12)
    c = task.make_batch(np.random.default_rng(6), 8, 12)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


# ---- remember --------------------------------------------------------------------------------


def test_remember_puts_the_sign_first_and_noise_after():
    x, y = RememberTask(noise=1.0).make_batch(np.random.default_rng(2), 4000, 30)
    assert x.shape == (30, 4000, 2) and y.shape == (4000, 1)
    assert set(np.unique(y)) == {-1.0, 1.0}
    np.testing.assert_array_equal(x[0, :, 0], y[:, 0])  # the value to remember
    np.testing.assert_array_equal(x[0, :, 1], 1.0)  # the marker
    np.testing.assert_array_equal(x[1:, :, 1], 0.0)
    assert np.std(x[1:, :, 0]) == pytest.approx(1.0, abs=0.02)
    assert np.mean(y) == pytest.approx(0.0, abs=0.05)


def test_remember_logistic_loss_and_accuracy():
    y = np.array([[1.0], [-1.0], [1.0]])
    z = np.array([[2.0], [0.5], [-1.0]])
    loss, dz = RememberTask().loss(z, y)
    expected = np.mean([np.log1p(np.exp(-2.0)), np.log1p(np.exp(0.5)), np.log1p(np.exp(1.0))])
    assert loss == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(
        dz, numeric_grad(lambda a: RememberTask().loss(a, y)[0], z.copy()), atol=1e-9
    )
    assert RememberTask().metrics(z, y)["accuracy"] == pytest.approx(1 / 3)
    # a guess of 0 is the baseline: loss ln 2, accuracy 0 (no sign)
    assert RememberTask().loss(np.zeros_like(y), y)[0] == pytest.approx(np.log(2))
    # huge logits neither overflow nor lose the gradient's sign
    big_loss, big_dz = RememberTask().loss(np.array([[-1e4]]), np.array([[1.0]]))
    assert big_loss == pytest.approx(1e4) and big_dz[0, 0] == pytest.approx(-1.0)


# ---- echo ------------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [0, 1, 4])
def test_echo_target_is_the_input_k_steps_ago(k):
    x, y = EchoTask(delay=k).make_batch(np.random.default_rng(3), 5, 12)
    assert x.shape == y.shape == (12, 5, 1)
    assert set(np.unique(x)) == {-1.0, 1.0}
    for t in range(k, 12):
        np.testing.assert_array_equal(y[t], x[t - k])
    perfect = EchoTask(delay=k).metrics(y, y)
    assert perfect == {"mse": 0.0, "accuracy": 1.0}
    assert EchoTask(delay=k).metrics(np.zeros_like(y), y)["mse"] == pytest.approx(1.0)


def test_echo_does_not_score_the_first_k_steps():
    task = EchoTask(delay=3)
    x, y = task.make_batch(np.random.default_rng(4), 2, 8)
    pred = np.random.default_rng(5).normal(size=y.shape)
    loss, dpred = task.loss(pred, y)
    np.testing.assert_array_equal(dpred[:3], 0.0)
    moved = pred.copy()
    moved[:3] += 10.0
    assert task.loss(moved, y)[0] == loss
    assert loss == pytest.approx(np.mean((pred[3:] - y[3:]) ** 2))
    np.testing.assert_allclose(dpred, numeric_grad(lambda a: task.loss(a, y)[0], pred), atol=1e-9)


# ---- sine ------------------------------------------------------------------------------------


def test_sine_target_is_the_next_clean_value():
    x, y = SineTask(noise=0.0).make_batch(np.random.default_rng(6), 16, 40)
    assert x.shape == y.shape == (40, 16, 1)
    np.testing.assert_allclose(y[:-1], x[1:], atol=1e-15)  # no noise: y_t = x_{t+1}
    # each sequence is sin(ω t + φ) with a period between 8 and 32 steps:
    # sin(a + ω) + sin(a − ω) = 2 cos ω sin a, so the ratio gives cos ω
    s = x[:, :, 0]
    cos_w = (s[2:] + s[:-2]) / (2 * s[1:-1])
    keep = np.abs(s[1:-1]) > 0.3
    for b in range(16):
        c = np.median(cos_w[keep[:, b], b])
        period = 2 * np.pi / np.arccos(c)
        assert 8 - 1e-6 <= period <= 32 + 1e-6
    noisy, clean = SineTask(noise=0.1).make_batch(np.random.default_rng(7), 200, 50)
    assert np.std(noisy[1:] - clean[:-1]) == pytest.approx(0.1, abs=0.005)


# ---- every task ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TASKS))
def test_every_task_has_consistent_shapes_dtypes_and_a_gradient(name):
    task = make_task(name)
    rng = np.random.default_rng(8)
    T = max(task.min_len, 9)
    x, y = task.make_batch(rng, 3, T, dtype=np.float32)
    assert x.dtype == np.float32 and y.dtype == np.float32
    assert x.shape == (T, 3, task.input_size)
    assert y.shape == ((T, 3, task.output_size) if task.every_step else (3, task.output_size))
    x64, y64 = task.make_batch(rng, 3, T)
    pred = rng.normal(size=y64.shape)
    _, dpred = task.loss(pred, y64)
    np.testing.assert_allclose(dpred, numeric_grad(lambda a: task.loss(a, y64)[0], pred), atol=1e-9)
    assert task.metric in task.metrics(pred, y64)


def test_make_task_and_batches_reject_bad_requests():
    with pytest.raises(ValueError, match="task must be one of"):
        make_task("copy")
    with pytest.raises(ValueError, match="bad option"):
        make_task("adding", delay=3)
    with pytest.raises(ValueError, match="delay must be"):
        make_task("echo", delay=-1)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="T must be an integer >= 2"):
        AddingTask().make_batch(rng, 4, 1)
    with pytest.raises(ValueError, match="T must be an integer >= 6"):
        EchoTask(delay=5).make_batch(rng, 4, 5)
    with pytest.raises(ValueError, match="batch must be"):
        SineTask().make_batch(rng, 0, 5)
    with pytest.raises(ValueError, match="Generator"):
        SineTask().make_batch(0, 2, 5)

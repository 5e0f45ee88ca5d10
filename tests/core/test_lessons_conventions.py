"""The conventions lesson's weight-file run (gru_core.lessons.conventions.file_run,
lesson_file_run): a model runs on the samples' saved input and reproduces the states
PyTorch and Keras saved with the sample files; the lesson's own numbers run in the
chosen convention. Every expected value comes from those saved states or from each
convention's equations written out below, not from the engine."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gru_core import GRUParams
from gru_core.io import load_weights
from gru_core.lessons.conventions import conv_simulate, file_run, lesson_file_run

WEIGHTS = Path(__file__).resolve().parents[2] / "assets" / "weights"
SAVED = json.loads((WEIGHTS / "expected_states.json").read_text(encoding="utf-8"))
#: Each sample file and the states saved for it (made by tests/fixtures/weights/make_fixtures.py).
SAMPLES = {
    "sample_torch.npz": "h_torch",
    "sample_torch.json": "h_torch",
    "sample_keras_reset_after.json": "h_keras_reset_after",
    "sample_keras_reset_before.json": "h_keras_reset_before",
}


def sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-a))


def written_out(p: GRUParams, x: np.ndarray) -> np.ndarray:
    """h_t of ``p`` on ``x`` from h_0 = 0, the convention's equations one step at a time."""
    H = p.hidden_size
    W_ir, W_iz, W_in = np.split(p.weight_ih, 3)
    W_hr, W_hz, W_hn = np.split(p.weight_hh, 3)
    b_ir, b_iz, b_in = np.split(p.bias_ih, 3)
    b_hr, b_hz, b_hn = np.split(p.bias_hh, 3)
    h, out = np.zeros(H), []
    for x_t in x:
        r = sigmoid(W_ir @ x_t + b_ir + W_hr @ h + b_hr)
        z = sigmoid(W_iz @ x_t + b_iz + W_hz @ h + b_hz)
        if p.convention == "pytorch":  # the reset gate after the recurrent matmul
            h_tilde = np.tanh(W_in @ x_t + b_in + r * (W_hn @ h + b_hn))
        else:
            h_tilde = np.tanh(W_in @ x_t + b_in + W_hn @ (r * h) + b_hn)
        if p.convention == "textbook":  # z takes the candidate
            h = (1 - z) * h + z * h_tilde
        else:  # cho, pytorch: z keeps the past
            h = z * h + (1 - z) * h_tilde
        out.append(h)
    return np.array(out)


def saved(key: str) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(SAVED["x"], dtype=float), np.asarray(SAVED[key], dtype=float)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_sample_file_reproduces_its_saved_states(name):
    p = load_weights((WEIGHTS / name).read_bytes(), filename=name)
    x_saved, h_saved = saved(SAMPLES[name])
    run = file_run(p, (x_saved, h_saved), check=True)
    np.testing.assert_array_equal(run.x, x_saved.reshape(-1, 1))  # the saved input, as (T, 1)
    np.testing.assert_array_equal(run.reference, h_saved)
    np.testing.assert_allclose(run.trace.h, h_saved, rtol=0, atol=1e-12)
    assert run.max_diff == pytest.approx(np.max(np.abs(run.trace.h - h_saved)), abs=0)
    assert run.max_diff < 1e-12
    np.testing.assert_allclose(run.trace.h, written_out(p, run.x), rtol=0, atol=1e-12)


def test_an_upload_runs_on_the_saved_input_without_a_reference():
    """Another file's states are not this model's: nothing is checked (check=False)."""
    p = GRUParams.init(1, 3, np.random.default_rng(7), "cho")
    x_saved, h_saved = saved("h_torch")
    run = file_run(p, (x_saved, h_saved))
    assert run.reference is None and run.max_diff is None
    np.testing.assert_array_equal(run.x[:, 0], x_saved.ravel())
    np.testing.assert_allclose(run.trace.h, written_out(p, run.x), rtol=0, atol=1e-12)


@pytest.mark.parametrize("I, H", [(1, 2), (3, 3)])
def test_saved_states_of_another_shape_are_not_a_reference(I, H):
    """A sample's states belong to a model of their width run on their input: one of
    another width (H ≠ 3), or of several inputs (which runs on 12 steps of noise, even
    where its states have the saved ones' shape), is not checked against them."""
    p = GRUParams.init(I, H, np.random.default_rng(3), "pytorch")
    run = file_run(p, saved("h_torch"), check=True)
    assert run.reference is None and run.max_diff is None
    assert run.x.shape == (12, I) and run.trace.h.shape == (12, H)
    if I > 1:  # seeded noise written to two decimals, the same on every run
        np.testing.assert_array_equal(run.x, np.round(run.x, 2))
        np.testing.assert_array_equal(run.x, file_run(p, None).x)
        assert np.std(run.x) > 0.1
    np.testing.assert_allclose(run.trace.h, written_out(p, run.x), rtol=0, atol=1e-12)


@pytest.mark.parametrize("convention", ["textbook", "cho", "pytorch"])
@pytest.mark.parametrize("H, b_hn", [(1, 0.0), (1, 1.0), (3, -0.5)])
def test_the_lessons_own_numbers_run_in_the_chosen_convention(convention, H, b_hn):
    spec = {"preset": "remember", "H": H, "b_hn": b_hn, "signal": "pulse", "seed": 0}
    comparison = conv_simulate(spec)
    run = lesson_file_run(comparison, convention)
    assert run.params.convention == convention
    assert run.reference is None and run.max_diff is None
    np.testing.assert_array_equal(run.x, comparison.x)
    np.testing.assert_array_equal(run.params.weight_hh, comparison.params.weight_hh)
    np.testing.assert_allclose(run.trace.h, written_out(run.params, run.x), rtol=0, atol=1e-12)

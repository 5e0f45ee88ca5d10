"""Lesson 7 (training lab): the page trains a GRU and a plain RNN, live, and shows what
the trained GRU does, with settings kept small so every test runs in seconds."""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import (
    TIMEOUT,
    chart,
    no_exception,
    page_path,
    run_app,
    run_page,
    sigmoid,
    trace_by_name,
    values,
)
from streamlit.testing.v1 import AppTest

from gru_core import lessons
from gru_core.train import Trainer

#: Small enough to train in well under a second: the first value's sign, 10 steps back.
SMALL = {"task": "remember", "T": "10", "H": "4", "steps": "100"}
JOB, ROWS = "_train_job", "_train_rows"


def trained(query: dict | None = None):
    at = run_page("training", SMALL | (query or {}))
    no_exception(at)
    at.button(key="train").click().run()
    no_exception(at)
    return at


def results(at) -> list:
    """The results table (the one with a model column; the reference table has none)."""
    return [d.value for d in at.dataframe if {"model", "模型"} & set(d.value.columns)]


def table(at):
    frames = results(at)
    assert len(frames) == 1, "no results table"
    return frames[0]


def textbook_gru(theta: dict, x: np.ndarray) -> dict[str, np.ndarray]:
    """The textbook GRU written out (reset before the recurrent weight, z takes the
    candidate), from torch-layout arrays: x (T, I) -> r, z, h̃, h, each (T, H)."""
    W_ih, W_hh = theta["weight_ih"], theta["weight_hh"]
    b = theta["bias_ih"] + theta["bias_hh"]  # reset-before: only the sums matter
    H = W_hh.shape[1]
    h = np.zeros(H)
    out = {q: [] for q in ("r", "z", "h_tilde", "h")}
    for x_t in x:
        r = sigmoid(W_ih[:H] @ x_t + W_hh[:H] @ h + b[:H])
        z = sigmoid(W_ih[H : 2 * H] @ x_t + W_hh[H : 2 * H] @ h + b[H : 2 * H])
        h_tilde = np.tanh(W_ih[2 * H :] @ x_t + W_hh[2 * H :] @ (r * h) + b[2 * H :])
        h = (1 - z) * h + z * h_tilde
        for q, a in (("r", r), ("z", z), ("h_tilde", h_tilde), ("h", h)):
            out[q].append(a)
    return {q: np.array(a) for q, a in out.items()}


def test_renders_alone_and_through_the_app():
    at = run_page("training")
    no_exception(at)
    assert at.button(key="train") and at.button(key="stop").disabled
    assert at.button(key="continue").disabled
    # nothing trained yet: the sweep chart shows only the offline reference and the baseline
    names = [d.get("name") for d in chart(at, "sweep_chart")["data"]]
    assert any("GRU" in str(n) for n in names) and "GRU" not in names

    at = run_app()
    at.switch_page("pages/training.py").run()
    no_exception(at)
    assert at.title[0].value == "Train a GRU, live"
    assert at.button(key="lang_switch").label == "中文"


def test_training_draws_falling_curves_and_the_trained_gates():
    at = trained()
    assert at.session_state[JOB]["status"] == "done"
    fig = chart(at, "curves")
    loss = {m: values(trace_by_name(fig, name)["y"]) for m, name in (("gru", "GRU"),)}
    # the smoothed training loss of the GRU falls well below where it started
    assert loss["gru"][-1] < 0.5 * loss["gru"][0]
    # both models drawn, on both panels (loss and test accuracy), with the baseline
    names = [d.get("name") for d in fig["data"]]
    assert names.count("GRU") == 2 and names.count("plain RNN") == 2
    assert fig["layout"]["xaxis"]["range"] == [0, 100]
    # learning nothing: logistic loss ln 2 on the left, accuracy ½ on the right
    levels = [values(d["y"])[0] for d in fig["data"] if d.get("name") == "learned nothing"]
    assert levels == [pytest.approx(np.log(2.0)), pytest.approx(0.5)]

    gates = chart(at, "gates")
    x_sign = values(trace_by_name(gates, "value (the sign, then noise)")["y"])
    marker = values(trace_by_name(gates, "marker (first step)")["y"])
    # the remember task: the sign at t = 1 with its marker, nothing marked after
    assert abs(x_sign[0]) == 1.0 and marker[0] == 1.0 and not marker[1:].any()
    bands = {(s["x0"], s["x1"]) for s in gates["layout"]["shapes"] if s["type"] == "rect"}
    assert bands == {(0.5, 1.5)}  # step 1 only
    # the plotted gates are the trained weights run through the written-out equations
    trainer = at.session_state[JOB]["trainers"]["gru"]
    theta = trainer.model.unpack(trainer.theta.astype(np.float64))
    x = np.stack([x_sign, marker], axis=1)
    ref = textbook_gru(theta, x)
    for q, name in (("r", "reset gate r"), ("z", "update gate z"), ("h", "state h")):
        drawn = values(trace_by_name(gates, name)["z"]).T  # heatmap: units × time
        np.testing.assert_allclose(drawn, ref[q], atol=1e-9)
    assert trace_by_name(gates, "marked steps")  # the bands' legend entry


def test_results_table_gets_a_row_per_model_and_keeps_them():
    at = trained()
    df = table(at)
    assert list(df["model"]) == ["GRU", "plain RNN"]
    assert list(df["T"]) == [10, 10] and list(df["steps"]) == [100, 100]
    # a trained GRU beats guessing on this short task (accuracy ½ is the baseline)
    assert df["test accuracy"].iloc[0] > 0.9
    at.slider(key="T").set_value(12).run()
    at.button(key="train").click().run()
    no_exception(at)
    df = table(at)
    assert list(df["T"]) == [10, 10, 12, 12]
    at.button(key="clear_rows").click().run()
    assert results(at) == []


def test_stop_then_continue_ends_where_an_uninterrupted_run_ends():
    """A run stopped at step 40 shows its state, and Continue finishes it exactly as a
    run without the pause would have."""
    configs = lessons.train_configs("remember", 10, 4, 0.01, 100, 2.0, 0, "textbook")
    trainers = {m: Trainer(c) for m, c in configs.items()}
    for tr in trainers.values():
        for _ in range(40):
            tr.step()
    at = run_page("training")
    at.session_state[JOB] = {"trainers": trainers, "status": "stopped"}
    at.run()
    no_exception(at)
    assert not at.button(key="continue").disabled and at.button(key="stop").disabled
    assert "Stopped at step 40 of 100" in at.get("progress")[0].proto.text
    chart(at, "gates")  # a stopped run can be looked inside already
    at.button(key="continue").click().run()
    no_exception(at)
    assert at.session_state[JOB]["status"] == "done"
    straight = Trainer(configs["gru"])
    for _ in range(100):
        straight.step()
    assert trainers["gru"].step_count == 100
    np.testing.assert_array_equal(trainers["gru"].theta, straight.theta)


def test_the_sweep_with_a_tiny_budget_gives_points_for_both_models():
    at = run_page("training", {"H": "4", "sweep_steps": "50"})
    at.button(key="sweep").click().run()
    no_exception(at)
    fig = chart(at, "sweep_chart")
    lengths = [10.0, 25.0, 50.0, 100.0, 200.0]
    for name in ("GRU", "plain RNN"):
        d = trace_by_name(fig, name)
        assert list(values(d["x"])) == lengths
        mse = values(d["y"])
        assert np.all(np.isfinite(mse)) and np.all(mse > 0)
    # the offline reference is drawn beside it, and the baseline MSE of the mean, 1/6
    assert trace_by_name(fig, "GRU (offline)")
    assert values(trace_by_name(fig, "learned nothing")["y"])[0] == pytest.approx(1 / 6)
    df = table(at)
    assert len(df) == 10 and set(df["from"]) == {"sweep"}


@pytest.mark.parametrize("conv, key", [("textbook", "bias_tb"), ("cho", "bias")])
def test_bias_experiment_button_sets_up_the_lesson(conv, key):
    at = run_page("training", {"conv": conv})
    at.button(key="bias_setup").click().run()
    no_exception(at)
    assert at.selectbox(key="task").value == "remember"
    assert (at.slider(key="T").value, at.slider(key="H").value) == (50, 8)
    assert (at.slider(key="steps").value, at.slider(key=key).value) == (200, 0.0)
    # the note follows the slider: keep ½ per step, 0.5^49 ≈ 1.8e-15
    text = " ".join(m.value for m in at.markdown)
    assert "**50 %**" in text and r"1.8 \times 10^{-15}" in text


def test_language_switch_translates_the_page_and_the_charts():
    at = run_app()
    at.switch_page("pages/training.py").run()
    at.button(key="lang_switch").click().run()
    no_exception(at)
    assert at.title[0].value == "现场训练一个 GRU"
    assert at.button(key="train").label == "训练"
    names = {d.get("name") for d in chart(at, "sweep_chart")["data"]}
    assert {"普通 RNN (离线)", "什么也没学到"} <= names


def test_chinese_link_shows_the_run_and_the_table_in_chinese():
    """(Clicks are tested in English: AppTest formats a selectbox's options outside the
    session, so a translated option list cannot be clicked through in Chinese.)"""
    configs = lessons.train_configs("adding", 10, 4, 0.01, 20, 2.0, 0, "textbook")
    trainers = {m: Trainer(c) for m, c in configs.items()}
    for tr in trainers.values():
        tr.step()
    at = AppTest.from_file(page_path("training"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "zh"
    at.session_state[JOB] = {"trainers": trainers, "status": "stopped"}
    row = dict(source="run", model="gru", task="adding", T=10, H=4, steps=1, b_z=-2.0, lr=0.01,
               loss=0.1, mse=0.1, accuracy=None, within=0.2)  # fmt: skip
    at.session_state[ROWS] = [row]
    at.run()  # one run only: a second would re-send the options in English (see above)
    no_exception(at)
    assert at.title[0].value == "现场训练一个 GRU"
    assert at.button(key="continue").label == "继续"
    names = {d.get("name") for d in chart(at, "curves")["data"]}
    assert names == {"GRU", "普通 RNN", "什么也没学到"}
    assert "停在第 1 / 20 步" in at.get("progress")[0].proto.text
    df = table(at)
    assert list(df["模型"]) == ["GRU"] and list(df["任务"]) == ["加法问题"]


def test_gates_note_tells_a_written_value_from_a_latch_and_from_nothing_learned():
    """The sentence under the gate chart, on hand-made traces of T = 10 steps, H = 2 units,
    one marked step at t = 3 (index 2)."""
    from lab.explain import gates_note

    T, marks = 10, [2]
    h_prev = np.zeros((T, 2))
    h = np.zeros((T, 2))
    h[2:] = 0.8  # the state jumps at the mark and stays
    h_prev[3:] = 0.8
    h_tilde = np.full((T, 2), 0.8)
    # the update gate opens at the mark only: "written", with the shares it took
    keep = np.full((T, 2), 0.98)
    keep[2] = 0.2
    note = gates_note(keep, h_prev, h, h_tilde, marks)
    assert "**written**" in note and "**80 %**" in note and "only 2 %" in note
    # the gate takes 30 % everywhere, the candidate repeats the state: a latch
    note = gates_note(np.full((T, 2), 0.7), h_prev, h, h_tilde, marks)
    assert "**latch**" in note and "30 %" in note
    # nothing happens at the mark: not learned yet
    flat = np.zeros((T, 2))
    note = gates_note(np.full((T, 2), 0.7), flat, flat, flat, marks)
    assert "not clearly open" in note
    # no marked steps (echo, sine): the average share taken
    assert "30 %" in gates_note(np.full((T, 2), 0.7), flat, flat, flat, [])


@pytest.mark.parametrize(("task", "H"), [("adding", 1), ("echo", 3), ("sine", 2)])
def test_every_task_trains_and_is_looked_inside(task, H):
    """Echo and sine answer at every step and have no marked steps; H = 1 draws lines."""
    at = trained({"task": task, "H": str(H), "steps": "50"})
    gates = chart(at, "gates")
    kinds = [d.get("type", "scatter") for d in gates["data"]]
    assert kinds.count("heatmap") == (0 if H == 1 else 4)
    marked = [s for s in gates["layout"].get("shapes", []) if s["type"] == "rect"]
    assert len(marked) == (4 if task == "adding" else 0)  # two steps, band and outline each
    fig = chart(at, "curves")
    for d in fig["data"]:
        assert np.all(np.isfinite(values(d["y"])))
    assert list(table(at)["steps"]) == [50, 50]

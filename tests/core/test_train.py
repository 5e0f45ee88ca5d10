"""The trainer: exact gradients of the full loss, Adam, the gate-bias setting,
learning that really happens, reproducibility, and the command line.

All runs here are small (short sequences, few steps) so the file takes seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
from finite_diff import numeric_grad

from gru_core.conventions import CONVENTIONS, keep_share
from gru_core.gru import forward
from gru_core.lstm import LSTMParams, lstm_forward
from gru_core.optim import Adam, clip_grad_norm
from gru_core.params import GRUParams
from gru_core.tasks import make_task
from gru_core.train import CONFIG_OPTIONS, Model, TrainConfig, Trainer, build_parser, main, train

ROOT = Path(__file__).parents[2]
MODEL_CASES = [("gru", c) for c in CONVENTIONS] + [("rnn", "pytorch"), ("lstm", "pytorch")]


# ---- the gradient of the whole training loss -------------------------------------------------


@pytest.mark.parametrize("task_name", ["adding", "remember", "echo", "sine"])
@pytest.mark.parametrize(("kind", "convention"), MODEL_CASES)
def test_training_gradient_matches_finite_differences(kind, convention, task_name):
    # L(θ) = task loss of the read-out of the layer: every entry of θ (layer and
    # read-out) nudged by ±1e-6; central differences are exact to ~1e-10 here.
    task = make_task(task_name, **({"delay": 2} if task_name == "echo" else {}))
    model = Model(
        kind=kind,
        input_size=task.input_size,
        hidden_size=3,
        output_size=task.output_size,
        every_step=task.every_step,
        convention=convention,
    )
    rng = np.random.default_rng(11)
    theta = model.init(rng, update_bias=0.5) + rng.normal(0, 0.3, model.size)
    x, y = task.make_batch(rng, 3, 6)
    loss, grad, _ = model.loss_and_grad(theta, x, y, task)
    numeric = numeric_grad(lambda t: model.loss_and_grad(t, x, y, task)[0], theta)
    assert loss > 0
    np.testing.assert_allclose(grad, numeric, rtol=0, atol=1e-8)


def test_model_layout_matches_torch_shapes_and_round_trips():
    model = Model(kind="lstm", input_size=2, hidden_size=5, output_size=3)
    assert model.shapes["weight_ih"] == (20, 2) and model.shapes["readout_weight"] == (3, 5)
    assert model.size == 20 * 2 + 20 * 5 + 20 + 20 + 3 * 5 + 3
    theta = np.arange(model.size, dtype=np.float64)
    np.testing.assert_array_equal(model.pack(model.unpack(theta)), theta)
    assert model.cell(theta).to_torch()["weight_hh_l0"].shape == (20, 5)


# ---- Adam and clipping -----------------------------------------------------------------------


def test_clip_grad_norm_scales_to_the_limit_and_leaves_small_gradients():
    g = np.array([3.0, 4.0])
    assert clip_grad_norm(g, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(g, [0.6, 0.8], rtol=1e-6)  # factor 1 / (5 + 1e-6)
    small = np.array([0.3, 0.4])
    clip_grad_norm(small, 1.0)
    np.testing.assert_array_equal(small, [0.3, 0.4])
    big = np.array([30.0, 40.0])
    clip_grad_norm(big, 0.0)  # 0: off
    np.testing.assert_array_equal(big, [30.0, 40.0])


def test_adam_first_step_moves_every_parameter_by_lr_against_its_gradient_sign():
    # t = 1: m = (1−β₁) g, v = (1−β₂) g², so the step is lr · g / (|g| + ε')
    theta = np.array([1.0, -2.0, 0.5])
    g = np.array([0.2, -0.01, 0.0])
    opt = Adam(lr=0.1, clip=None)
    state = opt.init(theta)
    opt.step(theta, g.copy(), state)
    np.testing.assert_allclose(theta, [1.0 - 0.1, -2.0 + 0.1, 0.5], atol=1e-6)
    assert state.t == 1


def test_adam_with_clipping_matches_torch():
    torch = pytest.importorskip("torch", reason="torch not installed: Adam vs torch skipped")
    rng = np.random.default_rng(2)
    theta0 = rng.normal(size=7)
    grads = [rng.normal(0, s, 7) for s in (0.1, 3.0, 0.5, 10.0, 0.01)]
    opt = Adam(lr=0.05, clip=1.0)
    theta = theta0.copy()
    state = opt.init(theta)
    p = torch.tensor(theta0, requires_grad=True)
    topt = torch.optim.Adam([p], lr=0.05)
    for g in grads:
        opt.step(theta, g.copy(), state)
        p.grad = torch.tensor(g)
        torch.nn.utils.clip_grad_norm_([p], 1.0)
        topt.step()
    np.testing.assert_allclose(theta, p.detach().numpy(), rtol=0, atol=1e-12)


def test_adam_rejects_bad_settings():
    with pytest.raises(ValueError, match="lr must be"):
        Adam(lr=0)
    with pytest.raises(ValueError, match="beta1"):
        Adam(beta1=1.0)
    with pytest.raises(ValueError, match="clip"):
        Adam(clip=-1.0)


# ---- the update-gate bias means "keep the state" in every convention -------------------------


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_update_bias_pushes_every_convention_toward_keeping_the_state(convention):
    model = Model(kind="gru", input_size=2, hidden_size=16, convention=convention)
    x = np.zeros((1, 2))

    def keep(update_bias):
        theta = model.init(np.random.default_rng(0), update_bias)
        return keep_share(forward(model.cell(theta), x).z, convention).mean()

    neutral, kept = keep(0.0), keep(2.0)
    assert 0.35 < neutral < 0.65
    assert kept > 0.8  # σ(2 ± 0.5) ≥ 0.82
    # the same draws, only the update-gate bias moved, by 2 in the right direction
    base = GRUParams.from_torch(model.cell(model.init(np.random.default_rng(0))).to_torch())
    moved = model.cell(model.init(np.random.default_rng(0), 2.0))
    sign = -1.0 if convention == "textbook" else 1.0
    np.testing.assert_allclose(moved.b_z - base.b_z, sign * 2.0, atol=1e-12)
    np.testing.assert_array_equal(moved.b_r, base.b_r)


def test_update_bias_is_the_lstm_forget_bias_and_leaves_the_rnn_alone():
    lstm = Model(kind="lstm", input_size=2, hidden_size=4)
    a = lstm.unpack(lstm.init(np.random.default_rng(0), 2.0))
    b = lstm.unpack(lstm.init(np.random.default_rng(0), 0.0))
    np.testing.assert_allclose(a["bias_ih"] - b["bias_ih"], np.repeat([0.0, 2.0, 0.0, 0.0], 4))
    rnn = Model(kind="rnn", input_size=2, hidden_size=4)
    np.testing.assert_array_equal(
        rnn.init(np.random.default_rng(0), 2.0), rnn.init(np.random.default_rng(0), 0.0)
    )


# ---- learning that really happens ------------------------------------------------------------


def test_short_gru_run_ends_far_below_its_starting_loss():
    # seeds 0-4 all end at test MSE 0.002-0.006 (the mean-predictor's is 0.167)
    cfg = TrainConfig(task="adding", seq_len=20, hidden_size=8, steps=300, test_size=300)
    result = train(cfg)
    start, end = result.history.test_loss[0], result.test["loss"]
    assert start > 0.1  # untrained: no better than predicting a constant
    assert end < 0.05 * start
    assert result.test["mse"] < 0.02 and result.test["within_0.04"] > 0.3


@pytest.mark.parametrize("seed", [0, 1])
def test_gru_remembers_the_first_value_where_the_plain_rnn_cannot(seed):
    # T = 30 with unit noise in between: 200 steps teach the GRU (accuracy ~1),
    # the plain RNN of the same size stays at chance (0.5)
    common = dict(task="remember", seq_len=30, hidden_size=8, steps=200, test_size=400, seed=seed)
    gru = train(TrainConfig(model="gru", **common)).test["accuracy"]
    rnn = train(TrainConfig(model="rnn", **common)).test["accuracy"]
    assert gru >= 0.95
    assert rnn <= 0.65


def test_neutral_update_bias_blocks_the_long_memory_that_a_keep_bias_allows():
    common = dict(task="remember", seq_len=50, hidden_size=8, steps=200, test_size=400)
    kept = train(TrainConfig(update_bias=2.0, convention="textbook", **common))
    neutral = train(TrainConfig(update_bias=0.0, convention="textbook", **common))
    assert kept.test["accuracy"] >= 0.95
    assert neutral.test["accuracy"] <= 0.7


# ---- reproducibility, stepping, stopping -----------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_same_seed_gives_the_same_curve_to_the_last_digit(dtype):
    cfg = TrainConfig(seq_len=15, hidden_size=6, steps=30, dtype=dtype, eval_every=10)
    a, b = train(cfg), train(cfg)
    np.testing.assert_array_equal(a.history.train_loss, b.history.train_loss)
    np.testing.assert_array_equal(a.history.test_loss, b.history.test_loss)
    np.testing.assert_array_equal(a.theta, b.theta)
    other = train(TrainConfig(seq_len=15, hidden_size=6, steps=30, dtype=dtype, seed=1))
    assert not np.array_equal(a.history.train_loss, other.history.train_loss)


def test_run_yields_every_k_steps_and_resumes_exactly_where_it_stopped():
    cfg = TrainConfig(task="echo", seq_len=12, delay=2, hidden_size=6, steps=25, eval_every=10)
    trainer = Trainer(cfg)
    seen = []
    for progress in trainer.run(every=4):
        seen.append(progress.step)
        if progress.step >= 8:
            break  # "stop" pressed
    assert seen == [4, 8] and trainer.step_count == 8
    rest = [p.step for p in trainer.run(every=4)]
    assert rest == [12, 16, 20, 24, 25]
    last = trainer.progress()
    assert last.done and last.fraction == 1.0 and len(last.train_loss) == 25
    assert list(last.test_step) == [0, 10, 20, 25]
    assert last.metric == "accuracy" and len(last.test_metric) == 4
    uninterrupted = train(cfg)
    np.testing.assert_array_equal(trainer.result().theta, uninterrupted.theta)
    np.testing.assert_array_equal(last.train_loss, uninterrupted.history.train_loss)


def test_progress_keeps_every_score_and_a_time_budget_yields_sooner():
    trainer = Trainer(TrainConfig(seq_len=8, hidden_size=4, steps=6, eval_every=3, test_size=20))
    steps = [p.step for p in trainer.run(every=100, max_seconds=0.0)]
    assert steps == [1, 2, 3, 4, 5, 6]  # a zero budget: a snapshot after every step
    last = trainer.progress()
    assert set(last.test_scores) == {"loss", "mse", "within_0.04"}
    assert set(last.train_scores) == {"mse", "within_0.04"}
    assert len(last.train_scores["within_0.04"]) == 6 and list(last.test_step) == [0, 3, 6]
    np.testing.assert_array_equal(last.test_metric, last.test_scores["mse"])
    np.testing.assert_array_equal(last.train_metric, last.train_scores["mse"])
    # for the adding task the MSE loss and the "mse" measure are the same number
    np.testing.assert_allclose(last.train_loss, last.train_scores["mse"], rtol=1e-6)


def test_float32_training_stays_float32():
    trainer = Trainer(TrainConfig(seq_len=8, hidden_size=4, steps=3, dtype="float32"))
    trainer.step()
    assert trainer.theta.dtype == np.float32 and trainer.state.m.dtype == np.float32
    assert trainer.result().theta.dtype == np.float64


def test_result_gives_the_layer_readout_and_a_trace_to_look_inside():
    result = train(TrainConfig(seq_len=10, hidden_size=5, steps=5, test_size=20))
    assert isinstance(result.params, GRUParams) and result.params.convention == "pytorch"
    W_out, b_out = result.readout
    assert W_out.shape == (1, 5) and b_out.shape == (1,)
    x, _ = make_task("adding").make_batch(np.random.default_rng(0), 3, 10)
    trace, pred = result.predict(x)
    assert trace.z.shape == (10, 3, 5) and pred.shape == (3, 1)
    np.testing.assert_allclose(pred, trace.h[-1] @ W_out.T + b_out)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"task": "copy"}, "task must be one of"),
        ({"model": "transformer"}, "model must be one of"),
        ({"seq_len": 0}, "seq_len must be a positive integer"),
        ({"lr": -0.1}, "lr must be a positive number"),
        ({"task": "echo", "delay": 8, "seq_len": 8}, "seq_len must be at least 9"),
        ({"dtype": "float16"}, "dtype must be float64 or float32"),
        ({"seed": -1}, "seed must be"),
    ],
)
def test_config_rejects_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        TrainConfig(**kwargs)


# ---- the command line ------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gru_core.train", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_prints_json_last_and_saves_torch_layout_weights(tmp_path):
    out = tmp_path / "gru.npz"
    started = time.perf_counter()
    proc = run_cli(
        "--task", "adding", "--seq-len", "12", "--model", "gru", "--hidden-size", "4",
        "--steps", "20", "--batch-size", "8", "--test-size", "50", "--convention", "textbook",
        "--save", str(out), "--log-every", "10",
    )  # fmt: skip
    wall = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in ("task", "model", "seq_len", "steps", "final_loss", "mse", "within_0.04"):
        assert key in summary, key
    assert (summary["task"], summary["model"], summary["seq_len"]) == ("adding", "gru", 12)
    assert summary["steps"] == 20
    # the time reported is the training's: some, and less than the whole process took
    assert 0 < summary["seconds"] < wall
    assert summary["ms_per_step"] == pytest.approx(1e3 * summary["seconds"] / 20, abs=0.03)
    assert summary["final_loss"] == summary["mse"]
    assert "step 10/20" in proc.stderr  # progress goes to stderr, not stdout
    with np.load(out, allow_pickle=False) as saved:
        assert saved["weight_ih_l0"].shape == (12, 2) and saved["weight_hh_l0"].shape == (12, 4)
        assert saved["bias_ih_l0"].shape == saved["bias_hh_l0"].shape == (12,)
        assert saved["readout_weight"].shape == (1, 4) and saved["readout_bias"].shape == (1,)
        assert str(saved["convention"]) == "textbook" and saved["convention"].shape == ()
        assert str(saved["layout"]) == "torch" and "model" not in saved.files
        p = GRUParams.from_torch(
            {k: saved[k] for k in saved.files if k.endswith("_l0")}, str(saved["convention"])
        )
    assert p.hidden_size == 4 and p.convention == "textbook"


@pytest.mark.parametrize("kind", ["gru", "lstm"])
def test_saved_weights_reproduce_the_trained_model(kind, tmp_path):
    result = train(TrainConfig(model=kind, seq_len=6, hidden_size=3, steps=4, test_size=5))
    path = result.save(tmp_path / "w.npz")
    x, _ = make_task("adding").make_batch(np.random.default_rng(1), 2, 6)
    with np.load(path, allow_pickle=False) as saved:
        state = {k: saved[k] for k in saved.files if k.endswith("_l0")}
        if kind == "gru":
            p = GRUParams.from_torch(state, str(saved["convention"]))
            h = forward(p, x).h
        else:
            assert str(saved["model"]) == "lstm" and "convention" not in saved.files
            h = lstm_forward(LSTMParams.from_torch(state), x).h
        pred = h[-1] @ saved["readout_weight"].T + saved["readout_bias"]
    np.testing.assert_allclose(pred, result.predict(x)[1], rtol=0, atol=1e-12)


def test_cli_remember_task_reports_accuracy(capsys):
    summary = main(["--task", "remember", "--seq-len", "5", "--steps", "3", "--model", "lstm",
                    "--hidden-size", "3", "--test-size", "10", "--log-every", "0"])  # fmt: skip
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed == summary
    assert 0.0 <= printed["accuracy"] <= 1.0 and printed["model"] == "lstm"
    assert printed["convention"] is None


def test_cli_bad_value_exits_2_with_a_clear_message():
    proc = run_cli("--lr", "-1")
    assert proc.returncode == 2
    assert "--lr" in proc.stderr and "expected a positive number" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "copy"], "invalid choice"),
        (["--seq-len", "0"], "expected a positive integer"),
        (["--steps", "ten"], "expected a positive integer"),
        (["--update-bias", "nan"], "expected a finite number"),
        (["--task", "echo", "--delay", "10", "--seq-len", "5"], "seq_len must be at least 11"),
        (["--task", "adding", "--seq-len", "1"], "seq_len must be at least 2"),
        (["--save", "/no/such/folder/w.npz"], "does not exist"),
    ],
)
def test_cli_rejects_bad_flags_with_status_2(args, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_every_config_field_has_one_option_with_the_fields_default():
    assert list(CONFIG_OPTIONS) == [f.name for f in fields(TrainConfig)]
    args = build_parser().parse_args([])
    assert {f.name: getattr(args, f.name) for f in fields(TrainConfig)} == vars(TrainConfig())


def test_help_documents_every_flag():
    parser = build_parser()
    text = parser.format_help()
    for action in parser._actions:
        assert action.help, action.option_strings
        for flag in action.option_strings:
            assert flag in text
    for flag in ("--task", "--seq-len", "--model", "--convention", "--update-bias", "--save"):
        assert flag in text

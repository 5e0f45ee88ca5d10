"""The training lesson's runs as data: a training job and a sweep over lengths, how Stop,
Continue and each round of work move them on, what share of the work is done and the
results-table rows they give, on runs small enough to work out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gru_core.conventions import keep_share
from gru_core.lessons.training import (
    Status,
    Sweep,
    TrainJob,
    new_sweep,
    result_row,
    sweep_advance,
    sweep_fraction,
    sweep_plan,
    train_configs,
)
from gru_core.train import TrainConfig, Trainer

#: Long enough that a round of work is never cut short by the clock.
PLENTY = 600.0


def configs(steps: int = 3, task: str = "adding", convention: str = "textbook", T: int = 5):
    return train_configs(task, T, 2, 0.01, steps, 2.0, 0, convention, test_size=8)


def stepped(job: TrainJob, **steps: int) -> TrainJob:
    for m, n in steps.items():
        for _ in range(n):
            job.trainers[m].step()
    return job


def test_status_is_its_word():
    assert [s.value for s in Status] == ["running", "stopped", "done"]
    assert Status.STOPPED == "stopped" and TrainJob({}, "stopped").status is Status.STOPPED
    with pytest.raises(ValueError):
        TrainJob({}, "paused")


@pytest.mark.parametrize(
    "start, pause, resume",
    [
        ("running", "stopped", "running"),  # Stop stops a running job; Continue undoes it
        ("stopped", "stopped", "running"),
        ("done", "done", "done"),  # a finished job stays finished
    ],
)
def test_stop_and_continue_move_a_job_and_a_sweep_alike(start, pause, resume):
    job = TrainJob({}, start)
    assert job.pause().status == pause and job.resume().status == resume
    assert job.status == start  # the job itself is never edited
    sweep = Sweep((), status=start)
    assert sweep.pause().status == pause and sweep.resume().status == resume


def test_b_z_keeps_the_state_in_each_conventions_own_sign():
    # keep = σ(b_z) where z keeps the past, 1 − σ(b_z) where it takes the candidate
    for conv in ("textbook", "cho", "pytorch"):
        b_z = TrainConfig(convention=conv, update_bias=2.0).b_z
        z = 1.0 / (1.0 + math.exp(-b_z))
        assert keep_share(z, conv) == pytest.approx(1.0 / (1.0 + math.exp(-2.0)))
    signs = [TrainConfig(convention=c, update_bias=2.0).b_z for c in ("textbook", "cho", "pytorch")]
    assert signs == [-2, 2, 2]
    zero = TrainConfig(convention="textbook", update_bias=0.0).b_z
    assert math.copysign(1.0, zero) == 1.0  # "+0", never "-0"


def test_a_job_shares_its_progress_between_its_models():
    job = stepped(TrainJob.start(configs(steps=3)), gru=2)
    # gru 2 of 3 steps, rnn 0 of 3: both have done 0, 2 of the 6 steps planned are done
    assert job.status == Status.RUNNING and (job.step, job.fraction) == (0, pytest.approx(2 / 6))
    assert job.losses()["rnn"] is None and not job.can_look_inside
    assert job.config.steps == 3 and list(job.trainers) == ["gru", "rnn"]
    # stopped, the GRU can be looked inside; the rows are those of the models that trained
    assert job.pause().can_look_inside
    assert [r["model"] for r in job.rows()] == ["gru"]
    # a stopped job does not train
    assert job.pause().advance(PLENTY).trainers["gru"].step_count == 2


def test_a_round_of_work_brings_the_other_models_to_the_first_ones_step():
    job = TrainJob.start(configs(steps=3))
    # the first model sets the pace: with time to spare it runs to its end, the RNN follows
    after = job.advance(PLENTY)
    assert [tr.step_count for tr in after.trainers.values()] == [3, 3]
    assert after.status == Status.DONE and after.fraction == 1.0 and job.status == Status.RUNNING
    assert after.trainers is job.trainers  # the same trainers, advanced in place


def test_the_losses_average_the_last_twenty_steps():
    job = stepped(TrainJob.start(configs(steps=30)), gru=25, rnn=1)
    loss = job.trainers["gru"].progress().train_loss
    assert job.losses(20)["gru"] == pytest.approx(float(np.mean(loss[5:25])))
    assert job.losses(20)["rnn"] == pytest.approx(
        float(job.trainers["rnn"].progress().train_loss[0])
    )


@pytest.mark.parametrize("convention, b_z", [("textbook", -2.0), ("cho", 2.0)])
def test_a_row_holds_the_settings_and_the_test_scores(convention, b_z):
    c = configs(steps=3, convention=convention)["gru"]
    scores = {"loss": 0.5, "mse": 0.5, "within_0.04": 0.25}
    assert result_row("run", c, 3, scores) == {
        "source": "run",
        "model": "gru",
        "task": "adding",
        "T": 5,
        "H": 2,
        "steps": 3,
        "b_z": b_z,
        "lr": 0.01,
        "loss": 0.5,
        "mse": 0.5,
        "accuracy": None,  # the adding problem has no accuracy
        "within": 0.25,
    }
    job = TrainJob.start(configs(steps=3, convention=convention)).advance(PLENTY)
    rows = job.rows()
    assert [(r["model"], r["steps"], r["b_z"]) for r in rows] == [("gru", 3, b_z), ("rnn", 3, b_z)]
    assert rows[0]["mse"] == job.trainers["gru"].evaluate()["mse"]


def plan():
    """Lengths 5 and 8, two steps each: GRU T=5, RNN T=5, GRU T=8, RNN T=8."""
    return sweep_plan("adding", 2, 0.01, 2, 2.0, 0, "textbook", lengths=(5, 8))


def test_a_sweep_counts_its_work_in_steps_times_length():
    # work: 2 runs × 2 steps × 5 + 2 runs × 2 steps × 8 = 52 units
    sweep = Sweep(plan())
    assert [(c.model, c.seq_len) for c in sweep.plan] == [
        ("gru", 5), ("rnn", 5), ("gru", 8), ("rnn", 8),
    ]  # fmt: skip
    assert sweep.status == Status.RUNNING and sweep.fraction == 0.0
    assert (sweep.run, sweep.step, sweep.config.model) == (1, 0, "gru")
    # the first run done (10 units), the second one step in (5 more)
    tr = Trainer(sweep.plan[1])
    tr.step()
    partway = Sweep(sweep.plan, index=1, trainer=tr)
    assert partway.fraction == pytest.approx(15 / 52)
    assert (partway.run, partway.step, partway.config.model) == (2, 1, "rnn")
    # all done: the last run is the one shown
    assert Sweep(sweep.plan, index=4).fraction == 1.0 and Sweep(sweep.plan, index=4).run == 4


def test_a_sweep_runs_its_plan_in_order_and_a_row_per_finished_run():
    sweep = Sweep(plan())
    rows = []
    while sweep.status == Status.RUNNING:
        sweep, row = sweep.advance(PLENTY)
        rows.append(row)
    # with time to spare every round finishes a run: four rounds, four rows, done
    assert len(rows) == 4 and sweep.status == Status.DONE and sweep.index == 4
    assert {r["source"] for r in rows} == {"sweep"}
    assert [(r["model"], r["T"], r["steps"]) for r in rows] == [
        ("gru", 5, 2), ("rnn", 5, 2), ("gru", 8, 2), ("rnn", 8, 2),
    ]  # fmt: skip
    assert [(p["model"], p["T"], p["steps"]) for p in sweep.points] == [
        (r["model"], r["T"], r["steps"]) for r in rows
    ]
    assert [p["mse"] for p in sweep.points] == [r["mse"] for r in rows]
    assert sweep.trainer is None and sweep.fraction == 1.0


def test_a_round_cut_short_keeps_the_run_in_progress():
    sweep = Sweep(sweep_plan("adding", 2, 0.01, 50, 2.0, 0, "textbook", lengths=(5,)))
    after, row = sweep.advance(0.0)  # the clock stops the run after its first step
    assert row is None and after.index == 0 and after.trainer.step_count == 1
    assert after.fraction == pytest.approx(1 / 100) and sweep.trainer is None
    # stopped, it does no work; continued, it goes on with the same trainer
    assert after.pause().advance(PLENTY) == (after.pause(), None)
    on, row = after.resume().advance(PLENTY)
    assert on.trainer is None and on.points[0]["steps"] == 50 and row["steps"] == 50


@pytest.mark.parametrize("convention", ["textbook", "cho"])
def test_looking_inside_shows_one_test_sequence(convention):
    job = TrainJob.start(configs(steps=3, task="remember", convention=convention, T=6))
    job = job.advance(PLENTY)
    seen = job.look_inside(1)
    gru = job.trainers["gru"]
    np.testing.assert_array_equal(seen.x, gru.x_test[:, 1, :])
    assert seen.steps == [1, 2, 3, 4, 5, 6] and list(seen.marks) == [0]  # the sign's step
    assert set(seen.gates) == {"r", "z", "h_tilde", "h"}
    assert all(a.shape == (6, 2) for a in seen.gates.values())
    # the share kept follows the convention: 1 − z (textbook) or z (cho)
    np.testing.assert_allclose(seen.keep, keep_share(seen.gates["z"], convention))
    # h_{t-1}: zero at the start, then the state one step back
    np.testing.assert_array_equal(seen.h_prev[1:], seen.gates["h"][:-1])
    assert not seen.h_prev[0].any()
    np.testing.assert_array_equal(seen.target, gru.y_test[1])
    assert seen.gru.shape == seen.rnn.shape == seen.target.shape and seen.skip == 0


def test_the_packages_sweep_functions_are_the_sweeps_own():
    sweep = new_sweep(plan())
    assert sweep == Sweep(plan()) and sweep_fraction(sweep) == sweep.fraction == 0.0
    after, row = sweep_advance(sweep, PLENTY)
    assert (after.index, row["model"], row["T"]) == (1, "gru", 5)

"""Training, a GRU against a plain RNN: configurations with the same batches, advancing
trainers a time slice at a time, smoothed curves, and the sweep over sequence lengths.

A training job (``TrainJob``) and a sweep (``Sweep``) are small frozen records of where
a run is (``Status``): pausing, resuming or advancing one returns the record that
follows, so each change of state is one assignment the caller can see. The trainers
inside them are mutable (they advance in place) and belong to one session: pages keep
them in st.session_state, never in a cache or a module global.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from gru_core.train import TrainConfig, Trainer

#: The models the training lab compares, in drawing order.
TRAIN_MODELS = ("gru", "rnn")


#: Lengths of the sweep (the offline reference table uses the same ones).
SWEEP_LENGTHS = (10, 25, 50, 100, 200)


#: Held-out sequences the page scores on (the command line uses 1000).
TRAIN_TEST_SIZE = 500


SWEEP_TEST_SIZE = 300


def one_blas_thread() -> bool:
    """NumPy's BLAS on one thread (process-wide, like ``OPENBLAS_NUM_THREADS=1``).

    A training step multiplies small matrices; measured on the 2-core machine
    under load, one thread made a GRU step at T = 200, H = 32 about 2.5x faster
    (17.6 vs 45 ms) and leaves the other core to the other sessions.
    """
    from gru_core.train import limit_blas_threads

    return limit_blas_threads(1)


def train_configs(
    task: str,
    seq_len: int,
    hidden_size: int,
    lr: float,
    steps: int,
    update_bias: float,
    seed: int,
    convention: str,
    *,
    models: tuple[str, ...] = TRAIN_MODELS,
    test_size: int = TRAIN_TEST_SIZE,
    eval_every: int | None = None,
):
    """One TrainConfig per model, identical but for the model: the same seed gives every
    model the same batches and the same test set. ``eval_every`` defaults to about 20
    test-set scores per run (at least every 10 steps)."""
    from gru_core.train import TrainConfig

    if eval_every is None:
        eval_every = max(10, int(steps) // 20)
    common = dict(
        task=task,
        seq_len=int(seq_len),
        hidden_size=int(hidden_size),
        lr=float(lr),
        steps=int(steps),
        update_bias=float(update_bias),
        seed=int(seed),
        convention=convention,
        test_size=int(test_size),
        eval_every=int(eval_every),
    )
    return {m: TrainConfig(model=m, **common) for m in models}


def _done(trainer) -> bool:
    return trainer.step_count >= trainer.config.steps


def finished(trainers) -> bool:
    """True when every trainer has run all its steps."""
    return all(_done(tr) for tr in trainers.values())


def advance(trainers, seconds: float = 0.4) -> None:
    """Train every model a little: the first up to ``seconds / len(trainers)`` of work,
    the others up to the same step (so the curves grow together), each within the
    same time share. Called in a loop, with a redraw after each call."""
    share = seconds / max(1, len(trainers))
    lead = None
    for tr in trainers.values():
        if _done(tr):
            lead = tr.config.steps if lead is None else lead
            continue
        if lead is None:  # the first model sets the pace
            next(tr.run(every=tr.config.steps, max_seconds=share))
            lead = tr.step_count
        elif lead > tr.step_count:
            next(tr.run(every=lead - tr.step_count, max_seconds=share))


def smooth(y: np.ndarray, window: int) -> np.ndarray:
    """Running mean over the last ``window`` values (fewer at the start), same length."""
    y = np.asarray(y, dtype=np.float64)
    if y.size == 0 or window <= 1:
        return y.copy()
    c = np.concatenate(([0.0], np.cumsum(y)))
    k = np.arange(1, y.size + 1)
    lo = np.maximum(0, k - window)
    return (c[k] - c[lo]) / (k - lo)


def curve(progress, max_points: int = 400) -> dict:
    """What the live chart draws for one model: the training loss smoothed over about
    1/50 of the run (at most ``max_points`` points, thinned evenly, last step kept) and
    the test scores. Keys: step, loss, test_step, test_loss, test_metric."""
    loss = smooth(progress.train_loss, max(1, progress.steps // 50))
    n = loss.size
    idx = np.unique(np.linspace(0, n - 1, min(n, max_points)).round().astype(np.int64))
    return {
        "step": idx + 1,
        "loss": loss[idx],
        "test_step": np.asarray(progress.test_step, dtype=np.int64),
        "test_loss": np.asarray(progress.test_loss, dtype=np.float64),
        "test_metric": np.asarray(progress.test_metric, dtype=np.float64),
    }


def baselines(task_name: str) -> dict[str, float]:
    """What a model that learned nothing scores: {"loss": …, "metric": …}."""
    from gru_core.tasks import make_task

    task = make_task(task_name)
    b = task.baseline
    loss = b["loss"] if "loss" in b else b["mse"]  # every other task's loss is its MSE
    return {"loss": float(loss), "metric": float(b[task.metric])}


def marked_steps(task_name: str, x: np.ndarray) -> np.ndarray:
    """Indices t (0-based) of the marked steps of one sequence x (T, I): where the
    marker channel is 1 (adding: the two values to add; remember: t = 0). Echo and
    sine have no markers."""
    if task_name not in ("adding", "remember"):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.asarray(x)[:, 1] > 0.5)


class Status(StrEnum):
    """Where a training job or a sweep is. Each equals its word, so the session's record
    of a run reads "running", "stopped" or "done"."""

    RUNNING = "running"
    STOPPED = "stopped"  # paused by the learner; resume goes on from the same step
    DONE = "done"


class _Pausable:
    """Stop and Continue for a frozen record with a ``status``: each returns the record
    that follows (itself when the button does not apply)."""

    status: Status

    def __post_init__(self) -> None:
        # the session stores the status as its word; read back, it is a Status again
        object.__setattr__(self, "status", Status(self.status))

    def pause(self):
        return replace(self, status=Status.STOPPED) if self.status == Status.RUNNING else self

    def resume(self):
        return replace(self, status=Status.RUNNING) if self.status == Status.STOPPED else self


def result_row(source: str, config: TrainConfig, steps: int, scores: Mapping) -> dict:
    """One line of the results table: a run's settings, the steps it trained and its test
    scores (``Trainer.evaluate``). source: "run" (the live training) or "sweep"."""
    c = config
    return {
        "source": source,
        "model": c.model,
        "task": c.task,
        "T": c.seq_len,
        "H": c.hidden_size,
        "steps": steps,
        "b_z": c.b_z,
        "lr": c.lr,
        "loss": scores.get("loss"),
        "mse": scores.get("mse"),
        "accuracy": scores.get("accuracy"),
        "within": scores.get("within_0.04"),
    }


@dataclass(frozen=True, eq=False)
class Inside:
    """The trained GRU (and the plain RNN beside it) on one test sequence of T steps."""

    config: TrainConfig
    steps: list[int]  # 1 … T
    x: np.ndarray  # (T, I) the input
    gates: dict[str, np.ndarray]  # "r", "z", "h_tilde", "h": (T, H) each
    keep: np.ndarray  # (T, H) the share of h_{t-1} kept
    h_prev: np.ndarray  # (T, H)
    marks: np.ndarray  # indices of the marked steps (``marked_steps``)
    target: np.ndarray  # (O,), or (T, O) for tasks answered at every step
    gru: np.ndarray  # the GRU's answer, shaped like target
    rnn: np.ndarray  # the plain RNN's
    skip: int  # steps the score ignores (echo: its delay)
    params: Any  # the trained GRU's parameters (GRUParams)


@dataclass(frozen=True)
class TrainJob(_Pausable):
    """A live training run: one trainer per model (``train_configs``: the same seed, the
    same batches), and where the run is."""

    trainers: Mapping[str, Trainer]
    status: Status = Status.RUNNING

    @classmethod
    def start(cls, configs: Mapping[str, TrainConfig]) -> TrainJob:
        """A running job of fresh trainers (ValueError for an impossible configuration)."""
        from gru_core.train import Trainer

        return cls({m: Trainer(c) for m, c in configs.items()})

    @property
    def config(self) -> TrainConfig:
        """The first model's configuration (the models' differ only in the model)."""
        return next(iter(self.trainers.values())).config

    @property
    def step(self) -> int:
        """Steps every model has trained."""
        return min(tr.step_count for tr in self.trainers.values())

    @property
    def fraction(self) -> float:
        """Share of all the models' planned steps done."""
        done = sum(tr.step_count for tr in self.trainers.values())
        return min(1.0, done / (self.config.steps * len(self.trainers)))

    @property
    def seconds(self) -> float:
        """Time the models have spent training and testing."""
        return sum(tr.seconds for tr in self.trainers.values())

    @property
    def can_look_inside(self) -> bool:
        """Whether the trained GRU can be shown: the run is not running and has begun."""
        return self.status != Status.RUNNING and self.trainers["gru"].step_count > 0

    def losses(self, window: int = 20) -> dict[str, float | None]:
        """Each model's training loss averaged over its last ``window`` steps (None before
        its first step)."""
        out = {}
        for m, tr in self.trainers.items():
            p = tr.progress()
            out[m] = float(smooth(p.train_loss, window)[-1]) if p.step else None
        return out

    def advance(self, seconds: float = 0.4) -> TrainJob:
        """Train every model a little (``advance``), only while the job runs; the job that
        follows is done once every model has run all its steps."""
        if self.status != Status.RUNNING:
            return self
        advance(self.trainers, seconds)
        return replace(self, status=Status.DONE) if finished(self.trainers) else self

    def rows(self) -> list[dict]:
        """The results-table rows of the models that have trained (``result_row``)."""
        return [
            result_row("run", tr.config, tr.step_count, tr.evaluate())
            for tr in self.trainers.values()
            if tr.step_count > 0
        ]

    def look_inside(self, k: int) -> Inside:
        """The trained models on test sequence ``k``: the GRU's gates, what it keeps, the
        marked steps and both models' answers."""
        gru, rnn = self.trainers["gru"], self.trainers["rnn"]
        c = gru.config
        result = gru.result()
        x = gru.x_test[:, k : k + 1]  # (T, 1, I): one test sequence
        trace, pred_gru = result.predict(x)
        _, pred_rnn = rnn.result().predict(x)
        x1 = x[:, 0, :]
        if gru.task.every_step:
            y, pg, pr = gru.y_test[:, k], pred_gru[:, 0], pred_rnn[:, 0]
        else:
            y, pg, pr = gru.y_test[k], pred_gru[0], pred_rnn[0]
        return Inside(
            config=c,
            steps=list(range(1, c.seq_len + 1)),
            x=x1,
            gates={q: getattr(trace, q)[:, 0, :] for q in ("r", "z", "h_tilde", "h")},
            keep=trace.keep[:, 0, :],
            h_prev=trace.h_prev[:, 0, :],
            marks=marked_steps(c.task, x1),
            target=y,
            gru=pg,
            rnn=pr,
            skip=c.delay if c.task == "echo" else 0,
            params=result.params,
        )


def sweep_plan(
    task: str,
    hidden_size: int,
    lr: float,
    steps: int,
    update_bias: float,
    seed: int,
    convention: str,
    lengths: tuple[int, ...] = SWEEP_LENGTHS,
) -> list:
    """The sweep's runs in order: for each length, the GRU then the plain RNN."""
    runs = []
    for T in lengths:
        configs = train_configs(
            task, T, hidden_size, lr, steps, update_bias, seed, convention,
            test_size=SWEEP_TEST_SIZE, eval_every=0,
        )  # fmt: skip
        runs.extend(configs.values())
    return runs


@dataclass(frozen=True)
class Sweep(_Pausable):
    """The sweep over lengths: the runs of ``plan`` (as ``sweep_plan`` makes it), one after
    another, each trained to its end and then scored on its test set.

    index: the run in progress (``len(plan)`` once every run is done); trainer: that
    run's trainer once it has started (mutable, like a job's); points: one per finished
    run, {"model", "T", "steps", "loss", and the task's metrics}.
    """

    plan: tuple
    index: int = 0
    trainer: Trainer | None = None
    points: tuple[dict, ...] = ()
    status: Status = Status.RUNNING

    def __post_init__(self) -> None:
        object.__setattr__(self, "plan", tuple(self.plan))
        object.__setattr__(self, "points", tuple(self.points))
        super().__post_init__()

    @property
    def config(self) -> TrainConfig:
        """The run in progress, or the last one once all are done."""
        return self.plan[min(self.index, len(self.plan) - 1)]

    @property
    def run(self) -> int:
        """The number (from 1) of the run in progress, or of the last one."""
        return min(self.index + 1, len(self.plan))

    @property
    def step(self) -> int:
        """Steps the run in progress has trained (0 before it starts)."""
        return self.trainer.step_count if self.trainer is not None else 0

    @property
    def fraction(self) -> float:
        """Share of the sweep's work done, counting a step of length T as T units."""
        total = sum(c.seq_len * c.steps for c in self.plan)
        done = sum(c.seq_len * c.steps for c in self.plan[: self.index])
        if self.trainer is not None:
            done += self.trainer.config.seq_len * self.trainer.step_count
        return min(1.0, done / total) if total else 1.0

    def advance(self, seconds: float = 0.4) -> tuple[Sweep, dict | None]:
        """Work on the sweep for about ``seconds`` (only while it runs): the sweep that
        follows, and the results-table row (``result_row``) of the run it has just
        finished, if one did. The sweep is done once its last run is."""
        from gru_core.train import Trainer

        if self.status != Status.RUNNING:
            return self, None
        if self.index >= len(self.plan):
            return replace(self, status=Status.DONE), None
        tr = self.trainer if self.trainer is not None else Trainer(self.plan[self.index])
        if not _done(tr):
            next(tr.run(every=tr.config.steps, max_seconds=seconds))
        if not _done(tr):
            return replace(self, trainer=tr), None
        c, scores = tr.config, tr.evaluate()
        point = {"model": c.model, "T": c.seq_len, "steps": tr.step_count, **scores}
        index = self.index + 1
        status = Status.DONE if index >= len(self.plan) else self.status
        after = replace(
            self, index=index, trainer=None, points=self.points + (point,), status=status
        )
        return after, result_row("sweep", c, tr.step_count, scores)


def new_sweep(plan: Sequence) -> Sweep:
    """A sweep of ``plan`` that starts running."""
    return Sweep(tuple(plan))


def sweep_advance(sweep: Sweep, seconds: float = 0.4) -> tuple[Sweep, dict | None]:
    """``sweep.advance(seconds)``: the sweep that follows and the row of a finished run."""
    return sweep.advance(seconds)


def sweep_fraction(sweep: Sweep) -> float:
    """``sweep.fraction``: the share of the sweep's work done."""
    return sweep.fraction


@dataclass(frozen=True)
class SweepReference:
    """A sweep measured offline, to show beside the page's quick one (read-only)."""

    command: str  # the command that printed these numbers
    task: str
    steps: int
    hidden_size: int
    update_bias: float  # toward keeping the state (the trainer's sense, any convention)
    lengths: tuple[int, ...]
    mse: tuple[tuple[str, tuple[float, ...]], ...]  # (model, test MSE per length)
    within: tuple[tuple[str, tuple[float, ...]], ...]  # (model, share within 0.04 per length)

    def of(self, measure: str, model: str) -> tuple[float, ...]:
        """The scores of ``model`` per length; measure "mse" or "within"."""
        return dict(getattr(self, measure))[model]


#: Adding problem, 2000 steps, H = 16, update-gate bias +2, median over seeds 0, 1, 2, as
#: printed by ``python benchmarks/sweep_lengths.py --seeds 0 1 2`` (205 s on the 2-core machine).
SWEEP_REFERENCE = SweepReference(
    command="python benchmarks/sweep_lengths.py --seeds 0 1 2",
    task="adding",
    steps=2000,
    hidden_size=16,
    update_bias=2.0,
    lengths=(10, 25, 50, 100, 200),
    mse=(
        ("gru", (6.87e-05, 7.52e-05, 1.03e-04, 1.63e-04, 3.12e-04)),
        ("rnn", (0.00255, 0.0338, 0.159, 0.172, 0.17)),
    ),
    within=(
        ("gru", (1.0, 0.999, 0.999, 0.993, 0.989)),
        ("rnn", (0.604, 0.157, 0.078, 0.075, 0.062)),
    ),
)

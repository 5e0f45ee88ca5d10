"""Training, a GRU against a plain RNN: configurations with the same batches, advancing
trainers a time slice at a time, smoothed curves, and the sweep over sequence lengths.

Trainers are mutable and belong to one session: pages keep them in st.session_state,
never in a cache or a module global. These helpers only read and advance them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


def new_sweep(plan: list) -> dict:
    """A sweep's state (kept in st.session_state): the plan, the run in progress and
    the points measured so far ({"model", "T", "steps", "loss", metrics...})."""
    return {"plan": plan, "index": 0, "trainer": None, "points": [], "status": "running"}


def sweep_advance(sweep: dict, seconds: float = 0.4) -> dict | None:
    """Work on the sweep for about ``seconds``; returns the point just measured, if any."""
    from gru_core.train import Trainer

    if sweep["index"] >= len(sweep["plan"]):
        return None
    if sweep["trainer"] is None:
        sweep["trainer"] = Trainer(sweep["plan"][sweep["index"]])
    tr = sweep["trainer"]
    if not _done(tr):
        next(tr.run(every=tr.config.steps, max_seconds=seconds))
    if not _done(tr):
        return None
    c = tr.config
    point = {"model": c.model, "T": c.seq_len, "steps": tr.step_count, **tr.evaluate()}
    sweep["points"].append(point)
    sweep["index"] += 1
    sweep["trainer"] = None
    return point


def sweep_fraction(sweep: dict) -> float:
    """Share of the sweep's work done, counting a step of length T as T units."""
    plan = sweep["plan"]
    total = sum(c.seq_len * c.steps for c in plan)
    done = sum(c.seq_len * c.steps for c in plan[: sweep["index"]])
    if sweep["trainer"] is not None:
        done += sweep["trainer"].config.seq_len * sweep["trainer"].step_count
    return min(1.0, done / total) if total else 1.0


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

"""Train a GRU, a plain RNN or an LSTM on a memory task, in pure NumPy.

A model is a recurrent layer plus a linear read-out, with every parameter in
one flat vector θ (so Adam updates it in place)::

    h_1 .. h_T = cell(x_1 .. x_T)                    gru_core.forward / rnn_forward / lstm_forward
    ŷ = W_out h_T + b_out        (answer at the last step: adding, remember)
    ŷ_t = W_out h_t + b_out      (answer at every step: echo, sine)
    L = task.loss(ŷ, y)          dL/dθ by backpropagation through time

The initial update-gate bias decides whether a GRU can learn long
dependencies at all: with z_t ≈ ½ the gradient through 50 steps shrinks like
½⁵⁰, with the gate biased toward keeping the state (k_t ≈ 1) it passes almost
untouched, so the model can first carry information and then learn what to
carry. ``update_bias`` always means "toward keeping the state": it is added to
b_z in the ``cho`` and ``pytorch`` conventions (z keeps the past), subtracted
in ``textbook`` (z takes the candidate), added to the LSTM's forget-gate bias
(the same idea: Gers et al. 2000, Jozefowicz et al. 2015, "chrono"
initialisation, Tallec & Ollivier 2018) and ignored by the plain RNN, which
has no gate.

From Python (a page can draw after every ``every`` steps and stop any time)::

    trainer = Trainer(TrainConfig(task="adding", seq_len=50, model="gru", steps=500))
    for progress in trainer.run(every=25):
        draw(progress.step, progress.train_loss, progress.test_metric)
    result = trainer.result()            # params, read-out, history, final test scores

From the command line (the last stdout line is one JSON object)::

    python -m gru_core.train --task adding --seq-len 100 --model gru --steps 2000
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gru_core._validate import float_dtype
from gru_core.blas import limit_blas_threads
from gru_core.conventions import CONVENTIONS, Z_KEEPS_PAST, keeping_b_z
from gru_core.gru import backward as gru_backward
from gru_core.gru import forward as gru_forward
from gru_core.layer import FlatParams
from gru_core.lstm import LSTMParams, lstm_backward, lstm_forward
from gru_core.optim import Adam, AdamState
from gru_core.params import GRUParams
from gru_core.rnn import RNNParams, rnn_backward, rnn_forward
from gru_core.tasks import TASKS, Task, make_task

GATE_ROWS = {"gru": 3, "rnn": 1, "lstm": 4}  # rows per hidden unit in weight_ih / weight_hh
MODELS = tuple(GATE_ROWS)
CELL_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
READOUT_KEYS = ("readout_weight", "readout_bias")


def _positive_int(name: str, value) -> None:
    if isinstance(value, bool) or int(value) != value or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


# ---- the model: a recurrent layer and a read-out, parameters in one flat vector --------------


@dataclass(frozen=True)
class Model(FlatParams):
    """Shapes of a recurrent layer (torch layout) with a linear read-out, and how θ maps to them.

    θ holds, in this order: weight_ih (G·H, I), weight_hh (G·H, H), bias_ih, bias_hh
    (G·H,), readout_weight W_out (O, H), readout_bias b_out (O,), with G = 3 (GRU,
    gates r, z, n), 1 (RNN) or 4 (LSTM, gates i, f, g, o).
    """

    kind: str = "gru"  # "gru", "rnn" or "lstm"
    input_size: int = 2
    hidden_size: int = 16
    output_size: int = 1
    every_step: bool = False  # read out every h_t (echo, sine) or only h_T
    convention: str = "pytorch"  # GRU only: what r and z mean

    def __post_init__(self):
        if self.kind not in GATE_ROWS:
            raise ValueError(f"model must be one of {MODELS}, got {self.kind!r}")
        if self.convention not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {self.convention!r}")
        for name in ("input_size", "hidden_size", "output_size"):
            _positive_int(name, getattr(self, name))

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        G = GATE_ROWS[self.kind] * self.hidden_size
        H, I, O = self.hidden_size, self.input_size, self.output_size
        return {
            "weight_ih": (G, I),
            "weight_hh": (G, H),
            "bias_ih": (G,),
            "bias_hh": (G,),
            "readout_weight": (O, H),
            "readout_bias": (O,),
        }

    def init(self, rng: np.random.Generator, update_bias: float = 0.0) -> np.ndarray:
        """θ in float64: PyTorch's initialisation U(−1/√H, 1/√H) for the layer and the
        read-out, with ``update_bias`` pushing the gate toward keeping the state."""
        I, H = self.input_size, self.hidden_size
        if self.kind == "gru":
            toward_keep = update_bias if self.convention in Z_KEEPS_PAST else -update_bias
            cell = GRUParams.init(I, H, rng, self.convention, update_bias=toward_keep).to_torch()
        elif self.kind == "lstm":
            cell = LSTMParams.init(I, H, rng, forget_bias=update_bias).to_torch()
        else:
            cell = RNNParams.init(I, H, rng).to_torch()
        k = 1.0 / math.sqrt(H)  # nn.Linear's default
        readout = {
            "readout_weight": rng.uniform(-k, k, (self.output_size, H)),
            "readout_bias": rng.uniform(-k, k, self.output_size),
        }
        return self.pack({**cell, **readout})

    def cell(self, theta: np.ndarray) -> GRUParams | RNNParams | LSTMParams:
        """The recurrent layer's parameters, in θ's dtype."""
        arrays = self.unpack(theta)
        kw = {k: arrays[k] for k in CELL_KEYS}
        if self.kind == "gru":
            return GRUParams(**kw, convention=self.convention, dtype=theta.dtype)
        if self.kind == "lstm":
            return LSTMParams(**kw, dtype=theta.dtype)
        return RNNParams(**kw, dtype=theta.dtype)

    def forward(self, theta: np.ndarray, x: np.ndarray):
        """(trace, ŷ): the layer's trace on x (T, B, I) and the read-out, (B, O) or (T, B, O)."""
        return self._forward(theta, x)[1:]

    def _forward(self, theta: np.ndarray, x: np.ndarray):
        p = self.cell(theta)
        x = np.asarray(x, dtype=theta.dtype)
        if self.kind == "gru":
            trace = gru_forward(p, x)
        elif self.kind == "lstm":
            trace = lstm_forward(p, x)
        else:
            trace = rnn_forward(p, x)
        arrays = self.unpack(theta)
        W_out, b_out = arrays["readout_weight"], arrays["readout_bias"]
        h = trace.h if self.every_step else trace.h[-1]
        return p, trace, h @ W_out.T + b_out

    def loss_and_grad(self, theta: np.ndarray, x: np.ndarray, y: np.ndarray, task: Task):
        """(L, dL/dθ, ŷ) for one batch: forward, the task's loss, read-out and BPTT."""
        p, trace, pred = self._forward(theta, x)
        loss, dpred = task.loss(pred, y)
        W_out = self.unpack(theta)["readout_weight"]
        h = trace.h
        if self.every_step:  # ŷ_t = W_out h_t + b_out
            O = self.output_size
            dW_out = dpred.reshape(-1, O).T @ h.reshape(-1, self.hidden_size)
            db_out = dpred.reshape(-1, O).sum(axis=0)
            dh = dpred @ W_out
        else:  # ŷ = W_out h_T + b_out: only h_T receives gradient directly
            dW_out = dpred.T @ h[-1]
            db_out = dpred.sum(axis=0)
            dh = np.zeros_like(h)
            dh[-1] = dpred @ W_out
        if self.kind == "gru":
            grads = gru_backward(p, trace, dh)
        elif self.kind == "lstm":
            grads = lstm_backward(p, trace, dh)
        else:
            grads = rnn_backward(p, trace, dh)
        grad = np.empty_like(theta)
        views = self.unpack(grad)
        for k in CELL_KEYS:
            views[k][...] = grads[k + "_l0"]
        views["readout_weight"][...] = dW_out
        views["readout_bias"][...] = db_out
        return loss, grad, pred


# ---- settings, progress and result -----------------------------------------------------------


@dataclass(frozen=True)
class TrainConfig:
    """Everything a run depends on: the same config gives the same curve to the last digit."""

    task: str = "adding"  # "adding", "remember", "echo" or "sine"
    seq_len: int = 100  # T, steps per sequence
    model: str = "gru"  # "gru", "rnn" or "lstm"
    convention: str = "pytorch"  # GRU only; update_bias means "keep" in all three
    hidden_size: int = 16
    steps: int = 2000  # optimiser steps (one mini-batch each)
    batch_size: int = 32
    lr: float = 0.01  # Adam's learning rate
    clip: float = 1.0  # max gradient norm (0: no clipping)
    update_bias: float = 2.0  # initial gate bias toward keeping the state (GRU z, LSTM f)
    seed: int = 0  # seeds the initial weights, the training batches and the test set
    dtype: str = "float32"  # "float32" (fast) or "float64"
    test_size: int = 1000  # held-out sequences the test scores are measured on
    eval_every: int = 100  # test-set evaluation every so many steps (0: only at the end)
    delay: int = 5  # echo: k
    noise: float | None = None  # remember / sine: noise level (None: the task's default)

    def __post_init__(self):
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {tuple(TASKS)}, got {self.task!r}")
        if self.model not in GATE_ROWS:
            raise ValueError(f"model must be one of {MODELS}, got {self.model!r}")
        if self.convention not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {self.convention!r}")
        for name in ("seq_len", "hidden_size", "steps", "batch_size", "test_size"):
            _positive_int(name, getattr(self, name))
        if not (isinstance(self.lr, int | float) and math.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"lr must be a positive number, got {self.lr!r}")
        if not (math.isfinite(self.clip) and self.clip >= 0):
            raise ValueError(f"clip must be a non-negative number, got {self.clip!r}")
        if not math.isfinite(self.update_bias):
            raise ValueError(f"update_bias must be a finite number, got {self.update_bias!r}")
        if isinstance(self.seed, bool) or int(self.seed) != self.seed or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        if (
            isinstance(self.eval_every, bool)
            or int(self.eval_every) != self.eval_every
            or (self.eval_every < 0)
        ):
            raise ValueError(f"eval_every must be a non-negative integer, got {self.eval_every!r}")
        float_dtype(self.dtype)
        if self.noise is not None and not (math.isfinite(self.noise) and self.noise >= 0):
            raise ValueError(f"noise must be a non-negative number, got {self.noise!r}")
        task = self.make_task()
        if self.seq_len < task.min_len:
            raise ValueError(
                f"seq_len must be at least {task.min_len} for the {self.task} task, "
                f"got {self.seq_len}"
            )

    def make_task(self) -> Task:
        options = {}
        if self.task == "echo":
            options["delay"] = self.delay
        if self.noise is not None and self.task in ("remember", "sine"):
            options["noise"] = self.noise
        return make_task(self.task, **options)

    @property
    def b_z(self) -> float:
        """The GRU's update-gate bias at the start, in the convention's own sign
        (``keeping_b_z``): +update_bias where z keeps the past, −update_bias where it takes
        the candidate."""
        return keeping_b_z(self.update_bias, self.convention)


@dataclass(frozen=True, eq=False)
class Progress:
    """A snapshot of a run, handed out every few steps (arrays are copies).

    ``train_scores`` and ``test_scores`` hold every measure of the task by name
    (adding: "mse", "within_0.04"; test also "loss"), one entry per step or per
    test-set evaluation; ``train_metric`` and ``test_metric`` are the headline one.
    """

    step: int  # optimiser steps done so far
    steps: int  # steps planned
    metric: str  # the task's headline measure ("mse" or "accuracy")
    train_loss: np.ndarray  # (step,) mini-batch loss of every step
    train_metric: np.ndarray  # (step,) the headline measure on every mini-batch
    test_step: np.ndarray  # (n,) steps at which the test set was scored (0 first)
    test_loss: np.ndarray  # (n,) test loss there
    test_metric: np.ndarray  # (n,) test headline measure there
    seconds: float  # time spent training and testing so far
    train_scores: dict = field(default_factory=dict)  # name -> (step,) array
    test_scores: dict = field(default_factory=dict)  # name -> (n,) array, incl. "loss"

    @property
    def done(self) -> bool:
        return self.step >= self.steps

    @property
    def fraction(self) -> float:
        """Share of the planned steps done, for a progress bar."""
        return min(1.0, self.step / self.steps)


@dataclass(frozen=True, eq=False)
class TrainResult:
    """The trained model, its history and its final test scores (float64 weights)."""

    config: TrainConfig
    model: Model
    theta: np.ndarray  # every parameter, float64 (see Model.unpack)
    history: Progress
    test: dict = field(default_factory=dict)  # final test loss and metrics

    @property
    def params(self) -> GRUParams | RNNParams | LSTMParams:
        """The trained recurrent layer (float64), ready for forward / gradient_flow."""
        return self.model.cell(self.theta)

    @property
    def readout(self) -> tuple[np.ndarray, np.ndarray]:
        """(W_out (O, H), b_out (O,))."""
        a = self.model.unpack(self.theta)
        return a["readout_weight"].copy(), a["readout_bias"].copy()

    def predict(self, x: np.ndarray):
        """(trace, ŷ) of the trained model on x (T, B, I), in float64: the trace holds
        every gate, for lessons that look inside."""
        return self.model.forward(self.theta, np.asarray(x, dtype=np.float64))

    def summary(self) -> dict:
        """Plain JSON-ready numbers: the run's settings, final scores and time."""
        c = self.config
        task = c.make_task()
        n = len(self.history.train_loss)
        out = {
            "task": c.task,
            "model": c.model,
            "convention": c.convention if c.model == "gru" else None,
            "seq_len": c.seq_len,
            "hidden_size": c.hidden_size,
            "steps": n,
            "batch_size": c.batch_size,
            "lr": c.lr,
            "clip": c.clip,
            "update_bias": c.update_bias,
            "seed": c.seed,
            "dtype": c.dtype,
            "final_loss": self.test["loss"],
            "train_loss": float(np.mean(self.history.train_loss[-20:])) if n else None,
        }
        out.update({k: v for k, v in self.test.items() if k != "loss"})
        out["baseline"] = dict(task.baseline)
        out["seconds"] = round(self.history.seconds, 3)
        out["ms_per_step"] = round(1e3 * self.history.seconds / max(n, 1), 3)
        return out

    def save(self, path) -> Path:
        """Write the weights with ``np.savez`` (no pickles; ``np.load(path,
        allow_pickle=False)`` reads it): the layer in PyTorch's layout, float64
        (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0), the read-out as
        readout_weight (O, H) and readout_bias (O,), and 0-d string entries: for a
        GRU ``convention`` and ``layout`` ("torch"), as ``gru_core.io`` reads them;
        for an RNN or LSTM ``model`` ("rnn" or "lstm"), so no GRU loader takes it."""
        path = Path(path)
        arrays = {k: np.asarray(v, dtype=np.float64) for k, v in self.params.to_torch().items()}
        W_out, b_out = self.readout
        arrays.update(readout_weight=W_out, readout_bias=b_out)
        if self.config.model == "gru":
            arrays.update(convention=np.array(self.config.convention), layout=np.array("torch"))
        else:
            arrays["model"] = np.array(self.config.model)
        with open(path, "wb") as f:  # a file object: np.savez adds no ".npz" suffix
            np.savez(f, **arrays)
        return path


# ---- the trainer -----------------------------------------------------------------------------


class Trainer:
    """One training run, advanced step by step; holds its own random streams and state.

    ``seed`` is split into three independent streams (initial weights, training
    batches, test set), so a GRU and an RNN trained with the same seed see the
    same batches and are scored on the same test set.
    """

    def __init__(self, config: TrainConfig):
        self.config = c = config
        self.task = c.make_task()
        self.model = Model(
            kind=c.model,
            input_size=self.task.input_size,
            hidden_size=c.hidden_size,
            output_size=self.task.output_size,
            every_step=self.task.every_step,
            convention=c.convention,
        )
        self.dtype = float_dtype(c.dtype)
        init_seed, data_seed, test_seed = np.random.SeedSequence(c.seed).spawn(3)
        self.theta = self.model.init(np.random.default_rng(init_seed), c.update_bias)
        self.theta = self.theta.astype(self.dtype)
        self.optimizer = Adam(lr=c.lr, clip=c.clip)
        self.state: AdamState = self.optimizer.init(self.theta)
        self._data_rng = np.random.default_rng(data_seed)
        self.x_test, self.y_test = self.task.make_batch(
            np.random.default_rng(test_seed), c.test_size, c.seq_len, self.dtype
        )
        self.step_count = 0
        self.seconds = 0.0
        self._train_loss: list[float] = []
        self._train_scores: list[dict[str, float]] = []
        self._test: list[tuple[int, dict[str, float]]] = []  # (step, {"loss": …, metrics})

    def step(self) -> float:
        """One optimiser step on a fresh mini-batch; returns its loss."""
        t0 = time.perf_counter()
        c = self.config
        x, y = self.task.make_batch(self._data_rng, c.batch_size, c.seq_len, self.dtype)
        loss, grad, pred = self.model.loss_and_grad(self.theta, x, y, self.task)
        self.optimizer.step(self.theta, grad, self.state)
        self.step_count += 1
        self._train_loss.append(loss)
        self._train_scores.append(self.task.metrics(pred, y))
        self.seconds += time.perf_counter() - t0
        return loss

    def evaluate(self) -> dict[str, float]:
        """Loss and metrics on the held-out test set at the current step (recorded once
        per step)."""
        if self._test and self._test[-1][0] == self.step_count:
            return dict(self._test[-1][1])
        t0 = time.perf_counter()
        _, pred = self.model.forward(self.theta, self.x_test)
        loss, _ = self.task.loss(pred, self.y_test)
        scores = {"loss": loss, **self.task.metrics(pred, self.y_test)}
        self._test.append((self.step_count, scores))
        self.seconds += time.perf_counter() - t0
        return dict(scores)

    def progress(self) -> Progress:
        """The run so far."""
        names = list(self._test[0][1]) if self._test else ["loss"]
        test_scores = {k: np.array([s[k] for _, s in self._test], dtype=np.float64) for k in names}
        train_names = self._train_scores[0] if self._train_scores else {}
        train_scores = {k: np.array([s[k] for s in self._train_scores]) for k in train_names}
        headline = self.task.metric
        return Progress(
            step=self.step_count,
            steps=self.config.steps,
            metric=headline,
            train_loss=np.array(self._train_loss, dtype=np.float64),
            train_metric=train_scores.get(headline, np.zeros(0)),
            test_step=np.array([st for st, _ in self._test], dtype=int),
            test_loss=test_scores["loss"],
            test_metric=test_scores.get(headline, np.zeros(0)),
            seconds=self.seconds,
            train_scores=train_scores,
            test_scores=test_scores,
        )

    def run(self, every: int = 10, max_seconds: float | None = None) -> Iterator[Progress]:
        """Train up to ``config.steps``, yielding a ``Progress`` after every ``every`` steps,
        or sooner once ``max_seconds`` of work have passed since the last yield (a page
        that must redraw twice a second passes 0.5), and once at the end.

        Stop early by leaving the loop; call ``run`` again to go on from where it
        stopped: the curve is the same as without the pause. The test set is scored
        at step 0, every ``eval_every`` steps and at the end.
        """
        _positive_int("every", every)
        c = self.config
        if not self._test:
            self.evaluate()
        while self.step_count < c.steps:
            t0 = time.perf_counter()
            for _ in range(min(every, c.steps - self.step_count)):
                self.step()
                if c.eval_every and self.step_count % c.eval_every == 0:
                    self.evaluate()
                if max_seconds is not None and time.perf_counter() - t0 >= max_seconds:
                    break
            if self.step_count >= c.steps:
                self.evaluate()
            yield self.progress()

    def result(self) -> TrainResult:
        """The model as it is now, with its history and its test scores at this step."""
        test = self.evaluate()
        return TrainResult(
            config=self.config,
            model=self.model,
            theta=self.theta.astype(np.float64),
            history=self.progress(),
            test=test,
        )


def train(config: TrainConfig, every: int = 100, on_progress=None) -> TrainResult:
    """Run ``config`` to the end; ``on_progress(progress)`` is called every ``every`` steps."""
    trainer = Trainer(config)
    for progress in trainer.run(every=every):
        if on_progress is not None:
            on_progress(progress)
    return trainer.result()


# ---- command line ----------------------------------------------------------------------------


def _type(kind, check, wanted: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}") from None
        if not check(value):
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}")
        return value

    parse.__name__ = wanted  # argparse names the type in its messages
    return parse


POSITIVE_INT = _type(int, lambda v: v >= 1, "a positive integer")
NONNEGATIVE_INT = _type(int, lambda v: v >= 0, "a non-negative integer")
POSITIVE_FLOAT = _type(float, lambda v: math.isfinite(v) and v > 0, "a positive number")
NONNEGATIVE_FLOAT = _type(float, lambda v: math.isfinite(v) and v >= 0, "a non-negative number")
FINITE_FLOAT = _type(float, math.isfinite, "a finite number")


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows "(default: …)" except where the default is None (the help says what it means)."""

    def _get_help_string(self, action):
        if action.default is None:
            return action.help
        return super()._get_help_string(action)


#: One option per TrainConfig field, in the order --help lists them: what it takes (a
#: type, or a tuple of choices) and its help. Its default is the field's default.
CONFIG_OPTIONS = {
    "task": (
        tuple(TASKS),
        "adding: sum of the two marked values (MSE, share within 0.04; predicting the "
        "mean gives MSE 0.167); remember: sign of the first value (accuracy); echo: the "
        "input of --delay steps ago (accuracy); sine: next value of a noisy sine (MSE)",
    ),
    "seq_len": (POSITIVE_INT, "sequence length T"),
    "model": (MODELS, "recurrent layer"),
    "convention": (CONVENTIONS, "GRU convention (what r and z mean; see gru_core.conventions)"),
    "hidden_size": (POSITIVE_INT, "H"),
    "steps": (POSITIVE_INT, "optimiser steps"),
    "batch_size": (POSITIVE_INT, "mini-batch"),
    "lr": (POSITIVE_FLOAT, "Adam learning rate"),
    "clip": (NONNEGATIVE_FLOAT, "max gradient norm; 0: no clipping"),
    "update_bias": (
        FINITE_FLOAT,
        "initial gate bias toward keeping the state, in every convention (GRU update "
        "gate: +b_z for cho/pytorch, -b_z for textbook; LSTM forget gate; ignored by the RNN). "
        "0 is neutral (z = 1/2), which blocks long dependencies",
    ),
    "seed": (NONNEGATIVE_INT, "random seed"),
    "dtype": (("float32", "float64"), "floating-point type"),
    "test_size": (POSITIVE_INT, "held-out test sequences"),
    "eval_every": (
        NONNEGATIVE_INT,
        "score the test set every so many steps (0: only at the start and the end)",
    ),
    "delay": (NONNEGATIVE_INT, "echo task: delay k"),
    "noise": (
        NONNEGATIVE_FLOAT,
        "remember / sine: noise level (default: 1.0 for remember, 0.1 for sine)",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    d = TrainConfig()
    p = argparse.ArgumentParser(
        prog="python -m gru_core.train",
        description=(
            "Train a GRU, a plain RNN or an LSTM (with a linear read-out) on a memory task, "
            "in pure NumPy, with Adam and gradient-norm clipping. Progress goes to stderr; "
            "the last line on stdout is one JSON object with the settings, the final test "
            "scores and the time taken. NumPy's BLAS runs on one thread here: the matrices "
            "are small, and threads only wait for busy cores."
        ),
        formatter_class=_HelpFormatter,
    )
    for name, (takes, text) in CONFIG_OPTIONS.items():
        kind = {"choices": takes} if isinstance(takes, tuple) else {"type": takes}
        p.add_argument("--" + name.replace("_", "-"), **kind, default=getattr(d, name), help=text)
    p.add_argument(
        "--save",
        metavar="FILE.npz",
        default=None,
        help="write the trained weights with np.savez: the layer in PyTorch's layout "
        "(weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0), readout_weight, readout_bias, "
        "and the strings convention and layout (GRU) or model (rnn, lstm)",
    )
    p.add_argument(
        "--log-every",
        type=NONNEGATIVE_INT,
        default=200,
        help="print a progress line to stderr every so many steps (0: quiet)",
    )
    return p


def main(argv: list[str] | None = None) -> dict:
    parser = build_parser()
    args = parser.parse_args(argv)
    fields = {k: v for k, v in vars(args).items() if k not in ("save", "log_every")}
    try:
        config = TrainConfig(**fields)
    except ValueError as e:
        parser.error(str(e))
    if args.save is not None and not Path(args.save).parent.is_dir():
        parser.error(f"--save: the folder {str(Path(args.save).parent)!r} does not exist")

    def log(progress: Progress) -> None:
        test = f", test {progress.metric} {progress.test_metric[-1]:.4g}"
        print(
            f"step {progress.step}/{progress.steps}: loss {progress.train_loss[-1]:.4g}{test} "
            f"({progress.seconds:.1f} s)",
            file=sys.stderr,
            flush=True,
        )

    limit_blas_threads(1)
    every = args.log_every or config.steps
    result = train(config, every=every, on_progress=log if args.log_every else None)
    summary = result.summary()
    if args.save is not None:
        summary["saved"] = str(result.save(args.save))
    print(json.dumps(summary), flush=True)
    return summary


__all__ = [
    "MODELS",
    "Model",
    "Progress",
    "TrainConfig",
    "TrainResult",
    "Trainer",
    "build_parser",
    "main",
    "train",
]

if __name__ == "__main__":
    main()

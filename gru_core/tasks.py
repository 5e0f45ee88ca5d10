"""Memory tasks with known answers, to train a recurrent model on.

Every task makes seeded batches and scores predictions::

    x, y = task.make_batch(rng, batch, T)     # x (T, B, I); y (B, O) or (T, B, O)
    value, dpred = task.loss(pred, y)         # the training loss and dL/dpred
    task.metrics(pred, y)                     # {"mse": …} or {"accuracy": …}, plain floats

``every_step`` says whether the model answers at the last step only (y is
(B, O), read from h_T) or at every step (y is (T, B, O), read from each h_t).
``baseline`` holds what a model that learned nothing scores.

adding    Hochreiter & Schmidhuber (1997): two channels, a value u_t ~ U[0, 1] and a
          marker m_t ∈ {0, 1}; exactly one marked step in each half of the sequence.
          Target: the sum of the two marked values, at the last step. Predicting the
          mean (1) gives MSE = Var(u₁ + u₂) = 2/12 ≈ 0.167.
remember  Remember the first value: a sign s = ±1 at t = 0 (marker channel 1 there),
          Gaussian noise on the value channel afterwards; report s at the last step
          (a logit, logistic loss). Guessing gives accuracy ½ and loss ln 2.
echo      Echo with a delay k: random bits ±1, report the input of k steps ago at
          every step t ≥ k (MSE). Answering 0 gives MSE 1, accuracy ½.
sine      Next-value prediction of a noisy sine: x_t = sin(ω t + φ) + ε_t with a random
          period in [8, 32] steps per sequence and ε_t ~ N(0, σ²); target the next clean
          value sin(ω (t + 1) + φ) at every step. Answering 0 gives MSE ½.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar

import numpy as np

from gru_core._validate import float_dtype


def _mse(pred: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """L = mean((pred − y)²), dL/dpred = 2 (pred − y) / N (PyTorch's MSELoss)."""
    err = pred - y
    return float(np.mean(err * err)), err * (2.0 / err.size)


def _check_batch(rng, batch: int, T: int, min_len: int) -> None:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if int(batch) != batch or batch < 1:
        raise ValueError(f"batch must be a positive integer, got {batch}")
    if int(T) != T or T < min_len:
        raise ValueError(f"T must be an integer >= {min_len} for this task, got {T}")


@dataclass(frozen=True)
class AddingTask:
    """The adding problem: report u_a + u_b, the two marked values (one per half)."""

    tolerance: float = 0.04  # an answer "counts" when |pred − y| <= tolerance

    name: ClassVar[str] = "adding"
    input_size: ClassVar[int] = 2  # value u_t, marker m_t
    output_size: ClassVar[int] = 1
    every_step: ClassVar[bool] = False
    min_len: ClassVar[int] = 2
    metric: ClassVar[str] = "mse"  # the headline measure; lower is better
    higher_is_better: ClassVar[bool] = False
    baseline: ClassVar[Mapping] = MappingProxyType({"mse": 1.0 / 6.0})

    @property
    def within_key(self) -> str:
        return f"within_{self.tolerance:g}"

    def make_batch(self, rng: np.random.Generator, batch: int, T: int, dtype=np.float64):
        """x (T, B, 2): channel 0 the values, channel 1 the two markers; y (B, 1)."""
        _check_batch(rng, batch, T, self.min_len)
        half = T // 2
        u = rng.uniform(0.0, 1.0, (T, batch))
        first = rng.integers(0, half, batch)  # marked step in [0, T/2)
        second = rng.integers(half, T, batch)  # and in [T/2, T)
        cols = np.arange(batch)
        x = np.zeros((T, batch, 2), dtype=float_dtype(dtype))
        x[..., 0] = u
        x[first, cols, 1] = 1.0
        x[second, cols, 1] = 1.0
        y = (u[first, cols] + u[second, cols])[:, None].astype(dtype)
        return x, y

    def loss(self, pred: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean squared error and its gradient."""
        return _mse(pred, y)

    def metrics(self, pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """{"mse": mean squared error, "within_0.04": share of answers within tolerance}."""
        err = np.abs(pred - y)
        return {
            "mse": float(np.mean(err * err)),
            self.within_key: float(np.mean(err <= self.tolerance)),
        }


@dataclass(frozen=True)
class RememberTask:
    """Remember the first value: the sign at t = 0 must come out at t = T − 1."""

    noise: float = 1.0  # standard deviation of the distracting values after t = 0

    name: ClassVar[str] = "remember"
    input_size: ClassVar[int] = 2  # value, marker (1 at t = 0)
    output_size: ClassVar[int] = 1  # a logit: > 0 means "+1"
    every_step: ClassVar[bool] = False
    min_len: ClassVar[int] = 1
    metric: ClassVar[str] = "accuracy"
    higher_is_better: ClassVar[bool] = True
    baseline: ClassVar[Mapping] = MappingProxyType({"accuracy": 0.5, "loss": float(np.log(2.0))})

    def make_batch(self, rng: np.random.Generator, batch: int, T: int, dtype=np.float64):
        """x (T, B, 2): s = ±1 then N(0, noise²) on channel 0, marker on channel 1; y (B, 1) = s."""
        _check_batch(rng, batch, T, self.min_len)
        s = rng.choice(np.array([-1.0, 1.0]), size=batch)
        x = np.zeros((T, batch, 2), dtype=float_dtype(dtype))
        x[0, :, 0] = s
        x[0, :, 1] = 1.0
        x[1:, :, 0] = rng.normal(0.0, self.noise, (T - 1, batch))
        return x, s[:, None].astype(dtype)

    def loss(self, pred: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """Logistic loss L = mean(ln(1 + e^(−s·z))), dL/dz = −s σ(−s·z) / N."""
        m = -y * pred  # −s z
        value = float(np.mean(np.logaddexp(0.0, m)))
        sig = 0.5 * np.tanh(0.5 * m) + 0.5  # σ(−s z) without overflow
        return value, (-y * sig) / m.size

    def metrics(self, pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """{"accuracy": share of sequences whose logit has the sign of s}."""
        return {"accuracy": float(np.mean(pred * y > 0))}


@dataclass(frozen=True)
class EchoTask:
    """Echo with a delay: y_t = x_{t−k} for t ≥ k, on random bits ±1."""

    delay: int = 5  # k

    name: ClassVar[str] = "echo"
    input_size: ClassVar[int] = 1
    output_size: ClassVar[int] = 1
    every_step: ClassVar[bool] = True
    metric: ClassVar[str] = "accuracy"
    higher_is_better: ClassVar[bool] = True
    baseline: ClassVar[Mapping] = MappingProxyType({"mse": 1.0, "accuracy": 0.5})

    def __post_init__(self):
        if int(self.delay) != self.delay or self.delay < 0:
            raise ValueError(f"delay must be a non-negative integer, got {self.delay}")

    @property
    def min_len(self) -> int:
        return self.delay + 1

    def make_batch(self, rng: np.random.Generator, batch: int, T: int, dtype=np.float64):
        """x (T, B, 1) bits ±1; y (T, B, 1) with y_t = x_{t−k} (0 for t < k, not scored)."""
        _check_batch(rng, batch, T, self.min_len)
        x = rng.choice(np.array([-1.0, 1.0]), size=(T, batch, 1)).astype(float_dtype(dtype))
        y = np.zeros_like(x)
        y[self.delay :] = x[: T - self.delay]
        return x, y

    def loss(self, pred: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """MSE over the scored steps t ≥ k; the first k steps get zero gradient."""
        k = self.delay
        value, d = _mse(pred[k:], y[k:])
        dpred = np.zeros_like(pred)
        dpred[k:] = d
        return value, dpred

    def metrics(self, pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """{"mse", "accuracy": share of scored steps whose sign is right}."""
        p, t = pred[self.delay :], y[self.delay :]
        return {"mse": float(np.mean((p - t) ** 2)), "accuracy": float(np.mean(p * t > 0))}


@dataclass(frozen=True)
class SineTask:
    """Next-value prediction of a noisy sine with a random period per sequence."""

    noise: float = 0.1  # σ of the noise on the inputs
    periods: tuple[float, float] = field(default=(8.0, 32.0))  # period range, in steps

    name: ClassVar[str] = "sine"
    input_size: ClassVar[int] = 1
    output_size: ClassVar[int] = 1
    every_step: ClassVar[bool] = True
    min_len: ClassVar[int] = 1
    metric: ClassVar[str] = "mse"
    higher_is_better: ClassVar[bool] = False
    baseline: ClassVar[Mapping] = MappingProxyType({"mse": 0.5})

    def make_batch(self, rng: np.random.Generator, batch: int, T: int, dtype=np.float64):
        """x (T, B, 1) = sin(ω t + φ) + ε; y (T, B, 1) = sin(ω (t + 1) + φ)."""
        _check_batch(rng, batch, T, self.min_len)
        omega = 2 * np.pi / rng.uniform(*self.periods, batch)
        phi = rng.uniform(0.0, 2 * np.pi, batch)
        t = np.arange(T + 1)[:, None]
        wave = np.sin(omega * t + phi)  # (T + 1, B)
        x = wave[:T] + rng.normal(0.0, self.noise, (T, batch))
        return x[..., None].astype(float_dtype(dtype)), wave[1:, :, None].astype(dtype)

    def loss(self, pred: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean squared error over every step."""
        return _mse(pred, y)

    def metrics(self, pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
        return {"mse": float(np.mean((pred - y) ** 2))}


TASKS = {t.name: t for t in (AddingTask, RememberTask, EchoTask, SineTask)}
Task = AddingTask | RememberTask | EchoTask | SineTask


def make_task(name: str, **options) -> Task:
    """The task called ``name`` ("adding", "remember", "echo", "sine") with its options
    (``tolerance``; ``noise``; ``delay``; ``noise``, ``periods``)."""
    if name not in TASKS:
        raise ValueError(f"task must be one of {tuple(TASKS)}, got {name!r}")
    try:
        return TASKS[name](**options)
    except TypeError as e:
        raise ValueError(f"bad option for task {name!r}: {e}") from None

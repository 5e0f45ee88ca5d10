"""Input sequences for the lessons: simple signals whose effect on r, z and h is easy to see.

Every generator returns a float64 array x of shape (T, 1): one input feature
per time step, rows x_1 .. x_T (row index i is step t = i + 1, so ``start=5``
means the sixth row). ``text_one_hot`` returns (T, V), one column per character.

    step         x_t = level for rows i >= start, else 0
    pulse        x_t = level for start <= i < start + width, else 0
    sine         x_t = amplitude · sin(2π i / period)
    square       x_t = +amplitude for the first half of each period, −amplitude for the second
    noise        x_t ~ N(0, scale²), independent
    random_walk  x_t = clip(x_{t−1} + step · ε_t, −1, 1), ε_t ~ N(0, 1), x_0 = 0

Randomness comes only from the ``np.random.Generator`` passed in (``make_signal``
builds one from ``seed``), so the same seed gives the same sequence.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

SIGNALS = ("step", "pulse", "sine", "square", "noise", "random_walk")

#: Longest sequence the generators produce (keeps the app's plots and loops small).
MAX_T = 5000


# ---- checks ------------------------------------------------------------------
def _check_int(name: str, value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value!r}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value}")
    return value


def _check_T(T) -> int:
    return _check_int("T (the number of time steps)", T, 1, MAX_T)


def _check_real(name: str, value, low: float = -math.inf, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        where = "" if (low, high) == (-math.inf, math.inf) else f" in [{low:g}, {high:g}]"
        raise ValueError(f"{name} must be a finite number{where}, got {value}")
    return value


def _check_rng(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a np.random.Generator (e.g. np.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng


# ---- generators ----------------------------------------------------------------
def step(T: int, start: int = 5, level: float = 1.0) -> np.ndarray:
    """x_t = level from row ``start`` on, 0 before: (T, 1). ``start`` in [0, T − 1]."""
    T = _check_T(T)
    start = _check_int("start", start, 0, T - 1)
    level = _check_real("level", level)
    x = np.zeros((T, 1))
    x[start:] = level
    return x


def pulse(T: int, start: int = 5, width: int = 1, level: float = 1.0) -> np.ndarray:
    """x_t = level for rows start .. start + width − 1, 0 elsewhere: (T, 1).

    ``start`` in [0, T − 1], ``width`` in [1, T − start] (the pulse fits in the sequence).
    """
    T = _check_T(T)
    start = _check_int("start", start, 0, T - 1)
    width = _check_int("width", width, 1, T - start)
    level = _check_real("level", level)
    x = np.zeros((T, 1))
    x[start : start + width] = level
    return x


def _check_period(period) -> float:
    # at least two samples per cycle, or the wave aliases into something else
    return _check_real("period (steps per cycle)", period, 2.0, float(MAX_T))


def sine(T: int, period: float = 20.0, amplitude: float = 1.0) -> np.ndarray:
    """x_t = amplitude · sin(2π i / period) for rows i = 0 .. T − 1: (T, 1).

    period in [2, MAX_T]: at least two samples per cycle.
    """
    T = _check_T(T)
    period = _check_period(period)
    amplitude = _check_real("amplitude", amplitude)
    i = np.arange(T, dtype=np.float64)
    return (amplitude * np.sin(2.0 * np.pi * i / period))[:, None]


def square(T: int, period: float = 20.0, amplitude: float = 1.0) -> np.ndarray:
    """+amplitude while (i mod period) < period / 2, else −amplitude: (T, 1).

    Starts high like ``sine`` starts rising; period in [2, MAX_T].
    """
    T = _check_T(T)
    period = _check_period(period)
    amplitude = _check_real("amplitude", amplitude)
    i = np.arange(T, dtype=np.float64)
    high = np.mod(i, period) < period / 2.0
    return np.where(high, amplitude, -amplitude)[:, None]


def noise(T: int, rng: np.random.Generator, scale: float = 0.5) -> np.ndarray:
    """x_t ~ N(0, scale²), independent draws from ``rng``: (T, 1). scale >= 0."""
    T = _check_T(T)
    rng = _check_rng(rng)
    scale = _check_real("scale", scale, 0.0)
    return rng.normal(0.0, scale, size=(T, 1))


def random_walk(T: int, rng: np.random.Generator, step: float = 0.1) -> np.ndarray:
    """x_t = clip(x_{t−1} + step · ε_t, −1, 1) with ε_t ~ N(0, 1) and x_0 = 0: (T, 1).

    The walk is clipped at every step to [−1, 1] (the range of tanh, so it sits
    on the same axis as h); it sticks to a wall until a step points back inside.
    ``step`` >= 0 is the standard deviation of one move.
    """
    T = _check_T(T)
    rng = _check_rng(rng)
    size = _check_real("step", step, 0.0)
    moves = size * rng.standard_normal(T)
    x = np.empty((T, 1))
    value = 0.0
    for i, move in enumerate(moves.tolist()):  # clipping makes each value depend on the last
        value = min(1.0, max(-1.0, value + move))
        x[i, 0] = value
    return x


_DETERMINISTIC = {"step": step, "pulse": pulse, "sine": sine, "square": square}
_RANDOM = {"noise": noise, "random_walk": random_walk}
#: Each generator's options (its keyword arguments), in order.
OPTIONS = {
    "step": ("start", "level"),
    "pulse": ("start", "width", "level"),
    "sine": ("period", "amplitude"),
    "square": ("period", "amplitude"),
    "noise": ("scale",),
    "random_walk": ("step",),
}


def make_signal(name: str, T: int, *, seed: int = 0, **options) -> np.ndarray:
    """The signal ``name`` (one of ``SIGNALS``) of length T, shape (T, 1).

    ``options`` are the generator's keyword arguments (e.g. ``start=3, width=2``
    for ``pulse``); ``noise`` and ``random_walk`` draw from
    ``np.random.default_rng(seed)``, the others ignore ``seed``.
    """
    if name not in OPTIONS:
        raise ValueError(f"unknown signal {name!r}: choose one of {SIGNALS}")
    unknown = sorted(set(options) - set(OPTIONS[name]))
    if unknown:
        raise ValueError(
            f"signal {name!r} has no option(s) {unknown}; it accepts {list(OPTIONS[name])}"
        )
    if name in _RANDOM:
        seed = _check_int("seed", seed, 0, 2**63 - 1)
        return _RANDOM[name](T, np.random.default_rng(seed), **options)
    return _DETERMINISTIC[name](T, **options)


def text_one_hot(text: str, alphabet=None) -> tuple[np.ndarray, tuple[str, ...]]:
    """One-hot rows for a lower-cased text: x (T, V) float64 and the alphabet (V characters).

    x[i, v] = 1 where the i-th character of ``text.lower()`` is ``alphabet[v]``.
    Without ``alphabet`` the alphabet is the text's distinct characters, sorted;
    a given alphabet (distinct single characters, kept in its order) must contain
    every character of the text.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    text = text.lower()
    if not 1 <= len(text) <= MAX_T:
        raise ValueError(f"text must have between 1 and {MAX_T} characters, got {len(text)}")
    if alphabet is None:
        alphabet = tuple(sorted(set(text)))
    else:
        if isinstance(alphabet, str):
            alphabet = tuple(alphabet)
        else:
            try:
                alphabet = tuple(alphabet)
            except TypeError:
                raise ValueError(
                    f"alphabet must be a string or a sequence of characters, "
                    f"got {type(alphabet).__name__}"
                ) from None
        if not all(isinstance(c, str) and len(c) == 1 for c in alphabet):
            raise ValueError(f"alphabet must contain single characters, got {alphabet!r}")
        if len(set(alphabet)) != len(alphabet):
            raise ValueError(f"alphabet has repeated characters: {alphabet!r}")
        unknown = sorted(set(text) - set(alphabet))
        if unknown:
            raise ValueError(
                f"text has character(s) {unknown} that are not in the alphabet {alphabet!r}"
            )
    index = {c: v for v, c in enumerate(alphabet)}
    x = np.zeros((len(text), len(alphabet)))
    x[np.arange(len(text)), [index[c] for c in text]] = 1.0
    return x, alphabet


__all__ = [
    "MAX_T",
    "OPTIONS",
    "SIGNALS",
    "make_signal",
    "noise",
    "pulse",
    "random_walk",
    "sine",
    "square",
    "step",
    "text_one_hot",
]

"""How long a GRU remembers: closed forms for the update gate's straight path.

In the lesson's convention h_t = (1 − z_t) h_{t-1} + z_t h̃_t, so along the
additive path a value written at step s is multiplied by the keep share
k_t = 1 − z_t at every later step::

    share left after k steps (constant z)   S(z, k) = (1 − z)^k
    half-life                               n½(z) = ln 0.5 / ln(1 − z)    (S(z, n½) = ½)
    keep path's share of h_s in h_t         M_t = k_{s+1} · k_{s+2} ⋯ k_t   (any z_t)

M_t is what the keep path alone carries of h_s: the candidates h̃_{s+1} … h̃_t also
depend on h_s (through the reset past), so h_t may hold more of h_s than M_t, or
less, or nothing at all once a candidate overwrites it.

z = 0.1 keeps half a value for about 6.6 steps, z = 0.01 for about 69. For
``cho`` and ``pytorch`` z_t itself is the keep share; ``half_life`` and
``survival`` accept ``convention=`` for that, ``memory_readout`` reads it from
the trace.
"""

from __future__ import annotations

import numbers

import numpy as np

from gru_core._validate import as_float_array
from gru_core.conventions import Z_KEEPS_PAST, check_convention
from gru_core.gru import GRUTrace


def _checked_z(z, convention: str) -> np.ndarray:
    check_convention(convention)
    z = as_float_array("z", z)
    if np.any(np.isnan(z)) or np.any((z < 0.0) | (z > 1.0)):
        raise ValueError(f"the update gate z must lie in [0, 1], got {z}")
    return z


def _out(a: np.ndarray):
    return float(a) if a.ndim == 0 else a


def half_life(z, *, convention: str = "textbook"):
    """Steps until a constant update gate has washed out half of a value.

    n½ = ln 0.5 / ln(1 − z) for the take-new z in [0, 1] (``convention="textbook"``;
    for ``cho``/``pytorch`` pass their keep-past z: the take-new share is then 1 − z).
    z = 0 gives inf (nothing is ever replaced), z = 1 gives 0. Works elementwise
    on arrays; a scalar in gives a float out.
    """
    z = _checked_z(z, convention)
    # ln 0 = −inf where nothing is kept; ln 2 / z overflows to inf for a subnormal z
    with np.errstate(divide="ignore", over="ignore"):
        # ln k for the keep share k; log1p keeps ln(1 − z) precise for small z
        log_keep = np.log(z) if convention in Z_KEEPS_PAST else np.log1p(-z)
        n = np.log(0.5) / log_keep
    return _out(np.where(log_keep == 0.0, np.inf, n))


def survival(z, k, *, convention: str = "textbook"):
    """S = (1 − z)^k, the share of a value left after k steps of a constant take-new z.

    z in [0, 1] (keep-past z for ``cho``/``pytorch``), k >= 0; broadcast elementwise.
    """
    z = _checked_z(z, convention)
    k = as_float_array("k", k)
    if np.any(np.isnan(k)) or np.any(k < 0.0):
        raise ValueError(f"the number of steps k must be >= 0, got {k}")
    keep = z if convention in Z_KEEPS_PAST else 1.0 - z
    return _out(np.power(keep, k))


def memory_readout(trace: GRUTrace, start: int = 0) -> np.ndarray:
    """The share of h_start that the keep path carries into each h_t.

    M_t = ∏_{s=start+1}^{t} k_s with k_s = ``trace.keep`` (1 − z_s textbook,
    z_s cho/pytorch). The result is shaped like ``trace.z``, (T, H) or (T, B, H),
    and row i belongs to h_{i+1} like ``trace.h``: rows for t < start are nan
    (h_t is older than the value being followed), the row for t = start is 1
    (the empty product), later rows are the running product. ``start`` = 0
    follows h_0 (``trace.h0``) and is in [0, T].

    This is the straight path only: it equals ∂h_t/∂h_start when the gates and
    the candidate do not depend on h (W_hr = W_hz = W_hh = 0); otherwise the
    candidate can carry part of h_start as well.
    """
    if not isinstance(trace, GRUTrace):
        raise ValueError(f"trace must be a GRUTrace from forward(), got {type(trace).__name__}")
    keep = trace.keep
    T = keep.shape[0]
    if isinstance(start, bool) or not isinstance(start, numbers.Integral) or not 0 <= start <= T:
        raise ValueError(f"start must be an integer step in [0, T] = [0, {T}], got {start!r}")
    start = int(start)
    out = np.full_like(keep, np.nan)
    if start >= 1:
        out[start - 1] = 1.0
    out[start:] = np.cumprod(keep[start:], axis=0)
    return out


__all__ = ["half_life", "memory_readout", "survival"]

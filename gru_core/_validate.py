"""Input checks shared by every model: clear ``ValueError``s instead of NumPy's."""

from __future__ import annotations

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def float_dtype(dtype) -> np.dtype:
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}") from None
    if dtype not in FLOAT_DTYPES:
        raise ValueError(f"dtype must be float64 or float32, got {dtype}")
    return dtype


def as_float_array(name: str, value, dtype=np.float64) -> np.ndarray:
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be an array of numbers: {e}") from None


def check_finite(name: str, a: np.ndarray) -> None:
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf; every value must be finite")


def frozen(a: np.ndarray, dtype) -> np.ndarray:
    out = np.array(a, dtype=dtype, copy=True)
    out.flags.writeable = False
    return out


def layer_arrays(obj, gates: int) -> None:
    """Check and freeze ``weight_ih`` (G·H, I), ``weight_hh`` (G·H, H),
    ``bias_ih`` and ``bias_hh`` (G·H,) on a frozen dataclass ``obj``."""
    dtype = float_dtype(obj.dtype)
    w_ih = as_float_array("weight_ih", obj.weight_ih)
    w_hh = as_float_array("weight_hh", obj.weight_hh)
    g = f"{gates}H" if gates > 1 else "H"
    if w_hh.ndim != 2 or w_hh.shape[1] == 0 or w_hh.shape[0] != gates * w_hh.shape[1]:
        raise ValueError(f"weight_hh must have shape ({g}, H) with H >= 1, got {w_hh.shape}")
    H = w_hh.shape[1]
    if w_ih.ndim != 2 or w_ih.shape[0] != gates * H or w_ih.shape[1] == 0:
        raise ValueError(
            f"weight_ih must have shape ({g}, I) = ({gates * H}, I) with I >= 1, got {w_ih.shape}"
        )
    arrays = {"weight_ih": w_ih, "weight_hh": w_hh}
    for name in ("bias_ih", "bias_hh"):
        b = as_float_array(name, getattr(obj, name))
        if b.shape != (gates * H,):
            raise ValueError(f"{name} must have shape ({g},) = ({gates * H},), got {b.shape}")
        arrays[name] = b
    for name, a in arrays.items():
        check_finite(name, a)
        object.__setattr__(obj, name, frozen(a, dtype))
    object.__setattr__(obj, "dtype", dtype)


def check_sequence(x, input_size: int, dtype) -> tuple[np.ndarray, bool]:
    """x as (T, B, I) and whether it was batched; (T,) is accepted when I == 1."""
    x = as_float_array("x", x, dtype)
    if x.ndim == 1 and input_size == 1:
        x = x[:, None]
    if x.ndim not in (2, 3):
        raise ValueError(
            f"x must have shape (T, I) or (T, B, I) with I = {input_size}, got {x.shape}"
        )
    if x.shape[0] == 0:
        raise ValueError("x is an empty sequence: it needs at least one time step (T >= 1)")
    if x.shape[-1] != input_size:
        raise ValueError(
            f"x has {x.shape[-1]} input feature(s) per step but the model expects I = {input_size} "
            f"(shape (T, I) or (T, B, I)), got {x.shape}"
        )
    if x.ndim == 3 and x.shape[1] == 0:
        raise ValueError("x has an empty batch: B must be at least 1")
    check_finite("x", x)
    batched = x.ndim == 3
    return (x if batched else x[:, None, :]), batched


def check_state(name: str, h0, batch: int, hidden_size: int, batched: bool, dtype) -> np.ndarray:
    """An initial state as (B, H); None means zeros."""
    if h0 is None:
        return np.zeros((batch, hidden_size), dtype=dtype)
    h0 = as_float_array(name, h0, dtype)
    expected = (batch, hidden_size) if batched else (hidden_size,)
    if h0.shape != expected:
        raise ValueError(f"{name} must have shape {expected}, got {h0.shape}")
    check_finite(name, h0)
    return np.array(h0.reshape(batch, hidden_size))


def check_like(name: str, value, shape: tuple, dtype) -> np.ndarray:
    a = as_float_array(name, value, dtype)
    if a.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {a.shape}")
    check_finite(name, a)
    return a


def forward_inputs(p, x, h0, dtype) -> tuple:
    """A forward pass's checked arguments: p in ``dtype`` (default: p's own), x as
    (T, B, I), h0 as (B, H) (a fresh array, zeros for None) and whether x was batched."""
    dtype = float_dtype(p.dtype if dtype is None else dtype)
    if p.dtype != dtype:
        p = p.astype(dtype)
    xs, batched = check_sequence(x, p.input_size, dtype)
    h0_b = check_state("h0", h0, xs.shape[1], p.hidden_size, batched, dtype)
    return p, xs, h0_b, batched


def backward_inputs(p, trace, dh) -> tuple:
    """A backward pass's checked arguments: p in the trace's dtype, and dL/dh_t shaped
    like ``trace.h``, returned as (T, B, H)."""
    dtype = trace.h.dtype
    if p.dtype != dtype:
        p = p.astype(dtype)
    dh = check_like("dh", dh, trace.h.shape, dtype)
    return p, (dh if trace.batched else dh[:, None])

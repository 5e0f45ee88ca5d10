"""The three GRU conventions that real libraries use.

textbook (Chung et al. 2014, the lesson)::

    r_t = σ(W_xr x_t + W_hr h_{t-1} + b_r)
    z_t = σ(W_xz x_t + W_hz h_{t-1} + b_z)
    h̃_t = tanh(W_xh x_t + W_hh (r_t ⊙ h_{t-1}) + b_h)      reset BEFORE the matmul
    h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t                  z → 1 takes the candidate

cho (Cho et al. 2014, d2l.ai, Keras ``reset_after=False``): as textbook, but
``h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t`` (z → 1 keeps the past).

pytorch (``nn.GRU``, cuDNN, Keras default)::

    h̃_t = n_t = tanh(W_xh x_t + b_xh + r_t ⊙ (W_hh h_{t-1} + b_hh))   reset AFTER the matmul
    h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}                             z → 1 keeps the past
"""

from __future__ import annotations

CONVENTIONS = ("textbook", "cho", "pytorch")

#: Conventions whose update gate z_t is the share of the past that is kept.
Z_KEEPS_PAST = frozenset({"cho", "pytorch"})

#: Conventions that apply the reset gate after the recurrent matmul.
RESET_AFTER = frozenset({"pytorch"})


def check_convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
    return convention


def keep_share(z, convention: str):
    """The share of h_{t-1} that h_t keeps: 1 − z (textbook) or z (cho, pytorch)."""
    return z if convention in Z_KEEPS_PAST else 1.0 - z


def z_keeps_past(convention: str) -> bool:
    """Whether z_t is the share of h_{t-1} kept (cho, pytorch) rather than the share of
    the candidate taken (textbook). Every other part of GRU Lab asks this module."""
    return check_convention(convention) in Z_KEEPS_PAST


def z_family(convention: str) -> str:
    """The name of a convention's meaning of z, for texts written once per meaning:
    "keep" (z keeps the past: cho, pytorch) or "textbook" (z takes the candidate)."""
    return "keep" if z_keeps_past(convention) else "textbook"


def same_z_meaning(a: str, b: str) -> bool:
    """Whether z means the same in conventions a and b (a slider of z or b_z keeps its
    value across a switch between them, and is mirrored otherwise)."""
    return z_keeps_past(a) == z_keeps_past(b)


def take_all_z(convention: str) -> float:
    """The update gate value that makes h_t = h̃_t: 1 (textbook), 0 (cho, pytorch)."""
    return 0.0 if z_keeps_past(convention) else 1.0


def keeping_b_z(keep_bias: float, convention: str) -> float:
    """The update gate's bias b_z that biases it toward keeping the state by
    ``keep_bias``: +keep_bias where z keeps the past (cho, pytorch), −keep_bias where z
    takes the candidate (textbook). Its own inverse: a b_z in one convention's terms
    gives the keeping bias, and that gives the b_z of another."""
    return float(keep_bias) if z_keeps_past(convention) else -float(keep_bias) + 0.0  # no -0

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
    b_z = float(keep_bias) if z_keeps_past(convention) else -float(keep_bias)
    return b_z + 0.0  # never -0.0 (a link would say "-0")


class Convention(str):
    """A convention's name (it is that ``str``) that also answers what its z_t means.

    The app makes one per run of a page (``lab.state.page_setup``) and hands it on, so
    the widgets, sentences and tours ask it rather than deciding per convention name::

        conv = Convention("cho")
        conv.z_family            # "keep"
        conv.keep_share(0.9)     # 0.9, the share of h_{t-1} that h_t keeps
        conv.keeping_b_z(2.0)    # +2.0; Convention("textbook").keeping_b_z(2.0) is -2.0
    """

    __slots__ = ()

    def __new__(cls, name: str) -> Convention:
        return super().__new__(cls, check_convention(str(name)))

    @property
    def z_keeps_past(self) -> bool:
        """See ``z_keeps_past``."""
        return z_keeps_past(self)

    @property
    def z_family(self) -> str:
        """See ``z_family``: "keep" or "textbook"."""
        return z_family(self)

    @property
    def take_all_z(self) -> float:
        """See ``take_all_z``: the z that makes h_t = h̃_t."""
        return take_all_z(self)

    @property
    def reset_after(self) -> bool:
        """Whether r_t multiplies W_hh h_{t-1} + b_hn after the matmul (pytorch)."""
        return str(self) in RESET_AFTER

    def keep_share(self, z):
        """See ``keep_share``: the share of h_{t-1} that h_t keeps, for this z."""
        return keep_share(z, self)

    def keeping_b_z(self, keep_bias: float) -> float:
        """See ``keeping_b_z``: the b_z that biases this convention's z toward keeping."""
        return keeping_b_z(keep_bias, self)

    def same_z_meaning(self, other: str | None) -> bool:
        """Whether z means the same here and in ``other`` (False for None: no earlier run)."""
        return other is not None and same_z_meaning(self, other)

"""Named weights for a 1-input, 1-unit GRU, each telling one story about the gates.

Written in the lesson's (textbook) convention, where z_t → 1 takes the candidate::

    r_t = σ(W_xr x_t + W_hr h_{t-1} + b_r)
    z_t = σ(W_xz x_t + W_hz h_{t-1} + b_z)
    h̃_t = tanh(W_xh x_t + W_hh (r_t h_{t-1}) + b_h)
    h_t = (1 − z_t) h_{t-1} + z_t h̃_t

    remember          z ≈ 0.001 unless an input arrives (W_xz = 10, b_z = −7): what a pulse
                      writes stays for hundreds of steps (half-life ≈ 760 steps).
    forget_quickly    z = σ(2) ≈ 0.88 at every step and the candidate sees only x_t:
                      the state is overwritten and a pulse is gone in two steps.
    reset_the_past    r = σ(−8) ≈ 0.0003: the candidate ignores h_{t-1} although W_hh = 5
                      would otherwise feed the state back into itself and hold it at 1.
    leaky_integrator  z = σ(−2.2) ≈ 0.1 and h̃_t ≈ x_t: h_t is an exponential moving
                      average of the input, h_t ≈ 0.9 h_{t-1} + 0.1 x_t.
    latch             r ≈ 1 and W_hh = 4: the candidate's self-feedback has two stable
                      states near ±1; a positive pulse sets it, a negative pulse resets it,
                      and b_h = −0.5 makes it start in the low state.

``preset_params(name, convention)`` gives the same model in the ``cho`` and
``pytorch`` conventions too (identical h for every input).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from gru_core.conventions import check_convention
from gru_core.params import GRUParams

#: The scalar weights every preset sets, in the order of the equations.
WEIGHT_NAMES = ("W_xr", "W_hr", "b_r", "W_xz", "W_hz", "b_z", "W_xh", "W_hh", "b_h")


@dataclass(frozen=True)
class Preset:
    """One named set of textbook weights for I = H = 1 and the story it tells.

    ``story`` is an English sentence for docs and tests; the app shows its own
    translated text, looked up by ``name``. ``signal`` and ``signal_options``
    name the input that shows the story best: ``make_signal(signal, T, **signal_options)``.
    """

    name: str
    weights: Mapping[str, float]  # W_xr, W_hr, b_r, W_xz, W_hz, b_z, W_xh, W_hh, b_h (read-only)
    story: str
    signal: str = "pulse"
    signal_options: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self):
        if set(self.weights) != set(WEIGHT_NAMES):
            raise ValueError(f"a preset sets exactly {WEIGHT_NAMES}, got {tuple(self.weights)}")
        weights = {k: float(self.weights[k]) for k in WEIGHT_NAMES}
        object.__setattr__(self, "weights", MappingProxyType(weights))
        object.__setattr__(self, "signal_options", MappingProxyType(dict(self.signal_options)))


#: Each preset's weights, gate by gate as (input weight, recurrent weight, bias):
#: r = (W_xr, W_hr, b_r), z = (W_xz, W_hz, b_z), h = (W_xh, W_hh, b_h).
_GATES = {
    #                    r                  z                  h
    "remember":         ((0.0, 0.0,  3.0), (10.0, 0.0, -7.0), (2.0, 1.0,  0.0)),
    "forget_quickly":   ((0.0, 0.0,  0.0), ( 0.0, 0.0,  2.0), (2.0, 0.0,  0.0)),
    "reset_the_past":   ((0.0, 0.0, -8.0), ( 0.0, 0.0,  0.0), (2.0, 5.0,  0.0)),
    "leaky_integrator": ((0.0, 0.0,  0.0), ( 0.0, 0.0, -2.2), (1.0, 0.0,  0.0)),
    "latch":            ((0.0, 0.0,  4.0), ( 0.0, 0.0,  2.0), (6.0, 4.0, -0.5)),
}  # fmt: skip

#: The input that shows each story best: ``make_signal(signal, T, **options)``.
_SIGNALS = {
    "remember": ("pulse", {"start": 5, "width": 1}),
    "forget_quickly": ("pulse", {"start": 5, "width": 1}),
    "reset_the_past": ("pulse", {"start": 5, "width": 10}),
    "leaky_integrator": ("noise", {"scale": 0.5}),
    "latch": ("pulse", {"start": 5, "width": 1}),
}

#: Each story in English, for docs and tests (the app shows its own translation by name).
_STORIES = {
    "remember": "The update gate opens only when an input arrives, so whatever a pulse "
    "writes into the state is kept for hundreds of steps.",
    "forget_quickly": "The update gate is wide open at every step, so each new candidate "
    "overwrites the state and a pulse is forgotten within a couple of steps.",
    "reset_the_past": "The reset gate is closed, so the candidate is built from the current "
    "input alone and the state fades as soon as the input stops, although the recurrent "
    "weight would otherwise hold it.",
    "leaky_integrator": "A small constant update gate mixes one tenth of each new input into "
    "the state, so the state is a running average that smooths out noise.",
    "latch": "Strong self-feedback through an open reset gate gives the state two stable "
    "values: a positive pulse flips it up, a negative pulse flips it back down, "
    "and it stays where it was put.",
}

PRESETS: dict[str, Preset] = {
    name: Preset(
        name,
        dict(zip(WEIGHT_NAMES, (*r, *z, *h), strict=True)),
        _STORIES[name],
        *_SIGNALS[name],
    )
    for name, (r, z, h) in _GATES.items()
}


def preset_params(name: str, convention: str = "textbook") -> GRUParams:
    """The preset ``name`` as ``GRUParams`` (I = H = 1) in the given convention.

    textbook: the weights as written. cho: the exact equivalent with the update
    gate negated (σ(−a) = 1 − σ(a), so z becomes the share kept). pytorch: the
    cho weights read with the reset gate after the matmul; for H = 1 and
    b_hh = 0, W_hh (r h) = r (W_hh h), so reset-before and reset-after agree.
    """
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}: choose one of {tuple(PRESETS)}")
    check_convention(convention)
    p = GRUParams.from_gates(**PRESETS[name].weights, convention="textbook")
    if convention == "textbook":
        return p
    p = p.flip_update_gate()  # cho
    return p if convention == "cho" else p.with_convention("pytorch")


__all__ = ["PRESETS", "WEIGHT_NAMES", "Preset", "preset_params"]

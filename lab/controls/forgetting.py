"""The forgetting lesson's controls: its URL parameters, scenarios and tour, and the widget
groups of the gates, the input, the boundary and the plain RNN.

The update gate's sliders exist twice, once per meaning of z (textbook: the share
taken; cho/pytorch: the share kept); switching the convention mirrors them (z → 1 − z,
b_z → −b_z, see ``lab.state.follow_convention``): the same model, so every curve stays
where it was. Each widget group draws its widgets (every one keyed, so tests and tours
drive them by key) and returns its part of the spec ``cached.forget_run`` takes.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from gru_core.conventions import Convention
from gru_core.lessons.forgetting import FORGET_PULSE_T
from lab import plots, teacher, tour, widgets
from lab.i18n import t
from lab.state import Choice, Flag, Int, Num, initial_value, set_widget

MAX_T = 300
#: URL parameters. Defaults: z held at 0.02 (textbook) after the pulse, the reset
#: gate shut, silence: half of the pulse is left after 34 steps, the RNN's after 3.
PARAMS = {
    "f_mode": Choice(("direct", "bias"), "direct"),
    "f_z": Num(0.0, 1.0, 0.02, 0.005),  # textbook: z is the share taken
    "f_zk": Num(0.0, 1.0, 0.98, 0.005),  # cho, pytorch: z is the share kept
    "f_r": Num(0.0, 1.0, 0.0, 0.01),
    "f_bz": Num(-8.0, 8.0, -4.0, 0.1),  # textbook
    "f_bzk": Num(-8.0, 8.0, 4.0, 0.1),  # cho, pytorch
    "f_br": Num(-8.0, 8.0, -4.0, 0.1),
    "f_dist": Choice(("silence", "noise"), "silence"),
    "f_noise": Num(0.05, 1.0, 0.3, 0.05),
    "f_seed": Int(0, 9999, 0),
    "f_T": Int(20, MAX_T, 100),
    "f_bound": Flag(False),
    "f_bat": Int(FORGET_PULSE_T + 1, MAX_T, 40),
    "f_w": Num(0.0, 1.5, 0.9, 0.01),
}
#: Controls teacher mode hides (lab.teacher): the picture keeps their values.
ADVANCED = ("f_T", "f_noise", "f_seed")
#: The update gate's two keys (textbook, keep-z conventions) and how one mirrors into the other.
MIRRORS = (("f_z", "f_zk", lambda v: 1.0 - v), ("f_bz", "f_bzk", lambda v: -v))
#: Scenarios, in textbook terms ("f_z", "f_bz" are mirrored for cho and pytorch).
SCENARIOS = {
    "remember": {"f_mode": "bias", "f_bz": -5.0, "f_br": -4.0, "f_dist": "silence",
                 "f_T": 100, "f_bound": False},
    "boundary": {"f_mode": "bias", "f_bz": -5.0, "f_br": 4.0, "f_dist": "silence",
                 "f_T": 100, "f_bound": True, "f_bat": 40},
    "average": {"f_mode": "direct", "f_z": 0.1, "f_r": 0.0, "f_dist": "noise", "f_noise": 0.5,
                "f_T": 100, "f_bound": False},
}  # fmt: skip


def z_keys(convention: Convention) -> tuple[str, str]:
    """The keys of the update gate's held value and bias in this convention."""
    return ("f_zk", "f_bzk") if convention.z_family == "keep" else ("f_z", "f_bz")


def _clip(key: str, value: float) -> float:
    spec = PARAMS[key]
    return min(spec.hi, max(spec.lo, round(value, 6)))


def scenario_values(name: str, convention: Convention) -> dict:
    """A scenario's widget values in this convention."""
    keeps = convention.z_family == "keep"
    out = {}
    for key, value in SCENARIOS[name].items():
        for tb_key, keep_key, mirror in MIRRORS:
            if key == tb_key and keeps:
                key, value = keep_key, _clip(keep_key, mirror(value))
        out[key] = value
    return out


#: The guided tour: the scenarios, one step each (each step resets the lesson first).
TOUR = tuple(
    tour.Step(name, partial(scenario_values, name), keep_text=name != "boundary")
    for name in SCENARIOS
)


def use_scenario(name: str, convention: Convention) -> None:
    for key, value in scenario_values(name, convention).items():
        set_widget(key, value)


def active_scenario(convention: Convention) -> str | None:
    """The scenario whose settings the widgets hold now, if any."""
    for name in SCENARIOS:
        wanted = scenario_values(name, convention)
        if all(initial_value(k, PARAMS[k]) == v for k, v in wanted.items()):
            return name
    return None


def scenario_buttons(convention: Convention) -> None:
    st.markdown(f"**{t('forgetting.scenarios')}**")
    with st.container(horizontal=True):  # one row block (columns would be one per button)
        for name in SCENARIOS:
            label = t(f"forgetting.scenario.{name}")
            widgets.button(f"f_scen_{name}", label, "play_circle", use_scenario, name, convention)
    active = active_scenario(convention)
    if active:
        st.info(t(f"forgetting.scenario.{active}.look"), icon=":material/visibility:")


def gate_controls(convention: Convention) -> dict:
    """The gates' part of the spec (mode, z, r, b_z, b_r), in the convention's terms."""
    mode = widgets.radio("f_mode", t("forgetting.mode"), PARAMS["f_mode"], fmt="forgetting.mode.{}")
    z_key, bz_key = z_keys(convention)
    family = convention.z_family
    spec = {"mode": mode}
    if mode == "direct":
        st.markdown(f"{plots.swatch('z')} **{t('gate.z')}**")
        spec["z"] = widgets.slider(
            z_key, t("forgetting.z"), PARAMS[z_key], box=True, help=t("forgetting.z_help." + family)
        )
        st.markdown(f"{plots.swatch('r')} **{t('gate.r')}**")
        spec["r"] = widgets.slider("f_r", t("forgetting.r"), PARAMS["f_r"], box=True)
    else:
        st.markdown(f"{plots.swatch('z')} **{t('gate.z')}**")
        spec["b_z"] = widgets.slider(
            bz_key, t("w.b_z"), PARAMS[bz_key], box=True, help=t("forgetting.bz_help." + family)
        )
        st.markdown(f"{plots.swatch('r')} **{t('gate.r')}**")
        spec["b_r"] = widgets.slider("f_br", t("w.b_r"), PARAMS["f_br"], box=True)
    # the values not shown still define the model (the pulse's and boundary's gates)
    spec.setdefault("z", initial_value(z_key, PARAMS[z_key]))
    spec.setdefault("r", initial_value("f_r", PARAMS["f_r"]))
    spec.setdefault("b_z", initial_value(bz_key, PARAMS[bz_key]))
    spec.setdefault("b_r", initial_value("f_br", PARAMS["f_br"]))
    return spec


def input_controls() -> dict:
    """The input's part of the spec: its length, and silence or noise after the pulse."""
    st.markdown(f"{plots.swatch('x')} **{t('forgetting.input')}**")
    T = widgets.slider("f_T", t("forgetting.T"), PARAMS["f_T"])
    dist = widgets.radio("f_dist", t("forgetting.dist"), PARAMS["f_dist"], fmt="forgetting.dist.{}")
    spec = {"T": T, "noise": 0.0, "seed": 0, "boundary": None}
    if dist == "noise":
        c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
        with c1:
            spec["noise"] = widgets.slider("f_noise", t("forgetting.noise"), PARAMS["f_noise"])
        with c2:
            spec["seed"] = widgets.number("f_seed", t("seq.seed"), PARAMS["f_seed"])
    return spec


def boundary_controls(spec: dict) -> tuple[dict, str | None]:
    """The sentence boundary: on or off, and its step; an error text if it is past the
    end (the spec then has no boundary)."""
    st.markdown(f"{plots.swatch('r')} **{t('forgetting.boundary_head')}**")
    if widgets.toggle(
        "f_bound", t("forgetting.bound"), PARAMS["f_bound"], help=t("forgetting.bound_help")
    ):
        b = widgets.slider("f_bat", t("forgetting.bound_at"), PARAMS["f_bat"])
        if b > spec["T"]:
            return spec, t("forgetting.bound_late", b=b, T=spec["T"])
        return spec | {"boundary": b}, None
    return spec, None


def rnn_controls() -> float:
    """The plain RNN's recurrent weight w."""
    st.markdown(f"{plots.swatch('rnn')} **{t('forgetting.rnn')}**")
    return widgets.slider("f_w", t("forgetting.w"), PARAMS["f_w"], help=t("forgetting.w_help"))


def live_knobs(convention: Convention, mode: str, noise: bool) -> dict[str, str]:
    """The sliders the chart follows while they are dragged (those drawn: the gates of
    the mode, the RNN's weight, the noise if any), each with the spec field it sets."""
    z_key, bz_key = z_keys(convention)
    gates = {z_key: "z", "f_r": "r"} if mode == "direct" else {bz_key: "b_z", "f_br": "b_r"}
    shown_noise = {"f_noise": "noise"} if noise and not teacher.hides("f_noise") else {}
    return gates | {"f_w": "w"} | shown_noise

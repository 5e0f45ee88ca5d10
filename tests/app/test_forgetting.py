"""Lesson 4 (forgetting vs remembering): the plotted shares follow the closed forms,
and every control moves them the way the math says."""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import (
    chart,
    curves,
    no_exception,
    run_app,
    run_page,
    sigmoid,
)

from lab.i18n import catalogue

PULSE = 5  # the step of the pulse (gru_core.lessons.forgetting.FORGET_PULSE_T)


def series(at) -> dict[str, np.ndarray]:
    """The chart's curves by meaning (names from the English catalogue)."""
    names = {q: "quantity." + q for q in ("z", "r", "x")}
    names |= {k: "forgetting.chart." + k for k in ("share", "readout", "rnn")}
    return curves(at, "forgetting", names)


def half_life_line(at) -> float | None:
    """x of the closed-form half-life's vertical line (the one in the update gate's
    colour), None if it is hidden."""
    from lab.plots import COLORS

    for shape in chart(at, "forgetting")["layout"].get("shapes", []):
        if shape.get("line", {}).get("color") == COLORS["z"] and shape["x0"] == shape["x1"]:
            return float(shape["x0"]) if shape.get("visible", True) else None
    return None


def rnn_reference(x: np.ndarray, w: float) -> np.ndarray:
    """h_t = tanh(2 x_t + w h_{t-1}), written out."""
    h, out = 0.0, []
    for x_t in x:
        h = math.tanh(2.0 * x_t + w * h)
        out.append(h)
    return np.array(out)


def markdown(at) -> str:
    return " ".join(el.value for el in at.markdown)


def test_defaults_follow_the_closed_form():
    """z held at 0.02, r = 0, silence: the state is 0.98^k of the pulse, half-life 34.3."""
    at = run_page("forgetting")
    no_exception(at)
    s = series(at)
    T = len(s["share"])
    k = np.arange(T - PULSE + 1)  # steps since the pulse: 0 at t = 5
    assert np.all(np.isnan(s["share"][: PULSE - 1]))
    np.testing.assert_allclose(s["share"][PULSE - 1 :], 0.98**k, rtol=1e-12)
    np.testing.assert_allclose(s["readout"][PULSE - 1 :], 0.98**k, rtol=1e-12)
    assert half_life_line(at) == pytest.approx(PULSE + math.log(0.5) / math.log(0.98))
    # the gates as drawn: held at 0.02 and 0, the update gate fully open at the pulse
    assert s["z"][PULSE - 1] == 1.0 and np.all(s["z"][PULSE:] == 0.02)
    assert np.all(s["r"][PULSE:] == 0.0)
    # the plain RNN beside it, on the same pulse
    x = np.zeros(T)
    x[PULSE - 1] = 1.0
    rnn = rnn_reference(x, 0.9)
    np.testing.assert_allclose(s["rnn"][PULSE - 1 :], rnn[PULSE - 1 :] / rnn[PULSE - 1])
    text = markdown(at)
    assert "0.02" in text and "98 %" in text and "**34**" in text
    assert "**35**" in text  # 0.98^35 < ½ < 0.98^34


def test_a_larger_keep_share_remembers_longer():
    at = run_page("forgetting")
    before = series(at)["share"][-1]
    line_before = half_life_line(at)
    at.slider(key="f_z").set_value(0.01).run()
    no_exception(at)
    after = series(at)["share"][-1]
    assert after > before
    assert after == pytest.approx(0.99 ** (100 - PULSE))
    assert half_life_line(at) > line_before
    assert "**69**" in markdown(at)
    at.slider(key="f_z").set_value(0.2).run()
    assert series(at)["share"][-1] < before


def test_more_negative_update_bias_decays_slower_in_textbook():
    at = run_page("forgetting", {"f_mode": "bias"})
    no_exception(at)
    s0 = series(at)
    at.slider(key="f_bz").set_value(-6.0).run()
    no_exception(at)
    s1 = series(at)
    assert s1["share"][-1] > s0["share"][-1]
    # the keep path is (1 − σ(b_z))^k after the pulse (W_hz = 0, silence)
    k = np.arange(100 - PULSE + 1)
    np.testing.assert_allclose(s1["readout"][PULSE - 1 :], (1 - sigmoid(-6.0)) ** k, rtol=1e-12)
    # the pulse opens the gate to be written: z = σ(6 − 6)
    assert s1["z"][PULSE - 1] == pytest.approx(0.5)


def test_an_open_reset_gate_lets_the_candidate_carry_the_past():
    at = run_page("forgetting", {"f_z": "0.1"})
    closed = series(at)
    at.slider(key="f_r").set_value(1.0).run()
    no_exception(at)
    opened = series(at)
    # the keep path is the same, the state now outlasts it: h̃ = tanh(h) feeds it back
    np.testing.assert_allclose(opened["readout"], closed["readout"], equal_nan=True)
    assert np.all(opened["share"][PULSE:] > opened["readout"][PULSE:])
    h = math.tanh(2.0)  # written at the pulse
    for _ in range(3):
        h = 0.9 * h + 0.1 * math.tanh(h)
    assert opened["share"][PULSE + 2] == pytest.approx(h / math.tanh(2.0))


def test_the_rnn_weight_moves_only_the_rnn():
    at = run_page("forgetting")
    s0 = series(at)
    at.slider(key="f_w").set_value(0.5).run()
    s1 = series(at)
    np.testing.assert_allclose(s1["share"], s0["share"], equal_nan=True)
    assert s1["rnn"][PULSE + 2] < s0["rnn"][PULSE + 2]


def test_cho_is_the_same_model_with_z_mirrored():
    """The keep-z twin: f_zk = 0.98 in cho draws what f_z = 0.02 draws in textbook."""
    textbook = series(run_page("forgetting"))
    at = run_page("forgetting", {"conv": "cho"})
    no_exception(at)
    assert at.slider(key="f_zk").value == pytest.approx(0.98)
    cho = series(at)
    np.testing.assert_allclose(cho["share"], textbook["share"], equal_nan=True)
    assert np.all(cho["z"][PULSE:] == 0.98)  # z is now the share kept
    assert "kept" in markdown(at)


def test_switching_the_convention_mirrors_the_update_gate():
    at = run_app()
    at.switch_page("pages/forgetting.py").run()
    at.slider(key="f_z").set_value(0.05).run()
    before = series(at)["share"]
    at.selectbox(key="conv").set_value("pytorch").run()
    no_exception(at)
    assert at.slider(key="f_zk").value == pytest.approx(0.95)
    np.testing.assert_allclose(series(at)["share"], before, equal_nan=True)
    at.selectbox(key="conv").set_value("textbook").run()
    assert at.slider(key="f_z").value == pytest.approx(0.05)


@pytest.mark.parametrize("conv", ["textbook", "cho"])
def test_scenarios_set_their_widgets(conv):
    at = run_app()
    at.switch_page("pages/forgetting.py").run()
    at.selectbox(key="conv").set_value(conv).run()
    bz = "f_bz" if conv == "textbook" else "f_bzk"
    sign = 1.0 if conv == "textbook" else -1.0

    at.button(key="f_scen_remember").click().run()
    no_exception(at)
    assert at.radio(key="f_mode").value == "bias"
    assert at.slider(key=bz).value == pytest.approx(sign * -5.0)
    assert at.info, "the scenario says what to look at"
    s = series(at)
    # 50 steps after: about what the keep path alone carries, (1 − σ(−5))⁵⁰ = 0.715 (the
    # candidate, its reset gate almost shut, adds a little)
    keep_path = (1 - sigmoid(-5.0)) ** 50
    assert s["share"][PULSE + 50 - 1] == pytest.approx(keep_path, abs=0.01)

    at.button(key="f_scen_boundary").click().run()
    no_exception(at)
    assert at.toggle(key="f_bound").value is True
    assert at.slider(key="f_bat").value == 40
    s = series(at)
    assert s["share"][38] > 0.9 and abs(s["share"][39]) < 0.01  # held, then dropped at t = 40
    assert s["r"][39] < 0.001  # the marker closed the reset gate

    at.button(key="f_scen_average").click().run()
    no_exception(at)
    assert at.radio(key="f_mode").value == "direct"
    assert at.radio(key="f_dist").value == "noise"
    z = "f_z" if conv == "textbook" else "f_zk"
    assert at.slider(key=z).value == pytest.approx(0.1 if conv == "textbook" else 0.9)
    s = series(at)
    x = s["x"]
    # a running average: the state moves much less than the noise it averages
    assert np.nanstd(s["share"][30:]) < 0.5 * np.std(x[30:])


def test_noise_opens_the_gate_in_bias_mode():
    quiet = series(run_page("forgetting", {"f_mode": "bias"}))
    at = run_page("forgetting", {"f_mode": "bias", "f_dist": "noise", "f_noise": "0.5"})
    no_exception(at)
    noisy = series(at)
    assert noisy["readout"][-1] < quiet["readout"][-1]  # the keep path erodes faster
    assert np.max(noisy["z"][PULSE:]) > 10 * np.max(quiet["z"][PULSE:])


def test_a_boundary_past_the_end_is_refused_with_a_fix():
    at = run_page("forgetting", {"f_bound": "1", "f_bat": "250", "f_T": "100"})
    no_exception(at)
    assert len(at.error) == 1 and "250" in at.error[0].value
    assert len(series(at)["share"]) == 100  # the run is still drawn, without the boundary


def test_query_params_restore_the_picture():
    at = run_page("forgetting", {"f_mode": "bias", "f_bz": "-6.5", "f_br": "2", "f_T": "150"})
    no_exception(at)
    assert at.radio(key="f_mode").value == "bias"
    assert at.slider(key="f_bz").value == pytest.approx(-6.5)
    s = series(at)
    assert len(s["share"]) == 150
    assert s["r"][-1] == pytest.approx(sigmoid(2.0))
    assert not at.warning


def test_reset_puts_both_update_gate_sliders_back():
    at = run_app()
    at.switch_page("pages/forgetting.py").run()
    at.slider(key="f_z").set_value(0.3).run()
    at.button(key="reset_page").click().run()
    no_exception(at)
    assert at.slider(key="f_z").value == pytest.approx(0.02)


def test_keys_built_at_run_time_exist():
    en = catalogue("en")
    families = ("textbook", "keep")
    need = [f"forgetting.{k}.{f}" for k in ("conv_note", "z_help", "bz_help", "q1", "a1")
            for f in families]  # fmt: skip
    need += [f"forgetting.explain.z.{f}" for f in families]
    need += [f"forgetting.scenario.{s}{x}" for s in ("remember", "boundary", "average")
             for x in ("", ".look")]  # fmt: skip
    need += [f"forgetting.{k}.{o}" for k, opts in (("mode", ("direct", "bias")),
             ("dist", ("silence", "noise"))) for o in opts]  # fmt: skip
    assert [k for k in need if k not in en] == []

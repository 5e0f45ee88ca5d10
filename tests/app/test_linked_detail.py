"""Lesson 3's detail panel: the arithmetic of a picked step, with the engine's numbers.

The expected numbers come from ``gru_core.forward`` run here on parameters built
here (the preset's weights, or PyTorch's initialisation for H > 1), not from the
page's own cache; the memory readout is a product written out with ``np.prod``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from app_helpers import (
    chart,
    math_blocks,
    no_exception,
    run_page,
    trace_by_name,
    trigger,
    values,
)

from gru_core import GRUParams, forward
from gru_core.presets import preset_params
from lab import explain
from lab.controls.sequence import REVEAL


def pulse(T=60, start=5, width=1):
    x = np.zeros((T, 1))
    x[start : start + width] = 1.0
    return x


def engine_trace(preset="remember", convention="textbook", x=None):
    return forward(preset_params(preset, convention), pulse() if x is None else x)


def blocks(at) -> dict[str, str]:
    """The detail panel's revealed equations by quantity (its aligned LaTeX blocks)."""
    heads = {"r": r"{r_t}", "z": r"{z_t}", "h_tilde": r"{\tilde{h}_t}", "h": r"{h_t}"}
    unit = re.compile(r"\{\[(r_t|z_t|\\tilde\{h\}_t|h_t)\]_\{\d+\}\}")
    out = {}
    for body in math_blocks(at):
        if not body.startswith(r"\begin{aligned}"):
            continue
        first = body[len(r"\begin{aligned}") :].split("&")[0]
        m = unit.search(first)
        for q, head in heads.items():
            if head in first or (m and m.group(1) == head.strip("{}")):
                out[q] = body
                break
    return out


def num(v: float, digits: int = 3) -> str:
    s = f"{v:.{digits}f}"
    return s.lstrip("-") if float(s) == 0.0 else s


def shows(block: str, value: float, digits: int = 3) -> bool:
    """The block ends with ``= value`` (the value in its colour), rounded to at least
    ``digits`` decimals (more where the shown terms of a sum need them to add up)."""
    m = re.search(r"\{(-?\d+\.(\d+))\}\\end\{aligned\}$", block.rstrip())
    if m is None or len(m.group(2)) < digits:
        return False
    return abs(float(m.group(1)) - value) <= 0.5 * 10.0 ** -len(m.group(2)) + 1e-15


@pytest.mark.parametrize("t", [6, 7, 20, 60])
def test_picked_step_shows_the_engines_numbers(t):
    at = run_page("sequence", {"t": str(t)})
    no_exception(at)
    tr = engine_trace()
    k = t - 1
    b = blocks(at)
    assert list(b) == ["r", "h_tilde", "z", "h"]  # in the order they are computed
    assert shows(b["r"], tr.r[k, 0])
    assert shows(b["h_tilde"], tr.h_tilde[k, 0])
    assert shows(b["z"], tr.z[k, 0])
    assert shows(b["h"], tr.h[k, 0])
    # the inputs of that step: x_t and h_{t-1}
    inputs = next(el.value for el in at.latex if r"\qquad" in el.value)
    assert f"= {tr.x[k, 0]:.2f}" in inputs and f"= {num(tr.h_prev[k, 0])}" in inputs
    assert any(f"t = {t}:" in m.value for m in at.markdown)
    # the chart's client-side cursor starts at the picked step
    fig = chart(at, "sequence")
    assert fig["layout"]["sliders"][0]["active"] == k


def test_moving_step_t_by_slider_and_box():
    at = run_page("sequence")
    tr = engine_trace()
    at.slider(key="t").set_value(7).run()
    assert shows(blocks(at)["h"], tr.h[6, 0])
    assert at.number_input(key="t__box").value == 7  # the box follows the slider
    at.number_input(key="t__box").set_value(12).run()
    assert at.slider(key="t").value == 12  # and the slider follows the box
    assert shows(blocks(at)["z"], tr.z[11, 0])
    assert at.query_params["t"] == "12"  # a shared link opens at this step


def test_step_beyond_a_shorter_sequence_moves_to_its_end():
    at = run_page("sequence", {"t": "150"})
    no_exception(at)
    assert at.slider(key="t").value == 60 and at.slider(key="t").max == 60
    assert shows(blocks(at)["h"], engine_trace().h[59, 0])


def test_each_reveal_step_adds_the_next_quantity():
    at = run_page("sequence", {"t": "8"})
    assert list(blocks(at)) == ["r", "h_tilde", "z", "h"]  # everything, to start with
    at.button(key="detail_restart").click().run()
    assert blocks(at) == {}
    assert at.button(key="detail_restart").disabled
    seen = []
    for q in ("r", "h_tilde", "z", "h"):
        assert not at.button(key="detail_next").disabled
        at.button(key="detail_next").click().run()
        no_exception(at)
        seen.append(q)
        assert list(blocks(at)) == seen
    assert at.button(key="detail_next").disabled  # nothing left to reveal
    at.button(key="detail_restart").click().run()
    at.button(key="detail_all").click().run()
    assert list(blocks(at)) == ["r", "h_tilde", "z", "h"]


def test_the_next_button_names_what_comes_next():
    at = run_page("sequence")
    at.button(key="detail_restart").click().run()
    assert "reset gate" in at.button(key="detail_next").label
    at.button(key="detail_next").click().run()
    assert "candidate" in at.button(key="detail_next").label


@pytest.mark.parametrize("convention", ["cho", "pytorch"])
def test_other_conventions_show_their_own_numbers(convention):
    at = run_page("sequence", {"conv": convention, "t": "6"})
    no_exception(at)
    tr = engine_trace(convention=convention)
    b = blocks(at)
    for q in ("r", "z", "h_tilde", "h"):
        assert shows(b[q], getattr(tr, q)[5, 0]), q
    if convention == "pytorch":
        assert r"b_{hn}" in b["h_tilde"]
    else:
        assert r"\textcolor{#009E73}{z_t} \odot \textcolor{#0072B2}{h_{t-1}}" in b["h"]


def test_several_units_show_the_picked_unit():
    """H = 3: PyTorch's initialisation from seed 0, times the weight scale 3 (the page's rule)."""
    at = run_page("sequence", {"H": "3", "T": "30", "t": "10", "unit": "2"})
    no_exception(at)
    p = GRUParams.init(1, 3, np.random.default_rng(0), convention="textbook")
    p = GRUParams(
        weight_ih=3 * p.weight_ih,
        weight_hh=3 * p.weight_hh,
        bias_ih=3 * p.bias_ih,
        bias_hh=3 * p.bias_hh,
        convention="textbook",
    )
    tr = forward(p, pulse(T=30))
    b = blocks(at)
    assert r"[r_t]_{2}" in b["r"]
    for q in ("r", "z", "h_tilde", "h"):
        assert shows(b[q], getattr(tr, q)[9, 1]), q
    # the parts of a pre-activation add up to it: [W_xr x]_2 + [W_hr h]_2 + [b_r]_2
    x_part = float(p.W_xr[1] @ tr.x[9])
    shown = f"(-{abs(x_part):.2f})" if round(x_part, 2) < 0 else num(x_part, 2)
    assert rf"\sigma\big({shown} " in b["r"]
    at.slider(key="unit").set_value(3).run()
    assert shows(blocks(at)["h"], tr.h[9, 2])


def half_mark(fig: dict) -> tuple[float, str] | None:
    """The memory row's half-life label, (its t, its text), or None if it is hidden."""
    (label,) = [a for a in fig["layout"]["annotations"] if "½" in a["text"]]
    return (label["x"], label["text"]) if label.get("visible", True) else None


def test_memory_readout_is_the_product_of_keep_shares():
    """M_t = ∏_{k=s+1}^{t} (1 − z_k) for the picked step s, nan before it."""
    at = run_page("sequence", {"preset": "forget_quickly", "t": "6"})
    no_exception(at)
    z = engine_trace("forget_quickly").z[:, 0]
    fig = chart(at, "sequence")
    m = values(trace_by_name(fig, "memory of h₆")["y"])
    s = 6
    expected = [np.nan] * (s - 1) + [np.prod(1.0 - z[s:t]) for t in range(s, 61)]
    np.testing.assert_allclose(m, expected, rtol=1e-12)
    # the half-life mark sits at the first step where the product is at most ½
    t_half = next(t for t in range(s, 61) if np.prod(1.0 - z[s:t]) <= 0.5)
    assert half_mark(fig) == (t_half, f"½ gone at t = {t_half}")
    # its marker sits on the memory line there
    big = [d for d in fig["data"] if d.get("marker", {}).get("size") == 11]
    (mark,) = big
    assert values(mark["x"])[0] == t_half
    assert values(mark["y"])[0] == pytest.approx(m[t_half - 1], rel=1e-12)
    assert any(f"by t = {t_half}" in m.value for m in at.markdown)


def test_memory_line_is_named_with_the_picked_step_as_a_subscript():
    """Chart labels take no LaTeX: the step is written in subscript digits (h₁₂)."""
    assert explain.sub(6) == "₆" and explain.sub(120) == "₁₂₀"
    at = run_page("sequence", {"preset": "forget_quickly", "t": "12"})
    names = [d.get("name") for d in chart(at, "sequence")["data"]]
    assert "memory of h₁₂" in names


def test_memory_readout_in_a_keep_convention_multiplies_z():
    at = run_page("sequence", {"conv": "cho", "t": "6"})
    z = engine_trace(convention="cho").z[:, 0]
    m = values(trace_by_name(chart(at, "sequence"), "memory of h₆")["y"])
    np.testing.assert_allclose(m[5:], [np.prod(z[6:t]) for t in range(6, 61)], rtol=1e-12)
    # the remember preset keeps more than half of h_6 to the end: no half-life mark
    assert half_mark(chart(at, "sequence")) is None


@pytest.mark.parametrize("conv", ["textbook", "cho"])
def test_memory_formula_shows_its_first_step_as_a_number(conv):
    """Picked step s = 6: the product starts at k = 7, written as 7 (not 6+1); its
    factor is the keep share, 1 − z_k in the textbook convention and z_k in cho."""
    at = run_page("sequence", {"conv": conv, "t": "6"})
    no_exception(at)
    (note,) = [m.value for m in at.markdown if r"\prod_" in m.value]
    assert r"M_t = \prod_{k=7}^{t} " in note and "+1" not in note, note
    assert ("(1 - " in note) == (conv == "textbook"), note


def test_a_word_says_which_letter_is_in():
    at = run_page("sequence", {"signal": "word", "word": "abba", "t": "2"})
    no_exception(at)
    assert any("`b`" in c.value for c in at.caption)
    assert list(blocks(at)) == ["r", "h_tilde", "z", "h"]


@pytest.mark.parametrize(("x", "t"), [(17, 17), (16.6, 17), (99.4, 60), (-3, 1)])
def test_clicking_a_point_picks_its_step(x, t):
    """A click on the chart sends its point's x (lab.live's trigger "pick"): the nearest
    step within 1 .. T becomes the picked one, its arithmetic started over."""
    at = run_page("sequence", {"t": "6"})
    at = trigger(at, "sequence", "pick", x)
    no_exception(at)
    assert at.slider(key="t").value == t
    assert at.query_params["t"] == str(t)
    assert not at.session_state[REVEAL]  # Next reveals r first
    m = values(trace_by_name(chart(at, "sequence"), f"memory of h{explain.sub(t)}")["y"])
    assert np.isnan(m[: t - 1]).all() and m[t - 1] == 1.0


@pytest.mark.parametrize("x", [None, "nan", "a step", float("inf")])
def test_a_click_without_a_number_picks_nothing(x):
    at = trigger(run_page("sequence", {"t": "6"}), "sequence", "pick", x)
    no_exception(at)
    assert at.slider(key="t").value == 6


def test_every_line_point_can_be_clicked_without_dimming():
    fig = chart(run_page("sequence"), "sequence")
    lines = [d for d in fig["data"] if d["type"] == "scatter" and d.get("hoverinfo") != "skip"]
    assert len(lines) >= 6
    for d in lines:
        assert "markers" in d["mode"]
        assert d["selected"]["marker"]["opacity"] == d["unselected"]["marker"]["opacity"]

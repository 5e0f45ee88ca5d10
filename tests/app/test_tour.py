"""Guided tours: each step resets the lesson and sets the widgets it names
(session and URL), in the convention's own terms where z's meaning matters."""

from __future__ import annotations

import math

import pytest
from conftest import no_exception, run_page, sigmoid


def sidebar_text(at) -> str:
    return " ".join(m.value for m in at.sidebar.markdown)


def click(at, key):
    at.button(key=key).click().run()
    no_exception(at)
    return at


def test_sequence_tour_sets_the_widgets_it_names():
    at = run_page("sequence")
    at.slider(key="T").set_value(100).run()  # something the tour must undo
    assert "Start the tour" in at.button(key="tour_start").label
    click(at, "tour_start")
    assert "Remember a pulse" in sidebar_text(at) and "Step 1 of 5" in at.sidebar.caption[0].value
    assert at.selectbox(key="preset").value == "remember"
    assert at.slider(key="T").value == 60 and at.slider(key="t").value == 6
    click(at, "tour_next")
    assert at.selectbox(key="preset").value == "forget_quickly"
    assert at.query_params["preset"] == "forget_quickly"  # a link opens the same picture
    click(at, "tour_next")
    assert at.selectbox(key="preset").value == "reset_the_past"
    assert at.slider(key="width").value == 10 and at.slider(key="t").value == 16
    click(at, "tour_next")
    assert at.selectbox(key="preset").value == "remember"  # back to the defaults ...
    assert at.selectbox(key="ov").value == "hold_z"  # ... with the update gate held
    assert at.slider(key="ov_z").value == 1.0  # textbook: z = 1 takes the whole candidate
    click(at, "tour_next")
    assert at.selectbox(key="ov").value == "rnn" and at.slider(key="t").value == 7
    assert not [el for el in at.latex if r"\begin{aligned}" in el.value]  # built up by Next
    assert "Finish" in at.button(key="tour_next").label
    click(at, "tour_back")
    assert at.selectbox(key="ov").value == "hold_z"
    click(at, "tour_end")
    assert "tour_next" not in [b.key for b in at.button]
    assert at.selectbox(key="ov").value == "hold_z"  # ending the tour keeps the picture


def test_sequence_tour_in_a_keep_convention():
    at = run_page("sequence", {"conv": "cho"})
    click(at, "tour_start")
    for _ in range(3):
        click(at, "tour_next")
    assert at.slider(key="ov_z").value == 0.0  # cho: z = 0 takes the whole candidate
    assert "z is the share kept" in sidebar_text(at)


@pytest.mark.parametrize("convention, b_z", [("textbook", 6.0), ("cho", -6.0), ("pytorch", -6.0)])
def test_one_step_tour_takes_the_whole_candidate_in_every_convention(convention, b_z):
    at = run_page("one_step", {"conv": convention, "b_r": "2"})
    click(at, "tour_start")
    assert at.slider(key="b_r").value == -6.0
    click(at, "tour_next")
    assert at.slider(key="b_z").value == b_z
    assert at.slider(key="b_r").value == 0.0  # the step before is undone
    assert at.number_input(key="b_z__box").value == b_z  # the number box follows
    h = [el.value.strip().strip("$").strip() for el in at.latex if r"{h_t} &=" in el.value][0]
    # lesson 2's story weights with x = 1, h_{t-1} = -0.6, written out
    r = sigmoid(1.0 - 0.6)
    h_tilde = math.tanh(2.0 - 0.6 * r)
    z = sigmoid(1.0 + b_z)
    keep = z if convention != "textbook" else 1.0 - z
    assert keep < 0.01  # the tour's point: (almost) nothing of the past is kept
    assert h.endswith(f"{{{keep * -0.6 + (1 - keep) * h_tilde:.3f}}}\\end{{aligned}}")


def test_home_tour_moves_the_live_cell():
    at = run_page("home")
    click(at, "tour_start")
    assert (at.slider(key="x").value, at.slider(key="h_prev").value) == (1.0, -0.6)
    click(at, "tour_next")
    assert (at.slider(key="x").value, at.slider(key="h_prev").value) == (0.0, 0.8)
    assert at.query_params["x"] == "0" and at.query_params["h_prev"] == "0.8"
    click(at, "tour_next")
    assert at.slider(key="x").value == 2.0
    click(at, "tour_next")  # Finish
    assert "tour_start" in [b.key for b in at.button]

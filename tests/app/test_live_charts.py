"""A lesson chart's live frames (lab.live.chart_frames): what the browser shows while a
slider is dragged, frame by frame, against references written here.

A frame carries a curve as 16-bit steps over its range (lab.live.pack: a hundredth of
a pixel), so its numbers are compared to half a step; what is written (a half-life's
mark) is compared exactly. Forgetting, direct mode with r = 0 and silence: after the pulse the
state keeps (1 − z)^k of it (textbook), its half-life is ln ½ / ln(1 − z); the plain
RNN is h_t = tanh(2 x_t + w h_{t−1}), written out below.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import (
    ask_frames,
    assert_curves_released,
    frame_figure,
    frame_step,
    live_data,
    live_frames,
    run_page,
    trace_by_name,
    values,
)

from lab.i18n import t

PULSE, T = 5, 100  # the forgetting lesson's pulse step and default length


def curve(fig: dict, name: str) -> np.ndarray:
    return values(trace_by_name(fig, t(name, lang="en"))["y"])


def assert_shown(data: dict, knob: str, i: int, name: str, expected, first: int = 0) -> None:
    """Curve ``name`` of frame i, from point ``first`` on, is ``expected`` to half a step
    of its 16-bit numbers (compared as log10 on a log axis)."""
    fig = frame_figure(data, knob, i)
    trace = trace_by_name(fig, t(name, lang="en"))
    step, log = frame_step(data, knob, next(j for j, tr in enumerate(fig["data"]) if tr is trace))
    shown = values(trace["y"])[first:]
    expected = np.broadcast_to(np.asarray(expected, dtype=float), shown.shape)
    if log:
        shown, expected = np.log10(shown), np.log10(expected)
    np.testing.assert_allclose(shown, expected, rtol=0, atol=step / 2 * (1 + 1e-9))


def half_mark(fig: dict):
    """The half-life's vertical mark: (x, shown)."""
    from lab.plots import COLORS

    for shape in fig["layout"]["shapes"]:
        if shape["line"]["color"] == COLORS["z"] and shape["x0"] == shape["x1"]:
            return shape["x0"], shape.get("visible", True)
    raise AssertionError("no half-life mark")


@pytest.fixture(scope="module")
def forgetting():
    return live_frames(run_page("forgetting"), "forgetting")


def test_forgetting_follows_the_update_gate_it_is_dragged_to(forgetting):
    """Every frame of z: the state and the keep path are (1 − z)^k of the pulse, the
    update gate is drawn at z, and the half-life mark stands at ln ½ / ln(1 − z)."""
    k = forgetting["knobs"]["f_z"]
    n = len(k["values"])
    assert n == 201  # 0 to 1 by 0.005
    for i in range(n):
        z = round(k["lo"] + i * k["step"], 10)
        kept = (1.0 - z) ** np.arange(T - PULSE + 1)
        for name in ("forgetting.chart.share", "forgetting.chart.readout"):
            assert_shown(forgetting, "f_z", i, name, kept, first=PULSE - 1)
        assert_shown(forgetting, "f_z", i, "quantity.z", z, first=PULSE)
        x, shown = half_mark(frame_figure(forgetting, "f_z", i))
        # none kept (z = 1): gone at once; all kept (z = 0): never
        half = 0.0 if z == 1.0 else math.log(0.5) / math.log(1.0 - z) if z > 0.0 else math.inf
        assert shown == (PULSE + half <= T), z
        if shown:
            assert x == pytest.approx(PULSE + half, rel=1e-12), z


def test_forgetting_follows_the_plain_rnns_weight(forgetting):
    k = forgetting["knobs"]["f_w"]
    x = np.zeros(T)
    x[PULSE - 1] = 1.0
    for i in range(len(k["values"])):
        w = k["lo"] + i * k["step"]
        h, rnn = 0.0, []
        for x_t in x:
            h = math.tanh(2.0 * x_t + w * h)
            rnn.append(h)
        share = np.array(rnn[PULSE - 1 :]) / rnn[PULSE - 1]
        assert_shown(forgetting, "f_w", i, "forgetting.chart.rnn", share, first=PULSE - 1)


@pytest.mark.parametrize(("knob", "value"), [("f_r", 0.6), ("f_z", 0.3), ("f_w", 1.2)])
def test_a_forgetting_frame_is_the_chart_the_release_draws(forgetting, knob, value):
    """The frame at a value and the page run with the slider released there: the same
    curves (to half a step of the frame's numbers), the same marks and labels."""
    k = forgetting["knobs"][knob]
    i = round((value - k["lo"]) / k["step"])
    frame = frame_figure(forgetting, knob, i)
    released = live_data(run_page("forgetting", {knob: str(value)}), "forgetting")["fig"]
    assert_curves_released(forgetting, knob, frame, released)
    assert frame["layout"]["annotations"] == released["layout"]["annotations"]
    assert frame["layout"]["shapes"] == released["layout"]["shapes"]


def offered(page: str, query: dict | None = None) -> set[str]:
    return set(live_data(run_page(page, query), page)["offer"])


def test_forgetting_follows_the_gates_of_its_mode_and_the_noise():
    assert offered("forgetting") == {"f_z", "f_r", "f_w"}
    assert offered("forgetting", {"conv": "cho", "f_mode": "bias"}) == {"f_bzk", "f_br", "f_w"}
    assert "f_noise" in offered("forgetting", {"f_dist": "noise"})
    # teacher mode hides the noise's slider: no frames for it
    assert "f_noise" not in offered("forgetting", {"f_dist": "noise", "teach": "1"})


@pytest.mark.parametrize(("page", "knob"), [("forgetting", "f_z"), ("gradients", "g_w")])
def test_the_payload_of_a_chart_run_stays_under_500_kB(page, knob):
    """The figure and the frames of its knob with the most positions, in one run."""
    at = ask_frames(run_page(page), page, knob)
    assert knob in live_data(at, page)["knobs"]
    size = sum(len(el.proto.SerializeToString()) for el in at.get("bidi_component"))
    assert size < 500_000, size


def test_gradients_follow_the_rnns_weight_to_its_bound():
    """Every frame of w: the RNN's bound is w^(T−t) (T = 200), as written here."""
    data = live_frames(run_page("gradients"), "gradients", ["g_w"])
    k = data["knobs"]["g_w"]
    t_steps = np.arange(201)
    for i in range(len(k["values"])):
        w = k["lo"] + i * k["step"]
        bound = w ** (200 - t_steps)
        shown = bound > 0  # a zero is left out of the log axis (w = 0 before T)
        assert_shown(data, "g_w", i, "gradients.chart.bound", np.where(shown, bound, np.nan))


@pytest.mark.parametrize(("knob", "value"), [("g_bz", -1.5), ("g_br", 2.0), ("g_w", 1.1)])
def test_a_gradients_frame_is_the_chart_the_release_draws(knob, value):
    data = live_frames(run_page("gradients"), "gradients", [knob])
    k = data["knobs"][knob]
    i = round((value - k["lo"]) / k["step"])
    frame = frame_figure(data, knob, i)
    released = live_data(run_page("gradients", {knob: str(value)}), "gradients")["fig"]
    for j, (drawn, moved) in enumerate(zip(released["data"], frame["data"], strict=True)):
        shown, expected = values(moved["y"]), values(drawn["y"])
        if not any((t, a) == (j, "y") for t, a, *_ in k["arrays"]):
            np.testing.assert_array_equal(shown, expected)
            continue
        step, log = frame_step(data, knob, j)
        assert log  # the gradients' axis is a log one: the frames are log10 steps
        np.testing.assert_allclose(
            np.log10(shown), np.log10(expected), rtol=0, atol=step / 2 * (1 + 1e-9)
        )
    assert frame["layout"]["yaxis"] == released["layout"]["yaxis"]

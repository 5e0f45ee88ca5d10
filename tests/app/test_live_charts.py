"""A lesson chart's live frames (lab.live.chart_frames): what the browser shows while a
slider is dragged, frame by frame, against references written here.

The frames carry the curves as float32 (the drawn figure is float64), so a frame's
numbers are compared to 1e-6 of their size; what is written (a half-life's mark) is
compared exactly. Forgetting, direct mode with r = 0 and silence: after the pulse the
state keeps (1 − z)^k of it (textbook), its half-life is ln ½ / ln(1 − z); the plain
RNN is h_t = tanh(2 x_t + w h_{t−1}), written out below.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from app_helpers import frame_figure, live_data, run_page, trace_by_name, values

from lab.i18n import t

PULSE, T = 5, 100  # the forgetting lesson's pulse step and default length
F32 = dict(rtol=1e-6, atol=1e-44)  # float32: 2^-24 of a value, and its smallest


def curve(fig: dict, name: str) -> np.ndarray:
    return values(trace_by_name(fig, t(name, lang="en"))["y"])


def half_mark(fig: dict):
    """The half-life's vertical mark: (x, shown)."""
    from lab.plots import COLORS

    for shape in fig["layout"]["shapes"]:
        if shape["line"]["color"] == COLORS["z"] and shape["x0"] == shape["x1"]:
            return shape["x0"], shape.get("visible", True)
    raise AssertionError("no half-life mark")


@pytest.fixture(scope="module")
def forgetting():
    return live_data(run_page("forgetting"), "forgetting")


def test_forgetting_follows_the_update_gate_it_is_dragged_to(forgetting):
    """Every frame of z: the state and the keep path are (1 − z)^k of the pulse, the
    update gate is drawn at z, and the half-life mark stands at ln ½ / ln(1 − z)."""
    k = forgetting["knobs"]["f_z"]
    n = len(k["values"])
    assert n == 201  # 0 to 1 by 0.005
    for i in range(n):
        z = round(k["lo"] + i * k["step"], 10)
        fig = frame_figure(forgetting, "f_z", i)
        kept = (1.0 - z) ** np.arange(T - PULSE + 1)
        np.testing.assert_allclose(curve(fig, "forgetting.chart.share")[PULSE - 1 :], kept, **F32)
        np.testing.assert_allclose(curve(fig, "forgetting.chart.readout")[PULSE - 1 :], kept, **F32)
        np.testing.assert_allclose(curve(fig, "quantity.z")[PULSE:], z, **F32)
        x, shown = half_mark(fig)
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
        shown = curve(frame_figure(forgetting, "f_w", i), "forgetting.chart.rnn")
        np.testing.assert_allclose(shown[PULSE - 1 :], share, **F32)


@pytest.mark.parametrize(("knob", "value"), [("f_r", 0.6), ("f_z", 0.3), ("f_w", 1.2)])
def test_a_forgetting_frame_is_the_chart_the_release_draws(forgetting, knob, value):
    """The frame at a value and the page run with the slider released there: the same
    curves (to float32), the same marks and labels."""
    k = forgetting["knobs"][knob]
    frame = frame_figure(forgetting, knob, round((value - k["lo"]) / k["step"]))
    released = live_data(run_page("forgetting", {knob: str(value)}), "forgetting")["fig"]
    for drawn, moved in zip(released["data"], frame["data"], strict=True):
        for attr in ("x", "y"):
            np.testing.assert_allclose(values(moved[attr]), values(drawn[attr]), **F32)
    assert frame["layout"]["annotations"] == released["layout"]["annotations"]
    assert frame["layout"]["shapes"] == released["layout"]["shapes"]


def test_forgetting_follows_the_gates_of_its_mode_and_the_noise():
    direct = live_data(run_page("forgetting"), "forgetting")["knobs"]
    assert set(direct) == {"f_z", "f_r", "f_w"}
    keep = live_data(run_page("forgetting", {"conv": "cho", "f_mode": "bias"}), "forgetting")
    assert set(keep["knobs"]) == {"f_bzk", "f_br", "f_w"}
    noisy = live_data(run_page("forgetting", {"f_dist": "noise"}), "forgetting")["knobs"]
    assert "f_noise" in noisy
    taught = live_data(run_page("forgetting", {"f_dist": "noise", "teach": "1"}), "forgetting")
    assert "f_noise" not in taught["knobs"]  # teacher mode hides it: no frames for it


def test_the_payload_of_forgetting_stays_under_500_kB():
    at = run_page("forgetting")
    size = sum(len(el.proto.SerializeToString()) for el in at.get("bidi_component"))
    assert size < 500_000, size

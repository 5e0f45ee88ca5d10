"""The live cell's frames (lab.live): what the browser shows while a slider is dragged.

Every frame a page sends is checked against a separate ``gru_core.forward`` of the
single one-unit model at that knob value (not the batched family the page used): the
path widths to 1e-12 against the closed form width = 1 + 8·(share that flows), the
written numbers against the engine's to their last written digit.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from app_helpers import ask_frames, chart, live_data, live_elements, live_frames, run_page, values

from gru_core import GRUParams, forward
from gru_core.lessons import STORY_STEP

#: The share each convention's keep path carries, from the equations
#: (../shared/reference/gru-equations.md): textbook h = (1 − z) h_prev + z h̃.
KEEP = {"textbook": lambda z: 1.0 - z, "cho": lambda z: z, "pytorch": lambda z: z}


def single_step(w: dict, x: float, h_prev: float, conv: str):
    p = GRUParams.from_gates(
        W_xr=w["W_xr"], W_hr=w["W_hr"], b_r=w["b_r"],
        W_xz=w["W_xz"], W_hz=w["W_hz"], b_z=w["b_z"],
        W_xh=w["W_xh"], W_hh=w["W_hh"], b_h=w["b_h"],
        b_hh=w["b_hn"] if conv == "pytorch" else None, convention=conv,
    )  # fmt: skip
    return forward(p, np.array([[x]]), np.array([h_prev]))


SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def written(s: str) -> tuple[float, float]:
    """A written number ("0.52", "+1.00", "2.9 × 10⁻⁷") and half a unit of its last digit."""
    s = s.replace("+", "").replace("−", "-")
    scale = 0
    if " × 10" in s:
        s, power = s.split(" × 10")
        scale = int(power.translate(SUPERSCRIPT))
    digits = len(s.split(".")[1]) if "." in s else 0
    return float(s) * 10.0**scale, 0.5 * 10.0 ** (scale - digits) + 1e-12


def check_frames(data: dict, knob: str, w: dict, x: float, h_prev: float, conv: str) -> int:
    names = {leaf: i for i, leaf in enumerate(data["names"])}
    k = data["knobs"][knob]
    assert k["frames"], knob
    for i, frame in enumerate(k["frames"]):
        v = round(k["lo"] + i * k["step"], 10)
        ww, xx, hh = dict(w), x, h_prev
        if knob == "x":
            xx = v
        elif knob == "h_prev":
            hh = v
        else:
            ww[knob] = v
        tr = single_step(ww, xx, hh, conv)
        r, z, h_tilde, h = (float(getattr(tr, q)[0, 0]) for q in ("r", "z", "h_tilde", "h"))
        keep = KEEP[conv](z)
        assert frame[names["keep"]] == pytest.approx(1 + 8 * keep, abs=1e-12), (knob, v)
        assert frame[names["take"]] == pytest.approx(1 + 8 * (1 - keep), abs=1e-12), (knob, v)
        assert frame[names["reset"]] == pytest.approx(1 + 8 * r, abs=1e-12), (knob, v)
        for q, value in (("r", r), ("z", z), ("h_tilde", h_tilde), ("h_prev", hh), ("x", xx)):
            shown, half = written(frame[names[q]])
            assert abs(shown - value) <= half, (knob, v, q, frame[names[q]], value)
        kept, taken, h_shown = (frame[names[q]] for q in ("kept", "taken", "h"))
        assert abs(written(kept)[0] - keep * hh) <= written(kept)[1], (knob, v)
        assert abs(written(taken)[0] - (1 - keep) * h_tilde) <= written(taken)[1], (knob, v)
        assert abs(written(h_shown)[0] - h) <= written(h_shown)[1] + 1e-9, (knob, v)
        # the shares as written add up to h as written
        assert Decimal(kept) + Decimal(taken) == Decimal(h_shown), (knob, v, kept, taken)
        if conv == "pytorch":
            g = float(tr.g[0, 0])
            assert abs(written(frame[names["g"]])[0] - g) <= written(frame[names["g"]])[1]
    return len(k["frames"])


def live(at) -> dict:
    """The cell's figure with the frames of every knob it offers (each asked for)."""
    return live_frames(at, "cell")


@pytest.mark.parametrize("conv", ["textbook", "cho", "pytorch"])
def test_home_frames_are_the_engines_numbers(conv):
    data = live(run_page("home", {"conv": conv}))
    w = STORY_STEP
    assert set(data["knobs"]) == {"x", "h_prev"}
    n = sum(check_frames(data, k, w, w["x"], w["h_prev"], conv) for k in data["knobs"])
    assert n == 81 + 41  # x in [−2, 2] and h_prev in [−1, 1], steps of 0.05


@pytest.mark.parametrize("conv", ["textbook", "pytorch"])
def test_one_step_frames_are_the_engines_numbers(conv):
    q = {"conv": conv, "x": "0.5", "h_prev": "0.3", "b_z": "1.5", "W_hh": "-2", "b_hn": "0.7"}
    checked = ("x", "b_z", "W_hh", "b_hn" if conv == "pytorch" else "W_xr")
    data = live_frames(run_page("one_step", q), "cell", checked)
    w = dict(STORY_STEP, b_z=1.5, W_hh=-2.0, b_hn=0.7 if conv == "pytorch" else 0.0)
    knobs = {"x", "h_prev", "W_xr", "W_hr", "b_r", "W_xz", "W_hz", "b_z", "W_xh", "W_hh", "b_h"}
    assert set(data["offer"]) == knobs | ({"b_hn"} if conv == "pytorch" else set())
    for k in checked:
        check_frames(data, k, w, 0.5, 0.3, conv)


def test_the_frame_at_the_slider_value_is_the_drawing_python_sends():
    """Applying the frame of a knob's current value to the drawing changes nothing: the
    browser's picture under a still finger is the one the page drew."""
    data = live_frames(run_page("one_step", {"b_z": "1.5"}), "cell", ["b_z"])
    fig = data["fig"]["layout"]
    k = data["knobs"]["b_z"]
    frame = k["frames"][round((1.5 - k["lo"]) / k["step"])]
    for path, leaf, shown in data["bindings"]:
        name, v = data["names"][leaf], frame[leaf]
        v = shown.replace("{}", v) if isinstance(shown, str) else v
        v = min(v, shown) if isinstance(shown, float) else v
        kind, rest = path.split("[", 1)
        index, attr = rest.split("].", 1)
        node = fig[kind][int(index)]
        for part in attr.split(".")[:-1]:
            node = node[part]
        assert node[attr.split(".")[-1]] == v, (path, name)


def test_teacher_mode_sends_no_frames_for_hidden_sliders():
    at = run_page("one_step", {"teach": "1"})
    data = live(at)
    assert not {"W_hr", "W_hz", "W_hh", "b_hn"} & set(data["offer"])
    assert {"x", "h_prev", "b_z"} <= set(data["knobs"])
    # a knob not offered (hidden, or a name from anywhere) is not computed
    assert live_data(ask_frames(at, "cell", "W_hh"), "cell")["knobs"] == {}


def test_a_run_sends_frames_only_when_the_browser_asks():
    """A page run (a release, a keyboard step, a class's sliders) computes no frames; the
    browser's request for one knob sends that knob's alone."""
    at = run_page("one_step")
    assert live_data(at, "cell")["knobs"] == {}
    assert set(live_data(ask_frames(at, "cell", "b_z"), "cell")["knobs"]) == {"b_z"}
    at.slider(key="b_z").set_value(1.0).run()
    assert live_data(at, "cell")["knobs"] == {}


def test_the_payload_of_a_run_stays_under_500_kB():
    """The largest run: the figure and the frames of the knob with the most positions."""
    at = run_page("one_step", {"conv": "pytorch"})
    sizes = {}
    for knob in live_data(at, "cell")["offer"]:
        ask_frames(at, "cell", knob)
        sizes[knob] = sum(len(el.proto.SerializeToString()) for el in at.get("bidi_component"))
    assert max(sizes.values()) < 500_000, sizes


@pytest.mark.parametrize("t", [1, 6, 8, 60])
def test_the_sequence_cursor_cell_and_step_panel_show_the_same_step(t):
    """A picked step (a click on the chart or the step box sets t) moves the chart's
    cursor, the cell drawn beside the step's arithmetic and the arithmetic together:
    the cell's numbers are the chart's values at t, h_{t-1} the state's at t − 1."""
    at = run_page("sequence", {"t": str(t)})
    fig = chart(at, "sequence")
    cursor = fig["layout"]["shapes"][0]
    assert (cursor["x0"], cursor["x1"]) == (t - 0.5, t + 0.5)
    series = {d["name"]: values(d["y"]) for d in fig["data"] if d.get("name")}
    texts = [a["text"] for a in live_data(at, "step_cell")["fig"]["layout"]["annotations"]]
    for q, name in (("r", "reset gate r"), ("z", "update gate z"), ("h̃", "candidate h̃")):
        (text,) = [s for s in texts if f"{q} = " in s]
        shown, half = written(text.split(" = ")[1])
        assert abs(shown - series[name][t - 1]) <= half, (q, text)
    (h_prev,) = [s for s in texts if "h<sub>t−1</sub>" in s and "<br>" in s]
    before = series["state h"][t - 2] if t > 1 else 0.0  # the sequence starts from h_0 = 0
    shown, half = written(h_prev.split("<br>")[1])
    assert abs(shown - before) <= half, h_prev
    assert any(f"t = {t}:" in m.value for m in at.markdown)  # the panel's heading


def test_the_sequence_cell_has_a_frame_for_every_step_of_the_chart():
    """The cell's frames follow the time cursor: frame k is step k + 1 of the run the
    chart shows (its r, z, h̃ at that step, h_{t-1} the state one step before)."""
    at = run_page("sequence", {"preset": "forget_quickly"})
    fig = chart(at, "sequence")
    series = {d["name"]: values(d["y"]) for d in fig["data"] if d.get("name")}
    data = live_data(at, "step_cell")
    names = {leaf: i for i, leaf in enumerate(data["names"])}
    cursor = data["knobs"]["cursor"]
    assert (cursor["lo"], cursor["step"], len(cursor["frames"])) == (1, 1, 60)
    for k, frame in enumerate(cursor["frames"]):
        assert frame[names["t"]] == str(k + 1)
        for q, name in (("r", "reset gate r"), ("z", "update gate z"), ("h_tilde", "candidate h̃")):
            shown, half = written(frame[names[q]])
            assert abs(shown - series[name][k]) <= half, (k, q)
        before = series["state h"][k - 1] if k else 0.0
        shown, half = written(frame[names["h_prev"]])
        assert abs(shown - before) <= half, k


def test_without_static_serving_the_cell_is_an_ordinary_chart(monkeypatch):
    """Started without the app's settings (no static files served), the cell is drawn as
    a plain Plotly chart, the same drawing, and no frames are sent."""
    import lab.live

    live_fig = chart(run_page("one_step"), "cell")
    monkeypatch.setattr(lab.live, "plotly_js", lambda: None)
    at = run_page("one_step")
    assert live_elements(at) == []
    assert sum(el.proto.id.endswith("-cell") for el in at.get("plotly_chart")) == 1
    assert chart(at, "cell")["layout"]["annotations"] == live_fig["layout"]["annotations"]

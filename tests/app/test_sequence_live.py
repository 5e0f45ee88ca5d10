"""The sequence lesson's live frames (lab.live): the stacked chart while the input's
sliders (length, start, width, height), a held gate or a weight are dragged, frame by
frame, against a GRU written out here (``textbook_step``) on a pulse written out here.

A frame carries a curve as 16-bit steps over its range (lab.live.pack), so numbers are
compared to half a step; a shorter sequence's rows end in gaps (NaN).
"""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import (
    STORY_W,
    assert_curves_released,
    frame_figure,
    frame_step,
    live_data,
    live_frames,
    run_page,
    textbook_step,
    trace_by_name,
    values,
)

from lab.i18n import t

#: The lesson with the story's weights on its sliders (numbers the tests own).
WEIGHTS = {k: str(v) for k, v in STORY_W.items()}
QUERY = {"source": "sliders", **WEIGHTS}
ROWS = ("r", "z", "h_tilde", "h")


def pulse(T: int, start: int, width: int, level: float) -> np.ndarray:
    """x_t = level for t = start + 1 .. start + width ("starts after step start"), the
    pulse moved to fit the sequence as the lesson's sliders do: it starts by step T − 1
    and ends by T."""
    start = min(start, T - 1)
    width = min(width, T - start)
    x = np.zeros(T)
    x[start : start + width] = level
    return x


def by_hand(x: np.ndarray, w: dict, hold_z: float | None = None) -> dict[str, np.ndarray]:
    rows = {q: [] for q in ROWS}
    h = 0.0
    for x_t in x:
        r, z, h_tilde, h_new = textbook_step(x_t, h, w)
        if hold_z is not None:
            z, h_new = hold_z, (1 - hold_z) * h + hold_z * h_tilde
        h = h_new
        for q, v in zip(ROWS, (r, z, h_tilde, h), strict=True):
            rows[q].append(v)
    return {q: np.array(v) for q, v in rows.items()}


def assert_rows(data: dict, knob: str, i: int, expected: dict[str, np.ndarray]) -> None:
    """Frame i's r, z, h̃ and h rows are ``expected`` to half a 16-bit step, then gaps."""
    fig = frame_figure(data, knob, i)
    for q, want in expected.items():
        trace = trace_by_name(fig, t("quantity." + q, lang="en"))
        j = next(n for n, d in enumerate(fig["data"]) if d is trace)
        shown = values(trace["y"])
        assert np.isnan(shown[len(want) :]).all(), (knob, i, q)
        moving = any((tr, a) == (j, "y") for tr, a, *_ in data["knobs"][knob]["arrays"])
        half = frame_step(data, knob, j)[0] / 2 * (1 + 1e-9) if moving else 0.0
        np.testing.assert_allclose(shown[: len(want)], want, rtol=0, atol=half + 1e-12)
        # its steps 1 .. T (to half a step where the length moves them)
        moved_x = any((tr, a) == (j, "x") for tr, a, *_ in data["knobs"][knob]["arrays"])
        x_half = frame_step(data, knob, j, "x")[0] / 2 * (1 + 1e-9) if moved_x else 0.0
        steps = values(trace["x"])
        np.testing.assert_allclose(steps[: len(want)], np.arange(1, len(want) + 1), atol=x_half)
        assert np.isnan(steps[len(want) :]).all()


@pytest.fixture(scope="module")
def story():
    """The default input (T = 60, a pulse of height 1 after step 5, width 1)."""
    return live_frames(run_page("sequence", QUERY), "sequence", ["T", "start", "width", "amp"])


def test_the_input_knobs_and_the_weights_are_offered():
    assert set(live_data(run_page("sequence"), "sequence")["offer"]) == {
        "T", "start", "width", "amp"
    }  # fmt: skip
    offered = set(live_data(run_page("sequence", QUERY), "sequence")["offer"])
    assert offered == {"T", "start", "width", "amp", *STORY_W}
    held = live_data(run_page("sequence", {"ov": "hold_z"}), "sequence")["offer"]
    assert "ov_z" in held and "ov_r" not in held
    # several units or letters are heatmaps: the chart follows on release only
    assert live_data(run_page("sequence", {"H": "3"}), "sequence")["offer"] == []
    assert live_data(run_page("sequence", {"signal": "word"}), "sequence")["offer"] == []


@pytest.mark.parametrize("knob", ["start", "width", "amp", "T"])
def test_every_frame_of_an_input_knob_is_the_gru_on_that_input(story, knob):
    k = story["knobs"][knob]
    settings = {"T": 60, "start": 5, "width": 1, "amp": 1.0}
    for i in range(len(k["values"])):
        at = settings | {knob: k["lo"] + i * k["step"]}
        x = pulse(int(round(at["T"])), int(round(at["start"])), int(round(at["width"])), at["amp"])
        assert_rows(story, knob, i, by_hand(x, STORY_W))


def test_a_held_update_gate_is_followed_frame_by_frame():
    data = live_frames(run_page("sequence", QUERY | {"ov": "hold_z"}), "sequence", ["ov_z"])
    k = data["knobs"]["ov_z"]
    for i in range(0, len(k["values"]), 10):
        z = round(k["lo"] + i * k["step"], 10)
        assert_rows(data, "ov_z", i, by_hand(pulse(60, 5, 1, 1.0), STORY_W, hold_z=z))
        # the row says what it holds, in the frame's own words
        held = [a["text"] for a in frame_figure(data, "ov_z", i)["layout"]["annotations"]]
        assert any(f"{z:.2f}" in text for text in held), held


def test_a_weight_is_followed_frame_by_frame():
    data = live_frames(run_page("sequence", QUERY), "sequence", ["b_z"])
    k = data["knobs"]["b_z"]
    for i in range(0, len(k["values"]), 20):
        w = STORY_W | {"b_z": k["lo"] + i * k["step"]}
        assert_rows(data, "b_z", i, by_hand(pulse(60, 5, 1, 1.0), w))


def memory_and_half(z: np.ndarray, s: int) -> tuple[np.ndarray, int | None]:
    """M_t = ∏_{k=s+1}^{t} (1 − z_k), nan before s; the first t with M_t ≤ ½."""
    T = len(z)
    m = np.full(T, np.nan)
    for t_ in range(s, T + 1):
        m[t_ - 1] = np.prod(1.0 - z[s:t_])
    below = [t_ for t_ in range(s, T + 1) if m[t_ - 1] <= 0.5]
    return m, (below[0] if below else None)


@pytest.mark.parametrize("knob", ["T", "start"])
def test_the_memory_row_and_its_half_life_follow_the_knob(story, knob):
    """The picked step is 6; a sequence shorter than that moves it to its last step."""
    k = story["knobs"][knob]
    settings = {"T": 60, "start": 5}
    for i in range(0, len(k["values"]), 7):
        at = settings | {knob: int(round(k["lo"] + i * k["step"]))}
        z = by_hand(pulse(at["T"], at["start"], 1, 1.0), STORY_W)["z"]
        s = min(6, at["T"])
        m, half = memory_and_half(z, s)
        fig = frame_figure(story, knob, i)
        (row,) = [d for d in fig["data"] if str(d.get("name", "")).startswith("memory of h")]
        assert row["name"] == f"memory of h{'₀₁₂₃₄₅₆₇₈₉'[s]}"
        j = next(n for n, d in enumerate(fig["data"]) if d is row)
        step = frame_step(story, knob, j)[0]
        shown = values(row["y"])
        np.testing.assert_allclose(shown[: len(m)], m, rtol=0, atol=step / 2 * (1 + 1e-9))
        (label,) = [a for a in fig["layout"]["annotations"] if "½" in a["text"]]
        if half is None:
            assert label["visible"] is False
        else:
            assert label["visible"] is not False and label["x"] == half
            assert label["text"] == f"½ gone at t = {half}"


@pytest.mark.parametrize(("knob", "value"), [("start", 20), ("T", 33), ("width", 4)])
def test_a_frame_is_the_chart_the_release_draws(story, knob, value):
    """The frame at a value and the page run with the slider released there: the same
    curves (to half a step), the same marks, labels and time axes."""
    k = story["knobs"][knob]
    i = round((value - k["lo"]) / k["step"])
    frame = frame_figure(story, knob, i)
    released = live_data(run_page("sequence", QUERY | {knob: str(value)}), "sequence")["fig"]
    assert_curves_released(story, knob, frame, released)
    layout = frame["layout"]
    assert layout["annotations"] == released["layout"]["annotations"]
    assert layout["shapes"] == released["layout"]["shapes"]
    for n in ("", "2", "3", "4", "5", "6"):
        assert layout["xaxis" + n]["range"] == released["layout"]["xaxis" + n]["range"]

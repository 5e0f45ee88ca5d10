"""Guided tours: each step resets the lesson and sets the widgets it names
(session and URL), in the convention's own terms where z's meaning matters."""

from __future__ import annotations

import math

import pytest
from app_helpers import math_blocks, no_exception, run_page, sigmoid, tour_text

from lab.lessons import LESSONS


def progress(at) -> str:
    """The running tour's "Step i of n"."""
    return " ".join(c.value for c in at.main.caption)


def click(at, key):
    at.button(key=key).click().run()
    no_exception(at)
    return at


def test_sequence_tour_sets_the_widgets_it_names():
    at = run_page("sequence")
    at.slider(key="T").set_value(100).run()  # something the tour must undo
    assert "Start the tour" in at.button(key="tour_start").label
    click(at, "tour_start")
    assert "Remember a pulse" in tour_text(at) and "Step 1 of 5" in progress(at)
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
    assert not [b for b in math_blocks(at) if r"\begin{aligned}" in b]  # built up by Next
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
    assert "z is the share kept" in tour_text(at)


@pytest.mark.parametrize("convention, b_z", [("textbook", 6.0), ("cho", -6.0), ("pytorch", -6.0)])
def test_one_step_tour_takes_the_whole_candidate_in_every_convention(convention, b_z):
    at = run_page("one_step", {"conv": convention, "b_r": "2"})
    click(at, "tour_start")
    assert at.slider(key="b_r").value == -6.0
    click(at, "tour_next")
    assert at.slider(key="b_z").value == b_z
    assert at.slider(key="b_r").value == 0.0  # the step before is undone
    assert at.number_input(key="b_z__box").value == b_z  # the number box follows
    h = [b for b in math_blocks(at) if r"{h_t} &=" in b][0]
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


# ---- every lesson's tour, step by step -------------------------------------------------------
def keeps(conv: str) -> bool:
    """cho and PyTorch: z is the share kept (the test's own statement of the conventions)."""
    return conv in ("cho", "pytorch")


def expected_tour(lesson: str, conv: str) -> list[dict]:
    """Each lesson's tour written out: per step, the widgets it sets in ``conv``.

    Where z's meaning matters the keep conventions have the mirrored value under their
    own key: a held z becomes 1 - z, an update-gate bias b becomes -b.
    """
    k = keeps(conv)

    def f_bz(b):  # lesson 4's update-gate bias
        return {"f_bzk": -b} if k else {"f_bz": b}

    def g_bz(b):  # lesson 5's
        return {"g_bzk": -b} if k else {"g_bz": b}

    reveal = "_seq_reveal"
    experiment = {"task": "remember", "T": 50, "H": 8, "steps": 200}
    bias = "bias" if k else "bias_tb"  # lesson 7's b_z at the start: +2 keeps in cho, −2 here
    return {
        "one_step": [
            {"b_r": -6.0},
            {"b_z": -6.0 if k else 6.0},
            {"b_z": 6.0 if k else -6.0},
            {"W_xz": 6.0, "x": 2.0},
        ],
        "sequence": [
            {reveal: 4, "preset": "remember", "t": 6},
            {reveal: 4, "preset": "forget_quickly", "t": 6},
            {reveal: 4, "preset": "reset_the_past", "width": 10, "t": 16},
            {reveal: 4, "ov": "hold_z", "ov_z": 0.0 if k else 1.0, "t": 8},
            {reveal: 0, "ov": "rnn", "t": 7},
        ],
        "forgetting": [
            {
                "f_mode": "bias",
                **f_bz(-5.0),
                "f_br": -4.0,
                "f_dist": "silence",
                "f_T": 100,
                "f_bound": False,
            },
            {
                "f_mode": "bias",
                **f_bz(-5.0),
                "f_br": 4.0,
                "f_dist": "silence",
                "f_T": 100,
                "f_bound": True,
                "f_bat": 40,
            },
            {
                "f_mode": "direct",
                **({"f_zk": 0.9} if k else {"f_z": 0.1}),
                "f_r": 0.0,
                "f_dist": "noise",
                "f_noise": 0.5,
                "f_T": 100,
                "f_bound": False,
            },
        ],  # fmt: skip
        "gradients": [g_bz(0.0), g_bz(-4.0), {"g_w": 1.0}, {**g_bz(-6.0), "g_T": 300}],
        "conventions": [  # each step opens part 1's tab (session key c_part)
            {"c_preset": "remember", "c_part": 0},
            {"c_bhn": 1.0, "c_part": 0},
            {"c_H": 3, "c_part": 0},
        ],
        "training": [
            {"task": "adding"},
            experiment | {bias: 0.0},
            experiment | {bias: 2.0 if k else -2.0},
        ],
    }[lesson]


#: A control no tour step sets, moved before the tour: every step must put it back.
DISTURB = {
    "one_step": ("h_prev", 0.5),
    "sequence": ("amp", -1.0),
    "forgetting": ("f_w", 1.2),
    "gradients": ("g_br", 2.0),
    "conventions": ("c_signal", "step"),
    "training": ("seed", 7),
}
KINDS = ("slider", "number_input", "selectbox", "radio", "toggle", "text_input")


def widget(at, key):
    for kind in KINDS:
        for w in getattr(at, kind):
            if w.key == key:
                return w
    return None


def current(at, key):
    """A control's value as drawn, or (not drawn in this mode) as the session holds it."""
    w = widget(at, key)
    return w.value if w is not None else at.session_state[key]


LESSON_NAMES = [lesson.path.removeprefix("pages/").removesuffix(".py") for lesson in LESSONS]


@pytest.mark.parametrize("conv", ["textbook", "cho", "pytorch"])
@pytest.mark.parametrize("name", LESSON_NAMES)
def test_every_tour_step_sets_the_widgets_it_names(name, conv):
    lesson = next(ls for ls in LESSONS if ls.path == f"pages/{name}.py")
    steps = expected_tour(name, conv)
    at = run_page(name, {"conv": conv})
    no_exception(at)
    key, moved = DISTURB[name]
    before = current(at, key)
    widget(at, key).set_value(moved).run()
    assert current(at, key) == moved != before
    assert f"{len(steps)} short steps" in at.sidebar.caption[0].value
    click(at, "tour_start")
    specs = at.session_state["_lab_params"]
    for i, wanted in enumerate(steps, start=1):
        if i > 1:
            click(at, "tour_next")
        assert f"Step {i} of {len(steps)}" in progress(at)
        text = tour_text(at)
        assert f"tour.{lesson.key}." not in text, "a tour text is missing from the catalogue"
        for k, v in wanted.items():
            assert current(at, k) == pytest.approx(v), (i, k)
            if k in specs:  # in the URL too, so the picture can be shared
                spec = specs[k]
                if v == spec.default:
                    assert k not in at.query_params, (i, k)
                else:
                    assert spec.parse(at.query_params[k]) == pytest.approx(v), (i, k)
        assert current(at, key) == before, f"step {i} did not reset the lesson"
    assert "Finish" in at.button(key="tour_next").label
    click(at, "tour_next")
    assert "tour_start" in [b.key for b in at.button]  # finished: the tour can start again


def test_a_running_step_outlines_the_picture_and_the_widgets_it_set():
    """What a step talks about is marked on the page: the picture and every widget the
    step set (a dashed outline), and nothing before the tour starts."""

    def outlined(at) -> str:
        return " ".join(h.proto.body for h in at.get("html") if "outline" in h.proto.body)

    at = run_page("one_step")
    assert ".st-key-main_visual" not in outlined(at)
    click(at, "tour_start")  # step 1 closes the reset gate: b_r = −6
    assert ".st-key-main_visual" in outlined(at) and ".st-key-b_r" in outlined(at)
    assert ".st-key-b_z" not in outlined(at)
    assert at.slider(key="b_r").value == -6.0
    click(at, "tour_next")  # step 2 sets b_z
    assert ".st-key-b_z" in outlined(at) and ".st-key-b_r" not in outlined(at)
    click(at, "tour_end")
    assert outlined(at) == ""

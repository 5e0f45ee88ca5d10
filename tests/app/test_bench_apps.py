"""The pages the benchmarks time draw what they say (a benchmark of a broken page
would time an exception box)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from app_helpers import ROOT, no_exception, run_script
from streamlit.testing.v1 import AppTest

from lab.plots.figure import PlainFigure

BENCH = ROOT / "benchmarks"


def run(script: str, **query) -> AppTest:
    at = run_script(BENCH / script, {k: str(v) for k, v in query.items()})
    no_exception(at)
    return at


def test_floor_app_is_one_slider_and_one_200_point_line():
    at = run("floor_app.py")
    assert len(at.slider) == 1 and len(at.get("plotly_chart")) == 1
    assert '"bdata"' in at.get("plotly_chart")[0].proto.spec


def test_floor_chart_takes_the_lessons_figure_path(monkeypatch):
    # a floor drawn as a go.Figure pays for Plotly's validation, which the lessons'
    # plain-dict figures skip: every ratio to that floor would come out too low
    built, graphs = [], []
    # as the app builds them: without the suite's validation (conftest.py)
    plain_init = getattr(PlainFigure.__init__, "__wrapped__", PlainFigure.__init__)
    graph_init = go.Figure.__init__

    def plain_spy(self, *args, **kwargs):
        built.append(self)
        plain_init(self, *args, **kwargs)

    def graph_spy(self, *args, **kwargs):
        graphs.append(self)
        graph_init(self, *args, **kwargs)

    monkeypatch.setattr(PlainFigure, "__init__", plain_spy)
    monkeypatch.setattr(go.Figure, "__init__", graph_spy)
    (floor,) = run("floor_app.py").get("plotly_chart")
    assert len(built) == 1 and graphs == []  # one figure, built by lab.plots, no go.Figure
    page = run_script(ROOT / "pages" / "one_step.py")
    lessons = page.get("plotly_chart")
    live = [el for el in page.get("bidi_component") if el.proto.component_name.endswith(".live")]
    assert len(built) == 1 + len(lessons) + len(live) and lessons and graphs == []
    ours = json.loads(floor.proto.spec)["layout"]
    for el in lessons:  # the lessons' browser options and base layout
        assert floor.proto.config == el.proto.config
        theirs = json.loads(el.proto.spec)["layout"]
        for key in ("font", "hoverlabel", "template"):
            assert ours.get(key) == theirs[key], key


@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize(
    ("kind", "counts"),
    [
        ("markdown", {"markdown": 7}),
        ("math", {"markdown": 7}),
        ("slider", {"slider": 7}),
        ("slider_box", {"slider": 7, "number_input": 7}),
    ],
)
def test_elements_app_adds_n_elements_of_one_kind(kind, counts, where):
    at = run("elements_app.py", kind=kind, n=7, where=where)
    assert len(at.get("plotly_chart")) == 1
    for element, n in counts.items():
        extra = 1 if element == "slider" else 0  # the floor's own slider
        assert len(at.get(element)) == n + extra, element


def test_elements_app_panel_is_one_component_for_all_rows():
    at = run("elements_app.py", kind="panel", n=13)
    assert len(at.slider) == 1  # only the floor's
    assert len(at.get("bidi_component")) == 1


@pytest.mark.parametrize("query", [{"kind": "nope", "n": 5}, {"n": "many"}, {"n": 10**6}])
def test_elements_app_ignores_bad_parameters(query):
    at = run("elements_app.py", **query)
    assert len(at.slider) == 1 and not at.markdown and len(at.get("plotly_chart")) == 1


def least(call: str, query: dict | None = None) -> AppTest:
    """A page of benchmarks/least_pages.py, run the way bounds_app.py runs it."""
    script = f"from benchmarks import least_pages\nleast_pages.{call}\n"
    at = AppTest.from_string(script, default_timeout=30)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    no_exception(at)
    return at


@pytest.mark.parametrize("conv", ["textbook", "cho", "pytorch"])
def test_least_one_step_has_every_slider_of_the_lesson(conv):
    # the bound is only a bound while it keeps what the lesson must have
    lesson = {s.key for s in run_script(ROOT / "pages" / "one_step.py", {"conv": conv}).main.slider}
    assert {s.key for s in least("one_step(True)", {"conv": conv}).main.slider} == lesson
    assert [s.key for s in least("one_step(False)", {"conv": conv}).main.slider] == ["x"]


@pytest.mark.parametrize(
    ("call", "key", "charts"),
    [
        ("one_step(True)", "x", 2),
        ("one_step(False)", "x", 2),
        ("sequence(True)", "start", 1),
        ("sequence(False)", "start", 1),
    ],
)
def test_least_pages_redraw_every_chart_on_a_move(call, key, charts):
    at = least(call)
    before = [el.proto.spec for el in at.get("plotly_chart")]
    assert len(before) == charts
    s = at.slider(key=key)
    s.set_value(s.value + (s.proto.step or 1)).run()
    no_exception(at)
    after = [el.proto.spec for el in at.get("plotly_chart")]
    assert len(after) == charts and all(a != b for a, b in zip(before, after, strict=True))


@pytest.mark.parametrize("animate", [True, False])
def test_least_sequence_chart_has_the_time_cursor_only_when_asked(animate):
    fig = json.loads(least(f"sequence({animate})").get("plotly_chart")[0].proto.spec)
    assert bool(fig["layout"].get("sliders")) is animate
    assert bool(fig.get("frames")) is animate
    assert len(fig["data"]) == 5  # x, r, z, h̃, h: one line each


def test_bounds_app_opens_with_the_sidebar():
    at = run("bounds_app.py")
    assert at.sidebar.button  # the language switch and reset, as on the app

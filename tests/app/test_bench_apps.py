"""The pages the benchmarks time draw what they say (a benchmark of a broken page
would time an exception box)."""

from __future__ import annotations

import pytest
from app_helpers import ROOT, no_exception, run_script
from streamlit.testing.v1 import AppTest

BENCH = ROOT / "benchmarks"


def run(script: str, **query) -> AppTest:
    at = run_script(BENCH / script, {k: str(v) for k, v in query.items()})
    no_exception(at)
    return at


def test_floor_app_is_one_slider_and_one_200_point_line():
    at = run("floor_app.py")
    assert len(at.slider) == 1 and len(at.get("plotly_chart")) == 1
    assert '"bdata"' in at.get("plotly_chart")[0].proto.spec


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

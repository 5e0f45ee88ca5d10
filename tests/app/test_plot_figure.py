"""lab.plots.figure sends what plotly.py would send, without building graph objects:
NumPy arrays as the typed arrays plotly.py's own encoder writes (its private
``to_typed_array_spec`` is the reference here, and only here), a template of each
figure's own, and room above the plot for Plotly's toolbar."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from _plotly_utils.utils import to_typed_array_spec

from lab.plots.figure import MODEBAR_ROOM, _typed_array, figure

ARRAYS = [
    np.linspace(-1, 1, 7),
    np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3),
    np.arange(5),  # int64 that fits int8
    np.arange(5) * 1000,  # int16
    np.arange(3) * 100_000,  # int32
    np.array([0, 2**40]),  # int64 beyond 32 bits: sent as it is
    np.arange(4, dtype=np.uint64) * 300,  # uint16
    np.array([True, False]),
    np.array(["a", "b"]),
    np.array([], dtype=float),
    np.linspace(0, 1, 12)[::3],  # not contiguous
]


@pytest.mark.parametrize("v", ARRAYS, ids=lambda v: f"{v.dtype}{v.shape}")
def test_a_typed_array_is_what_plotly_writes(v):
    ours, theirs = _typed_array(v), to_typed_array_spec(v)
    if isinstance(theirs, dict):
        assert ours == theirs
        decoded = np.frombuffer(base64.b64decode(ours["bdata"]), dtype=ours["dtype"])
        np.testing.assert_array_equal(decoded.reshape(v.shape), v)
    else:
        np.testing.assert_array_equal(ours, v)


def test_a_figure_is_what_a_go_figure_gives_with_room_for_the_toolbar():
    x = np.arange(4.0)
    data = [dict(type="scatter", x=x, y=x**2, name="y", customdata=["a", "b", "c", "d"])]
    layout = dict(height=300, margin=dict(l=10, r=10, t=20, b=10))
    ours = figure(data, dict(layout)).to_dict()
    want = go.Figure(dict(data=data, layout=layout)).to_dict()
    assert ours["data"] == want["data"]
    assert ours["layout"]["template"] == want["layout"]["template"]
    assert ours["layout"]["height"] == 300 + MODEBAR_ROOM
    assert ours["layout"]["margin"]["t"] == 20 + MODEBAR_ROOM


def test_no_two_figures_share_a_template():
    a, b = figure([], dict(height=100)).to_dict(), figure([], dict(height=100)).to_dict()
    a["layout"]["template"]["layout"]["font"] = {"size": 99}
    assert b["layout"]["template"] == pio.templates[pio.templates.default].to_plotly_json()

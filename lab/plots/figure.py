"""How a figure is built: plain dicts sent as they are, the layout every figure starts
from, fixed legends, axes, and the trace helpers several lessons share."""

from __future__ import annotations

import base64
import functools
import json
import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from lab.plots.style import (
    COLORS,
    DASH,
    FONT_SIZE,
    LINE_WIDTH,
    NEUTRAL,
    TICK_SIZE,
    TITLE_SIZE,
    heat_scale,
    num,
    plain,
)


class PlainFigure(go.Figure):
    """A figure held as the plain dict that ``go.Figure(...).to_dict()`` would give,
    built without Plotly's graph objects.

    Building a ``go.Figure`` validates every property, and ``st.plotly_chart``
    validates a plain dict the same way (``Figure(**d)``): on the sequence page that
    was most of a rerun (600 cursor frames). ``st.plotly_chart`` takes a
    ``BaseFigure`` as already valid and only calls ``to_dict()``, which returns the
    dict as built, so the app and the tests send the same dict; the tests validate
    every figure a page builds (tests/app/conftest.py). Only ``to_dict`` and
    ``to_plotly_json`` of the usual Figure API work on it: build a figure with
    ``figure``, never change one afterwards.
    """

    #: The parts that move with a knob, for lab.live: (path in the figure, leaf name,
    #: text template or None), set by the figure's builder (the cell diagram's).
    bindings: tuple[tuple[str, str, str | None], ...] = ()

    def __init__(self, figure: dict):  # no super().__init__: no graph objects at all
        self._plain = figure

    def to_dict(self) -> dict:
        return self._plain

    def to_plotly_json(self) -> dict:
        return self._plain

    def __repr__(self) -> str:
        return f"PlainFigure({sorted(self._plain)})"


@functools.cache
def _template_json(name: str) -> str:
    """The template ``go.Figure`` writes into every figure (Plotly's default), as JSON."""
    return json.dumps(pio.templates[name].to_plotly_json())


#: Px kept free at the top of every chart for Plotly's toolbar (the modebar, 26 px high
#: at the top right while the mouse is over the chart): legends, panel titles and labels
#: sit below it at every width and in every language, instead of under it.
MODEBAR_ROOM = 28


def _modebar_room(layout: dict) -> None:
    """Grow the top margin and the height by MODEBAR_ROOM: the plot keeps its size, and
    everything placed from the plot's edges (legends, titles, sliders) keeps its place."""
    if "margin" in layout and "height" in layout:
        layout["margin"] = dict(layout["margin"], t=layout["margin"].get("t", 0) + MODEBAR_ROOM)
        layout["height"] += MODEBAR_ROOM


def figure(
    data: list | None = None,
    layout: dict | None = None,
    frames=None,
    *,
    legend: int | None = None,
    legend_gap: int = 6,
    legend_wraps: bool = False,
) -> PlainFigure:
    """A figure from plain dicts (see ``PlainFigure``), with a template of its own: no
    two figures, and so no two sessions, share a mutable part.

    legend: entries per row of a legend fixed above the plot (``fixed_legend``, the
    plot ``legend_gap`` px below it); None keeps the layout's own legend.
    legend_wraps: the legend's names as wide as they are, in as many rows as the chart's
    width needs (room is kept for ``legend`` a row): a few names on a narrow screen.
    """
    fig = {"data": list(data or []), "layout": dict(layout or {})}
    if legend is not None:
        fixed_legend(fig["layout"], fig["data"], legend, legend_gap)
        if legend_wraps:
            fig["layout"]["legend"].update(entrywidthmode="pixels", entrywidth=0)
    _modebar_room(fig["layout"])
    if frames:
        fig["frames"] = frames
    fig["layout"].setdefault("template", json.loads(_template_json(pio.templates.default)))
    _typed_arrays(fig["data"])  # numpy arrays as typed arrays, as go.Figure sends them
    return PlainFigure(fig)


#: NumPy dtypes that Plotly.js reads as typed arrays, by Plotly.js's name for each.
TYPED = {
    "int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2",
    "int32": "i4", "uint32": "u4", "float32": "f4", "float64": "f8",
}  # fmt: skip
#: What a 64-bit integer array is narrowed to, smallest first: Plotly.js has no 64-bit
#: integers.
_NARROW = {"int64": (np.int8, np.int16, np.int32), "uint64": (np.uint8, np.uint16, np.uint32)}
#: Keys whose arrays plotly.py sends as they are (GeoJSON, map layers, axis ranges).
_AS_IS = frozenset({"geojson", "layer", "layers", "range"})


def _typed_array(v: np.ndarray):
    """A NumPy array as Plotly.js's typed-array spec {dtype, bdata[, shape]}, as
    plotly.py's own encoder writes it but without its copy of every array; an array
    Plotly.js cannot take that way (strings, booleans, empty, 64-bit integers beyond
    32 bits) as it is."""
    if v.size == 0:
        return v
    name = str(v.dtype)
    if name in _NARROW:
        lo, hi = v.min(), v.max()
        fits = [d for d in _NARROW[name] if np.iinfo(d).min <= lo and hi <= np.iinfo(d).max]
        if not fits:
            return v
        v = v.astype(fits[0])
        name = str(v.dtype)
    short = TYPED.get(name)
    if short is None or not v.dtype.isnative:
        return v
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(v)).decode("ascii")}
    if v.ndim > 1:
        spec["shape"] = str(v.shape)[1:-1]
    return spec


def _typed_arrays(obj) -> None:
    """In place: every NumPy array that is a dict value becomes a typed-array spec
    (plotly.py's ``convert_to_base64``), without stepping through lists of plain
    numbers or strings one element at a time (a list is entered when its first item
    is a dict, list or tuple)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in _AS_IS:
                continue
            if isinstance(value, np.ndarray):
                obj[key] = _typed_array(value)
            elif isinstance(value, dict | list | tuple):
                _typed_arrays(value)
    elif isinstance(obj, list | tuple) and obj and isinstance(obj[0], dict | list | tuple):
        for value in obj:
            _typed_arrays(value)


def base_layout(height: int, *, autoexpand: bool = False, **extra) -> dict:
    """The layout every figure starts from; ``extra`` replaces whole entries.

    The margins are fixed (``autoexpand=False``): each figure's margins leave room
    for its legend, Plotly slider and buttons, so Plotly draws it once. With
    autoexpand on, Plotly measures every legend entry, grows the margins and draws
    again: measured at up to a third of a lesson's redraw time on a slider move.
    A figure that needs the growth (labels of unknown width) asks for it.
    """
    layout = dict(
        height=height,
        font=dict(size=FONT_SIZE),
        margin=dict(l=70, r=30, t=40, b=40),
        hoverlabel=dict(font=dict(size=FONT_SIZE)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0, font=dict(size=FONT_SIZE)),
    )
    layout.update(extra)
    layout["margin"] = dict(layout["margin"], autoexpand=autoexpand)
    return layout


#: Height of one row of a legend at FONT_SIZE, px.
LEGEND_ROW = 26


def legend_entries(data: list[dict]) -> int:
    """How many entries Plotly's legend shows for these traces (one per legend group)."""
    groups, n = set(), 0
    for tr in data:
        if tr.get("showlegend") is False:
            continue
        group = tr.get("legendgroup")
        if group is None or group not in groups:
            n += 1
            groups.add(group)
    return n


def fixed_legend(layout: dict, data: list[dict], per_row: int, gap: int = 6) -> None:
    """A legend above the plot in rows of ``per_row`` entries, each 1/per_row of the
    width: it has the same rows on every screen and in every language, and the top
    margin is made to hold them (margins are fixed, see base_layout).

    gap: px between the plot and the legend (room for panel titles or marks there).
    The figure grows by what the top margin grows, so the plot keeps its height.
    """
    rows = max(1, math.ceil(legend_entries(data) / per_row))
    margin = layout["margin"]
    top = gap + rows * LEGEND_ROW + 4
    layout["height"] += top - margin["t"]  # the plot keeps the height it was drawn with
    margin["t"] = top
    plot_h = layout["height"] - margin["t"] - margin["b"]
    layout["legend"].update(
        entrywidth=1.0 / per_row,
        entrywidthmode="fraction",
        y=1.0 + gap / plot_h,
        traceorder="normal",  # legend groups flow in rows too (grouped, each is a column)
    )


def axis(title: str = "", color: str | None = None, **extra) -> dict:
    ax = dict(
        title=dict(
            text=title,
            font=dict(size=TITLE_SIZE) if color is None else dict(size=TITLE_SIZE, color=color),
        ),
        tickfont=dict(size=TICK_SIZE),
        zeroline=True,
        zerolinecolor=NEUTRAL,
        zerolinewidth=1,
    )
    ax.update(extra)
    return ax


def row_domains(n: int, gap: float = 0.035) -> list[tuple[float, float]]:
    """Vertical domains of n stacked rows, top row first."""
    h = (1.0 - gap * (n - 1)) / n
    out = []
    for i in range(n):
        top = 1.0 - i * (h + gap)
        out.append((max(0.0, top - h), top))
    return out


def row_time_axis(i: int, n: int, steps, title: str, **extra) -> dict:
    """The time axis of row ``i`` of ``n`` stacked rows: half a step beyond the first and
    last step, matching the top row's (one zoom moves them all), the title and the tick
    labels on the bottom row only."""
    bottom = i == n - 1
    return axis(
        title if bottom else "",
        anchor="y" if i == 0 else f"y{i + 1}",
        showticklabels=bottom,
        range=[float(steps[0]) - 0.5, float(steps[-1]) + 0.5],
        **extra,
        **({} if i == 0 else {"matches": "x"}),
    )


def colorbar_beside(domain: Sequence[float]) -> dict:
    """Where a heatmap row's colour bar sits: beside the row's vertical ``domain``."""
    lo, hi = domain
    return dict(y=(lo + hi) / 2, len=(hi - lo) * 0.95)


def heatmap_row(
    q: str, a: np.ndarray, steps, domain: Sequence[float], sym: str, y_word: str, **extra
) -> dict:
    """One stacked row as a Heatmap trace (a plain dict): ``a`` (T, H), units (y, 1 … H)
    × time, in quantity ``q``'s colour scale (``heat_scale``), with a small colour bar
    beside the row. The hover reads "t = 5, unit 2, z = 0.731" (``y_word`` names the y,
    ``sym`` the value); ``extra`` adds or replaces properties (name, axes)."""
    colorscale, zmin = heat_scale(q)
    row = dict(
        type="heatmap",
        x=steps,
        y=list(range(1, a.shape[1] + 1)),
        z=a.T,
        zmin=zmin,
        zmax=1.0,
        colorscale=colorscale,
        colorbar=dict(
            **colorbar_beside(domain),
            yanchor="middle",
            thickness=12,
            tickvals=[zmin, 0.0, 1.0] if zmin < 0 else [0.0, 0.5, 1.0],
            tickfont=dict(size=TICK_SIZE - 2),
        ),
        hovertemplate=f"t = %{{x}}<br>{y_word} %{{y}}<br>{sym} = %{{z:.3f}}<extra></extra>",
    )
    row.update(extra)
    return row


def marker_trace(x, y, marker: dict, mode: str = "markers", **extra) -> dict:
    """A Scatter trace of points alone (or points and their text), as a plain dict."""
    return dict(type="scatter", x=x, y=y, mode=mode, marker=marker, **extra)


def line_trace(x, y, name: str, color: str, xaxis: str = "x", yaxis: str = "y", **extra) -> dict:
    """One Scatter trace as a plain dict (a line unless ``mode`` says otherwise)."""
    trace = dict(
        type="scatter", x=x, y=y, name=name, mode="lines", xaxis=xaxis, yaxis=yaxis,
        line=dict(color=color, width=LINE_WIDTH),
    )  # fmt: skip
    for key, value in extra.items():
        if key == "line":
            trace["line"] = trace["line"] | value
        else:
            trace[key] = value
    return trace


def quantity_line(q: str, x, y, name: str, **extra) -> dict:
    """``line_trace`` in quantity ``q``'s colour and line style (a dashed h̃)."""
    return line_trace(x, y, name, COLORS[q], line=dict(dash=DASH[q]), **extra)


def hover_text(name: str, y, digits: int = 3) -> dict:
    """A line's hover: "t = 5, z = 0.0003", each value written as lab.fmt writes it (a
    d3 format such as .3f would show a gate at 0.9996 as 1.000)."""
    y = np.asarray(y, dtype=float).tolist()
    text = [num(v, digits) if math.isfinite(v) else "" for v in y]
    return dict(customdata=text, hovertemplate=f"t = %{{x}}<br>{plain(name)} = %{{customdata}}"
                "<extra></extra>")  # fmt: skip

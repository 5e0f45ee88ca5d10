"""The one plotting module: colours, fonts and every Plotly figure of GRU Lab.

Figures are built from plain arrays and already-translated labels; this module
calls no ``st.`` function, so it can be tested and reused alone. Pages pass
what they show through ``st.plotly_chart(fig, key=..., config=CONFIG)``.

Colours (Okabe–Ito, safe for colour-blind viewers, readable on light and dark
backgrounds): one per quantity, the same on every page.
"""

from __future__ import annotations

import base64
import html
import math
import sys
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import (
    is_homogeneous_array,
    is_skipped_key,
    plotlyjsShortTypes,
    to_typed_array_spec,
)

from lab import fmt
from lab.i18n import catalogue

# ---- one colour and one line style per quantity ---------------------------------------
QUANTITIES = ("x", "r", "z", "h_tilde", "h")
COLORS = {
    "x": "#CC79A7",  # reddish purple: the input
    "r": "#E69F00",  # orange: reset gate
    "z": "#009E73",  # bluish green: update gate
    "h_tilde": "#56B4E9",  # sky blue: the candidate (dashed): a proposal for h
    "h": "#0072B2",  # blue: the state
    "rnn": "#D55E00",  # vermillion: the plain RNN baseline (lessons 4 and 5)
}
DASH = {"x": "solid", "r": "solid", "z": "solid", "h_tilde": "dash", "h": "solid", "rnn": "solid"}
NEUTRAL = "#888888"  # axes helpers, cursor, zero lines
READOUT = "#7F7F7F"  # text that must read on light and dark backgrounds alike
#: Value ranges that never change (so rows line up and the cursor is meaningful).
RANGES = {"r": (-0.05, 1.05), "z": (-0.05, 1.05), "h_tilde": (-1.08, 1.08), "h": (-1.08, 1.08)}

# ---- fonts readable on a projector ---------------------------------------------------
FONT_SIZE = 16
TICK_SIZE = 14
TITLE_SIZE = 18
LINE_WIDTH = 3

#: Plotly's browser options for every chart in English; ``config(lang)`` for a page's.
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}
#: Plotly's name of each catalogue language that is not its own English.
PLOTLY_LOCALES = {"zh": "zh-CN"}


def config(lang: str) -> dict:
    """Plotly's browser options for a page in ``lang``: its toolbar's tooltips and
    notices (zoom, pan, download...) in that language.

    Plotly looks each of its English phrases up in the locale's dictionary; the
    catalogues' ``plotly.*`` keys hold those phrases in English and their translation.
    """
    if lang not in PLOTLY_LOCALES:
        return dict(CONFIG)
    english, own = catalogue("en"), catalogue(lang)
    words = {english[k]: own[k] for k in english if k.startswith("plotly.")}
    locale = PLOTLY_LOCALES[lang]
    return {**CONFIG, "locale": locale, "locales": {locale: {"dictionary": words}}}


class PlainFigure(go.Figure):
    """A figure held as the plain dict that ``go.Figure(...).to_dict()`` would give,
    built without Plotly's graph objects.

    Building a ``go.Figure`` validates every property and ``st.plotly_chart``
    validates a plain dict the same way (``Figure(**d)``): on the sequence page that
    was most of a rerun (600 cursor frames, ~100 ms). ``st.plotly_chart`` takes a
    ``BaseFigure`` as already valid and only calls ``to_dict()``, which returns the
    dict as built. Under pytest each figure is still validated once (``_figure``), so
    the tests catch an invalid property. Only ``to_dict`` (and ``to_plotly_json``) of
    the usual Figure API work on it.
    """

    def __init__(self, figure: dict):  # no super().__init__: no graph objects at all
        self._plain = figure

    def to_dict(self) -> dict:
        return self._plain

    def to_plotly_json(self) -> dict:
        return self._plain

    def __repr__(self) -> str:
        return f"PlainFigure({sorted(self._plain)})"


def _default_template() -> dict:
    """The template ``go.Figure`` writes into every figure (Plotly's default)."""
    name = pio.templates.default
    if name not in _TEMPLATES:
        _TEMPLATES[name] = pio.templates[name].to_plotly_json()
    return _TEMPLATES[name]


_TEMPLATES: dict[str, dict] = {}  # read-only once built: shared by every figure


#: Validate every figure with Plotly's graph objects (slow) only when tests run.
VALIDATE = "pytest" in sys.modules


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


def _figure(data: list | None = None, layout: dict | None = None, frames=None) -> PlainFigure:
    """A figure from plain dicts; see ``PlainFigure``."""
    fig = {"data": list(data or []), "layout": dict(layout or {})}
    _modebar_room(fig["layout"])
    if frames:
        fig["frames"] = frames
    if VALIDATE:
        go.Figure(fig)  # raises on any invalid property
    fig["layout"].setdefault("template", _default_template())
    _typed_arrays(fig["data"])  # numpy arrays as typed arrays, as go.Figure sends them
    return PlainFigure(fig)


_SCALARS = (str, int, float, bool, type(None))
_INT_TYPES = (np.int8, np.int16, np.int32)


def _typed_array(v):
    """Plotly's ``to_typed_array_spec`` for a plain numeric numpy array, without its
    copy through narwhals (~0.15 ms an array, 5 ms a rerun on lesson 6); anything
    else goes to Plotly's own."""
    if type(v) is not np.ndarray or v.size == 0 or v.dtype.kind not in "fi":
        return to_typed_array_spec(v)
    if v.dtype == np.int64:
        lo, hi = int(v.min()), int(v.max())
        small = [d for d in _INT_TYPES if np.iinfo(d).min <= lo and hi <= np.iinfo(d).max]
        if not small:
            return v
        v = v.astype(small[0])
    short = plotlyjsShortTypes.get(str(v.dtype))
    if short is None or not v.dtype.isnative:
        return to_typed_array_spec(v)
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(v)).decode("ascii")}
    if v.ndim > 1:
        spec["shape"] = str(v.shape)[1:-1]
    return spec


def _typed_arrays(obj) -> None:
    """Plotly's ``convert_to_base64`` (in place: every numpy array that is a dict value
    becomes {"dtype", "bdata", "shape"}), without stepping through lists of plain
    numbers or strings one element at a time (a list is entered when its first item
    is a dict, list or tuple)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, _SCALARS) or is_skipped_key(key):
                continue
            if is_homogeneous_array(value):
                obj[key] = _typed_array(value)
            elif isinstance(value, dict | list | tuple):
                _typed_arrays(value)
    elif isinstance(obj, list | tuple) and obj and isinstance(obj[0], dict | list | tuple):
        for value in obj:
            _typed_arrays(value)


def _plus(s: str) -> str:
    """A shown number with its sign always written: "+0.52", "-0.16"."""
    return s if s.startswith("-") else "+" + s


def swatch(q: str) -> str:
    """A square in the colour of quantity ``q``, as Markdown (inline KaTeX) for headings."""
    return rf"$\textcolor{{{COLORS[q]}}}{{\blacksquare}}$"


def plain(text) -> str:
    """User text made inert for Plotly's HTML-like labels."""
    return html.escape(str(text), quote=True)


def _base_layout(height: int, *, autoexpand: bool = False, **extra) -> dict:
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


def _legend_entries(data: list[dict]) -> int:
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


def _fixed_legend(layout: dict, data: list[dict], per_row: int, gap: int = 6) -> None:
    """A legend above the plot in rows of ``per_row`` entries, each 1/per_row of the
    width: it has the same rows on every screen and in every language, and the top
    margin is made to hold them (margins are fixed, see _base_layout).

    gap: px between the plot and the legend (room for panel titles or marks there).
    The figure grows by what the top margin grows, so the plot keeps its height.
    """
    rows = max(1, math.ceil(_legend_entries(data) / per_row))
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


def _axis(title: str = "", color: str | None = None, **extra) -> dict:
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


# ---- lesson 2: one step ----------------------------------------------------------------
def activation_curves(
    pre: Mapping[str, float], post: Mapping[str, float], labels: Mapping[str, str]
) -> PlainFigure:
    """σ for r and z, tanh for h̃, each with its current pre-activation marked.

    pre: {"r": a_r, "z": a_z, "h_tilde": a_h}; post: the same gates' values.
    labels: "r", "z", "h_tilde" (panel titles), "a" (x axis), "sigmoid", "tanh".
    Three panels side by side, built as plain dicts (no make_subplots: it is slow).
    """
    names = ("r", "z", "h_tilde")
    span = max(6.0, *(abs(float(pre[n])) + 1.0 for n in names))
    a = np.linspace(-span, span, 241)
    sig = 0.5 * np.tanh(0.5 * a) + 0.5
    gap, width = 0.08, (1.0 - 2 * 0.08) / 3
    data, shapes, annotations = [], [], []
    layout = _base_layout(300, showlegend=False, margin=dict(l=50, r=20, t=50, b=50))
    for i, n in enumerate(names):
        ax = "" if i == 0 else str(i + 1)
        a_n, v_n = float(pre[n]), float(post[n])
        fn = labels["tanh"] if n == "h_tilde" else labels["sigmoid"]
        curve = np.tanh(a) if n == "h_tilde" else sig
        rng = [-1.1, 1.1] if n == "h_tilde" else [-0.05, 1.05]
        data.append(
            dict(
                type="scatter",
                x=a,
                y=curve,
                mode="lines",
                line=dict(color=NEUTRAL, width=2),
                name=fn,
                customdata=[_num(y, 3) for y in curve.tolist()],  # no false 0 or 1
                hovertemplate="a = %{x:.2f}<br>" + fn + " = %{customdata}<extra></extra>",
                xaxis="x" + ax,
                yaxis="y" + ax,
            )
        )
        data.append(
            dict(
                type="scatter",
                x=[a_n],
                y=[v_n],
                mode="markers+text",
                marker=dict(color=COLORS[n], size=16, line=dict(width=2, color="white")),
                text=[_num(v_n)],
                # beside the marker, away from the curve's flat end and the panel's top
                # edge (a label above a value near the top was cut off)
                textposition=("bottom" if (v_n - rng[0]) / (rng[1] - rng[0]) > 0.75 else "top")
                + (" left" if a_n > 0 else " right"),
                textfont=dict(size=FONT_SIZE, color=COLORS[n]),
                name=labels[n],
                hovertemplate="a = %{x:.3f}<br>" + labels[n] + " = %{text}<extra></extra>",
                xaxis="x" + ax,
                yaxis="y" + ax,
            )
        )
        lo = -1.0 if n == "h_tilde" else 0.0
        shapes.append(
            dict(
                type="line",
                xref="x" + ax,
                yref="y" + ax,
                x0=a_n,
                x1=a_n,
                y0=lo,
                y1=v_n,
                line=dict(color=COLORS[n], width=2, dash="dot"),
            )
        )
        x0 = i * (width + gap)
        annotations.append(
            dict(
                text=labels[n],
                x=x0 + width / 2,
                y=1.0,
                xref="paper",
                yref="paper",
                xanchor="center",
                yanchor="bottom",
                yshift=8,
                showarrow=False,
                font=dict(size=TITLE_SIZE, color=COLORS[n]),
            )
        )
        layout["xaxis" + ax] = _axis(
            labels["a"] if i == 1 else "", domain=[x0, x0 + width], anchor="y" + ax
        )
        layout["yaxis" + ax] = _axis(range=rng, fixedrange=True, anchor="x" + ax)
    layout["shapes"], layout["annotations"] = shapes, annotations
    return _figure(data, layout)


def shares_bar(
    kept: float, taken: float, h: float, labels: Mapping[str, str], convention_note: str = ""
) -> PlainFigure:
    """h_t as the sum of its two shares: what is kept of h_{t-1} and what is taken of h̃_t.

    labels: "kept", "taken", "h" (bar names), "value" (axis title).
    """
    names = [labels["kept"], labels["taken"], labels["h"]]
    vals = [float(kept), float(taken), float(h)]
    shown, total = fmt.terms(vals[:2], 3)
    bar = dict(
        type="bar",
        x=vals,
        y=names,
        orientation="h",
        marker=dict(
            color=[COLORS["h"], COLORS["h_tilde"], COLORS["h"]],
            pattern=dict(shape=["/", "", ""], fgcolor="white", solidity=0.35),
            line=dict(color=[COLORS["h"], COLORS["h_tilde"], COLORS["h"]], width=2),
        ),
        text=[_plus(s) for s in (*shown, total)],  # kept + taken = h, as shown
        textposition="outside",
        textfont=dict(size=FONT_SIZE),
        cliponaxis=False,
        hovertemplate="%{y}: %{x:.4f}<extra></extra>",
    )
    m = max(1.0, *(abs(v) for v in vals)) * 1.35
    layout = _base_layout(
        240,
        showlegend=False,
        xaxis=_axis(labels["value"], range=[-m, m], fixedrange=True),
        yaxis=dict(
            autorange="reversed", tickfont=dict(size=FONT_SIZE), fixedrange=True, automargin=True
        ),
        margin=dict(l=10, r=20, t=20, b=50),
        autoexpand=True,  # the bar labels' width depends on the language
    )
    return _figure([bar], layout)


# ---- lesson 3: a sequence ---------------------------------------------------------------
def _row_domains(n: int, gap: float = 0.035) -> list[tuple[float, float]]:
    """Vertical domains of n stacked rows, top row first."""
    h = (1.0 - gap * (n - 1)) / n
    out = []
    for i in range(n):
        top = 1.0 - i * (h + gap)
        out.append((max(0.0, top - h), top))
    return out


def _num(v: float, digits: int = 2) -> str:
    """A number for display (lab.fmt's rules: no false 0 or ±1); the plain rounding
    first, as it almost always stands (readouts format a thousand numbers a rerun)."""
    s = f"{v:.{digits}f}"
    if float(s) in fmt.EXTREMES and float(s) != v:
        return fmt.fixed(v, digits)
    return s


def _values_lines(
    arrays: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    x_names: Sequence[str] | None = None,
    unit: int = 0,
) -> list[str]:
    """The cursor's readout at every step: "x = 1.00 · r = 0.53 · …".

    A quantity drawn as a line reads its value; with several units (heatmap rows) it
    reads unit ``unit``'s, its symbol subscripted ("r₂ = 0.53"); one-hot letters read
    the letter that is on ("x = ‘o’"). The columns become Python floats once
    (formatting NumPy scalars one by one cost more than a millisecond a rerun at T = 200).
    """
    T = len(arrays["h"])
    parts = []
    for q in QUANTITIES:
        a = np.asarray(arrays[q])
        sym = labels[q + "_sym"]
        if q == "x" and a.shape[1] > 1:
            if x_names is None:
                continue
            letters = [_shown_letter(x_names[i]) for i in a.argmax(axis=1).tolist()]
            on = (a.max(axis=1) > 0).tolist()
            parts.append(
                [f"{sym} = ‘{c}’" if o else f"{sym} = 0" for c, o in zip(letters, on, strict=True)]
            )
            continue
        j = min(unit, a.shape[1] - 1)
        name = sym if a.shape[1] == 1 else f"{sym}{_subscript(j + 1)}"
        parts.append([f"{name} = {_num(v)}" for v in a[:, j].tolist()])
    return [" · ".join(p[k] for p in parts) for k in range(T)]


def _subscript(k: int) -> str:
    return str(int(k)).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _shown_letter(c: str) -> str:
    return "␣" if c == " " else plain(c)


def _heatmap_row(q, a, steps, labels, x_names, domain, common) -> dict:
    """One heatmap row: units (or letters) × time.

    Gates (0 … 1) and one-hot letters run from white to the quantity's colour;
    h̃ and h (−1 … 1) use a diverging scale (vermillion, white, blue). Each row
    has its own small colour bar beside it.
    """
    lo, hi = domain
    letters = q == "x" and x_names is not None
    if q in ("r", "z", "x"):
        colorscale, zmin = [[0.0, "#F7F7F7"], [1.0, COLORS[q]]], 0.0
    else:
        colorscale, zmin = [[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, COLORS["h"]]], -1.0
    row = dict(
        type="heatmap",
        x=steps,
        y=[_shown_letter(c) for c in x_names] if letters else list(range(1, a.shape[1] + 1)),
        z=a.T,
        zmin=zmin,
        zmax=1.0,
        colorscale=colorscale,
        showscale=not letters,
        colorbar=dict(
            y=(lo + hi) / 2,
            len=(hi - lo) * 0.95,
            yanchor="middle",
            thickness=12,
            tickvals=[zmin, 0.0, 1.0] if zmin < 0 else [0.0, 0.5, 1.0],
            tickfont=dict(size=TICK_SIZE - 2),
        ),
        name=labels[q],
        showlegend=True,
        hovertemplate=(
            "t = %{x}<br>"
            + (labels["input"] if q == "x" else labels["unit"])
            + " %{y}<br>"
            + labels[q + "_sym"]
            + " = %{z:.3f}<extra></extra>"
        ),
        **common,
    )
    if letters:
        shown = [_shown_letter(c) for c in x_names]
        row["text"] = [[shown[v] if a[k, v] > 0 else "" for k in range(a.shape[0])]
                       for v in range(a.shape[1])]  # fmt: skip
        row["texttemplate"] = "%{text}"
        row["textfont"] = dict(size=TICK_SIZE, color="white")
    return row


def sequence_figure(
    steps: np.ndarray,
    arrays: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    x_names: Sequence[str] | None = None,
    cursor: int = 0,
    animate: bool = True,
) -> PlainFigure:
    """Stacked, time-aligned rows x, r, z, h̃, h with a client-side time cursor
    (arguments: ``_sequence_parts``)."""
    data, layout, frames = _sequence_parts(
        steps, arrays, labels, x_names=x_names, cursor=cursor, animate=animate
    )
    _fixed_legend(layout, data, 3)
    return _figure(data, layout, frames)


def _sequence_parts(
    steps: np.ndarray,
    arrays: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    x_names: Sequence[str] | None = None,
    cursor: int = 0,
    animate: bool = True,
    unit: int = 0,
) -> tuple[list[dict], dict, list[dict] | None]:
    """The traces, layout and frames of ``sequence_figure``, as plain dicts (a figure
    is validated once, when it is built: linked_sequence_figure adds rows first).

    Stacked, time-aligned rows x, r, z, h̃, h with a client-side time cursor.

    steps: (T,) the time steps shown on the x axis (1 .. T).
    arrays: "x" (T, I), "r" "z" "h_tilde" "h" (T, H). A quantity with one column
    is a line; several columns (units, or one-hot letters for x) a heatmap.
    labels: per quantity q: q (row title), q + "_sym" (short symbol for the
    readout); "t" (axis), "unit", "input", "play", "pause".
    x_names: names of x's columns (letters of a word) for the heatmap rows.
    cursor: step index the cursor starts at. The cursor moves in the browser
    (a Plotly slider and a play button driving layout-only frames), so scrubbing
    needs no rerun; a vertical line crosses every row at the same t and the
    slider's label reads out that step's values.
    """
    T = len(steps)
    steps = np.asarray(steps)
    domains = _row_domains(len(QUANTITIES))
    data = []
    layout = _base_layout(
        150 + 105 * len(QUANTITIES),
        showlegend=True,
        margin=dict(l=80, r=90, t=40, b=150),
    )
    for i, q in enumerate(QUANTITIES):
        ax = "" if i == 0 else str(i + 1)
        a = np.asarray(arrays[q], dtype=float)
        lo, hi = domains[i]
        common = dict(xaxis="x" + ax, yaxis="y" + ax)
        if a.shape[1] == 1:
            data.append(
                dict(
                    type="scatter",
                    x=steps,
                    y=a[:, 0],
                    mode="lines+markers" if T <= 30 else "lines",
                    marker=dict(size=5),
                    line=dict(color=COLORS[q], width=LINE_WIDTH, dash=DASH[q]),
                    name=labels[q],
                    **_hover(labels[q + "_sym"], a[:, 0]),
                    **common,
                )
            )
            if q in RANGES:
                yrange = list(RANGES[q])
            else:
                span = max(float(a.max() - a.min()), 1e-9)
                yrange = [float(a.min()) - 0.1 * span - 0.05, float(a.max()) + 0.1 * span + 0.05]
            yaxis = _axis(labels[q + "_sym"], COLORS[q], range=yrange, fixedrange=True)
        else:
            data.append(_heatmap_row(q, a, steps, labels, x_names, (lo, hi), common))
            yaxis = _axis(labels[q + "_sym"], COLORS[q], fixedrange=True, autorange="reversed")
            if q == "x" and x_names is not None:
                # letters are printed in their cells; tick labels only while they fit
                yaxis.update(type="category", showticklabels=len(x_names) <= 6)
            else:
                yaxis.update(dtick=max(1, a.shape[1] // 4))
        yaxis["domain"] = [lo, hi]
        layout["yaxis" + ax] = yaxis
        layout["xaxis" + ax] = _axis(
            labels["t"] if i == len(QUANTITIES) - 1 else "",
            anchor="y" + ax,
            showticklabels=i == len(QUANTITIES) - 1,
            range=[float(steps[0]) - 0.5, float(steps[-1]) + 0.5],
            **({} if i == 0 else {"matches": "x"}),
        )
    k0 = int(np.clip(cursor, 0, T - 1))
    layout["shapes"] = [_cursor_shape(float(steps[k0]))]
    if animate:
        _add_time_cursor(layout, steps, arrays, labels, k0, x_names=x_names, unit=unit)
    return data, layout, _cursor_frames(steps) if animate else None


def _cursor_shape(t: float) -> dict:
    return dict(
        type="rect",
        xref="x",
        yref="paper",
        x0=t - 0.5,
        x1=t + 0.5,
        y0=0.0,
        y1=1.0,
        fillcolor=NEUTRAL,
        opacity=0.22,
        line=dict(width=0),
        layer="above",
    )


def _cursor_frames(steps: np.ndarray) -> list[dict]:
    return [dict(name=str(int(s)), layout=dict(shapes=[_cursor_shape(float(s))])) for s in steps]


def _add_time_cursor(
    layout: dict, steps, arrays, labels, k0: int, x_names=None, unit: int = 0
) -> None:
    T = len(steps)
    frame_ms = int(np.clip(6000 / T, 40, 160))
    still = dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))
    layout["sliders"] = [
        dict(
            active=k0,
            x=0.2,
            len=0.8,
            y=-0.13,
            yanchor="top",
            pad=dict(t=0, b=0),
            ticklen=0,
            minorticklen=0,
            font=dict(size=1, color="rgba(0,0,0,0)"),
            currentvalue=dict(
                visible=True,
                prefix="",
                xanchor="left",
                offset=8,
                font=dict(size=FONT_SIZE, color=READOUT),
            ),
            steps=[
                dict(method="animate", label=f"{labels['t']} = {int(s)}:  " + line,
                     args=[[str(int(s))], still])
                for s, line in zip(steps, _values_lines(arrays, labels, x_names, unit),
                                   strict=True)
            ],  # fmt: skip
        )
    ]
    layout["updatemenus"] = [
        dict(
            type="buttons",
            direction="left",
            showactive=False,
            x=0.0,
            y=-0.13,
            xanchor="left",
            yanchor="top",
            pad=dict(t=22, r=4),
            font=dict(size=FONT_SIZE),
            buttons=[
                dict(
                    label="▶ " + labels["play"],
                    method="animate",
                    args=[
                        None,
                        dict(
                            mode="immediate",
                            fromcurrent=True,
                            frame=dict(duration=frame_ms, redraw=True),
                            transition=dict(duration=0),
                        ),
                    ],
                ),
                dict(label="❚❚ " + labels["pause"], method="animate", args=[[None], still]),
            ],
        )
    ]


# ---- lesson 3 (issue 4): memory row, held gates, picking a step --------------------------
#: The memory readout's line: the update gate's colour, dashed (as in lesson 4).
MEMORY_LINE = dict(color=COLORS["z"], width=LINE_WIDTH, dash="dash")
ROW_HEIGHT = 105  # px per stacked row (sequence_figure's spacing)


def linked_sequence_figure(
    steps: np.ndarray,
    arrays: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    x_names: Sequence[str] | None = None,
    cursor: int = 0,
    memory: np.ndarray | None = None,
    half: int | None = None,
    held: Mapping[str, str] | None = None,
    unit: int = 0,
) -> PlainFigure:
    """``sequence_figure`` with a memory row under the stack and held gates marked.

    unit: the unit (0-based) whose values the cursor reads out when H > 1, the one the
    memory row follows.

    memory: (T,) the share of h_s that the keep path carries into h_t (nan before
    s), drawn as a sixth row on [0, 1] with a dotted line at ½; labels "memory"
    (legend), "memory_sym" (axis and cursor readout), "half" (the marker's text).
    half: the step t at which the memory first falls to ½ (marked), or None.
    held: {"r": text, "z": text} for gates held by an override; the text is
    written on that gate's row (its line is the held constant).
    The client-side time cursor spans every row, the memory row included, and its
    readout adds M_t. Marks are traces and annotations, never layout shapes: the
    cursor's frames replace the shapes.
    """
    data, layout, frames = _sequence_parts(
        steps, arrays, labels, x_names=x_names, cursor=cursor, unit=unit
    )
    n_rows = len(QUANTITIES) + (memory is not None)
    domains = _row_domains(n_rows)
    axis_of = {q: "" if i == 0 else str(i + 1) for i, q in enumerate(QUANTITIES)}
    for q, ax in axis_of.items():
        layout["yaxis" + ax]["domain"] = list(domains[QUANTITIES.index(q)])
        if q in ("h_tilde", "h") and np.asarray(arrays[q]).shape[1] == 1:
            layout["yaxis" + ax]["tickvals"] = [-1.0, 0.0, 1.0]  # five ticks crowd a short row
    for trace in data:  # heatmap colour bars follow their rows
        if trace.get("type") == "heatmap" and "colorbar" in trace:
            lo, hi = layout["yaxis" + trace["yaxis"][1:]]["domain"]
            trace["colorbar"].update(y=(lo + hi) / 2, len=(hi - lo) * 0.95)
    for q, text in (held or {}).items():
        ax = axis_of[q]
        layout.setdefault("annotations", []).append(
            dict(
                text=plain(text),
                xref="paper",
                yref=f"y{ax} domain",
                x=1.0,
                y=1.0,
                xanchor="right",
                yanchor="top",
                showarrow=False,
                font=dict(size=TICK_SIZE, color=COLORS[q]),
                bgcolor="rgba(255,255,255,0.75)",
                bordercolor=COLORS[q],
                borderwidth=1,
                borderpad=3,
            )
        )
    if memory is not None:
        _add_memory_row(layout, data, np.asarray(steps), memory, labels, half, domains[-1])
    # every point of a line can be clicked to pick its step (Plotly selects points only
    # on traces with markers); one invisible marker is drawn per line, not one per
    # point, which took a third off this figure's drawing; none is dimmed
    for trace in data:
        if trace.get("type") == "scatter" and trace.get("hoverinfo") != "skip":
            if "markers" not in trace.get("mode", ""):
                trace["mode"] = "lines+markers"
                trace["marker"] = dict(size=7, opacity=0.0, maxdisplayed=1)
            opacity = trace.get("marker", {}).get("opacity", 1.0)
            trace["selected"] = dict(marker=dict(opacity=opacity))
            trace["unselected"] = dict(marker=dict(opacity=opacity))
    layout["height"] = 150 + ROW_HEIGHT * n_rows
    _fixed_legend(layout, data, 2)  # 3 a row cut "memory of h₁₂, unit 3" at 1024 px
    return _figure(data, layout, frames)


def _add_memory_row(layout, data, steps, memory, labels, half, domain) -> None:
    ax = str(len(QUANTITIES) + 1)
    last = str(len(QUANTITIES))
    common = dict(xaxis="x" + ax, yaxis="y" + ax)
    m = np.asarray(memory, dtype=float)
    sym = plain(labels["memory_sym"])
    data.append(
        dict(
            type="scatter",
            x=steps,
            y=m,
            mode="lines",
            line=MEMORY_LINE,
            name=plain(labels["memory"]),
            **_hover(labels["memory_sym"], m),
            **common,
        )
    )
    data.append(  # the ½ level
        dict(
            type="scatter",
            x=[float(steps[0]) - 0.5, float(steps[-1]) + 0.5],
            y=[0.5, 0.5],
            mode="lines",
            line=dict(color=NEUTRAL, width=1.5, dash="dot"),
            hoverinfo="skip",
            showlegend=False,
            **common,
        )
    )
    if half is not None:
        k = int(half) - int(steps[0])
        data.append(
            dict(
                type="scatter",
                x=[half, half],
                y=[0.0, 1.0],
                mode="lines",
                line=dict(color=COLORS["z"], width=1.5, dash="dot"),
                hoverinfo="skip",
                showlegend=False,
                **common,
            )
        )
        data.append(
            dict(
                type="scatter",
                x=[half],
                y=[m[k]],
                mode="markers+text",
                marker=dict(color=COLORS["z"], size=11, line=dict(width=2, color="white")),
                text=[plain(labels["half"])],
                textposition="top right",
                textfont=dict(size=TICK_SIZE, color=COLORS["z"]),
                hovertemplate=f"t = %{{x}}<br>{sym} = %{{y:.3f}}<extra></extra>",
                showlegend=False,
                **common,
            )
        )
    layout["yaxis" + ax] = _axis(
        labels["memory_sym"], COLORS["z"], range=[-0.05, 1.1], fixedrange=True, domain=list(domain)
    )
    layout["yaxis" + ax]["tickvals"] = [0.0, 0.5, 1.0]
    # the time axis' ticks and title move from the h row to the new bottom row
    t_axis = layout["xaxis" + last]
    layout["xaxis" + ax] = _axis(
        labels["t"],
        anchor="y" + ax,
        showticklabels=True,
        range=t_axis.get("range"),
        matches="x",
    )
    t_axis["showticklabels"] = False
    t_axis["title"] = dict(text="")
    values = m.tolist()  # Python floats: formatted faster than NumPy scalars
    for step, v in zip(layout.get("sliders", [{}])[0].get("steps", []), values, strict=False):
        if math.isfinite(v):
            step["label"] += f" · {labels['memory_sym']} = {_num(v)}"


def picked_step(selection, T: int) -> int | None:
    """The time step of the first point clicked on a chart (``st.plotly_chart`` on_select
    state), within 1 .. T; None when nothing usable is selected."""
    try:
        points = selection["selection"]["points"]
        x = float(points[0]["x"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    if not math.isfinite(x):
        return None
    return int(min(max(round(x), 1), T))


# ---- lesson 1: the cell -----------------------------------------------------------------
_BOX_W, _BOX_H, _OP_R = 1.7, 1.0, 0.32
#: Text on a filled box: dark on light fills (orange, sky blue), white on dark ones.
_ON_FILL = {"r": "#1A1A1A", "z": "white", "h_tilde": "#1A1A1A", "h": "white", "x": "#1A1A1A"}


class _Canvas:
    """Collects shapes and annotations as plain dicts (go.Figure.add_shape validates and
    copies the whole layout on every call: 40 calls cost ~0.2 s; one Figure costs ~5 ms)."""

    def __init__(self):
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []

    def add_shape(self, **shape) -> None:
        self.shapes.append(shape)

    def add_annotation(self, **annotation) -> None:
        self.annotations.append(annotation)


def _segment(fig: _Canvas, points, color: str, arrow: bool = True, width: float = 2.5) -> None:
    """A polyline through ``points`` (data coordinates), arrowhead on its last segment."""
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        fig.add_shape(type="line", x0=x0, y0=y0, x1=x1, y1=y1, line=dict(color=color, width=width))
    if arrow:
        (x0, y0), (x1, y1) = points[-2], points[-1]
        fig.add_annotation(
            x=x1,
            y=y1,
            ax=x0,
            ay=y0,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            text="",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.2,
            arrowwidth=width,
            arrowcolor=color,
            standoff=0,
        )


def _box(fig: _Canvas, x: float, y: float, fn: str, text: str, q: str) -> None:
    fig.add_shape(
        type="rect",
        x0=x - _BOX_W / 2,
        x1=x + _BOX_W / 2,
        y0=y - _BOX_H / 2,
        y1=y + _BOX_H / 2,
        line=dict(color=COLORS[q], width=3),
        fillcolor=COLORS[q],
        opacity=1.0,
        layer="above",
    )
    fig.add_annotation(
        x=x,
        y=y,
        text=f"<b>{fn}</b><br>{text}",
        showarrow=False,
        font=dict(size=FONT_SIZE, color=_ON_FILL[q]),
    )


def _op(fig: _Canvas, x: float, y: float, sym: str, color: str = NEUTRAL) -> None:
    fig.add_shape(
        type="circle",
        x0=x - _OP_R,
        x1=x + _OP_R,
        y0=y - _OP_R,
        y1=y + _OP_R,
        line=dict(color=color, width=2.5),
        fillcolor="white",
        layer="above",
    )
    fig.add_annotation(
        x=x, y=y, text=sym, showarrow=False, font=dict(size=FONT_SIZE + 2, color="#333333")
    )


_LIN_W, _LIN_H = 1.5, 0.95  # the box of PyTorch's W_hn h_{t-1} + b_hn


def _linear_box(fig: _Canvas, x: float, y: float, text: str) -> None:
    """A matrix product on the state's path (outlined: it is no gate)."""
    fig.add_shape(
        type="rect", x0=x - _LIN_W / 2, x1=x + _LIN_W / 2, y0=y - _LIN_H / 2, y1=y + _LIN_H / 2,
        line=dict(color=COLORS["h"], width=2.5), fillcolor="white", layer="above",
    )  # fmt: skip
    fig.add_annotation(
        x=x, y=y, text=text, showarrow=False, font=dict(size=FONT_SIZE - 3, color="#1A1A1A")
    )


def cell_diagram(
    values: Mapping[str, float], labels: Mapping[str, str], convention: str
) -> PlainFigure:
    """The GRU cell as a drawing, with the current value of every quantity on it.

    values: "x", "h_prev", "r", "z", "h_tilde", "h", "kept", "taken" (the two
    shares of h), and for "pytorch" "g" = W_hn h_{t-1} + b_hn. labels: "x", "h_prev",
    "r", "z", "h_tilde", "h" (short names), and "g" for "pytorch".
    convention: "textbook" puts 1 − z on the path that keeps h_{t-1}; "cho" and
    "pytorch" put it on the path that takes h̃. "textbook" and "cho" reset h_{t-1}
    before the candidate's matrix product; "pytorch" draws the product W_hn h_{t-1} + b_hn
    on the state's path, before the reset gate's multiply.
    """
    fig = _Canvas()
    lane, j_y = 6.0, 4.6
    hp, xin, out = (0.8, lane), (0.8, 0.5), (11.4, lane)
    r_box, z_box, h_box = (3.0, 2.4), (5.2, 2.4), (7.7, 2.4)
    rm, km, tm, plus = (3.0, 4.0), (5.2, lane), (9.6, j_y), (9.6, lane)
    # PyTorch resets after the matrix product: h_{t-1} first meets W_hn h + b_hn, and
    # the reset gate multiplies that (the multiply moves right to make room)
    reset_after = convention == "pytorch"
    if reset_after:
        lin, rm = (2.85, 4.0), (4.3, 4.0)
    keep_is_z = convention in ("cho", "pytorch")
    one_minus = (8.4, j_y) if keep_is_z else (5.2, 5.3)
    ch, cx = COLORS["h"], COLORS["x"]
    # the state's lane: h_{t-1} → × → + → h_t
    _segment(fig, [(hp[0] + 0.55, lane), (km[0] - _OP_R, lane)], ch)
    _segment(fig, [(km[0] + _OP_R, lane), (plus[0] - _OP_R, lane)], ch)
    _segment(fig, [(plus[0] + _OP_R, lane), (out[0] - 0.55, lane)], ch)
    # h_{t-1} down a bus to the gates and the reset multiply
    bus_x, low = 1.6, r_box[1] - _BOX_H / 2  # low: the boxes' bottom edge
    _segment(fig, [(bus_x, lane), (bus_x, 1.5), (r_box[0] - 0.3, 1.5), (r_box[0] - 0.3, low)], ch)
    _segment(fig, [(r_box[0] - 0.3, 1.5), (z_box[0] - 0.3, 1.5), (z_box[0] - 0.3, low)], ch)
    if reset_after:
        _segment(fig, [(bus_x, lin[1]), (lin[0] - _LIN_W / 2, lin[1])], ch)
        _segment(fig, [(lin[0] + _LIN_W / 2, lin[1]), (rm[0] - _OP_R, rm[1])], ch)
    else:
        _segment(fig, [(bus_x, rm[1]), (rm[0] - _OP_R, rm[1])], ch)
    # x_t along the bottom to both gates and the candidate
    _segment(fig, [(xin[0] + 0.5, 0.9), (r_box[0] + 0.3, 0.9), (r_box[0] + 0.3, low)], cx)
    _segment(fig, [(r_box[0] + 0.3, 0.9), (z_box[0] + 0.3, 0.9), (z_box[0] + 0.3, low)], cx)
    _segment(fig, [(z_box[0] + 0.3, 0.9), (h_box[0], 0.9), (h_box[0], low)], cx)
    # reset gate → r ⊙ h_{t-1} (PyTorch: r ⊙ (W_hn h_{t-1} + b_hn)) → candidate
    r_top = (r_box[0], r_box[1] + _BOX_H / 2)
    if reset_after:  # under the linear box, across to the multiply
        r_path = [r_top, (r_box[0], 3.2), (rm[0], 3.2), (rm[0], rm[1] - _OP_R)]
    else:
        r_path = [r_top, (rm[0], rm[1] - _OP_R)]
    _segment(fig, r_path, COLORS["r"])
    _segment(
        fig,
        [(rm[0] + _OP_R, rm[1]), (h_box[0] - 0.3, rm[1]), (h_box[0] - 0.3, h_box[1] + _BOX_H / 2)],
        COLORS["r"],
    )
    # update gate: up to the keep multiply, right to the take multiply
    zc = COLORS["z"]
    _segment(fig, [(z_box[0], z_box[1] + _BOX_H / 2), (z_box[0], j_y)], zc, arrow=False)
    if keep_is_z:
        _segment(fig, [(z_box[0], j_y), (km[0], km[1] - _OP_R)], zc)
        _segment(fig, [(z_box[0], j_y), (one_minus[0] - _OP_R, j_y)], zc)
        _segment(fig, [(one_minus[0] + _OP_R, j_y), (tm[0] - _OP_R, j_y)], zc)
    else:
        _segment(fig, [(z_box[0], j_y), (one_minus[0], one_minus[1] - _OP_R)], zc)
        _segment(fig, [(one_minus[0], one_minus[1] + _OP_R), (km[0], km[1] - _OP_R)], zc)
        _segment(fig, [(z_box[0], j_y), (tm[0] - _OP_R, j_y)], zc)
    # candidate → take multiply → +
    hc = COLORS["h_tilde"]
    _segment(
        fig,
        [
            (h_box[0] + 0.3, h_box[1] + _BOX_H / 2),
            (h_box[0] + 0.3, 3.5),
            (tm[0], 3.5),
            (tm[0], tm[1] - _OP_R),
        ],
        hc,
    )
    _segment(fig, [(tm[0], tm[1] + _OP_R), (plus[0], plus[1] - _OP_R)], hc)
    # nodes
    _box(fig, *r_box, "σ", f"{labels['r']} = {fmt.fixed(values['r'], 2)}", "r")
    _box(fig, *z_box, "σ", f"{labels['z']} = {fmt.fixed(values['z'], 2)}", "z")
    _box(fig, *h_box, "tanh", f"{labels['h_tilde']} = {fmt.fixed(values['h_tilde'], 2)}", "h_tilde")
    _op(fig, *rm, "×", COLORS["r"])
    if reset_after:
        _linear_box(fig, *lin, f"{labels['g']}<br>= {_plus(fmt.fixed(values['g'], 2))}")
    _op(fig, *km, "×", ch)
    _op(fig, *tm, "×", hc)
    _op(fig, *plus, "+", ch)
    _op(fig, *one_minus, "1−", zc)
    # the two shares as they add up to h_t's shown value
    (kept, taken), h_sum = fmt.terms([values["kept"], values["taken"]], 2)
    shown = {"h_prev": fmt.fixed(values["h_prev"], 2), "x": fmt.fixed(values["x"], 2), "h": h_sum}
    for (x, y), name, q, anchor in (
        (hp, "h_prev", "h", "center"),
        (xin, "x", "x", "center"),
        (out, "h", "h", "center"),
    ):
        fig.add_annotation(
            x=x,
            y=y,
            text=f"<b>{labels[name]}</b><br>{_plus(shown[name])}",
            showarrow=False,
            xanchor=anchor,
            font=dict(size=FONT_SIZE + 1, color=COLORS[q]),
            bordercolor=COLORS[q],
            borderwidth=2,
            borderpad=4,
        )
    fig.add_annotation(
        x=km[0] + 0.45, y=lane + 0.45, text=_plus(kept), showarrow=False,
        xanchor="left", font=dict(size=FONT_SIZE, color=ch),
    )  # fmt: skip
    fig.add_annotation(
        x=tm[0] + 0.45, y=tm[1], text=_plus(taken), showarrow=False,
        xanchor="left", font=dict(size=FONT_SIZE, color=hc),
    )  # fmt: skip
    layout = _base_layout(
        430,
        showlegend=False,
        margin=dict(l=0, r=0, t=10, b=0),
        xaxis=dict(visible=False, range=[0, 12.2], fixedrange=True),
        yaxis=dict(visible=False, range=[0, 7], fixedrange=True, scaleanchor="x"),
        shapes=fig.shapes,
        annotations=fig.annotations,
    )
    return _figure(None, layout)


# ---- lesson 4: forgetting vs remembering ------------------------------------------------
# Lessons 4-6 build their figures as plain dicts (one PlainFigure at the end):
# make_subplots, add_trace, add_hline and add_annotation each validate and copy the
# figure, which made a figure cost ~100 ms instead of a few.


def _line(x, y, name: str, color: str, xaxis: str = "x", yaxis: str = "y", **extra) -> dict:
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


def _hover(name: str, y, digits: int = 3) -> dict:
    """A line's hover: "t = 5, z = 0.0003", each value written as lab.fmt writes it (a
    d3 format such as .3f would show a gate at 0.9996 as 1.000)."""
    y = np.asarray(y, dtype=float).tolist()
    text = [_num(v, digits) if math.isfinite(v) else "" for v in y]
    return dict(customdata=text, hovertemplate=f"t = %{{x}}<br>{plain(name)} = %{{customdata}}"
                "<extra></extra>")  # fmt: skip


def _vline(x: float, color: str, *, xref: str = "x", yref: str = "paper", dash: str = "dot",
           width: float = 2) -> dict:  # fmt: skip
    return dict(
        type="line", xref=xref, yref=yref, x0=x, x1=x, y0=0.0, y1=1.0,
        line=dict(color=color, width=width, dash=dash), layer="below",
    )  # fmt: skip


def _finite_range(arrays, lo: float, hi: float, limit: tuple[float, float]) -> list[float]:
    """[lo, hi] widened to hold every finite value of ``arrays``, within ``limit``."""
    vals = np.concatenate([np.asarray(a, dtype=float).ravel() for a in arrays])
    vals = vals[np.isfinite(vals)]
    if vals.size:
        lo, hi = min(lo, float(vals.min())), max(hi, float(vals.max()))
    pad = 0.05 * (hi - lo)
    return [max(limit[0], lo - pad), min(limit[1], hi + pad)]


def forgetting_figure(
    steps: np.ndarray,
    series: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    pulse_t: int,
    boundary_t: int | None,
    half_life: float,
    crossings: Mapping[str, int | None],
) -> PlainFigure:
    """Lesson 4: the input and the gates (top), and how much of the pulse is left (bottom).

    series: "x" (the pulse and any distraction), "r", "z" (the gates as used),
    "share" (GRU h_t / h_pulse), "readout" (∏ of keep shares since the pulse),
    "rnn" (the plain RNN's h_t / h_pulse); each (T,), nan before the pulse.
    labels: "x", "r", "z", "share", "readout", "rnn" (legend names), "t", "top",
    "bottom" (axis titles), "pulse", "boundary", "half_life" (the half-life's label).
    half_life: closed-form steps after the pulse (inf: never; drawn if within the plot).
    crossings: "share", "rnn": steps after the pulse at which that curve first falls
    to ½ (None: not within T), marked with a dot.
    """
    steps = np.asarray(steps)
    T = float(steps[-1])
    s = {k: np.asarray(v, dtype=float) for k, v in series.items()}
    low = dict(xaxis="x2", yaxis="y2")
    data = [
        _line(steps, s["x"], labels["x"], COLORS["x"], line=dict(width=2),
              **_hover(labels["x"], s["x"])),
        _line(steps, s["r"], labels["r"], COLORS["r"], **_hover(labels["r"], s["r"])),
        _line(steps, s["z"], labels["z"], COLORS["z"], **_hover(labels["z"], s["z"])),
        _line(steps, s["share"], labels["share"], COLORS["h"], **low,
              **_hover(labels["share"], s["share"])),
        _line(steps, s["readout"], labels["readout"], COLORS["z"], **low,
              line=dict(width=2.5, dash="dash"), **_hover(labels["readout"], s["readout"])),
        _line(steps, s["rnn"], labels["rnn"], COLORS["rnn"], **low,
              **_hover(labels["rnn"], s["rnn"])),
    ]  # fmt: skip
    for key, q in (("share", "h"), ("rnn", "rnn")):
        n = crossings.get(key)
        if n is not None:
            t_cross = pulse_t + n
            data.append(
                _line([t_cross], [float(s[key][t_cross - 1])], labels[key], COLORS[q], **low,
                      mode="markers", showlegend=False,
                      marker=dict(color=COLORS[q], size=13, line=dict(color="white", width=2)),
                      hovertemplate=f"{plain(labels[key])}: ½ @ t = {t_cross}<extra></extra>")
            )  # fmt: skip
    half = dict(type="line", xref="x2 domain", yref="y2", x0=0, x1=1, y0=0.5, y1=0.5,
                line=dict(color=NEUTRAL, width=1.5, dash="dot"))  # fmt: skip
    shapes = [half, _vline(pulse_t, COLORS["x"], dash="solid", width=1.5)]
    annotations = [
        dict(x=pulse_t, y=1.0, xref="x", yref="paper", yanchor="bottom", xanchor="left",
             text=labels["pulse"], showarrow=False, font=dict(size=TICK_SIZE, color=COLORS["x"]))
    ]  # fmt: skip
    if math.isfinite(half_life) and pulse_t + half_life <= T:
        x_half = pulse_t + half_life
        shapes.append(_vline(x_half, COLORS["z"], xref="x2", yref="y2 domain"))
        annotations.append(
            dict(x=x_half, y=1.0, xref="x2", yref="y2 domain", yanchor="bottom",
                 xanchor="left" if x_half < 0.75 * T else "right", text=labels["half_life"],
                 showarrow=False, font=dict(size=FONT_SIZE, color=COLORS["z"]))
        )  # fmt: skip
    if boundary_t is not None:
        shapes.append(_vline(boundary_t, READOUT, dash="dash"))
        annotations.append(
            dict(x=boundary_t, y=1.0, xref="x", yref="paper", yanchor="bottom", xanchor="left",
                 text=labels["boundary"], showarrow=False,
                 font=dict(size=TICK_SIZE, color=READOUT))
        )  # fmt: skip
    top = _finite_range([s["x"]], -0.1, 1.1, (-4.0, 4.0))
    bottom = _finite_range([s["share"], s["readout"], s["rnn"]], -0.05, 1.05, (-1.6, 2.6))
    layout = _base_layout(560, margin=dict(l=70, r=30, t=80, b=50))
    layout.update(
        xaxis=_axis(anchor="y", range=[0.5, T + 0.5], showticklabels=False),
        xaxis2=_axis(labels["t"], anchor="y2", range=[0.5, T + 0.5], matches="x"),
        yaxis=_axis(labels["top"], range=top, fixedrange=True, domain=[0.72, 1.0]),
        yaxis2=_axis(labels["bottom"], range=bottom, fixedrange=True, domain=[0.0, 0.66]),
        shapes=shapes,
        annotations=annotations,
    )
    _fixed_legend(layout, data, 2, gap=24)  # the pulse and boundary marks sit above the plot
    return _figure(data, layout)


# ---- lesson 5: gradients over time -------------------------------------------------------
#: Lowest value drawn on lesson 5's log axis (a fully vanished gradient sits below it).
GRAD_FLOOR = 1e-40
#: Most tick labels on lesson 5's log axis (a label every decade crowds a range of 15).
GRAD_MAX_LABELS = 8


def log_dtick(lo_dec: int, hi_dec: int, most: int = GRAD_MAX_LABELS) -> int:
    """Decades between labels on a log axis spanning 10^lo_dec..10^hi_dec: the smallest
    of 1, 2, 3, 5, 10, 20, ... that labels at most ``most`` of its decades (the labels
    sit on the multiples of the step, so 10^0 = 1 is always one of them)."""
    for step in (1, 2, 3, 5, 10, 20, 25, 50):
        if hi_dec // step - (lo_dec - 1) // step <= most:  # multiples of step in [lo, hi]
            return step
    return math.ceil((hi_dec - lo_dec + 1) / most)


def gradient_figure(
    steps: np.ndarray, curves: Mapping[str, np.ndarray], labels: Mapping[str, str]
) -> PlainFigure:
    """Lesson 5: ‖∂h_T/∂h_t‖ against t on a log scale.

    curves: "gru", "rnn" (T+1,) the two gradient norms; "straight" the GRU's
    additive path alone; "bound" the RNN's bound w^(T−t). labels: the same keys
    (legend names), "t", "y" (axis titles). Zeros (underflow) are left out.
    """
    styles = {
        "gru": dict(color=COLORS["h"], width=LINE_WIDTH + 1, dash="solid"),
        "straight": dict(color=COLORS["z"], width=2.5, dash="dash"),
        "rnn": dict(color=COLORS["rnn"], width=LINE_WIDTH + 1, dash="solid"),
        "bound": dict(color=COLORS["rnn"], width=1.5, dash="dot"),
    }
    data, shown = [], []
    for key in ("gru", "straight", "rnn", "bound"):
        y = np.asarray(curves[key], dtype=float)
        shown.append(y[np.isfinite(y) & (y > 0)])
        # hover text as the sentences write it (3.2 × 10⁻¹³; Plotly's d3 formats have
        # only 3.2e-13)
        text = [fmt.sci(v, tex=False) if v > 0 else "" for v in y.tolist()]
        hover = f"t = %{{x}}<br>{plain(labels[key])} = %{{customdata}}<extra></extra>"
        data.append(
            _line(steps, np.where(y > 0, y, np.nan), labels[key], styles[key]["color"],
                  line=styles[key], customdata=text, hovertemplate=hover)
        )  # fmt: skip
    vals = np.concatenate(shown)
    lo = max(float(vals.min()) if vals.size else 1e-3, GRAD_FLOOR)
    hi = max(float(vals.max()) if vals.size else 1.0, 1.0)
    lo_dec, hi_dec = math.floor(math.log10(lo)), math.ceil(math.log10(hi) + 0.05)
    layout = _base_layout(460, margin=dict(l=90, r=30, t=40, b=60))
    dtick = log_dtick(lo_dec, hi_dec)
    # A grid line every decade still (the lesson reads each as a factor of ten), labels
    # only every dtick decades.
    minor = dict(dtick=1, showgrid=True, ticks="") if dtick > 1 else None
    layout.update(
        xaxis=_axis(labels["t"], range=[float(steps[0]), float(steps[-1])]),
        yaxis=_axis(
            labels["y"], type="log", range=[lo_dec - 0.2, hi_dec + 0.2],
            exponentformat="power", dtick=dtick, tick0=0, **({"minor": minor} if minor else {}),
        ),
    )  # fmt: skip
    _fixed_legend(layout, data, 2)
    return _figure(data, layout)


# ---- lesson 6: conventions -----------------------------------------------------------------
#: How each convention's line is drawn (the colour is the quantity's).
CONV_STYLE = {
    "textbook": dict(dash="solid", width=LINE_WIDTH + 1),
    "cho": dict(dash="dash", width=LINE_WIDTH),
    "pytorch": dict(dash="dot", width=LINE_WIDTH + 1),
}


def conventions_figure(
    steps: np.ndarray,
    x: np.ndarray,
    z: Mapping[str, np.ndarray],
    h: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
) -> PlainFigure:
    """Lesson 6: x, then z_t and h_t of the same numbers under each convention.

    z, h: (T,) per line name ("textbook", "cho", "pytorch", and "cho_twin": drawn
    as hollow markers on top, since it must coincide with textbook). labels: the
    line names, "x", "z", "h" (row titles), "t". Rows: x (yaxis), z (yaxis2), h (yaxis3).
    """
    data = [
        _line(steps, np.asarray(x, dtype=float), labels["x"], COLORS["x"], showlegend=False,
              line=dict(width=2.5), **_hover("x", x))
    ]  # fmt: skip
    for ax, q, rows in (("2", "z", z), ("3", "h", h)):
        for name in ("textbook", "cho", "pytorch", "cho_twin"):
            if name not in rows:
                continue
            hover = f"t = %{{x}}<br>{plain(labels[name])}: {q} = %{{y:.4f}}<extra></extra>"
            common = dict(
                xaxis="x" + ax, yaxis="y" + ax, legendgroup=name, showlegend=q == "h",
                hovertemplate=hover,
            )  # fmt: skip
            y = np.asarray(rows[name], dtype=float)
            if name == "cho_twin":
                marker = dict(symbol="circle-open", size=9, color=COLORS[q], line=dict(width=2))
                data.append(_line(steps, y, labels[name], COLORS[q], mode="markers",
                                  marker=marker, **common))  # fmt: skip
            else:
                data.append(_line(steps, y, labels[name], COLORS[q], line=CONV_STYLE[name],
                                  **common))  # fmt: skip
    rng = [float(steps[0]) - 0.5, float(steps[-1]) + 0.5]
    layout = _base_layout(520, margin=dict(l=70, r=30, t=50, b=50))
    layout.update(
        xaxis=_axis(anchor="y", range=rng, showticklabels=False),
        xaxis2=_axis(anchor="y2", range=rng, matches="x", showticklabels=False),
        xaxis3=_axis(labels["t"], anchor="y3", range=rng, matches="x"),
        yaxis=_axis(labels["x"], COLORS["x"], fixedrange=True, domain=[0.82, 1.0]),
        yaxis2=_axis(labels["z"], COLORS["z"], range=[-0.05, 1.05], fixedrange=True,
                     domain=[0.47, 0.77]),
        yaxis3=_axis(labels["h"], COLORS["h"], range=[-1.08, 1.08], fixedrange=True,
                     domain=[0.0, 0.42]),
    )  # fmt: skip
    _fixed_legend(layout, data, 2)
    return _figure(data, layout)


def units_figure(
    steps: np.ndarray,
    h: np.ndarray,
    labels: Mapping[str, str],
    reference: np.ndarray | None = None,
) -> PlainFigure:
    """A loaded model's states h_t (T, H): a line per unit (H <= 6) or a heatmap.

    reference: saved states to compare with (hollow markers on the lines, one legend entry).
    labels: "h" (axis title), "t", "unit" (the word), "engine" (the lines, in hover texts),
    "reference".
    """
    h = np.asarray(h, dtype=float)
    H = h.shape[1]
    if H <= 6:
        dashes = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
        data = []
        for i in range(H):
            name = f"{labels['unit']} {i + 1}"
            data.append(
                _line(steps, h[:, i], name, COLORS["h"], line=dict(dash=dashes[i]),
                      hovertemplate=(f"t = %{{x}}<br>{plain(name)}, {plain(labels['engine'])}: "
                                     "h = %{y:.6f}<extra></extra>"))
            )  # fmt: skip
            if reference is not None:
                data.append(
                    _line(steps, np.asarray(reference)[:, i], labels["reference"], READOUT,
                          mode="markers", legendgroup="reference", showlegend=i == 0,
                          marker=dict(symbol="circle-open", size=11, color=READOUT,
                                      line=dict(width=2)),
                          hovertemplate=(f"t = %{{x}}<br>{plain(labels['reference'])}: "
                                         "h = %{y:.6f}<extra></extra>"))
                )  # fmt: skip
        m = max(1.0, float(np.abs(h).max()) * 1.1)
        layout = _base_layout(380, margin=dict(l=70, r=30, t=60, b=50))
        layout.update(
            xaxis=_axis(labels["t"]),
            yaxis=_axis(labels["h"], COLORS["h"], range=[-m, m], fixedrange=True),
        )
        _fixed_legend(layout, data, 2)
        return _figure(data, layout)
    unit = plain(labels["unit"])
    heat = dict(
        type="heatmap", x=steps, y=list(range(1, H + 1)), z=h.T, zmin=-1.0, zmax=1.0,
        colorscale=[[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, COLORS["h"]]],
        colorbar=dict(thickness=14, x=1.0, xanchor="left", xpad=8,
                      tickvals=[-1.0, -0.5, 0.0, 0.5, 1.0], tickfont=dict(size=TICK_SIZE)),
        hovertemplate=f"t = %{{x}}<br>{unit} %{{y}}<br>h = %{{z:.6f}}<extra></extra>",
    )  # fmt: skip
    # The right margin holds the colour bar and its numbers (margins are fixed: with the
    # default 30 px the numbers fell outside the chart and were cut off).
    layout = _base_layout(380, showlegend=False, margin=dict(l=70, r=80, t=40, b=40))
    layout.update(xaxis=_axis(labels["t"]), yaxis=_axis(labels["unit"], autorange="reversed"))
    return _figure([heat], layout)


# ---- lesson 7: training, a GRU against a plain RNN ---------------------------------------
#: One colour and marker per model, as in lessons 4 and 5: the GRU in the state's blue,
#: the plain RNN in vermillion (COLORS["rnn"]); markers differ too, for grey-scale prints.
MODEL_COLORS = {"gru": COLORS["h"], "rnn": COLORS["rnn"]}
MODEL_SYMBOLS = {"gru": "circle", "rnn": "square"}
MODEL_DASH = {"gru": "solid", "rnn": "solid"}


def _baseline_trace(
    x0: float, x1: float, y: float, name: str, showlegend: bool = True, **axes
) -> dict:
    """The "learned nothing" level: a dashed neutral line across the chart (a trace, not a
    shape, so it has a legend entry and sits right on log axes too)."""
    return dict(
        type="scatter",
        x=[x0, x1],
        y=[y, y],
        mode="lines",
        line=dict(color=NEUTRAL, width=2, dash="dash"),
        name=name,
        legendgroup="baseline",
        showlegend=showlegend,
        hovertemplate=f"{name}: %{{y:.4g}}<extra></extra>",
        **axes,
    )


def _panel_title(text: str, domain: Sequence[float]) -> dict:
    return dict(
        text=text,
        x=(domain[0] + domain[1]) / 2,
        y=1.0,
        xref="paper",
        yref="paper",
        xanchor="center",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=TITLE_SIZE),
    )


def _log_axis(title: str = "", **extra) -> dict:
    return _axis(title, type="log", exponentformat="power", zeroline=False, **extra)


def training_curves(
    curves: Mapping[str, Mapping[str, np.ndarray]],
    baseline: Mapping[str, float],
    labels: Mapping[str, str],
    *,
    steps: int,
    metric_log: bool,
) -> PlainFigure:
    """Loss and test score against the training step, every model on the same chart.

    curves: model ("gru", "rnn") -> "step", "loss" (the smoothed training loss) and
    "test_step", "test_metric" (the test set's headline measure), as from
    ``lab.compute.curve``. baseline: "loss", "metric" (what learning nothing scores).
    labels: "loss", "metric" (panel titles), "step" (axis), "baseline" and one name
    per model. steps: the planned steps (fixed x range, so the curves grow to the
    right). metric_log: a log axis for an error (MSE), linear 0 … 1 for an accuracy.

    Built from plain dicts, without ``make_subplots`` (which took about 5x longer):
    the page redraws this chart twice a second while training.
    """
    end = max(1, int(steps))
    left, right = (0.0, 0.45), (0.55, 1.0)
    data = []
    for m, cv in curves.items():
        color, name = MODEL_COLORS[m], labels[m]
        hover = labels["step"] + " %{x}<br>%{y:.4g}<extra>" + name + "</extra>"
        data.append(
            dict(
                type="scatter",
                x=np.asarray(cv["step"]),
                y=np.asarray(cv["loss"], dtype=float),
                mode="lines",
                line=dict(color=color, width=LINE_WIDTH, dash=MODEL_DASH[m]),
                name=name,
                legendgroup=m,
                hovertemplate=hover,
                xaxis="x",
                yaxis="y",
            )
        )
        data.append(
            dict(
                type="scatter",
                x=np.asarray(cv["test_step"]),
                y=np.asarray(cv["test_metric"], dtype=float),
                mode="lines+markers",
                line=dict(color=color, width=LINE_WIDTH, dash=MODEL_DASH[m]),
                marker=dict(size=7, symbol=MODEL_SYMBOLS[m]),
                name=name,
                legendgroup=m,
                showlegend=False,
                hovertemplate=hover,
                xaxis="x2",
                yaxis="y2",
            )
        )
    data.append(_baseline_trace(0, end, baseline["loss"], labels["baseline"], xaxis="x", yaxis="y"))
    data.append(
        _baseline_trace(
            0, end, baseline["metric"], labels["baseline"], False, xaxis="x2", yaxis="y2"
        )
    )
    layout = _base_layout(380, showlegend=True, margin=dict(l=70, r=30, t=70, b=50))
    layout["xaxis"] = _axis(labels["step"], range=[0, end], zeroline=False, domain=list(left))
    layout["xaxis2"] = _axis(
        labels["step"], range=[0, end], zeroline=False, domain=list(right), anchor="y2"
    )
    layout["yaxis"] = _log_axis(anchor="x")
    layout["yaxis2"] = (
        _log_axis(anchor="x2") if metric_log else _axis(range=[0.0, 1.04], tickformat=".0%")
    )
    layout["yaxis2"]["anchor"] = "x2"
    layout["annotations"] = [
        _panel_title(labels["loss"], left),
        _panel_title(labels["metric"], right),
    ]
    _fixed_legend(layout, data, 3, gap=34)  # the panel titles sit above the plots
    return _figure(data, layout)


def _mark_shapes(steps: np.ndarray, marks: Sequence[int]) -> list[dict]:
    """At each marked step (index into ``steps``): a band behind every row, and its outline
    on top, so the step stays visible across the heatmaps."""
    out = []
    for k in marks:
        common = dict(
            type="rect",
            xref="x",
            yref="paper",
            x0=float(steps[k]) - 0.5,
            x1=float(steps[k]) + 0.5,
            y0=0.0,
            y1=1.0,
        )
        out.append(
            dict(**common, fillcolor=COLORS["x"], opacity=0.22, line=dict(width=0), layer="below")
        )
        out.append(dict(**common, line=dict(color=COLORS["x"], width=1.5), layer="above"))
    return out


def trained_gates_figure(
    steps: np.ndarray,
    x: np.ndarray,
    gates: Mapping[str, np.ndarray],
    marks: Sequence[int],
    labels: Mapping[str, str],
) -> PlainFigure:
    """A trained GRU on one sequence: its input channels, then r, z, h̃ and h, stacked on
    one time axis, with the marked steps (the ones the answer depends on) as bands.

    steps: (T,) 1 … T. x: (T, I) input channels, drawn as lines (the last channel a
    marker when I = 2). gates: "r", "z", "h_tilde", "h", each (T, H): heatmaps (unit ×
    time) for H > 1, lines for H = 1. marks: indices of the marked steps.
    labels: per quantity q: q (trace name), q + "_sym" (row title); "t", "unit", "marked"
    (legend entry of the bands) and "channel_0", "channel_1" (the input channels, legend).
    """
    steps = np.asarray(steps)
    rows = ("x", "r", "z", "h_tilde", "h")
    domains = _row_domains(len(rows), gap=0.04)
    layout = _base_layout(
        130 + 100 * len(rows), showlegend=True, margin=dict(l=80, r=90, t=40, b=50)
    )
    data = []
    x = np.asarray(x, dtype=float)
    for i, q in enumerate(rows):
        ax = "" if i == 0 else str(i + 1)
        lo, hi = domains[i]
        common = dict(xaxis="x" + ax, yaxis="y" + ax)
        if q == "x":
            for j in range(x.shape[1]):
                marker_channel = x.shape[1] == 2 and j == 1
                data.append(
                    dict(
                        type="bar" if marker_channel else "scatter",
                        x=steps,
                        y=x[:, j],
                        name=labels[f"channel_{j}"],
                        **(
                            dict(marker=dict(color=NEUTRAL), width=0.8, opacity=0.7)
                            if marker_channel
                            else dict(
                                mode="lines+markers" if len(steps) <= 60 else "lines",
                                marker=dict(size=4),
                                line=dict(color=COLORS["x"], width=2),
                            )
                        ),
                        hovertemplate="t = %{x}<br>%{y:.3f}<extra>"
                        + labels[f"channel_{j}"]
                        + "</extra>",
                        **common,
                    )
                )
            x_lo, x_hi = min(0.0, float(x.min())), max(1.0, float(x.max()))
            pad = 0.08 * (x_hi - x_lo)
            yaxis = _axis(labels["x_sym"], COLORS["x"], range=[x_lo - pad, x_hi + pad])
        else:
            a = np.asarray(gates[q], dtype=float)
            gate = q in ("r", "z")
            if a.shape[1] == 1:
                data.append(
                    dict(
                        type="scatter",
                        x=steps,
                        y=a[:, 0],
                        mode="lines",
                        line=dict(color=COLORS[q], width=LINE_WIDTH, dash=DASH[q]),
                        name=labels[q],
                        hovertemplate="t = %{x}<br>" + labels[q + "_sym"] + " = %{y:.3f}"
                        "<extra></extra>",
                        **common,
                    )
                )
                yaxis = _axis(labels[q + "_sym"], COLORS[q], range=list(RANGES[q]))
            else:
                data.append(
                    dict(
                        type="heatmap",
                        x=steps,
                        y=list(range(1, a.shape[1] + 1)),
                        z=a.T,
                        zmin=0.0 if gate else -1.0,
                        zmax=1.0,
                        colorscale=(
                            [[0.0, "#F7F7F7"], [1.0, COLORS[q]]]
                            if gate
                            else [[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, COLORS["h"]]]
                        ),
                        colorbar=dict(
                            y=(lo + hi) / 2,
                            len=(hi - lo) * 0.95,
                            yanchor="middle",
                            thickness=12,
                            tickvals=[0.0, 0.5, 1.0] if gate else [-1.0, 0.0, 1.0],
                            tickfont=dict(size=TICK_SIZE - 2),
                        ),
                        name=labels[q],
                        showlegend=False,
                        hovertemplate="t = %{x}<br>"
                        + labels["unit"]
                        + " %{y}<br>"
                        + labels[q + "_sym"]
                        + " = %{z:.3f}<extra></extra>",
                        **common,
                    )
                )
                yaxis = _axis(labels[q + "_sym"], COLORS[q], autorange="reversed", showgrid=False)
                yaxis["dtick"] = max(1, a.shape[1] // 4)
        yaxis["domain"] = [lo, hi]
        yaxis["fixedrange"] = True
        layout["yaxis" + ax] = yaxis
        layout["xaxis" + ax] = _axis(
            labels["t"] if i == len(rows) - 1 else "",
            anchor="y" + ax,
            showticklabels=i == len(rows) - 1,
            range=[float(steps[0]) - 0.5, float(steps[-1]) + 0.5],
            zeroline=False,
            **({} if i == 0 else {"matches": "x"}),
        )
    layout["shapes"] = _mark_shapes(steps, marks)
    if len(marks):  # a legend entry for the bands (no data: the bands are shapes)
        data.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(symbol="square", size=14, color=COLORS["x"], opacity=0.35),
                name=labels["marked"],
                hoverinfo="skip",
            )
        )
    layout["bargap"] = 0.2
    _fixed_legend(layout, data, 3)
    return _figure(data, layout)


def sweep_figure(
    points: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    baseline: float,
    labels: Mapping[str, str],
    *,
    log_y: bool,
    lengths: Sequence[int],
    reference: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
) -> PlainFigure:
    """Test score against sequence length T, one line per model, with the baseline.

    points: model -> (T values, scores) measured here. reference: the same from the
    offline sweep (thin dotted lines, open markers). labels: "T", "metric" (y axis),
    "baseline", "reference" (legend suffix) and one name per model.
    """
    data = []
    for m, (Ts, ys) in (reference or {}).items():
        data.append(
            dict(
                type="scatter",
                x=np.asarray(Ts, dtype=float),
                y=np.asarray(ys, dtype=float),
                mode="lines+markers",
                line=dict(color=MODEL_COLORS[m], width=1.5, dash="dot"),
                marker=dict(size=9, symbol=MODEL_SYMBOLS[m] + "-open", color=MODEL_COLORS[m]),
                name=f"{labels[m]} ({labels['reference']})",
                hovertemplate="T = %{x}<br>%{y:.4g}<extra></extra>",
            )
        )
    for m, (Ts, ys) in points.items():
        data.append(
            dict(
                type="scatter",
                x=np.asarray(Ts, dtype=float),
                y=np.asarray(ys, dtype=float),
                mode="lines+markers",
                line=dict(color=MODEL_COLORS[m], width=LINE_WIDTH),
                marker=dict(size=11, symbol=MODEL_SYMBOLS[m], color=MODEL_COLORS[m]),
                name=labels[m],
                hovertemplate="T = %{x}<br>%{y:.4g}<extra>" + labels[m] + "</extra>",
            )
        )
    ticks = [int(v) for v in lengths]
    data.append(_baseline_trace(min(ticks) * 0.8, max(ticks) * 1.25, baseline, labels["baseline"]))
    layout = _base_layout(380, showlegend=True, margin=dict(l=80, r=30, t=60, b=60))
    layout["xaxis"] = _axis(
        labels["T"],
        type="log",
        tickvals=ticks,
        ticktext=[str(v) for v in ticks],
        range=[float(np.log10(min(ticks) * 0.8)), float(np.log10(max(ticks) * 1.25))],
        zeroline=False,
    )
    layout["yaxis"] = (
        _log_axis(labels["metric"])
        if log_y
        else _axis(labels["metric"], range=[0.0, 1.04], tickformat=".0%")
    )
    _fixed_legend(layout, data, 2)
    return _figure(data, layout)

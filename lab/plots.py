"""The one plotting module: colours, fonts and every Plotly figure of GRU Lab.

Figures are built from plain arrays and already-translated labels; this module
calls no ``st.`` function, so it can be tested and reused alone. Pages pass
what they show through ``st.plotly_chart(fig, key=..., config=CONFIG)``.

Colours (Okabe–Ito, safe for colour-blind viewers, readable on light and dark
backgrounds): one per quantity, the same on every page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

# ---- one colour and one line style per quantity ---------------------------------------
QUANTITIES = ("x", "r", "z", "h_tilde", "h")
COLORS = {
    "x": "#CC79A7",  # reddish purple: the input
    "r": "#E69F00",  # orange: reset gate
    "z": "#009E73",  # bluish green: update gate
    "h_tilde": "#56B4E9",  # sky blue: the candidate (dashed): a proposal for h
    "h": "#0072B2",  # blue: the state
}
DASH = {"x": "solid", "r": "solid", "z": "solid", "h_tilde": "dash", "h": "solid"}
NEUTRAL = "#888888"  # axes helpers, cursor, zero lines
READOUT = "#7F7F7F"  # text that must read on light and dark backgrounds alike
#: Value ranges that never change (so rows line up and the cursor is meaningful).
RANGES = {"r": (-0.05, 1.05), "z": (-0.05, 1.05), "h_tilde": (-1.08, 1.08), "h": (-1.08, 1.08)}

# ---- fonts readable on a projector ---------------------------------------------------
FONT_SIZE = 16
TICK_SIZE = 14
TITLE_SIZE = 18
LINE_WIDTH = 3

#: Plotly's browser options for every chart (st.plotly_chart(config=CONFIG)).
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def swatch(q: str) -> str:
    """A square in the colour of quantity ``q``, as Markdown (inline KaTeX) for headings."""
    return rf"$\textcolor{{{COLORS[q]}}}{{\blacksquare}}$"


def plain(text) -> str:
    """User text made inert for Plotly's HTML-like labels."""
    return html.escape(str(text), quote=True)


def _base_layout(height: int, **extra) -> dict:
    layout = dict(
        height=height,
        font=dict(size=FONT_SIZE),
        margin=dict(l=70, r=30, t=40, b=40),
        hoverlabel=dict(font=dict(size=FONT_SIZE)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0, font=dict(size=FONT_SIZE)),
    )
    layout.update(extra)
    return layout


def _axis(title: str = "", color: str | None = None, **extra) -> dict:
    ax = dict(
        title=dict(text=title, font=dict(size=TITLE_SIZE, color=color)),
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
) -> go.Figure:
    """σ for r and z, tanh for h̃, each with its current pre-activation marked.

    pre: {"r": a_r, "z": a_z, "h_tilde": a_h}; post: the same gates' values.
    labels: "r", "z", "h_tilde" (panel titles), "a" (x axis), "sigmoid", "tanh".
    """
    from plotly.subplots import make_subplots

    names = ("r", "z", "h_tilde")
    span = max(6.0, *(abs(float(pre[n])) + 1.0 for n in names))
    a = np.linspace(-span, span, 241)
    curves = {
        "r": 0.5 * np.tanh(0.5 * a) + 0.5,
        "z": 0.5 * np.tanh(0.5 * a) + 0.5,
        "h_tilde": np.tanh(a),
    }
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=[labels[n] for n in names],
        horizontal_spacing=0.08,
    )
    for col, n in enumerate(names, start=1):
        fn = labels["sigmoid"] if n != "h_tilde" else labels["tanh"]
        fig.add_trace(
            go.Scatter(
                x=a,
                y=curves[n],
                mode="lines",
                line=dict(color=NEUTRAL, width=2),
                name=fn,
                showlegend=False,
                hovertemplate="a = %{x:.2f}<br>" + fn + " = %{y:.3f}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.add_trace(
            go.Scatter(
                x=[float(pre[n])],
                y=[float(post[n])],
                mode="markers+text",
                marker=dict(color=COLORS[n], size=16, line=dict(width=2, color="white")),
                text=[f"{float(post[n]):.2f}"],
                textposition="top left" if float(pre[n]) > 0 else "top right",
                textfont=dict(size=FONT_SIZE, color=COLORS[n]),
                name=labels[n],
                showlegend=False,
                hovertemplate="a = %{x:.3f}<br>" + labels[n] + " = %{y:.3f}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        lo = 0.0 if n != "h_tilde" else -1.0
        fig.add_shape(
            type="line",
            x0=float(pre[n]),
            x1=float(pre[n]),
            y0=lo,
            y1=float(post[n]),
            line=dict(color=COLORS[n], width=2, dash="dot"),
            row=1,
            col=col,
        )
        fig.update_xaxes(_axis(labels["a"] if col == 2 else ""), row=1, col=col)
        rng = [-0.05, 1.05] if n != "h_tilde" else [-1.1, 1.1]
        fig.update_yaxes(_axis(range=rng, fixedrange=True), row=1, col=col)
    fig.update_annotations(font=dict(size=TITLE_SIZE))
    for ann, n in zip(fig.layout.annotations, names, strict=True):
        ann.font.color = COLORS[n]
    fig.update_layout(_base_layout(300, showlegend=False))
    fig.update_layout(margin=dict(t=50, b=50))
    return fig


def shares_bar(
    kept: float, taken: float, h: float, labels: Mapping[str, str], convention_note: str = ""
) -> go.Figure:
    """h_t as the sum of its two shares: what is kept of h_{t-1} and what is taken of h̃_t.

    labels: "kept", "taken", "h" (bar names), "value" (axis title).
    """
    names = [labels["kept"], labels["taken"], labels["h"]]
    vals = [float(kept), float(taken), float(h)]
    fig = go.Figure(
        go.Bar(
            x=vals,
            y=names,
            orientation="h",
            marker=dict(
                color=[COLORS["h"], COLORS["h_tilde"], COLORS["h"]],
                pattern=dict(shape=["/", "", ""], fgcolor="white", solidity=0.35),
                line=dict(color=[COLORS["h"], COLORS["h_tilde"], COLORS["h"]], width=2),
            ),
            text=[f"{v:+.3f}" for v in vals],
            textposition="outside",
            textfont=dict(size=FONT_SIZE),
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.4f}<extra></extra>",
        )
    )
    m = max(1.0, *(abs(v) for v in vals)) * 1.35
    fig.update_layout(
        _base_layout(240, showlegend=False),
        xaxis=_axis(labels["value"], range=[-m, m], fixedrange=True),
        yaxis=dict(autorange="reversed", tickfont=dict(size=FONT_SIZE), fixedrange=True),
        margin=dict(l=10, r=20, t=20, b=50),
    )
    fig.update_yaxes(automargin=True)
    return fig


# ---- lesson 3: a sequence ---------------------------------------------------------------
def _row_domains(n: int, gap: float = 0.035) -> list[tuple[float, float]]:
    """Vertical domains of n stacked rows, top row first."""
    h = (1.0 - gap * (n - 1)) / n
    out = []
    for i in range(n):
        top = 1.0 - i * (h + gap)
        out.append((max(0.0, top - h), top))
    return out


def _values_line(k: int, arrays: Mapping[str, np.ndarray], labels: Mapping[str, str]) -> str:
    """The cursor's readout at step index k: "x = 1.00 · r = 0.53 · …" (unit 1 when H > 1)."""
    parts = []
    for q in QUANTITIES:
        a = arrays[q]
        if a.shape[1] == 1:
            parts.append(f"{labels[q + '_sym']} = {a[k, 0]:.2f}")
    return " · ".join(parts)


def sequence_figure(
    steps: np.ndarray,
    arrays: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    x_names: Sequence[str] | None = None,
    cursor: int = 0,
    animate: bool = True,
) -> go.Figure:
    """Stacked, time-aligned rows x, r, z, h̃, h with a client-side time cursor.

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
                    hovertemplate=f"t = %{{x}}<br>{labels[q + '_sym']} = %{{y:.3f}}<extra></extra>",
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
            gate = q in ("r", "z")
            names = (
                [plain(n) for n in x_names]
                if q == "x" and x_names is not None
                else [str(j + 1) for j in range(a.shape[1])]
            )
            data.append(
                dict(
                    type="heatmap",
                    x=steps,
                    y=names if q == "x" and x_names is not None else list(range(1, a.shape[1] + 1)),
                    z=a.T,
                    zmin=0.0 if gate or q == "x" else -1.0,
                    zmax=1.0,
                    colorscale=(
                        [[0.0, "#F7F7F7"], [1.0, COLORS[q]]]
                        if gate or q == "x"
                        else [[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, COLORS["h"]]]
                    ),
                    showscale=q in ("z", "h"),
                    colorbar=dict(
                        y=(lo + hi) / 2,
                        len=(hi - lo) * (2.0 if q == "h" else 2.0),
                        yanchor="middle",
                        thickness=14,
                        tickfont=dict(size=TICK_SIZE),
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
            )
            yaxis = _axis(labels[q + "_sym"], COLORS[q], fixedrange=True)
            if q == "x" and x_names is not None:
                yaxis.update(type="category", autorange="reversed")
            else:
                yaxis.update(autorange="reversed", dtick=max(1, a.shape[1] // 4))
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
        _add_time_cursor(layout, steps, arrays, labels, k0)
    return go.Figure(data=data, layout=layout, frames=_cursor_frames(steps) if animate else None)


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


def _add_time_cursor(layout: dict, steps, arrays, labels, k0: int) -> None:
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
                dict(
                    method="animate",
                    label=f"{labels['t']} = {int(s)}:  " + _values_line(k, arrays, labels),
                    args=[[str(int(s))], still],
                )
                for k, s in enumerate(steps)
            ],
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


# ---- lesson 1: the cell -----------------------------------------------------------------
_BOX_W, _BOX_H, _OP_R = 1.7, 1.0, 0.32
#: Text on a filled box: dark on light fills (orange, sky blue), white on dark ones.
_ON_FILL = {"r": "#1A1A1A", "z": "white", "h_tilde": "#1A1A1A", "h": "white", "x": "#1A1A1A"}


def _segment(fig: go.Figure, points, color: str, arrow: bool = True, width: float = 2.5) -> None:
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


def _box(fig: go.Figure, x: float, y: float, fn: str, text: str, q: str) -> None:
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


def _op(fig: go.Figure, x: float, y: float, sym: str, color: str = NEUTRAL) -> None:
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


def cell_diagram(
    values: Mapping[str, float], labels: Mapping[str, str], convention: str
) -> go.Figure:
    """The GRU cell as a drawing, with the current value of every quantity on it.

    values: "x", "h_prev", "r", "z", "h_tilde", "h", "kept", "taken" (the two
    shares of h). labels: "x", "h_prev", "r", "z", "h_tilde", "h" (short names).
    convention: "textbook" puts 1 − z on the path that keeps h_{t-1}; "cho" and
    "pytorch" put it on the path that takes h̃.
    """
    fig = go.Figure()
    lane, j_y = 6.0, 4.6
    hp, xin, out = (0.8, lane), (0.8, 0.5), (11.4, lane)
    r_box, z_box, h_box = (3.0, 2.4), (5.2, 2.4), (7.7, 2.4)
    rm, km, tm, plus = (3.0, 4.0), (5.2, lane), (9.6, j_y), (9.6, lane)
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
    _segment(fig, [(bus_x, rm[1]), (rm[0] - _OP_R, rm[1])], ch)
    # x_t along the bottom to both gates and the candidate
    _segment(fig, [(xin[0] + 0.5, 0.9), (r_box[0] + 0.3, 0.9), (r_box[0] + 0.3, low)], cx)
    _segment(fig, [(r_box[0] + 0.3, 0.9), (z_box[0] + 0.3, 0.9), (z_box[0] + 0.3, low)], cx)
    _segment(fig, [(z_box[0] + 0.3, 0.9), (h_box[0], 0.9), (h_box[0], low)], cx)
    # reset gate → r ⊙ h_{t-1} → candidate
    _segment(fig, [(r_box[0], r_box[1] + _BOX_H / 2), (rm[0], rm[1] - _OP_R)], COLORS["r"])
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
    _box(fig, *r_box, "σ", f"{labels['r']} = {values['r']:.2f}", "r")
    _box(fig, *z_box, "σ", f"{labels['z']} = {values['z']:.2f}", "z")
    _box(fig, *h_box, "tanh", f"{labels['h_tilde']} = {values['h_tilde']:.2f}", "h_tilde")
    _op(fig, *rm, "×", COLORS["r"])
    _op(fig, *km, "×", ch)
    _op(fig, *tm, "×", hc)
    _op(fig, *plus, "+", ch)
    _op(fig, *one_minus, "1−", zc)
    for (x, y), name, q, anchor in (
        (hp, "h_prev", "h", "center"),
        (xin, "x", "x", "center"),
        (out, "h", "h", "center"),
    ):
        fig.add_annotation(
            x=x,
            y=y,
            text=f"<b>{labels[name]}</b><br>{values[name]:+.2f}",
            showarrow=False,
            xanchor=anchor,
            font=dict(size=FONT_SIZE + 1, color=COLORS[q]),
            bordercolor=COLORS[q],
            borderwidth=2,
            borderpad=4,
        )
    fig.add_annotation(
        x=km[0] + 0.45, y=lane + 0.45, text=f"{values['kept']:+.2f}", showarrow=False,
        xanchor="left", font=dict(size=FONT_SIZE, color=ch),
    )  # fmt: skip
    fig.add_annotation(
        x=tm[0] + 0.45, y=tm[1], text=f"{values['taken']:+.2f}", showarrow=False,
        xanchor="left", font=dict(size=FONT_SIZE, color=hc),
    )  # fmt: skip
    fig.update_xaxes(visible=False, range=[0, 12.2], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, 7], fixedrange=True, scaleanchor="x")
    fig.update_layout(_base_layout(430, showlegend=False), margin=dict(l=0, r=0, t=10, b=0))
    return fig

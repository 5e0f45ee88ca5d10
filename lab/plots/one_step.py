"""One step, gate by gate: the activation curves and the shares of h_t."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gru_core.activations import sigmoid
from lab import fmt
from lab.plots.figure import PlainFigure, axis, base_layout, figure, line_trace, marker_trace
from lab.plots.style import COLORS, FONT_SIZE, NEUTRAL, TITLE_SIZE, num, signed


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
    sig = sigmoid(a)
    gap, width = 0.08, (1.0 - 2 * 0.08) / 3
    data, shapes, annotations = [], [], []
    layout = base_layout(300, showlegend=False, margin=dict(l=50, r=20, t=50, b=50))
    for i, n in enumerate(names):
        ax = "" if i == 0 else str(i + 1)
        a_n, v_n = float(pre[n]), float(post[n])
        fn = labels["tanh"] if n == "h_tilde" else labels["sigmoid"]
        curve = np.tanh(a) if n == "h_tilde" else sig
        rng = [-1.1, 1.1] if n == "h_tilde" else [-0.05, 1.05]
        axes = dict(xaxis="x" + ax, yaxis="y" + ax)
        data.append(
            line_trace(
                a,
                curve,
                fn,
                NEUTRAL,
                line=dict(width=2),
                customdata=[num(y, 3) for y in curve.tolist()],  # no false 0 or 1
                hovertemplate="a = %{x:.2f}<br>" + fn + " = %{customdata}<extra></extra>",
                **axes,
            )
        )
        data.append(
            marker_trace(
                [a_n],
                [v_n],
                dict(color=COLORS[n], size=16, line=dict(width=2, color="white")),
                mode="markers+text",
                text=[num(v_n)],
                # beside the marker, away from the curve's flat end and the panel's top
                # edge (a label above a value near the top was cut off)
                textposition=("bottom" if (v_n - rng[0]) / (rng[1] - rng[0]) > 0.75 else "top")
                + (" left" if a_n > 0 else " right"),
                textfont=dict(size=FONT_SIZE, color=COLORS[n]),
                name=labels[n],
                hovertemplate="a = %{x:.3f}<br>" + labels[n] + " = %{text}<extra></extra>",
                **axes,
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
        layout["xaxis" + ax] = axis(
            labels["a"] if i == 1 else "", domain=[x0, x0 + width], anchor="y" + ax
        )
        layout["yaxis" + ax] = axis(range=rng, fixedrange=True, anchor="x" + ax)
    layout["shapes"], layout["annotations"] = shapes, annotations
    return figure(data, layout)


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
        text=[signed(s) for s in (*shown, total)],  # kept + taken = h, as shown
        textposition="outside",
        textfont=dict(size=FONT_SIZE),
        cliponaxis=False,
        hovertemplate="%{y}: %{x:.4f}<extra></extra>",
    )
    m = max(1.0, *(abs(v) for v in vals)) * 1.35
    layout = base_layout(
        240,
        showlegend=False,
        xaxis=axis(labels["value"], range=[-m, m], fixedrange=True),
        yaxis=dict(
            autorange="reversed", tickfont=dict(size=FONT_SIZE), fixedrange=True, automargin=True
        ),
        margin=dict(l=10, r=20, t=20, b=50),
        autoexpand=True,  # the bar labels' width depends on the language
    )
    return figure([bar], layout)

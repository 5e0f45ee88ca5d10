"""Conventions: the same weights as textbook, cho and PyTorch GRUs, and the units of a
weight file (each figure also drawn straight from the lesson's run)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lab.plots.figure import PlainFigure, axis, base_layout, figure, hover_text, line_trace
from lab.plots.style import COLORS, LINE_WIDTH, READOUT, TICK_SIZE, heat_scale, plain

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
        line_trace(steps, np.asarray(x, dtype=float), labels["x"], COLORS["x"], showlegend=False,
              line=dict(width=2.5), **hover_text("x", x))
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
                data.append(line_trace(steps, y, labels[name], COLORS[q], mode="markers",
                                  marker=marker, **common))  # fmt: skip
            else:
                data.append(line_trace(steps, y, labels[name], COLORS[q], line=CONV_STYLE[name],
                                  **common))  # fmt: skip
    rng = [float(steps[0]) - 0.5, float(steps[-1]) + 0.5]
    layout = base_layout(520, margin=dict(l=70, r=30, t=50, b=50))
    layout.update(
        xaxis=axis(anchor="y", range=rng, showticklabels=False),
        xaxis2=axis(anchor="y2", range=rng, matches="x", showticklabels=False),
        xaxis3=axis(labels["t"], anchor="y3", range=rng, matches="x"),
        yaxis=axis(labels["x"], COLORS["x"], fixedrange=True, domain=[0.82, 1.0]),
        yaxis2=axis(labels["z"], COLORS["z"], range=[-0.05, 1.05], fixedrange=True,
                     domain=[0.47, 0.77]),
        yaxis3=axis(labels["h"], COLORS["h"], range=[-1.08, 1.08], fixedrange=True,
                     domain=[0.0, 0.42]),
    )  # fmt: skip
    return figure(data, layout, legend=2)


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
                line_trace(steps, h[:, i], name, COLORS["h"], line=dict(dash=dashes[i]),
                      hovertemplate=(f"t = %{{x}}<br>{plain(name)}, {plain(labels['engine'])}: "
                                     "h = %{y:.6f}<extra></extra>"))
            )  # fmt: skip
            if reference is not None:
                data.append(
                    line_trace(steps, np.asarray(reference)[:, i], labels["reference"], READOUT,
                          mode="markers", legendgroup="reference", showlegend=i == 0,
                          marker=dict(symbol="circle-open", size=11, color=READOUT,
                                      line=dict(width=2)),
                          hovertemplate=(f"t = %{{x}}<br>{plain(labels['reference'])}: "
                                         "h = %{y:.6f}<extra></extra>"))
                )  # fmt: skip
        m = max(1.0, float(np.abs(h).max()) * 1.1)
        layout = base_layout(380, margin=dict(l=70, r=30, t=60, b=50))
        layout.update(
            xaxis=axis(labels["t"]),
            yaxis=axis(labels["h"], COLORS["h"], range=[-m, m], fixedrange=True),
        )
        return figure(data, layout, legend=2)
    unit = plain(labels["unit"])
    scale, zmin = heat_scale("h")
    heat = dict(
        type="heatmap", x=steps, y=list(range(1, H + 1)), z=h.T, zmin=zmin, zmax=1.0,
        colorscale=scale,
        colorbar=dict(thickness=14, x=1.0, xanchor="left", xpad=8,
                      tickvals=[-1.0, -0.5, 0.0, 0.5, 1.0], tickfont=dict(size=TICK_SIZE)),
        hovertemplate=f"t = %{{x}}<br>{unit} %{{y}}<br>h = %{{z:.6f}}<extra></extra>",
    )  # fmt: skip
    # The right margin holds the colour bar and its numbers (margins are fixed: with the
    # default 30 px the numbers fell outside the chart and were cut off).
    layout = base_layout(380, showlegend=False, margin=dict(l=70, r=80, t=40, b=40))
    layout.update(xaxis=axis(labels["t"]), yaxis=axis(labels["unit"], autorange="reversed"))
    return figure([heat], layout)


def comparison_figure(run, labels: Mapping[str, str]) -> PlainFigure:
    """``conventions_figure`` of a ``gru_core.lessons.conventions.ConvRun``: its first
    unit under every line of ``CONV_LINES``."""
    steps = np.arange(1, len(run.x) + 1)
    z = {name: tr.z[:, 0] for name, tr in run.traces.items()}
    h = {name: tr.h[:, 0] for name, tr in run.traces.items()}
    return conventions_figure(steps, run.x[:, 0], z, h, labels)


def file_figure(run, labels: Mapping[str, str]) -> PlainFigure:
    """``units_figure`` of a ``gru_core.lessons.conventions.FileRun``, with its reference."""
    steps = np.arange(1, len(run.x) + 1)
    return units_figure(steps, run.trace.h, labels, run.reference)

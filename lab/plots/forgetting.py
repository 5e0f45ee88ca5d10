"""Forgetting vs remembering: a pulse, the share of it left, half-lives, a plain RNN."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from lab.plots.figure import PlainFigure, axis, base_layout, figure, line_trace
from lab.plots.figure import hover_text as figure_hover
from lab.plots.style import COLORS, FONT_SIZE, NEUTRAL, READOUT, TICK_SIZE, plain


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
    hover: bool = True,
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
    hover: write each value for the hover (a live frame does without).
    """
    steps = np.asarray(steps)
    T = float(steps[-1])
    s = {k: np.asarray(v, dtype=float) for k, v in series.items()}
    low = dict(xaxis="x2", yaxis="y2")

    def hover_text(name, y):
        return figure_hover(name, y) if hover else {}

    data = [
        line_trace(steps, s["x"], labels["x"], COLORS["x"], line=dict(width=2),
              **hover_text(labels["x"], s["x"])),
        line_trace(steps, s["r"], labels["r"], COLORS["r"], **hover_text(labels["r"], s["r"])),
        line_trace(steps, s["z"], labels["z"], COLORS["z"], **hover_text(labels["z"], s["z"])),
        line_trace(steps, s["share"], labels["share"], COLORS["h"], **low,
              **hover_text(labels["share"], s["share"])),
        line_trace(steps, s["readout"], labels["readout"], COLORS["z"], **low,
              line=dict(width=2.5, dash="dash"), **hover_text(labels["readout"], s["readout"])),
        line_trace(steps, s["rnn"], labels["rnn"], COLORS["rnn"], **low,
              **hover_text(labels["rnn"], s["rnn"])),
    ]  # fmt: skip
    # the half marks: always two traces (empty when a curve stays above ½), so that
    # every run draws the same traces and a live frame can move them (lab.live)
    for key, q in (("share", "h"), ("rnn", "rnn")):
        n = crossings.get(key)
        t_cross = None if n is None else pulse_t + n
        data.append(
            line_trace([] if n is None else [t_cross],
                  [] if n is None else [float(s[key][t_cross - 1])], labels[key], COLORS[q],
                  **low, mode="markers", showlegend=False,
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
    # the half-life mark is always there, hidden when it falls outside the plot: every
    # run draws the same marks, and a live frame can move it (lab.live)
    shown = math.isfinite(half_life) and pulse_t + half_life <= T
    x_half = pulse_t + half_life if shown else T
    shapes.append(_vline(x_half, COLORS["z"], xref="x2", yref="y2 domain") | {"visible": shown})
    annotations.append(
        dict(x=x_half, y=1.0, xref="x2", yref="y2 domain", yanchor="bottom",
             xanchor="left" if x_half < 0.75 * T else "right", text=labels["half_life"],
             showarrow=False, font=dict(size=FONT_SIZE, color=COLORS["z"]), visible=shown)
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
    layout = base_layout(560, margin=dict(l=70, r=30, t=80, b=50))
    layout.update(
        xaxis=axis(anchor="y", range=[0.5, T + 0.5], showticklabels=False),
        xaxis2=axis(labels["t"], anchor="y2", range=[0.5, T + 0.5], matches="x"),
        yaxis=axis(labels["top"], range=top, fixedrange=True, domain=[0.72, 1.0]),
        yaxis2=axis(labels["bottom"], range=bottom, fixedrange=True, domain=[0.0, 0.66]),
        shapes=shapes,
        annotations=annotations,
    )
    # the pulse and boundary marks sit in the gap between the plot and the legend
    return figure(data, layout, legend=2, legend_gap=24)


def run_figure(run, labels: Mapping[str, str], hover: bool = True) -> PlainFigure:
    """``forgetting_figure`` of a ``gru_core.lessons.forgetting.ForgetRun``."""
    series = {
        "x": run.x[:, 0],
        "r": run.trace.r[:, 0],
        "z": run.trace.z[:, 0],
        "share": run.share,
        "readout": run.readout,
        "rnn": run.rnn_share,
    }
    return forgetting_figure(
        list(range(1, len(run.share) + 1)),
        series,
        labels,
        pulse_t=run.pulse_t,
        boundary_t=run.boundary_t,
        half_life=run.half_life,
        crossings={"share": run.gru_half, "rnn": run.rnn_half},
        hover=hover,
    )

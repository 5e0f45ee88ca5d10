"""Gradients over time: ‖∂h_T/∂h_t‖ on a log axis for a GRU and a plain RNN."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from lab import fmt
from lab.plots.figure import PlainFigure, axis, base_layout, figure, line_trace
from lab.plots.style import COLORS, LINE_WIDTH, plain

#: Lowest value drawn on the gradients lesson's log axis (a fully vanished gradient sits below it).
GRAD_FLOOR = 1e-40


#: Most tick labels on the gradients lesson's log axis (a label every decade crowds a range of 15).
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
    steps: np.ndarray,
    curves: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    hover: bool = True,
) -> PlainFigure:
    """Lesson 5: ‖∂h_T/∂h_t‖ against t on a log scale.

    curves: "gru", "rnn" (T+1,) the two gradient norms; "straight" the GRU's
    additive path alone; "bound" the RNN's bound w^(T−t). labels: the same keys
    (legend names), "t", "y" (axis titles). Zeros (underflow) are left out.
    hover: write each value for the hover (a live frame does without).
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
        text = [fmt.sci(v, tex=False) if v > 0 else "" for v in y.tolist()] if hover else []
        template = f"t = %{{x}}<br>{plain(labels[key])} = %{{customdata}}<extra></extra>"
        data.append(
            line_trace(steps, np.where(y > 0, y, np.nan), labels[key], styles[key]["color"],
                  line=styles[key], customdata=text, hovertemplate=template)
        )  # fmt: skip
    vals = np.concatenate(shown)
    lo = max(float(vals.min()) if vals.size else 1e-3, GRAD_FLOOR)
    hi = max(float(vals.max()) if vals.size else 1.0, 1.0)
    lo_dec, hi_dec = math.floor(math.log10(lo)), math.ceil(math.log10(hi) + 0.05)
    layout = base_layout(460, margin=dict(l=90, r=30, t=40, b=60))
    dtick = log_dtick(lo_dec, hi_dec)
    # A grid line every decade still (the lesson reads each as a factor of ten), labels
    # only every dtick decades.
    minor = dict(dtick=1, showgrid=True, ticks="") if dtick > 1 else None
    layout.update(
        xaxis=axis(labels["t"], range=[float(steps[0]), float(steps[-1])]),
        yaxis=axis(
            labels["y"], type="log", range=[lo_dec - 0.2, hi_dec + 0.2],
            exponentformat="power", dtick=dtick, tick0=0, **({"minor": minor} if minor else {}),
        ),
    )  # fmt: skip
    return figure(data, layout, legend=2)

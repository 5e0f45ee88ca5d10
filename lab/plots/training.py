"""Training: learning curves, the trained GRU's gates, the sweep of error against T.

``curves_figure``, ``inside_figure`` and ``sweep_points_figure`` draw a training job,
the trained GRU on one sequence and a sweep as gru_core.lessons.training gives them,
with labels the caller has translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from gru_core.lessons.training import (
    SWEEP_LENGTHS,
    SWEEP_REFERENCE,
    TRAIN_MODELS,
    Inside,
    Sweep,
    TrainJob,
    baselines,
    curve,
)
from gru_core.tasks import TASKS
from lab.plots.figure import (
    PlainFigure,
    axis,
    base_layout,
    figure,
    heatmap_row,
    line_trace,
    marker_trace,
    quantity_line,
    row_domains,
    row_time_axis,
)
from lab.plots.style import COLORS, LINE_WIDTH, NEUTRAL, RANGES, TITLE_SIZE

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
    return axis(title, type="log", exponentformat="power", zeroline=False, **extra)


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
    ``gru_core.lessons.training.curve``. baseline: "loss", "metric" (what learning nothing scores).
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
        model = dict(line=dict(dash=MODEL_DASH[m]), legendgroup=m, hovertemplate=hover)
        x, y = np.asarray(cv["step"]), np.asarray(cv["loss"], dtype=float)
        data.append(line_trace(x, y, name, color, **model))
        # the test score: its own panel, no second legend entry, a marker per test
        test = dict(mode="lines+markers", marker=dict(size=7, symbol=MODEL_SYMBOLS[m]))
        x, y = np.asarray(cv["test_step"]), np.asarray(cv["test_metric"], dtype=float)
        data.append(line_trace(x, y, name, color, "x2", "y2", **test, showlegend=False, **model))
    data.append(_baseline_trace(0, end, baseline["loss"], labels["baseline"], xaxis="x", yaxis="y"))
    data.append(
        _baseline_trace(
            0, end, baseline["metric"], labels["baseline"], False, xaxis="x2", yaxis="y2"
        )
    )
    layout = base_layout(380, showlegend=True, margin=dict(l=70, r=30, t=70, b=50))
    layout["xaxis"] = axis(labels["step"], range=[0, end], zeroline=False, domain=list(left))
    layout["xaxis2"] = axis(
        labels["step"], range=[0, end], zeroline=False, domain=list(right), anchor="y2"
    )
    layout["yaxis"] = _log_axis(anchor="x")
    layout["yaxis2"] = (
        _log_axis(anchor="x2") if metric_log else axis(range=[0.0, 1.04], tickformat=".0%")
    )
    layout["yaxis2"]["anchor"] = "x2"
    layout["annotations"] = [
        _panel_title(labels["loss"], left),
        _panel_title(labels["metric"], right),
    ]
    # the panel titles sit above the plots; on a phone the names wrap (no fixed share
    # of the width: a name in a third or half of a phone's chart was cut)
    return figure(data, layout, legend=2, legend_gap=34, legend_wraps=True)


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
    domains = row_domains(len(rows), gap=0.04)
    layout = base_layout(
        130 + 100 * len(rows), showlegend=True, margin=dict(l=80, r=90, t=40, b=50)
    )
    data = []
    x = np.asarray(x, dtype=float)
    for i, q in enumerate(rows):
        ax = "" if i == 0 else str(i + 1)
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
            yaxis = axis(labels["x_sym"], COLORS["x"], range=[x_lo - pad, x_hi + pad])
        else:
            a = np.asarray(gates[q], dtype=float)
            sym = labels[q + "_sym"]
            if a.shape[1] == 1:
                hover = f"t = %{{x}}<br>{sym} = %{{y:.3f}}<extra></extra>"
                row = quantity_line(q, steps, a[:, 0], labels[q], hovertemplate=hover, **common)
                yaxis = axis(sym, COLORS[q], range=list(RANGES[q]))
            else:
                row = heatmap_row(
                    q, a, steps, domains[i], sym, labels["unit"], name=labels[q], **common
                )
                row["showlegend"] = False
                yaxis = axis(sym, COLORS[q], autorange="reversed", showgrid=False)
                yaxis["dtick"] = max(1, a.shape[1] // 4)
            data.append(row)
        yaxis["domain"] = list(domains[i])
        yaxis["fixedrange"] = True
        layout["yaxis" + ax] = yaxis
        layout["xaxis" + ax] = row_time_axis(i, len(rows), steps, labels["t"], zeroline=False)
    layout["shapes"] = _mark_shapes(steps, marks)
    if len(marks):  # a legend entry for the bands (no data: the bands are shapes)
        swatch = dict(symbol="square", size=14, color=COLORS["x"], opacity=0.35)
        data.append(marker_trace([None], [None], swatch, name=labels["marked"], hoverinfo="skip"))
    layout["bargap"] = 0.2
    return figure(data, layout, legend=3)


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
    # the offline reference first, thin and dotted with open markers, under this sweep's
    offline = f" ({labels['reference']})"
    drawn = (  # runs, line, marker size and fill, legend suffix, model named in the hover
        (reference or {}, dict(width=1.5, dash="dot"), 9, "-open", offline, False),
        (points, dict(width=LINE_WIDTH), 11, "", "", True),
    )
    for runs, line, size, fill, suffix, named in drawn:
        for m, (Ts, ys) in runs.items():
            color, name = MODEL_COLORS[m], labels[m]
            data.append(
                dict(
                    type="scatter",
                    x=np.asarray(Ts, dtype=float),
                    y=np.asarray(ys, dtype=float),
                    mode="lines+markers",
                    line=dict(color=color, **line),
                    marker=dict(size=size, symbol=MODEL_SYMBOLS[m] + fill, color=color),
                    name=name + suffix,
                    hovertemplate=f"T = %{{x}}<br>%{{y:.4g}}<extra>{name if named else ''}</extra>",
                )
            )
    ticks = [int(v) for v in lengths]
    data.append(_baseline_trace(min(ticks) * 0.8, max(ticks) * 1.25, baseline, labels["baseline"]))
    layout = base_layout(380, showlegend=True, margin=dict(l=80, r=30, t=60, b=60))
    layout["xaxis"] = axis(
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
        else axis(labels["metric"], range=[0.0, 1.04], tickformat=".0%")
    )
    return figure(data, layout, legend=2, legend_wraps=True)  # names wrap on a phone


def curves_figure(job: TrainJob, labels: Mapping[str, str]) -> PlainFigure:
    """``training_curves`` of a training job as it is now: every model's curve so far,
    the task's baselines, the x axis as long as the planned run."""
    first = job.trainers[TRAIN_MODELS[0]]
    task = first.config.task
    curves = {m: curve(tr.progress()) for m, tr in job.trainers.items()}
    return training_curves(
        curves,
        baselines(task),
        labels,
        steps=first.config.steps,
        metric_log=first.task.metric == "mse",
    )


def planned_curves_figure(task: str, steps: int, labels: Mapping[str, str]) -> PlainFigure:
    """``training_curves`` of a run not yet started: the axes of ``steps`` steps and the
    task's baselines, no curve yet."""
    empty = {k: np.zeros(0) for k in ("step", "loss", "test_step", "test_loss", "test_metric")}
    return training_curves(
        {m: empty for m in TRAIN_MODELS},
        baselines(task),
        labels,
        steps=steps,
        metric_log=TASKS[task].metric == "mse",
    )


def inside_figure(seen: Inside, labels: Mapping[str, str]) -> PlainFigure:
    """``trained_gates_figure`` of the trained GRU on one test sequence."""
    return trained_gates_figure(seen.steps, seen.x, seen.gates, seen.marks, labels)


def sweep_points_figure(sweep: Sweep | None, task: str, labels: Mapping[str, str]) -> PlainFigure:
    """``sweep_figure`` of the sweep's points so far (none before a sweep), in ``task``'s
    headline measure, with the offline reference when it measured the same task."""
    metric = TASKS[task].metric
    points = {}
    for m in TRAIN_MODELS:
        mine = [p for p in (sweep.points if sweep is not None else ()) if p["model"] == m]
        if mine:
            points[m] = ([p["T"] for p in mine], [p[metric] for p in mine])
    ref = SWEEP_REFERENCE
    reference = None
    if task == ref.task:
        reference = {m: (ref.lengths, ref.of("mse", m)) for m in TRAIN_MODELS}
    return sweep_figure(
        points,
        baselines(task)["metric"],
        labels,
        log_y=metric == "mse",
        lengths=SWEEP_LENGTHS,
        reference=reference,
    )

"""A sequence, step by step: the stacked x, r, z, h̃, h rows (heatmaps for several
units), the time cursor that runs in the browser, the memory row and a picked step."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from lab.plots.figure import (
    PlainFigure,
    axis,
    base_layout,
    colorbar_beside,
    figure,
    heatmap_row,
    hover_text,
    quantity_line,
    row_domains,
    row_time_axis,
)
from lab.plots.style import (
    COLORS,
    FONT_SIZE,
    LINE_WIDTH,
    NEUTRAL,
    QUANTITIES,
    RANGES,
    READOUT,
    TICK_SIZE,
    num,
    plain,
)


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
        parts.append([f"{name} = {num(v)}" for v in a[:, j].tolist()])
    return [" · ".join(p[k] for p in parts) for k in range(T)]


def _subscript(k: int) -> str:
    return str(int(k)).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _shown_letter(c: str) -> str:
    return "␣" if c == " " else plain(c)


def _heatmap_row(q, a, steps, labels, x_names, domain, common) -> dict:
    """One heatmap row (``heatmap_row``): units × time, or for one-hot x the letters
    × time, each letter written in its cells (and no colour bar: on or off needs none)."""
    letters = q == "x" and x_names is not None
    word = labels["input"] if q == "x" else labels["unit"]
    row = heatmap_row(
        q, a, steps, domain, labels[q + "_sym"], word, name=labels[q], showlegend=True, **common
    )
    row["showscale"] = not letters
    if letters:
        shown = [_shown_letter(c) for c in x_names]
        row["y"] = shown
        row["text"] = [[shown[v] if a[k, v] > 0 else "" for k in range(a.shape[0])]
                       for v in range(a.shape[1])]  # fmt: skip
        row["texttemplate"] = "%{text}"
        row["textfont"] = dict(size=TICK_SIZE, color="white")
    return row


def sequence_figure(
    steps: np.ndarray, arrays: Mapping[str, np.ndarray], labels: Mapping[str, str], **options
) -> PlainFigure:
    """Stacked, time-aligned rows x, r, z, h̃, h with a client-side time cursor
    (arguments and ``options``: ``_sequence_parts``)."""
    data, layout, frames = _sequence_parts(steps, arrays, labels, **options)
    return figure(data, layout, frames, legend=3)


def _sequence_parts(
    steps: np.ndarray,
    arrays: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    x_names: Sequence[str] | None = None,
    cursor: int = 0,
    animate: bool = True,
    unit: int = 0,
    dots: bool | None = None,
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
    unit: the unit (0-based) whose values the cursor reads out when H > 1.
    dots: a dot on every step of a line (default: up to DOTS_UP_TO steps).
    cursor: step index the cursor starts at. The cursor moves in the browser
    (a Plotly slider and a play button driving layout-only frames), so scrubbing
    needs no rerun; a vertical line crosses every row at the same t and the
    slider's label reads out that step's values.
    """
    T = len(steps)
    steps = np.asarray(steps)
    domains = row_domains(len(QUANTITIES))
    data = []
    layout = base_layout(
        150 + 105 * len(QUANTITIES) + (PLAY_ROW if animate else 0),
        showlegend=True,
        margin=dict(l=80, r=90, t=40, b=150 + (PLAY_ROW if animate else 0)),
    )
    for i, q in enumerate(QUANTITIES):
        ax = "" if i == 0 else str(i + 1)
        a = np.asarray(arrays[q], dtype=float)
        common = dict(xaxis="x" + ax, yaxis="y" + ax)
        if a.shape[1] == 1:
            dotted = T <= DOTS_UP_TO if dots is None else dots
            points = dict(mode="lines+markers" if dotted else "lines", marker=dict(size=5))
            hover = hover_text(labels[q + "_sym"], a[:, 0])
            data.append(quantity_line(q, steps, a[:, 0], labels[q], **points, **hover, **common))
            if q in RANGES:
                yrange = list(RANGES[q])
            else:
                span = max(float(a.max() - a.min()), 1e-9)
                yrange = [float(a.min()) - 0.1 * span - 0.05, float(a.max()) + 0.1 * span + 0.05]
            yaxis = axis(labels[q + "_sym"], COLORS[q], range=yrange, fixedrange=True)
        else:
            data.append(_heatmap_row(q, a, steps, labels, x_names, domains[i], common))
            yaxis = axis(labels[q + "_sym"], COLORS[q], fixedrange=True, autorange="reversed")
            if q == "x" and x_names is not None:
                # letters are printed in their cells; tick labels only while they fit
                yaxis.update(type="category", showticklabels=len(x_names) <= 6)
            else:
                yaxis.update(dtick=max(1, a.shape[1] // 4))
        yaxis["domain"] = list(domains[i])
        layout["yaxis" + ax] = yaxis
        layout["xaxis" + ax] = row_time_axis(i, len(QUANTITIES), steps, labels["t"])
    k0 = int(np.clip(cursor, 0, T - 1))
    layout["shapes"] = [_cursor_shape(float(steps[k0]))]
    if animate:
        _add_time_cursor(layout, steps, arrays, labels, k0, x_names=x_names, unit=unit)
    return data, layout, _cursor_frames(steps) if animate else None


#: Lines of sequences up to this long have a dot at every step.
DOTS_UP_TO = 30


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


#: Px under the plot: the time slider's top (below the time axis' ticks and title), and
#: the play buttons' row under the slider; PLAY_ROW is what that row adds to the figure.
SLIDER_BELOW, PLAY_BELOW, PLAY_ROW = 63, 62, 45


def _add_time_cursor(
    layout: dict, steps, arrays, labels, k0: int, x_names=None, unit: int = 0
) -> None:
    T = len(steps)
    frame_ms = int(np.clip(6000 / T, 40, 160))
    still = dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))
    margin = layout["margin"]
    plot_h = layout["height"] - margin["t"] - margin["b"]
    layout["sliders"] = [
        dict(
            active=k0,
            x=0.0,  # the rail spans the time axis: the thumb sits under the grey band
            len=1.0,
            y=-SLIDER_BELOW / plot_h,
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
                    label=f"{labels['t']} = {int(s)}:  " + line,
                    args=[[str(int(s))], still],
                )
                for s, line in zip(steps, _values_lines(arrays, labels, x_names, unit), strict=True)
            ],  # fmt: skip
        )
    ]
    layout["updatemenus"] = [
        dict(
            type="buttons",
            direction="left",
            showactive=False,
            x=0.0,  # on a row of their own under the rail
            y=-(SLIDER_BELOW + PLAY_BELOW) / plot_h,
            xanchor="left",
            yanchor="top",
            pad=dict(t=0, r=4),
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


#: How far beyond the last step a mark that is not there is drawn (outside the plot).
AWAY = 1000.0
#: The memory readout's line: the update gate's colour, dashed (as on the forgetting lesson).
MEMORY_LINE = dict(color=COLORS["z"], width=LINE_WIDTH, dash="dash")


ROW_HEIGHT = 105  # px per stacked row (sequence_figure's spacing)


def linked_sequence_figure(
    steps: np.ndarray,
    arrays: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    *,
    memory: np.ndarray | None = None,
    half: int | None = None,
    held: Mapping[str, str] | None = None,
    **options,
) -> PlainFigure:
    """``sequence_figure`` with a memory row under the stack and held gates marked.

    options: ``_sequence_parts``'s (x_names, cursor, unit: the memory row follows the
    unit the cursor reads out).
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
    data, layout, frames = _sequence_parts(steps, arrays, labels, **options)
    n_rows = len(QUANTITIES) + (memory is not None)
    domains = row_domains(n_rows)
    axis_of = {q: "" if i == 0 else str(i + 1) for i, q in enumerate(QUANTITIES)}
    for q, ax in axis_of.items():
        layout["yaxis" + ax]["domain"] = list(domains[QUANTITIES.index(q)])
        if q in ("h_tilde", "h") and np.asarray(arrays[q]).shape[1] == 1:
            layout["yaxis" + ax]["tickvals"] = [-1.0, 0.0, 1.0]  # five ticks crowd a short row
    for trace in data:  # heatmap colour bars follow their rows
        if trace.get("type") == "heatmap" and "colorbar" in trace:
            yaxis = layout["yaxis" + trace["yaxis"][1:]]
            trace["colorbar"].update(colorbar_beside(yaxis["domain"]))
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
    if not any(trace.get("type") == "heatmap" for trace in data):
        layout["margin"]["r"] = 24  # no colour bars beside the rows: the plot takes the room
    return figure(data, layout, frames, legend=2)  # 3 a row cut "memory of h₁₂, unit 3" at 1024 px


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
            **hover_text(labels["memory_sym"], m),
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
    # the half-life's line, marker and label exist in every figure, without a half-life
    # beyond the time axis' end (clipped) or hidden: a live chart's frames move them
    k = None if half is None else int(half) - int(steps[0])
    at = np.array([float(steps[-1]) + AWAY if k is None else float(half)])
    right = k is not None and k > 0.65 * len(steps)
    data.append(
        dict(
            type="scatter",
            x=np.repeat(at, 2),
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
            x=at,
            y=np.array([0.5 if k is None else float(m[k])]),
            mode="markers",
            marker=dict(color=COLORS["z"], size=11, line=dict(width=2, color="white")),
            hovertemplate=f"t = %{{x}}<br>{sym} = %{{y:.3f}}<extra></extra>",
            showlegend=False,
            **common,
        )
    )
    layout.setdefault("annotations", []).append(
        dict(
            text=plain(labels["half"]),
            xref="x" + ax,
            yref="y" + ax,
            x=float(steps[0]) if k is None else float(half),
            y=0.5,
            yanchor="bottom",
            # the label stays on the plot: right of the mark, or left of it near the end
            **(dict(xanchor="right", xshift=-4) if right else dict(xanchor="left", xshift=4)),
            showarrow=False,
            font=dict(size=TICK_SIZE, color=COLORS["z"]),
            visible=k is not None,
        )
    )
    layout["yaxis" + ax] = axis(
        labels["memory_sym"], COLORS["z"], range=[-0.05, 1.1], fixedrange=True, domain=list(domain)
    )
    layout["yaxis" + ax]["tickvals"] = [0.0, 0.5, 1.0]
    # the time axis' ticks and title move from the h row to the new bottom row
    t_axis = layout["xaxis" + last]
    layout["xaxis" + ax] = axis(
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
            step["label"] += f" · {labels['memory_sym']} = {num(v)}"


def picked_step(x: float | None, T: int) -> int | None:
    """The time step at ``x``, a clicked point's (``lab.live.picked``), within 1 .. T; None
    when nothing was clicked."""
    if x is None or not math.isfinite(x):
        return None
    return int(min(max(round(x), 1), T))

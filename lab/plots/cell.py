"""Home: the GRU cell drawn with its live values, in each convention's own wiring."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lab import fmt
from lab.plots.figure import PlainFigure, base_layout, figure
from lab.plots.style import COLORS, FONT_SIZE, NEUTRAL, signed

_BOX_W, _BOX_H, _OP_R = 1.7, 1.0, 0.32


#: Text on a filled box: dark on light fills (orange, sky blue), white on dark ones.
_ON_FILL = {"r": "#1A1A1A", "z": "white", "h_tilde": "#1A1A1A", "h": "white", "x": "#1A1A1A"}


class _Canvas:
    """Collects shapes and annotations as plain dicts (go.Figure.add_shape validates and
    copies the whole layout on every call: 40 calls cost ~0.2 s; one Figure costs ~5 ms)."""

    def __init__(self):
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []
        #: (path in the layout, name of a leaf of ``cell_leaves``, how it is shown): the
        #: parts of the drawing that move with the numbers, for lab.live's frames
        self.bindings: list[tuple[str, str, str | float | None]] = []

    def add_shape(self, **shape) -> None:
        self.shapes.append(shape)

    def add_annotation(self, **annotation) -> None:
        self.annotations.append(annotation)

    def bind(self, path: str, leaf: str, shown: str | float | None = None) -> None:
        """The last shape's (path "shape...") or annotation's ("annotation...") ``path``
        shows leaf ``leaf``: as it is, inside a text template (``shown``, the leaf
        where its HOLE is), or a number capped at ``shown``."""
        kind, rest = path.split(".", 1)
        i = len(self.shapes if kind == "shape" else self.annotations) - 1
        self.bindings.append((f"{kind}s[{i}].{rest}", leaf, shown))


#: Where a number goes in a text template of the drawing (lab.live fills it in the browser).
HOLE = "{}"


def fill(template: str, value: str) -> str:
    return template.replace(HOLE, value)


#: A path after a gate is as wide as the share that flows along it: FLOW[0] px when
#: nothing passes, FLOW[0] + FLOW[1] px when all of it does (remembering and forgetting
#: read from across a room). Arrowheads stop growing at _HEAD_MAX px.
FLOW = (1.0, 8.0)
_HEAD_MAX = 3.5


def flow_width(share: float) -> float:
    """The width of a path that carries ``share`` (0 to 1) of what reaches its gate."""
    return FLOW[0] + FLOW[1] * min(1.0, max(0.0, float(share)))


def _segment(
    fig: _Canvas, points, color: str, arrow: bool = True, width: float = 2.5, leaf: str = ""
) -> None:
    """A polyline through ``points`` (data coordinates), arrowhead on its last segment;
    ``leaf``: the name of its width among ``cell_leaves``."""
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        fig.add_shape(type="line", x0=x0, y0=y0, x1=x1, y1=y1, line=dict(color=color, width=width))
        if leaf:
            fig.bind("shape.line.width", leaf)
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
            arrowwidth=min(width, _HEAD_MAX),
            arrowcolor=color,
            standoff=0,
        )
        if leaf:
            fig.bind("annotation.arrowwidth", leaf, _HEAD_MAX)


def _box(fig: _Canvas, x: float, y: float, fn: str, label: str, leaves: dict, q: str) -> None:
    """Gate ``q``'s box: its function ``fn`` over "label = value" (leaf ``q``)."""
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
    template = f"<b>{fn}</b><br>{label} = {{}}"
    fig.add_annotation(
        x=x,
        y=y,
        text=fill(template, leaves[q]),
        showarrow=False,
        font=dict(size=FONT_SIZE, color=_ON_FILL[q]),
    )
    fig.bind("annotation.text", q, template)


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


def _linear_box(fig: _Canvas, x: float, y: float, template: str, value: str) -> None:
    """A matrix product on the state's path (outlined: it is no gate); ``template`` has
    "{}" where its value (leaf "g") goes."""
    fig.add_shape(
        type="rect", x0=x - _LIN_W / 2, x1=x + _LIN_W / 2, y0=y - _LIN_H / 2, y1=y + _LIN_H / 2,
        line=dict(color=COLORS["h"], width=2.5), fillcolor="white", layer="above",
    )  # fmt: skip
    fig.add_annotation(
        x=x, y=y, text=fill(template, value), showarrow=False,
        font=dict(size=FONT_SIZE - 3, color="#1A1A1A"),
    )  # fmt: skip
    fig.bind("annotation.text", "g", template)


def cell_leaves(values: Mapping[str, float], convention) -> dict[str, float | str]:
    """What the drawing shows of ``values`` (``cell_diagram``'s), by name: the widths of
    the three paths after a gate ("keep", "take", "reset"), and the numbers as written
    (gates "r", "z", "h_tilde"; "g" for reset-after; "h_prev", "x", "h" signed; the
    shares "kept", "taken", signed, written so that they add up to the h written)."""
    keep = convention.keep_share(values["z"])
    leaves: dict[str, float | str] = {
        "keep": flow_width(keep),
        "take": flow_width(1 - keep),
        "reset": flow_width(values["r"]),
    }
    for q in ("r", "z", "h_tilde"):
        leaves[q] = fmt.fixed(values[q], 2)
    if convention.reset_after:
        leaves["g"] = signed(fmt.fixed(values["g"], 2))
    (kept, taken), h_sum = fmt.terms([values["kept"], values["taken"]], 2)
    leaves |= {"kept": signed(kept), "taken": signed(taken), "h": signed(h_sum)}
    leaves |= {q: signed(fmt.fixed(values[q], 2)) for q in ("h_prev", "x")}
    if "t" in values:
        leaves["t"] = str(int(values["t"]))
    return leaves


def cell_diagram(
    values: Mapping[str, float], labels: Mapping[str, str], convention: str
) -> PlainFigure:
    """The GRU cell as a drawing, with the current value of every quantity on it.

    values: "x", "h_prev", "r", "z", "h_tilde", "h", "kept", "taken" (the two
    shares of h), and for "pytorch" "g" = W_hn h_{t-1} + b_hn. The paths out of the
    three multiplies are as wide as what flows along them (``flow_width``): the kept
    share of h_{t-1}, the taken share of h̃_t, the share r of the past the reset lets
    through. labels: "x", "h_prev",
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
    reset_after = convention.reset_after
    if reset_after:
        lin, rm = (2.85, 4.0), (4.3, 4.0)
    keep_is_z = convention.z_keeps_past
    one_minus = (8.4, j_y) if keep_is_z else (5.2, 5.3)
    ch, cx = COLORS["h"], COLORS["x"]
    leaves = cell_leaves(values, convention)
    # the state's lane: h_{t-1} → × → + → h_t, after the multiply as wide as the kept share
    _segment(fig, [(hp[0] + 0.55, lane), (km[0] - _OP_R, lane)], ch)
    _segment(
        fig,
        [(km[0] + _OP_R, lane), (plus[0] - _OP_R, lane)],
        ch,
        width=leaves["keep"],
        leaf="keep",
    )
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
    _segment(  # as wide as the share of the past the reset gate lets through
        fig,
        [(rm[0] + _OP_R, rm[1]), (h_box[0] - 0.3, rm[1]), (h_box[0] - 0.3, h_box[1] + _BOX_H / 2)],
        COLORS["r"],
        width=leaves["reset"],
        leaf="reset",
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
    _segment(
        fig,
        [(tm[0], tm[1] + _OP_R), (plus[0], plus[1] - _OP_R)],
        hc,
        width=leaves["take"],
        leaf="take",
    )
    # nodes
    _box(fig, *r_box, "σ", labels["r"], leaves, "r")
    _box(fig, *z_box, "σ", labels["z"], leaves, "z")
    _box(fig, *h_box, "tanh", labels["h_tilde"], leaves, "h_tilde")
    _op(fig, *rm, "×", COLORS["r"])
    if reset_after:
        _linear_box(fig, *lin, f"{labels['g']}<br>= {{}}", leaves["g"])
    _op(fig, *km, "×", ch)
    _op(fig, *tm, "×", hc)
    _op(fig, *plus, "+", ch)
    _op(fig, *one_minus, "1−", zc)
    # the inputs, h_t, and the two shares as they add up to h_t's shown value
    for (x, y), name, q, anchor in (
        (hp, "h_prev", "h", "center"),
        (xin, "x", "x", "center"),
        (out, "h", "h", "center"),
    ):
        template = f"<b>{labels[name]}</b><br>{{}}"
        fig.add_annotation(
            x=x,
            y=y,
            text=fill(template, leaves[name]),
            showarrow=False,
            xanchor=anchor,
            font=dict(size=FONT_SIZE + 1, color=COLORS[q]),
            bordercolor=COLORS[q],
            borderwidth=2,
            borderpad=4,
        )
        fig.bind("annotation.text", name, template)
    fig.add_annotation(
        x=km[0] + 0.45, y=lane + 0.45, text=leaves["kept"], showarrow=False,
        xanchor="left", font=dict(size=FONT_SIZE, color=ch),
    )  # fmt: skip
    fig.bind("annotation.text", "kept")
    fig.add_annotation(
        x=tm[0] + 0.45, y=tm[1], text=leaves["taken"], showarrow=False,
        xanchor="left", font=dict(size=FONT_SIZE, color=hc),
    )  # fmt: skip
    fig.bind("annotation.text", "taken")
    if "t" in values:  # a step of a sequence: which one, in the corner
        template = f"<b>{labels['t']} = {{}}</b>"
        fig.add_annotation(
            x=0.2, y=6.9, text=fill(template, leaves["t"]), showarrow=False, xanchor="left",
            yanchor="top", font=dict(size=FONT_SIZE + 1, color=NEUTRAL),
        )  # fmt: skip
        fig.bind("annotation.text", "t", template)
    layout = base_layout(
        430,
        showlegend=False,
        margin=dict(l=0, r=0, t=10, b=0),
        xaxis=dict(visible=False, range=[0, 12.2], fixedrange=True),
        yaxis=dict(visible=False, range=[0, 7], fixedrange=True, scaleanchor="x"),
        shapes=fig.shapes,
        annotations=fig.annotations,
    )
    out = figure(None, layout)
    out.bindings = tuple(fig.bindings)
    return out


def _step_values(tr, convention, j: int = 0, t: int = 0) -> dict[str, float]:
    """``cell_diagram``'s values for unit ``j`` at step ``t`` (from 0) of a trace of
    one input per unit: x_t is ``tr.x[t, j]``, h_{t-1} the state before step t."""
    x = float(tr.x[t, j])
    h_prev = float(tr.h[t - 1, j] if t > 0 else tr.h0[j])
    keep, h_tilde = float(tr.keep[t, j]), float(tr.h_tilde[t, j])
    values = {
        "x": x,
        "h_prev": h_prev,
        "r": float(tr.r[t, j]),
        "z": float(tr.z[t, j]),
        "h_tilde": h_tilde,
        "h": float(tr.h[t, j]),
        "kept": keep * h_prev,
        "taken": (1.0 - keep) * h_tilde,
    }
    if convention.reset_after:  # the reset gate multiplies W_hn h_{t-1} + b_hn
        values["g"] = float(tr.g[t, j])
    if tr.x.shape[0] > 1:  # a step of a sequence, numbered from 1
        values["t"] = t + 1
    return values


def step_cell_diagram(tr, labels: Mapping[str, str], convention) -> PlainFigure:
    """``cell_diagram`` of one step of one unit, from the engine's trace of it (``tr``:
    T = 1, H = 1): every number drawn is the one the engine computed."""
    return cell_diagram(_step_values(tr, convention), labels, convention)


def sequence_cell_diagram(tr, t: int, labels: Mapping[str, str], convention) -> PlainFigure:
    """``cell_diagram`` of step ``t`` (from 1) of a one-input, one-unit sequence."""
    return cell_diagram(_step_values(tr, convention, 0, t - 1), labels, convention)


def _frames(tr, cells, names: Sequence[str], convention) -> list[list]:
    """``cell_leaves`` in the order of ``names`` for each (unit, step) of ``cells``."""
    frames = []
    for j, t in cells:
        leaves = cell_leaves(_step_values(tr, convention, j, t), convention)
        frames.append([leaves[n] for n in names])
    return frames


def sequence_cell_frames(tr, names: Sequence[str], convention) -> list[list]:
    """The drawing's moving parts at every step of a one-input, one-unit sequence: the
    frames lab.live shows as the time cursor moves (frame k is step k + 1)."""
    return _frames(tr, ((0, k) for k in range(tr.h.shape[0])), names, convention)


def step_cell_frames(family, names: Sequence[str], convention) -> list[list]:
    """The drawing's moving parts (``cell_leaves``, in the order of ``names``) for each
    unit of a one-step family (``gru_core.lessons.one_step_family``: unit k is the step
    at the knob's k-th value): the frames lab.live shows while that knob is dragged."""
    return _frames(family, ((j, 0) for j in range(family.h.shape[1])), names, convention)

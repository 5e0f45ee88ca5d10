"""The main visual, live under the finger: a figure that follows a slider while it is
dragged, not only when it is released.

``st.slider`` sends its value to Python only on release (Streamlit PR #11879). The
browser still moves the slider's thumb during the drag, so a small component (no
iframe: its script runs in the page) watches the thumbs of a lesson's main knobs and,
at every move, shows the frame Python computed beforehand for the value under the
finger: frames are exact results of ``gru_core`` (a knob's whole family computed
together, e.g. one batched ``forward``), never a second GRU in JavaScript. On release
the slider reruns the page as before, so every sentence, equation, table and the URL
agree with the released value, and the figure is Python's own again.

A page run computes no frames: the browser asks for a knob's frames when the pointer
comes onto its slider or presses it (on a touch screen, for the first knob when the
page is first drawn), in a run of its own; so a class moving sliders, or a release,
pays nothing for them.

    send = live.chart("forgetting", fig, lang, spec=spec, label=words,
                      knobs={"f_z": (PARAMS["f_z"], "z")}, figures=frames)
    ...                                 # the rest of the page
    send()                              # last: the frames the browser asked for, if any

The cell diagram's frames are the lists of its moving parts (its ``bindings``: paths
in the layout and the leaf each shows, ``live.cell``); a chart's are its changing
trace arrays, as 16-bit steps over their range, and the values of the paths that
change (``chart_frames``). Plotly.js is the plotly package's own ``plotly.min.js``,
served by the app (``[server] enableStaticServing``): nothing is fetched from outside
the machine. Without it (a read-only app folder), the figure is an ordinary
``st.plotly_chart``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import shutil
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import plotly
import streamlit as st
from plotly.utils import PlotlyJSONEncoder

from gru_core import lessons
from gru_core.conventions import Convention
from lab import explain
from lab.cached import canonical
from lab.plots import config, step_cell_diagram, step_cell_frames
from lab.plots.figure import LEGEND_ROW, PlainFigure
from lab.state import Int, Num

#: The app's static folder (served at app/static/), beside app.py.
STATIC = Path(__file__).resolve().parents[1] / "static"


@functools.cache
def plotly_js() -> str | None:
    """The URL (relative to a page) of plotly.min.js as the app serves it, copied from
    the plotly package into static/vendor/ once per version; None if it cannot be (a
    read-only folder, or the app started without .streamlit/config.toml's static
    serving, e.g. from another folder)."""
    if not st.get_option("server.enableStaticServing"):
        return None
    name = f"plotly-{plotly.__version__}.min.js"
    target = STATIC / "vendor" / name
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    try:
        if not target.exists() or target.stat().st_size != source.stat().st_size:
            target.parent.mkdir(exist_ok=True)
            part = target.with_suffix(f".{os.getpid()}.part")
            shutil.copyfile(source, part)
            part.replace(target)  # whole or not at all, should two sessions start at once
    except OSError:
        return None
    return f"app/static/vendor/{name}"


@dataclass(frozen=True)
class Family:
    """A knob's frames: the figure at each of the knob's positions, ``spec.lo + i *
    spec.step``, either as lists of the figure's bound leaves (``frames[i]``, a
    drawing with ``bindings``) or as a chart's changes (``chart_frames``). The knob is
    the slider keyed by the family's key, or with ``chart`` the time slider and play
    button of the chart keyed ``chart`` (its animation frames are named by their step)."""

    spec: Num | Int
    frames: list[list] | dict
    chart: str = ""


def positions(spec: Num | Int) -> np.ndarray:
    """Every value a slider of ``spec`` can take, as the slider computes it."""
    n = int(round((spec.hi - spec.lo) / spec.step)) + 1
    return np.round(spec.lo + spec.step * np.arange(n), 10)


def version_of(text: str) -> str:
    """A short name for what a figure was drawn from (its spec's canonical text)."""
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def leaf_names(fig: PlainFigure) -> list[str]:
    """The names of a figure's moving parts, in the order a frame lists them."""
    return list(dict.fromkeys(leaf for _, leaf, _ in fig.bindings))


#: Trace arrays a chart's frames carry as numbers.
MOVING_ARRAYS = ("x", "y")
#: A trace's hover texts keep the released figure's values while a knob moves.
HOVER = frozenset({"customdata", "hovertemplate", "hovertext"})


def _plain(value):
    """``value`` as JSON would carry it (numpy arrays and numbers as lists and floats)."""
    return json.loads(json.dumps(value, cls=PlotlyJSONEncoder))


def _diff(old, new, path: str, out: dict) -> None:
    """Record ``out[path] = part of new`` wherever ``new`` differs from ``old`` (dicts
    key by key, lists of one length item by item, anything else whole)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for k in old.keys() | new.keys():
            _diff(old.get(k), new.get(k), f"{path}.{k}" if path else k, out)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _diff(a, b, f"{path}[{i}]", out)
    elif old != new:
        out[path] = new


def _numbers(values) -> np.ndarray | None:
    """``values`` as a float array, or None if it holds anything but numbers."""
    if isinstance(values, dict) and "bdata" in values and "shape" not in values:
        # a typed array, as lab.plots.figure writes NumPy arrays
        values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return values.astype(float).ravel() if values.ndim == 1 else None
    a = np.asarray(values if values is not None else [], dtype=object)
    if a.ndim != 1 or not all(v is None or isinstance(v, (int, float, np.number)) for v in a):
        return None
    return np.array([np.nan if v is None else v for v in a], dtype=float)


def _at(tree, path: str):
    """The part of ``tree`` at ``path`` ("layout.shapes[2].x0"), None where there is none."""
    for name, index in re.findall(r"([^.[\]]+)|\[(\d+)\]", path):
        if name:
            tree = tree.get(name) if isinstance(tree, dict) else None
        else:
            tree = tree[int(index)] if isinstance(tree, list) and int(index) < len(tree) else None
    return tree


#: A chart frame's numbers are 16-bit steps over the range of their matrix: 1/65534 of
#: it (a hundredth of a pixel on a 600-px chart); this step is a gap (NaN).
GAP = 65535


def pack(rows: np.ndarray, log: bool) -> list:
    """A matrix of a knob's positions × a trace's points as [lo, step, log, text]: each
    value is lo + q·step, q a 16-bit integer (GAP: none), in axis units (log10 of the
    value on a log axis); each row sent as the differences of its q (mod 2^16: a
    curve's are small, and compress well), zlib-compressed, base64."""
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.log10(np.where(rows > 0, rows, np.nan)) if log else rows.astype(float)
    v[~np.isfinite(v)] = np.nan
    finite = v[np.isfinite(v)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    step = (hi - lo) / (GAP - 1) if hi > lo else 1.0
    q = np.where(np.isnan(v), GAP, np.round((np.nan_to_num(v, nan=lo) - lo) / step))
    q = q.astype("<u2")
    deltas = np.diff(q, axis=1, prepend=np.zeros((len(q), 1), "<u2"))  # wraps mod 2^16
    return [lo, step, log, base64.b64encode(zlib.compress(deltas.tobytes(), 9)).decode()]


def _axis_type(layout: dict, trace: dict, attr: str) -> str:
    ref = trace.get(attr + "axis", attr)  # "x2" is the layout's xaxis2
    return (layout.get(attr + "axis" + ref[1:]) or {}).get("type", "linear")


def chart_frames(figs: list[PlainFigure]) -> dict:
    """A chart's frames: ``figs``, one per knob position, each with the same traces in
    the same order, as what changes between them.

    A trace's x or y of numbers that changes is one matrix (positions × points, ``pack``;
    shorter rows end in gaps, NaN): ``arrays`` lists them as [trace, attr, points, lo,
    step, log, text]. Everything else that changes (a label, a mark, an axis range) is a
    path ("layout.shapes[2].x0", "data[6].marker.size") in ``paths``, with its value at
    every position in ``values[i]``. What is in neither
    is the same at every position, as in the figure drawn."""
    news = [f.to_dict() for f in figs]
    arrays, moved = [], set()
    for i, trace in enumerate(news[0]["data"]):
        for attr in MOVING_ARRAYS:
            rows = [_numbers(f["data"][i].get(attr)) for f in news]
            if any(r is None for r in rows):
                continue  # not numbers: a path carries it
            moved.add((i, attr))
            if all(np.array_equal(r, rows[0], equal_nan=True) for r in rows):
                continue
            # a length that changes (a sequence's length) is the longest, ended by gaps
            n = max(len(r) for r in rows)
            rows = [np.pad(r, (0, n - len(r)), constant_values=np.nan) for r in rows]
            log = _axis_type(news[0]["layout"], trace, attr) == "log"
            arrays.append([i, attr, n, *pack(np.asarray(rows), log)])
    plain = [_plain(_without(f, moved)) for f in news]
    changed: dict = {}
    for tree in plain[1:]:
        _diff(plain[0], tree, "", changed)
    # a part that changes whole at some positions (a list whose length changes) is
    # sent whole at every position, never as its items as well
    paths = [
        p for p in sorted(changed)
        if not any(p.startswith(q) and p[len(q)] in ".[" for q in changed if len(q) < len(p))
    ]  # fmt: skip
    return {"arrays": arrays, "paths": paths, "values": [[_at(t, p) for p in paths] for t in plain]}


def _without(fig: dict, moved: set) -> dict:
    """``fig`` without the trace arrays ``chart_frames`` carries as matrices, the hover
    texts (they keep their released values while a knob moves) and the template (the
    same for every figure)."""
    data = [
        {k: v for k, v in trace.items() if (i, k) not in moved and k not in HOVER}
        for i, trace in enumerate(fig["data"])
    ]
    return {"data": data, "layout": {k: v for k, v in fig["layout"].items() if k != "template"}}


def chart_family(
    spec: Num | Int, figures: Callable[[np.ndarray], list[PlainFigure]], cache_key: str
) -> Family:
    """The frames of a chart over a slider's positions: ``figures(values)`` is the chart
    at each value; ``cache_key`` names everything else it depends on (the lesson's spec
    without the knob, the language), so that a family is computed once."""
    return Family(spec, _chart_frames(cache_key, repr(spec), spec, figures))


@st.cache_data(max_entries=128, show_spinner=False)
def _chart_frames(cache_key: str, spec_key: str, _spec: Num | Int, _figures) -> dict:
    return chart_frames(_figures(positions(_spec)))


def chart(
    key: str,
    fig: PlainFigure,
    lang: str,
    *,
    spec: dict,
    label: str,
    knobs: Mapping[str, tuple[Num | Int, str]],
    figures: Callable[[dict, str, np.ndarray], list[PlainFigure]],
    on_pick: Callable[[], None] | None = None,
) -> Callable[[], None]:
    """Draw a lesson's chart ``fig`` of ``spec`` (the lesson's JSON-able settings), live
    for the sliders ``knobs`` (slider key: (its spec, the field of ``spec`` it sets));
    returns the function that, called last in the page's run, sends the frames the
    browser asked for: ``figures(spec, field, values)``, the chart at each value.
    on_pick: called (before the run) when a point of the chart is clicked; ``picked(key)``
    is its x."""
    version = version_of(canonical(spec) + lang)
    wanted = figure(key, fig, lang, label=label, version=version, offer=list(knobs),
                    on_pick=on_pick)  # fmt: skip

    def send() -> None:
        families = {}
        if wanted:
            knob_spec, field = knobs[wanted]
            rest = canonical({k: v for k, v in spec.items() if k != field})
            family = functools.partial(figures, spec, field)
            families[wanted] = chart_family(knob_spec, family, f"{key}:{rest}:{lang}")
        frames(key, version, families)

    return send


JS = r"""
const LOADING = "__gruLabPlotly";

function loadPlotly(src) {
  if (!window[LOADING]) {
    window[LOADING] = new Promise((ok, bad) => {
      if (window.Plotly) return ok(window.Plotly);
      const s = document.createElement("script");
      s.src = new URL(src, document.baseURI).href;
      s.onload = () => ok(window.Plotly);
      s.onerror = () => { delete window[LOADING]; bad(new Error("plotly.min.js")); };
      document.head.appendChild(s);
    });
  }
  return window[LOADING];
}

function fitZoom(root, d) {
  // a drawing of fixed width (d.zoom px) scaled to its column: text stays in its boxes
  if (!d.zoom) return;
  const width = root.parentElement.clientWidth || d.zoom;
  root.style.zoom = Math.min(d.zoomMax || 1, width / d.zoom);
}

function draw(P, root, s) {
  const d = s.d, cs = getComputedStyle(root.parentElement);
  const layout = Object.assign({}, d.fig.layout, {
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    font: Object.assign({ family: cs.fontFamily, color: cs.color }, d.fig.layout.font || {}),
  });
  if (d.zoom) { layout.width = d.zoom; layout.autosize = false; root.style.width = d.zoom + "px"; }
  fitZoom(root, d);
  s.layout = JSON.stringify(layout);  // what a chart's frames change, copied for each
  s.pending = null;
  s.base = { data: d.fig.data, layout: JSON.parse(s.layout) };  // what Plotly drew
  unpatch(s);
  showDots(s);
  if (repatch(P, s, layout)) {
    root.dataset.drawn = String(++s.draws);
    return Promise.resolve();
  }
  const fig = { data: d.fig.data || [], layout, config: d.config };
  if (d.fig.frames) fig.frames = d.fig.frames;  // a time cursor's (slider, play button)
  const skel = skeleton(layout, d.bindings);  // before Plotly fills the layout in
  return P.react(s.plot, fig).then(() => {
    s.skeleton = skel;
    root.dataset.drawn = String(++s.draws);
    if (!s.clicks && s.plot.on) {
      s.clicks = true;  // a click on a point picks its x (a step), when the page asks
      s.plot.on("plotly_click", (e) => {
        const p = e && e.points && e.points[0];
        if (s.d.pick && s.component && p && Number.isFinite(Number(p.x))) {
          s.component.setTriggerValue("pick", Number(p.x));
        }
      });
    }
    return fitLegend(P, root, s);
  });
}

// A drawing of which only the moving parts changed (a released slider's new numbers on
// the cell) is patched as a frame is: Plotly.react of the cell's 30 annotations took
// about 100 ms a release. The graph div's layout is kept as the drawing shows it.
function skeleton(layout, bindings) {
  if (!bindings || !bindings.length) return null;
  const copy = JSON.parse(JSON.stringify(layout));
  for (const [path] of bindings) setPath(copy, path, null);
  return JSON.stringify(copy);
}

function repatch(P, s, layout) {
  const gd = s.plot;
  if (!s.skeleton || !gd._fullLayout || skeleton(layout, s.d.bindings) !== s.skeleton) {
    return false;
  }
  const lines = (v) => String(v).split("<br>");
  for (const [path] of s.d.bindings) {  // a text's last line alone is patched
    if (!path.endsWith(".text")) continue;
    const now = lines(getPath(layout, path)), was = lines(getPath(gd.layout, path));
    if (now.length !== was.length || now.slice(0, -1).join() !== was.slice(0, -1).join()) {
      return false;
    }
  }
  const update = {};
  for (const [path] of s.d.bindings) {
    const value = getPath(layout, path);
    if (JSON.stringify(value) === JSON.stringify(getPath(gd.layout, path))) continue;
    if (patch(gd, path, value)) setPath(gd.layout, path, value);
    else update[path] = value;
  }
  if (Object.keys(update).length) P.relayout(gd, update);
  return true;
}

// A legend of fixed rows (lab.plots.figure.fixed_legend) whose names do not fit their
// share of a narrow chart (a phone, a column beside the knobs) gets one name a row; the
// top margin grows by the rows added, so the plot keeps its height.
function fitLegend(P, root, s) {
  const gd = s.plot, legend = gd.layout && gd.layout.legend;
  if (!legend || legend.entrywidthmode !== "fraction" || !(legend.entrywidth < 1)) return;
  const box = (el) => el.getBoundingClientRect();
  const bg = gd.querySelector(".legend rect.bg"), svg = gd.querySelector("svg.main-svg");
  if (!bg || !svg) return;
  const edge = Math.min(box(bg).right, box(svg).right) + 1;
  const entries = Array.from(gd.querySelectorAll(".legend .traces"));
  const crowded = entries.some((g, j) => {
    const text = g.querySelector("text.legendtext");
    if (!text) return false;
    const t = box(text), next = entries[j + 1] && box(entries[j + 1]);
    const sameRow = next && Math.abs(next.top - box(g).top) < 2;
    return t.right > edge || (sameRow && t.right > next.left);
  });
  if (!crowded) return;
  const perRow = Math.round(1 / legend.entrywidth);
  const extra = (entries.length - Math.ceil(entries.length / perRow)) * (s.d.legendRow || 26);
  const change = {
    "legend.entrywidth": 1,
    "margin.t": gd.layout.margin.t + extra,
    height: gd.layout.height + extra,
  };
  for (const held of [s.base.layout, null]) {  // the frames start from the same legend
    const layout = held || JSON.parse(s.layout);
    layout.legend = Object.assign({}, layout.legend, { entrywidth: 1 });
    layout.margin = Object.assign({}, layout.margin, { t: change["margin.t"] });
    layout.height = change.height;
    if (!held) s.layout = JSON.stringify(layout);
  }
  root.style.minHeight = change.height + "px";
  return P.relayout(gd, change);
}

// A frame patches the drawing Plotly made in place: Plotly.relayout of a few texts and
// widths redraws every annotation (35-45 ms a move here, under 25 frames a second).
// The moving texts are a last line of plain text, the widths a shape's or an arrow's
// stroke; on release the page's own figure replaces the drawing (Plotly.react).
function patch(plot, path, value, s) {
  const m = /^(annotations|shapes)\[(\d+)\]\.(.+)$/.exec(path);
  if (!m) return false;
  const [, kind, i, attr] = m;
  if (kind === "shapes" && attr === "line.width") {
    const el = plot.querySelector(`.shapelayer path[data-index="${i}"]`);
    if (el) el.style.strokeWidth = value + "px";
    return !!el;
  }
  const g = plot.querySelector(`.annotation[data-index="${i}"]`);
  if (!g) return false;
  if (attr === "arrowwidth") {
    const line = g.querySelector(".annotation-arrow-g path");
    if (line) line.style.strokeWidth = value + "px";
    return !!line;
  }
  if (attr === "text") {
    const text = g.querySelector("text.annotation-text");
    if (!text) return false;
    const lines = text.querySelectorAll("tspan.line");
    const last = String(value).split("<br>").pop().replace(/<[^>]*>/g, "");
    const node = lines.length ? lines[lines.length - 1] : text;
    if (s) s.texts.push([node, node.textContent]);  // a chart frame's: undone by the next
    node.textContent = last;
    return true;
  }
  return false;
}

function getPath(root, path) {
  let node = root;
  for (const key of path.match(/[^.[\]]+/g)) node = node == null ? undefined : node[key];
  return node;
}

function setPath(root, path, value) {
  // root's part at path ("data[6].x", "layout.shapes[2].x0") set to value, every
  // object on the way copied: the drawn figure's own objects stay as they are
  const keys = path.match(/[^.[\]]+/g);
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    node = node[key] = Array.isArray(child) ? child.slice() : Object.assign({}, child);
  }
  node[keys[keys.length - 1]] = value;
}

// A chart's frame: its moving arrays (rows of the knob's decoded matrices) and the
// values of the paths that change. Plotly.react of a lesson's chart takes 18-23 ms
// here, even unchanged; moving what is drawn takes under 1 ms: a line's points, a
// marker, a vertical mark or a label slid along its axis, a label's text. A frame that
// changes anything else (an axis range, a marker that appears) is drawn by Plotly.
// Drawn at the browser's next paint: of the moves that come before it only the last
// is drawn, and the pointer's events are never held up by a drawing.
function drawChartFrame(P, root, s, key, k, i) {
  const traces = new Map(), layout = new Map();
  for (const [t, attr, n, all] of k.decoded) {
    traces.set(t, Object.assign(traces.get(t) || {}, { [attr]: all.subarray(i * n, (i + 1) * n) }));
  }
  k.paths.forEach((path, j) => {
    const m = /^data\[(\d+)\]\.(x|y)$/.exec(path);
    if (m) traces.set(+m[1], Object.assign(traces.get(+m[1]) || {}, { [m[2]]: k.values[i][j] }));
    else layout.set(path, k.values[i][j]);
  });
  unpatch(s);
  newRanges(P, s, layout);
  if (!movePatch(s, traces, layout)) {
    unpatch(s);
    const fig = { data: s.d.fig.data.slice(), layout: JSON.parse(s.layout) };
    for (const [t, arrays] of traces) fig.data[t] = Object.assign({}, fig.data[t], arrays);
    for (const [path, value] of layout) setPath(fig, path, value);
    s.base = { data: fig.data, layout: JSON.parse(JSON.stringify(fig.layout)) };
    showDots(s);
    P.react(s.plot, fig.data, fig.layout, s.d.config);
    root.dataset.redraws = String((s.redraws = (s.redraws || 0) + 1));  // Plotly drew it
  }
  root.dataset.moving = "1";  // its own readouts (a time cursor's) say the released run
  shown(root, s, key, k.lo + i * k.step);
}

// An axis range that changes (a sequence's length) is Plotly's to draw, alone: a
// relayout of ranges takes 9 ms here (a Plotly.react of the lesson's chart 34-44 ms);
// the moved lines are then drawn over the new axes.
function newRanges(P, s, layout) {
  const change = {};
  for (const [path, value] of layout) {
    const m = /^layout\.([xy]axis\d*)\.range\[([01])\]$/.exec(path);
    if (!m) continue;
    const axis = s.base.layout[m[1]];
    const range = change[m[1] + ".range"] || (axis && axis.range && axis.range.slice());
    if (!range) return;
    range[+m[2]] = value;
    change[m[1] + ".range"] = range;
  }
  for (const [name, range] of Object.entries(change)) {
    const axis = s.base.layout[name.slice(0, -6)];
    if (axis.range[0] === range[0] && axis.range[1] === range[1]) delete change[name];
    else if (axis.matches) {  // Plotly moves an axis that matches another with it
      axis.range = range;
      delete change[name];
    }
  }
  if (!Object.keys(change).length) return;
  P.relayout(s.plot, change);
  for (const [name, range] of Object.entries(change)) {
    s.base.layout[name.slice(0, -6)].range = range;  // as drawn now
  }
}

function axisOf(gd, id) {
  return gd._fullLayout[String(id).replace(/^([xy])/, "$1axis")];  // "x2" -> xaxis2
}

function unpatch(s) {
  // what a moved frame slid or hid, back where Plotly drew it
  for (const el of s.patched || []) { el.style.transform = ""; el.style.display = ""; }
  for (const [node, text] of (s.texts || []).reverse()) node.textContent = text;
  s.patched = [];
  s.texts = [];
}

function showDots(s) {
  // the dots a frame hid, shown before Plotly draws the chart (it drops the ones copied)
  for (const el of s.plot.querySelectorAll("path.point")) el.style.display = "";
}

function movePatch(s, traces, layout) {
  const gd = s.plot;
  if (!gd._fullLayout) return false;
  for (const [t, arrays] of traces) if (!moveTrace(gd, t, arrays)) return false;
  const marks = new Map();  // shapes and annotations, by kind and index: {attr: value}
  for (const [path, value] of layout) {
    if (JSON.stringify(value) === JSON.stringify(getPath(s.base, path))) continue;  // as drawn
    const m = /^layout\.(shapes|annotations)\[(\d+)\]\.(x0|x1|x|text|visible)$/.exec(path);
    if (!m) return false;
    const id = m[1] + m[2];
    marks.set(id, Object.assign(marks.get(id) || { kind: m[1], i: +m[2] }, { [m[3]]: value }));
  }
  for (const mark of marks.values()) if (!moveMark(s, gd, mark)) return false;
  return true;
}

function moveTrace(gd, t, arrays) {
  const full = gd._fullData && gd._fullData[t];
  const g = Array.from(gd.querySelectorAll("g.trace.scatter")).find((el) => {
    const cd = el.__data__ && el.__data__[0];  // the trace Plotly bound to its group
    return cd && cd.trace && cd.trace.index === t;
  });
  if (!full || !g || full.type !== "scatter") return false;
  const xa = axisOf(gd, full.xaxis), ya = axisOf(gd, full.yaxis);
  const x = arrays.x || full.x, y = arrays.y || full.y;
  const points = [];
  for (let j = 0; j < Math.min(x.length, y.length); j++) {
    const px = xa.c2p(x[j]), py = ya.c2p(y[j]);
    points.push(Number.isFinite(px) && Number.isFinite(py) && y[j] !== null ? [px, py] : null);
  }
  const mode = full.mode || "";
  if (mode.includes("lines")) {
    const line = g.querySelector("path.js-line");
    if (!line) return false;
    let d = "", open = false;
    for (const p of points) {
      if (p) d += (open ? "L" : "M") + p[0].toFixed(2) + "," + p[1].toFixed(2);
      open = !!p;
    }
    line.setAttribute("d", d);
  }
  const clear = full.marker && full.marker.opacity === 0;  // click targets, never seen
  if (mode.includes("markers") && !clear) {
    let marks = g.querySelectorAll("path.point");
    const shown = points.filter((p) => p);
    if (marks.length < shown.length) {  // more points: copies of the last dot, kept
      if (!marks.length) return false;  // (Plotly's next drawing drops them)
      const last = marks[marks.length - 1];
      for (let m = marks.length; m < shown.length; m++) {
        last.parentNode.appendChild(last.cloneNode());
      }
      marks = g.querySelectorAll("path.point");
    }
    marks.forEach((el, m) => {
      if (m < shown.length) {
        el.setAttribute("transform", `translate(${shown[m][0]},${shown[m][1]})`);
        if (el.style.display) el.style.display = "";
      } else if (el.style.display !== "none") el.style.display = "none";
    });
  }
  return !mode.includes("text");
}

function moveMark(s, gd, mark) {
  const drawn = (s.base.layout[mark.kind] || [])[mark.i];
  const el = mark.kind === "shapes"
    ? gd.querySelector(`.shapelayer path[data-index="${mark.i}"]`)
    : gd.querySelector(`.annotation[data-index="${mark.i}"]`);
  if (!drawn || !el) return false;
  s.patched.push(el);
  if ("visible" in mark && mark.visible === false) { el.style.display = "none"; return true; }
  if (drawn.visible === false) return mark.visible !== true;  // shown: Plotly draws it
  let to, from;
  if (mark.kind === "shapes") {
    const x0 = "x0" in mark ? mark.x0 : drawn.x0, x1 = "x1" in mark ? mark.x1 : drawn.x1;
    if (x0 !== x1 || drawn.x0 !== drawn.x1) return false;  // only a vertical mark slides
    [to, from] = [x0, drawn.x0];
  } else {
    [to, from] = ["x" in mark ? mark.x : drawn.x, drawn.x];
    if ("text" in mark && !patch(gd, `annotations[${mark.i}].text`, mark.text, s)) return false;
  }
  if (to === from) return true;  // a label whose text alone changes (on paper, maybe)
  const xa = axisOf(gd, drawn.xref);
  if (!xa || !xa.c2p) return false;
  const dx = xa.c2p(to) - xa.c2p(from);
  if (!Number.isFinite(dx)) return false;
  el.style.transform = `translateX(${dx}px)`;
  return true;
}

function shown(root, s, key, value) {
  // the words and equations say the released value: dim them until the page catches up
  document.body.dataset.gruLive = "moving";
  root.dataset.frames = String(++s.frames);
  root.dataset.knob = key;
  root.dataset.value = String(Math.round(value * 1e9) / 1e9);
}

function showFrame(P, root, s, key, value) {
  const k = s.knobs[key];
  const i = k ? Math.round((value - k.lo) / k.step) : -1;
  if (k && k.decoded && i >= 0 && i < k.values.length) {
    const first = !s.pending;
    s.pending = [key, k, i];
    if (first) {
      requestAnimationFrame(() => {
        const next = s.pending;
        s.pending = null;
        if (next) drawChartFrame(P, root, s, ...next);
      });
    }
    return;
  }
  const frame = k && k.frames && k.frames[i];
  if (!frame) return;
  const update = {};
  for (const [path, leaf, shown] of s.d.bindings) {
    const v = frame[leaf];
    const shownV = typeof shown === "string" ? shown.replace("{}", v)
      : typeof shown === "number" ? Math.min(v, shown) : v;
    if (!patch(s.plot, path, shownV)) update[path] = shownV;
  }
  if (Object.keys(update).length) P.relayout(s.plot, update);
  shown(root, s, key, value);
}

function watchChart(P, root, s, key, tries) {
  // a chart's time cursor: its animation frames (slider and play button) are named by
  // their step; the chart may not be drawn yet, and Streamlit draws an update anew
  const gd = document.querySelector(`.st-key-${CSS.escape(s.knobs[key].chart)} .js-plotly-plot`);
  if (!gd || !gd.on) {
    if (tries > 0) setTimeout(() => watchChart(P, root, s, key, tries - 1), 250);
    return;
  }
  if (gd.__gruLive === s) return;
  gd.__gruLive = s;
  gd.on("plotly_animatingframe", (e) => {
    if (gd.__gruLive === s && s.knobs[key]) showFrame(P, root, s, key, Number(e.name));
  });
}

function sliderBox(key) {
  return document.querySelector(`.st-key-${CSS.escape(key)} [data-testid="stSlider"]`);
}

function running() {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === "running";
}

function whenIdle(then, tries = 100) {
  // a request reruns the page: never in the middle of a run (it would cut it short)
  if (running() && tries > 0) {
    setTimeout(() => whenIdle(then, tries - 1), 100);
  } else {
    then();
  }
}

// A knob's frames are computed when the browser asks for them: when the pointer comes
// onto its slider or presses it, after a run for the slider the pointer is on, and on a
// touch screen for the first knob when the page is first drawn. A page run itself never
// computes them: a class moving sliders costs no frames, a release is not slowed.
function ask(s, key, tries = 10) {
  if (s.knobs[key] || !(s.d.offer || []).includes(key) || !s.component) return;
  const now = performance.now();
  if (s.asked[key] && now - s.asked[key] < 2000) return;
  s.asked[key] = now;
  const version = s.d.version;
  whenIdle(() => {
    if (s.d.version === version && !s.knobs[key]) s.component.setTriggerValue("want", key);
  });
  // a request can be lost (a run that started meanwhile): ask again while the pointer
  // is still on the slider and its frames have not come
  setTimeout(() => {
    const box = sliderBox(key);
    if (tries > 1 && !s.knobs[key] && box && box.matches(":hover")) {
      s.asked[key] = 0;
      ask(s, key, tries - 1);
    }
  }, 3000);
}

function askNear(s) {
  // after a run: the slider under the pointer (a drag released there may go on); on a
  // touch screen, which has no pointer to hover, the first knob when the page is first
  // drawn (a touch that lands on another slider asks for that one)
  const missing = (s.d.offer || []).filter((k) => !s.knobs[k]);
  const near = missing.find((k) => {
    const box = sliderBox(k);
    return box && box.matches(":hover");
  });
  const touch = window.matchMedia("(hover: none)").matches;
  if (near) ask(s, near);
  else if (touch && s.draws === 1 && missing.length === (s.d.offer || []).length) {
    ask(s, missing[0]);
  }
}

// Keys move a slider a step a press, each a run: only a pointer asks for frames. One
// listener on the document finds the slider under the pointer: Streamlit may draw a
// slider anew after a figure has looked for it (a listener on the old one, seen to
// leave 1 hover in 8 unanswered, would never hear of the pointer).
function offerAll(e) {
  const box = e.target && e.target.closest && e.target.closest('[data-testid="stSlider"]');
  if (!box) return;
  for (const f of Object.values(REGISTRY.figures)) {
    for (const key of (f.s.d && f.s.d.offer) || []) {
      if (sliderBox(key) === box) ask(f.s, key);
    }
  }
}

function watch(P, root, s) {
  // the knobs' sliders, found again on every run: Streamlit may have drawn them anew
  for (const key of Object.keys(s.knobs)) {
    if (s.knobs[key].chart) { watchChart(P, root, s, key, 40); continue; }
    const box = sliderBox(key);
    const old = s.watched.get(key);
    if (old && old.box === box) continue;
    if (old) old.observer.disconnect();
    s.watched.delete(key);
    const input = box && box.querySelector('input[type="range"]');
    if (!input) continue;
    const w = { box, last: input.value };
    w.observer = new MutationObserver(() => {
      if (input.value === w.last) return;
      w.last = input.value;
      showFrame(P, root, s, key, parseFloat(input.value));
    });
    const all = { attributes: true, subtree: true, childList: true, characterData: true };
    w.observer.observe(box, all);
    s.watched.set(key, w);
  }
}

// Figures and their frames meet here: the frames come in an element of their own at the
// end of the page's run (lab.live.frames), after everything else is drawn, and count
// only for the run (version) that drew the figure.
const REGISTRY = (window.__gruLabLive = window.__gruLabLive || { figures: {}, frames: {} });
if (!REGISTRY.offers) {
  REGISTRY.offers = true;
  for (const type of ["pointerover", "pointerdown"]) {
    document.addEventListener(type, offerAll, true);
  }
}
if (!REGISTRY.released) {
  // a drag back to where it started reruns nothing: undim on the release itself, the
  // run that follows a real change undims (and redraws) again
  REGISTRY.released = () => setTimeout(() => {
    if (running()) return;
    delete document.body.dataset.gruLive;
    for (const el of document.querySelectorAll(".gru-live[data-moving]")) delete el.dataset.moving;
  }, 1500);
  document.addEventListener("pointerup", REGISTRY.released, true);
}

function attach(key) {
  const f = REGISTRY.figures[key], fr = REGISTRY.frames[key];
  if (!f || !f.P) return;
  f.s.knobs = fr && fr.version === f.s.d.version ? fr.knobs : {};
  watch(f.P, f.root, f.s);
  f.root.dataset.live = Object.keys(f.s.knobs).join(" ");
  f.root.dataset.offer = (f.s.d.offer || []).join(" ");
  askNear(f.s);
}
REGISTRY.attach = attach;

export default function (component) {
  const { parentElement } = component;
  const d = JSON.parse(component.data);
  let root = parentElement.querySelector(":scope > .gru-live");
  if (!root) {
    root = document.createElement("div");
    root.className = "gru-live";
    root.setAttribute("role", "img");
    root.__gru = {
      watched: new Map(), frames: 0, draws: 0, knobs: {}, plot: document.createElement("div"),
    };
    root.appendChild(root.__gru.plot);
    parentElement.appendChild(root);
    new ResizeObserver(() => {
      fitZoom(root, root.__gru.d);
      const g = root.__gru;  // a narrower column: its legend's names may no longer fit
      if (g.P && g.base) setTimeout(() => fitLegend(g.P, root, g), 300);
    }).observe(parentElement);
  }
  const s = root.__gru;
  if (!s.d || s.d.version !== d.version) s.asked = {};
  s.d = d;
  s.component = component;  // its setTriggerValue asks Python for a knob's frames
  delete document.body.dataset.gruLive;  // a new run: the page says what the picture shows
  delete root.dataset.moving;
  root.setAttribute("aria-label", d.label);
  root.style.minHeight = d.fig.layout.height + "px";
  const entry = (REGISTRY.figures[d.key] = { root, s, P: null });
  loadPlotly(d.src)
    .then((P) => draw(P, root, s).then(() => { entry.P = s.P = P; attach(d.key); }))
    .catch(() => { s.plot.textContent = d.label; });  // no drawing: its words, at least
  return () => {
    for (const w of s.watched.values()) w.observer.disconnect();
    s.watched.clear();
  };
}
"""

CSS = """
.gru-live { margin: 0 auto; }
body[data-gru-live="moving"] [data-testid="stMain"] :is(.stMarkdown, .stCaption),
body[data-gru-live="moving"] .gru-live[data-moving] .slider-currentvalue,
body[data-gru-live="moving"]:has(.gru-live[data-moving]) .st-key-step_cell .gru-live {
  opacity: 0.45;
  transition: opacity 0.15s;
}
"""

FRAMES_JS = r"""
async function unpack(n, lo, step, log, text) {
  // a chart's matrix (lab.live.pack): 16-bit steps over its range, each row sent as
  // the differences of its steps (mod 2^16), zlib-compressed, base64
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  const deltas = new Uint16Array(await new Response(stream).arrayBuffer());
  const out = new Float64Array(deltas.length);
  let q = 0;
  for (let i = 0; i < deltas.length; i++) {
    q = i % n ? (q + deltas[i]) & 0xffff : deltas[i];
    out[i] = q === 65535 ? NaN : log ? Math.pow(10, lo + q * step) : lo + q * step;
  }
  return out;
}

async function arrive(registry, d) {
  registry.wanted[d.key] = d.version;
  for (const k of Object.values(d.knobs)) {
    if (k.arrays) {
      k.decoded = await Promise.all(k.arrays.map(
        async ([t, attr, n, ...packed]) => [t, attr, n, await unpack(n, ...packed)]));
    }
  }
  if (registry.wanted[d.key] !== d.version) return;  // a newer run's frames came meanwhile
  const old = registry.frames[d.key];
  // the frames of one version add up (each knob's come in the run that asked for
  // them); another version's replace them
  const knobs = old && old.version === d.version ? Object.assign({}, old.knobs, d.knobs) : d.knobs;
  registry.frames[d.key] = { version: d.version, knobs };
  if (registry.attach) registry.attach(d.key);
}

export default function (component) {
  const registry = (window.__gruLabLive = window.__gruLabLive || { figures: {}, frames: {} });
  registry.wanted = registry.wanted || {};
  arrive(registry, JSON.parse(component.data));
}
"""
#: The key of a figure's frames element is this prefix and the figure's key.
FRAMES_KEY = "live_frames_"
#: The frames' element takes no room on the page (two lines: Streamlit takes a one-line
#: string with brackets for a file's name).
FRAMES_CSS = f"""[class*="st-key-{FRAMES_KEY}"] {{
  display: none;
}}"""

_COMPONENT = st.components.v2.component("gru_lab.live", js=JS, css=CSS, isolate_styles=False)
_FRAMES = st.components.v2.component(
    "gru_lab.live_frames", js=FRAMES_JS, css=FRAMES_CSS, isolate_styles=False
)


def figure(
    key: str,
    fig: PlainFigure,
    lang: str,
    *,
    label: str = "",
    zoom: int | None = None,
    zoom_max: float = 1.0,
    version: str = "",
    offer: Sequence[str] = (),
    on_pick: Callable[[], None] | None = None,
) -> str | None:
    """Draw ``fig``; ``frames(key, version, ...)`` later in the same run makes it live.
    Returns the knob of ``offer`` whose frames the browser asked for (a run of its
    own; None in any other run): send that knob's family in this run's ``frames``.

    label: the figure in words, for a screen reader (the in-words panel says more);
    zoom: draw at this width in px and scale the whole drawing to its column (a
    drawing whose text must stay inside its boxes on a phone), never above
    ``zoom_max``; version: what the figure was drawn from (frames of another version
    are not shown on it); offer: the sliders whose frames the browser may ask for;
    on_pick: called when a point is clicked (``picked``).
    """
    src = plotly_js()
    if src is None:
        st.plotly_chart(fig, key=key, config=config(lang))
        return None
    names = leaf_names(fig)
    options = config(lang)
    # plotly.min.js has a button that uploads the chart to Plotly's cloud: not here
    options["modeBarButtonsToRemove"] = [*options["modeBarButtonsToRemove"], "sendChartToCloud"]
    data = {
        "key": key,
        "version": version,
        "fig": fig.to_dict(),
        "config": options,
        "src": src,
        "label": label,
        "zoom": zoom,
        "zoomMax": zoom_max,
        "names": names,
        "bindings": [[path, names.index(leaf), shown] for path, leaf, shown in fig.bindings],
        "offer": list(offer),
        "pick": on_pick is not None,
        "legendRow": LEGEND_ROW,
    }
    picks = {} if on_pick is None else {"on_pick_change": on_pick}
    result = _COMPONENT(
        key=key, data=json.dumps(data, separators=(",", ":")), on_want_change=_asked, **picks
    )
    wanted = getattr(result, "want", None)
    return wanted if wanted in offer else None  # only a knob offered: the page's own names


def _asked() -> None:
    """A browser asked for a knob's frames: the run it starts sends them."""


def picked(key: str) -> float | None:
    """The x of the point clicked on live figure ``key`` (in its ``on_pick`` callback),
    or None: nothing clicked, or not a finite number."""
    state = st.session_state.get(key)
    value = state.get("pick") if isinstance(state, Mapping) else None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if np.isfinite(x) else None


def frames(key: str, version: str, knobs: Mapping[str, Family]) -> None:
    """Send the frames of figure ``key`` (drawn from ``version``), for each knob: called
    at the end of a page's run, so that everything else is drawn before they are
    computed and sent (the element itself is hidden). The browser keeps the frames of
    every run of one version (a knob's frames come in the run that asked for them)."""
    if plotly_js() is None:
        return
    data = {
        "key": key,
        "version": version,
        "knobs": {
            k: {"lo": f.spec.lo, "step": f.spec.step, "chart": f.chart}
            | (f.frames if isinstance(f.frames, dict) else {"frames": f.frames})
            for k, f in knobs.items()
        },
    }
    _FRAMES(key=FRAMES_KEY + key, data=json.dumps(data, separators=(",", ":")))


@st.cache_data(max_entries=512, show_spinner=False)
def _step_frames(spec_json: str, _convention: Convention) -> list[list]:
    """The frames of one knob of one step (spec_json: ``one_step_spec``'s, the knob's
    own value left out, with "knob", its slider's range and the leaf "names")."""
    spec = json.loads(spec_json)
    values = positions(Num(spec["lo"], spec["hi"], spec["lo"], spec["step"]))
    family = lessons.one_step_family(
        spec["weights"], spec["values"][0], spec["h0"], _convention, spec["knob"], values
    )
    return step_cell_frames(family, spec["names"], _convention)


#: Where a one-step spec keeps each knob that is not a weight.
_STEP_KEY = {"x": "values", "h_prev": "h0"}


def cell(
    key: str,
    tr,
    weights: dict,
    x: float,
    h_prev: float,
    convention: Convention,
    lang: str,
    offer: Sequence[str],
) -> Callable[[Mapping[str, Num]], None]:
    """Draw the one-step cell diagram of ``tr`` (weights, x and h_prev as the lesson set
    them), live for the sliders ``offer``; returns the function that, called at the end
    of the page's run with those sliders drawn (key: spec), sends the frames the browser
    asked for."""
    fig = step_cell_diagram(tr, explain.cell_labels(), convention)
    names = leaf_names(fig)
    spec = lessons.one_step_spec(weights, x, h_prev, convention)
    spec_json = canonical(spec)
    version = version_of(spec_json)
    wanted = figure(key, fig, lang, label=explain.cell_in_words(tr, convention), zoom=CELL_WIDTH,
                    zoom_max=CELL_ZOOM_MAX, version=version, offer=offer)  # fmt: skip

    def send(knobs: Mapping[str, Num]) -> None:
        families = {}
        if wanted in knobs:
            step = json.loads(spec_json)  # a copy of the spec, to set the knob in
            if wanted in _STEP_KEY:  # the family sets it: the frames do not depend on it
                step[_STEP_KEY[wanted]] = [0.0] if wanted == "x" else 0.0
            else:
                step["weights"][wanted] = 0.0
            knob_spec = knobs[wanted]
            lo, hi, by = knob_spec.lo, knob_spec.hi, knob_spec.step
            step |= {"knob": wanted, "lo": lo, "hi": hi, "step": by, "names": names}
            families[wanted] = Family(knob_spec, _step_frames(canonical(step), convention))
        frames(key, version, families)

    return send


#: The cell diagram's width, px, at which its text fits its boxes (scaled down below it).
CELL_WIDTH = 760
#: At most this scale on a wide screen: the sliders under the cell start in the first
#: view at 1280×800 (the drawing is 390 px high, its text 13.6 px).
CELL_ZOOM_MAX = 0.85

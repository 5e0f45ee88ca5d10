"""The main visual, live under the finger: a figure that follows a slider while it is
dragged, not only when it is released.

``st.slider`` sends its value to Python only on release (Streamlit PR #11879). The
browser still moves the slider's thumb during the drag, so a small component (no
iframe: its script runs in the page) watches the thumbs of a lesson's main knobs and,
at every move, shows the frame Python computed beforehand for the value under the
finger: frames are exact results of ``gru_core`` (a knob's whole family in one batched
``forward``), never a second GRU in JavaScript. On release the slider reruns the page
as before, so every sentence, equation, table and the URL agree with the released
value, and the figure is Python's own again.

    send = live.cell("cell", tr, weights, x, h_prev, convention, lang)   # the picture
    ...                                                                  # the rest of the page
    send({"x": PARAMS["x"], "h_prev": PARAMS["h_prev"]})                 # its frames, last

A frame is the list of a figure's moving parts (its ``bindings``: paths in the layout
and the leaf each shows), in the order of ``leaf_names(fig)``. Plotly.js is the
plotly package's own ``plotly.min.js``, served by the app (``[server]
enableStaticServing``): nothing is fetched from outside the machine. Without it (a
read-only app folder), the figure is an ordinary ``st.plotly_chart``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import plotly
import streamlit as st

from gru_core import lessons
from gru_core.conventions import Convention
from lab import explain
from lab.cached import canonical
from lab.plots import config, step_cell_diagram, step_cell_frames
from lab.plots.figure import PlainFigure
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
    """A knob's frames: ``frames[i]`` is the figure at the knob's i-th position,
    ``spec.lo + i * spec.step``. The knob is the slider keyed by the family's key, or
    with ``chart`` the time slider and play button of the chart keyed ``chart`` (its
    animation frames are named by their step)."""

    spec: Num | Int
    frames: list[list]
    chart: str = ""


def positions(spec: Num | Int) -> np.ndarray:
    """Every value a slider of ``spec`` can take, as the slider computes it."""
    n = int(round((spec.hi - spec.lo) / spec.step)) + 1
    return np.round(spec.lo + spec.step * np.arange(n), 10)


def leaf_names(fig: PlainFigure) -> list[str]:
    """The names of a figure's moving parts, in the order a frame lists them."""
    return list(dict.fromkeys(leaf for _, leaf, _ in fig.bindings))


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
  return P.react(s.plot, d.fig.data || [], layout, d.config).then(() => {
    root.dataset.drawn = String(++s.draws);
  });
}

// A frame patches the drawing Plotly made in place: Plotly.relayout of a few texts and
// widths redraws every annotation (35-45 ms a move here, under 25 frames a second).
// The moving texts are a last line of plain text, the widths a shape's or an arrow's
// stroke; on release the page's own figure replaces the drawing (Plotly.react).
function patch(plot, path, value) {
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
    (lines.length ? lines[lines.length - 1] : text).textContent = last;
    return true;
  }
  return false;
}

function showFrame(P, root, s, key, value) {
  const k = s.knobs[key];
  const frame = k && k.frames[Math.round((value - k.lo) / k.step)];
  if (!frame) return;
  const update = {};
  for (const [path, leaf, shown] of s.d.bindings) {
    const v = frame[leaf];
    const shownV = typeof shown === "string" ? shown.replace("{}", v)
      : typeof shown === "number" ? Math.min(v, shown) : v;
    if (!patch(s.plot, path, shownV)) update[path] = shownV;
  }
  if (Object.keys(update).length) P.relayout(s.plot, update);
  // the words and equations say the released value: dim them until the page catches up
  document.body.dataset.gruLive = "moving";
  root.dataset.frames = String(++s.frames);
  root.dataset.knob = key;
  root.dataset.value = String(value);
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

function watch(P, root, s) {
  // the knobs' sliders, found again on every run: Streamlit may have drawn them anew
  for (const key of Object.keys(s.knobs)) {
    if (s.knobs[key].chart) { watchChart(P, root, s, key, 40); continue; }
    const box = document.querySelector(`.st-key-${CSS.escape(key)} [data-testid="stSlider"]`);
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
if (!REGISTRY.released) {
  // a drag back to where it started reruns nothing: undim on the release itself, the
  // run that follows a real change undims (and redraws) again
  REGISTRY.released = () => setTimeout(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== "running") delete document.body.dataset.gruLive;
  }, 1500);
  document.addEventListener("pointerup", REGISTRY.released, true);
}

function attach(key) {
  const f = REGISTRY.figures[key], fr = REGISTRY.frames[key];
  if (!f || !f.P) return;
  f.s.knobs = fr && fr.version === f.s.d.version ? fr.knobs : {};
  watch(f.P, f.root, f.s);
  f.root.dataset.live = Object.keys(f.s.knobs).join(" ");
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
    new ResizeObserver(() => fitZoom(root, root.__gru.d)).observe(parentElement);
  }
  const s = root.__gru;
  s.d = d;
  delete document.body.dataset.gruLive;  // a new run: the page says what the picture shows
  root.setAttribute("aria-label", d.label);
  root.style.minHeight = d.fig.layout.height + "px";
  const entry = (REGISTRY.figures[d.key] = { root, s, P: null });
  loadPlotly(d.src)
    .then((P) => draw(P, root, s).then(() => { entry.P = P; attach(d.key); }))
    .catch(() => { s.plot.textContent = d.label; });  // no drawing: its words, at least
  return () => {
    for (const w of s.watched.values()) w.observer.disconnect();
    s.watched.clear();
  };
}
"""

CSS = """
.gru-live { margin: 0 auto; }
body[data-gru-live="moving"] [data-testid="stMain"] :is(.stMarkdown, .stCaption) {
  opacity: 0.45;
  transition: opacity 0.15s;
}
"""

FRAMES_JS = r"""
export default function (component) {
  const d = JSON.parse(component.data);
  const registry = (window.__gruLabLive = window.__gruLabLive || { figures: {}, frames: {} });
  registry.frames[d.key] = d;
  if (registry.attach) registry.attach(d.key);
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
) -> None:
    """Draw ``fig``; ``frames(key, version, ...)`` later in the same run makes it live.

    label: the figure in words, for a screen reader (the in-words panel says more);
    zoom: draw at this width in px and scale the whole drawing to its column (a
    drawing whose text must stay inside its boxes on a phone), never above
    ``zoom_max``; version: what the figure was drawn from (frames of another version
    are not shown on it).
    """
    src = plotly_js()
    if src is None:
        st.plotly_chart(fig, key=key, config=config(lang))
        return
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
    }
    _COMPONENT(key=key, data=json.dumps(data, separators=(",", ":")))


def frames(key: str, version: str, knobs: Mapping[str, Family]) -> None:
    """Send the frames of figure ``key`` (drawn from ``version``), for each knob: called
    at the end of a page's run, so that everything else is drawn before they are
    computed and sent (the element itself is hidden)."""
    if plotly_js() is None:
        return
    data = {
        "key": key,
        "version": version,
        "knobs": {
            k: {"lo": f.spec.lo, "step": f.spec.step, "frames": f.frames, "chart": f.chart}
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
    key: str, tr, weights: dict, x: float, h_prev: float, convention: Convention, lang: str
) -> Callable[[Mapping[str, Num]], None]:
    """Draw the one-step cell diagram of ``tr`` (weights, x and h_prev as the lesson set
    them); returns the function that, called at the end of the page's run with the
    live sliders (key: spec), sends their frames."""
    fig = step_cell_diagram(tr, explain.cell_labels(), convention)
    names = leaf_names(fig)
    spec = lessons.one_step_spec(weights, x, h_prev, convention)
    spec_json = canonical(spec)
    version = hashlib.sha1(spec_json.encode()).hexdigest()[:16]
    figure(key, fig, lang, label=explain.cell_in_words(tr, convention), zoom=CELL_WIDTH,
           zoom_max=CELL_ZOOM_MAX, version=version)  # fmt: skip

    def send(knobs: Mapping[str, Num]) -> None:
        families = {}
        for knob, knob_spec in knobs.items():
            step = json.loads(spec_json)  # a copy of the spec, to set the knob in
            if knob in _STEP_KEY:  # the family sets it: the frames do not depend on it
                step[_STEP_KEY[knob]] = [0.0] if knob == "x" else 0.0
            else:
                step["weights"][knob] = 0.0
            lo, hi, by = knob_spec.lo, knob_spec.hi, knob_spec.step
            step |= {"knob": knob, "lo": lo, "hi": hi, "step": by, "names": names}
            families[knob] = Family(knob_spec, _step_frames(canonical(step), convention))
        frames(key, version, families)

    return send


#: The cell diagram's width, px, at which its text fits its boxes (scaled down below it).
CELL_WIDTH = 760
#: At most this scale on a wide screen: the sliders under the cell start in the first
#: view at 1280×800 (the drawing is 390 px high, its text 13.6 px).
CELL_ZOOM_MAX = 0.85

"""AppTest helpers shared by the page tests (``from app_helpers import ...``: a name of
its own, since every test folder has a conftest.py and ``from conftest import`` would
find whichever was imported first).

at = run_page("sequence", query={"b_z": "-3"})   # pages/sequence.py alone
fig = chart(at, "sequence")                        # the figure JSON of a chart, by key
y = values(fig["data"][4]["y"])                    # Plotly 7 binary arrays decoded
"""

from __future__ import annotations

import base64
import functools
import json
import re
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the page scripts import lab and gru_core from the repo root
    sys.path.insert(0, str(ROOT))

TIMEOUT = 30


def page_path(name: str) -> str:
    return str(ROOT / "pages" / f"{name}.py")


def run_script(path, query: dict | None = None) -> AppTest:
    """A Streamlit script run once with the given query parameters."""
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def run_page(name: str, query: dict | None = None) -> AppTest:
    """pages/<name>.py run alone with the given query parameters."""
    return run_script(page_path(name), query)


def run_app(query: dict | None = None) -> AppTest:
    return run_script(ROOT / "app.py", query)


@functools.cache
def default_run(page: str) -> AppTest:
    """The page's run without URL parameters, once per test process (read it only)."""
    at = run_page(page)
    no_exception(at)
    return at


def page_specs(page: str) -> dict:
    """The page's parameter specs, as page_setup stores them."""
    from lab.state import PARAMS_KEY

    return dict(default_run(page).session_state[PARAMS_KEY])


def live_data(at: AppTest, key: str) -> dict:
    """What a live figure (lab.live) drawn with ``key`` sends the browser: its figure,
    the paths of its moving parts and (in elements of their own, one or several parts)
    each knob's frames."""
    data, parts = None, []
    for el in live_elements(at):
        sent = json.loads(json.loads(el.proto.json))
        if el.proto.id.endswith("-" + key):
            data = sent
        elif re.search(rf"-live_frames_{re.escape(key)}(-[^-]+)?$", el.proto.id):
            parts.append(sent)
    if data is None:
        raise AssertionError(f"no live figure with key {key!r}")
    knobs = {}
    for frames in parts:
        assert frames["version"] == data["version"], "frames of another run"
        knobs |= frames["knobs"]
    return data | {"knobs": knobs}


def live_elements(at: AppTest) -> list:
    """The page's lab.live elements (figures and their frames): its components but the
    tour's focus."""
    return [el for el in at.get("bidi_component") if "gru_lab.live" in el.proto.component_name]


def ask_frames(at: AppTest, key: str, knob: str) -> AppTest:
    """Run the page as the browser does when it asks for a knob's frames (lab.live): the
    live figure ``key`` sends the trigger "want" with the knob's key."""
    return trigger(at, key, "want", knob)


def trigger(at: AppTest, key: str, event: str, value) -> AppTest:
    """Run the page as the browser does when live figure ``key`` (lab.live) sends the
    trigger ``event`` with ``value`` ("want": a knob's frames, "pick": a clicked x)."""
    from streamlit.components.v2.bidi_component.main import _make_trigger_id

    (el,) = [e for e in at.get("bidi_component") if e.proto.id.endswith("-" + key)]
    states = at._tree.get_widget_states()
    ask = states.widgets.add()
    ask.id = _make_trigger_id(el.proto.id, "events")  # the component's trigger events
    ask.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return at._run(states)


def live_frames(at: AppTest, key: str, knobs=None) -> dict:
    """``live_data`` with the frames of ``knobs`` (default: every knob the figure offers),
    each asked for as the browser asks: a run per knob, as a browser keeps them."""
    data = live_data(at, key)
    merged = dict(data["knobs"])
    for knob in data["offer"] if knobs is None else knobs:
        got = live_data(ask_frames(at, key, knob), key)
        assert got["version"] == data["version"], "asking for frames changed the figure"
        merged |= got["knobs"]
    return data | {"knobs": merged}


def frame_figure(data: dict, knob: str, i: int) -> dict:
    """The chart a live figure shows at position ``i`` of ``knob`` (lab.live.chart_frames:
    matrices of 16-bit steps, and the values of the paths that change), as a figure
    dict like the one it was drawn from; ``frame_step`` tells how exact its numbers are."""
    k = data["knobs"][knob]
    fig = json.loads(json.dumps(data["fig"]))
    for t, attr, n, lo, step, log, text in k["arrays"]:
        # each row: its first step, then the differences of the next (mod 2^16)
        deltas = np.frombuffer(zlib.decompress(base64.b64decode(text)), "<u2").reshape(-1, n)
        q = np.cumsum(deltas[i].astype(np.int64)) % 65536
        v = np.where(q == 65535, np.nan, lo + q * step)
        fig["data"][t][attr] = 10.0**v if log else v
    for path, value in zip(k["paths"], k["values"][i], strict=True):
        node, keys = fig, re.findall(r"[^.[\]]+", path)
        for name in keys[:-1]:
            node = node[int(name)] if isinstance(node, list) else node[name]
        last = keys[-1]
        node[int(last) if isinstance(node, list) else last] = value
    return fig


def frame_step(data: dict, knob: str, trace: int, attr: str = "y") -> tuple[float, bool]:
    """The step of a frame's numbers for one trace's ``attr`` (in axis units: log10 of
    the value on a log axis), and whether its axis is a log one: (step, log)."""
    for t, a, _, _, step, log, _ in data["knobs"][knob]["arrays"]:
        if (t, a) == (trace, attr):
            return step, log
    raise AssertionError(f"no moving {attr} of trace {trace} for {knob}")


def assert_curves_released(data: dict, knob: str, frame: dict, released: dict) -> None:
    """A knob's frame (``frame_figure``) has the released figure's x and y in every
    trace: exactly where the frames do not move them, to half a 16-bit step where they
    do (on a linear axis), a frame's longer rows ending in gaps (NaN)."""
    moving = {(tr, attr) for tr, attr, *_ in data["knobs"][knob]["arrays"]}
    for j, (drawn, moved) in enumerate(zip(released["data"], frame["data"], strict=True)):
        for attr in ("x", "y"):
            shown, expected = values(moved[attr]), values(drawn[attr])
            if (j, attr) not in moving:
                np.testing.assert_array_equal(shown, expected)
                continue
            # a frame's array is as long as the family's longest, its last points gaps
            assert np.isnan(shown[len(expected) :]).all()
            step, _ = frame_step(data, knob, j, attr)
            np.testing.assert_allclose(
                shown[: len(expected)], expected, rtol=0, atol=step / 2 * (1 + 1e-9)
            )


def figures(at: AppTest) -> list[dict]:
    """Every chart on the page as figure JSON: st.plotly_chart's, and live figures'."""
    out = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    for el in live_elements(at):
        if "-live_frames_" not in el.proto.id:
            out.append(json.loads(json.loads(el.proto.json))["fig"])
    return out


def chart(at: AppTest, key: str) -> dict:
    """The Plotly figure (as JSON) of the chart drawn with ``key`` (by st.plotly_chart
    or as a live figure)."""
    for el in at.get("plotly_chart"):
        if el.proto.id.endswith("-" + key):
            return json.loads(el.proto.spec)
    return live_data(at, key)["fig"]


def values(v) -> np.ndarray:
    """A Plotly array: a plain list, or Plotly ≥ 6's {"dtype", "bdata", "shape"}."""
    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if "shape" in v:
            shape = v["shape"]
            shape = [int(s) for s in shape.split(",")] if isinstance(shape, str) else shape
            a = a.reshape(shape)
        return a
    return np.asarray(v, dtype=float)


def keyed_block(at: AppTest, key: str):
    """The container drawn with ``key`` (st.container(key=...)), or None."""

    def walk(node):
        if str(getattr(getattr(node, "proto", None), "id", "")).endswith("-" + key):
            return node
        for child in getattr(node, "children", {}).values():
            found = walk(child)
            if found is not None:
                return found
        return None

    return walk(at._tree)


def tour_text(at: AppTest) -> str:
    """The words of the running tour's box (above the lesson's picture)."""
    box = keyed_block(at, "tour_box")
    return "" if box is None else " ".join(m.value for m in box.markdown)


def trace_by_name(fig: dict, name: str) -> dict:
    for d in fig["data"]:
        if d.get("name") == name:
            return d
    raise AssertionError(f"no trace named {name!r}: {[d.get('name') for d in fig['data']]}")


def curves(at: AppTest, key: str, names: dict[str, str]) -> dict[str, np.ndarray]:
    """The y values of chart ``key``'s curves, found by their English legend names:
    names maps a short name to the catalogue key of the curve's legend entry."""
    from lab.i18n import t

    fig = chart(at, key)
    return {k: values(trace_by_name(fig, t(name, lang="en"))["y"]) for k, name in names.items()}


def math_blocks(at: AppTest) -> list[str]:
    """Every displayed formula on the page: each st.latex, and each $$ ... $$ block
    of a Markdown element (a lesson may write several formulas in one element)."""
    blocks = [el.value.strip().strip("$").strip() for el in at.latex]
    for el in at.markdown:
        parts = el.value.split("$$")
        blocks += [p.strip() for p in parts[1::2]]
    return blocks


def open_expander(at: AppTest, key: str) -> AppTest:
    """Open a lazy expander (``on_change="rerun"``: its content runs only while open),
    as a click on its header does, and rerun."""
    at.session_state[key] = True
    return at.run()


def open_tab(at: AppTest, key: str, index: int) -> AppTest:
    """Open tab ``index`` of ``lab.widgets.lazy_tabs(..., key)``, as a click on it does
    (its content runs only while open), and rerun."""
    at.session_state[key] = index
    return at.run()


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese characters (a page or text in Chinese)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def sigmoid(a: float) -> float:
    return 1.0 / (1.0 + np.exp(-a))


#: The step home and lesson 2 open on (gru_core.lessons.sequence.STORY_STEP), written
#: out here so that what the pages show is checked against numbers the tests own.
STORY_X, STORY_H_PREV = 1.0, -0.6
STORY_W = dict(W_xr=1.0, W_hr=1.0, b_r=0.0, W_xz=1.0, W_hz=0.0, b_z=-2.0, W_xh=2.0, W_hh=1.0,
               b_h=0.0)  # fmt: skip


def textbook_step(x: float, h_prev: float, w: dict) -> tuple[float, float, float, float]:
    """(r, z, h̃, h) of one textbook step of one unit, written out without the engine."""
    r = sigmoid(w["W_xr"] * x + w["W_hr"] * h_prev + w["b_r"])
    z = sigmoid(w["W_xz"] * x + w["W_hz"] * h_prev + w["b_z"])
    h_tilde = np.tanh(w["W_xh"] * x + w["W_hh"] * (r * h_prev) + w["b_h"])
    h = (1 - z) * h_prev + z * h_tilde
    return r, z, h_tilde, h


#: a shown power of ten, in LaTeX or Unicode: "5.1 \\times 10^{-14}", "2.0 × 10⁻⁹"
POWER = re.compile(r"^(-?\d+\.\d) (?:×|\\times) 10(?:\^\{(-?\d+)\}|([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))$")
_SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def read_shown(text: str) -> tuple[float, float]:
    """A shown number as (value, half of its last digit): "0.0003" -> (0.0003, 5e-5);
    "1 − 2.0 × 10⁻⁹" -> (1 - 2e-9, 5e-11)."""
    text = text.strip()
    near_one = re.match(r"^(-?)\(?1 (?:−|-) (.+?)\)?$", text)
    if near_one:
        sign, rest = near_one.groups()
        value, half = read_shown(rest)
        return (-1.0 if sign else 1.0) * (1.0 - value), half
    m = POWER.match(text)
    if m:
        mant, e_tex, e_sup = m.groups()
        e = int(e_tex if e_tex is not None else e_sup.translate(_SUP))
        return float(mant) * 10.0**e, 0.05 * 10.0**e
    d = Decimal(text)
    return float(d), 0.5 * 10.0 ** d.as_tuple().exponent

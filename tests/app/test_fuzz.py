"""Fuzz every page's widgets (hypothesis + AppTest): no exception, finite charts.

For home and every lesson of lab/lessons.py (lessons added later are covered):
each example opens the page from a random *valid* link (every URL parameter drawn
from its spec, convention and language included), then moves a random handful of the widgets
it finds on the page to random and boundary values read from the AppTest
elements themselves (slider and number-box min, max and step; selectbox and
radio options; toggles; free text), and reruns. After every run: no exception,
and every number in every Plotly figure is finite, except NaN used as a gap at
the start or end of a line (a curve that starts after an event).

Example counts are small (the machine is slow and shared); raise FUZZ_EXAMPLES
to search longer: ``FUZZ_EXAMPLES=50 pytest tests/app/test_fuzz.py``. The search is
seeded, so every run draws the same examples and a failure reproduces as it was
reported; set FUZZ_SEED to search elsewhere (and quote it with a failure).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
from app_helpers import no_exception, page_specs, run_page, values
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from gru_core.conventions import CONVENTIONS
from lab.i18n import LANGS
from lab.lessons import HOME, LESSONS
from lab.state import BOX, Choice, Flag, Int, Num, Text

PAGES = [Path(lesson.path).stem for lesson in (HOME, *LESSONS)]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
SEED = int(os.environ.get("FUZZ_SEED", "0"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # the seed, not a local database, makes a failure reproduce
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: The kinds of widget a student moves (buttons start long jobs on some pages: not here).
KINDS = ("slider", "number_input", "selectbox", "radio", "toggle", "text_input")
#: Free text a student might type: letters, CJK, punctuation, HTML, control characters.
TYPED = st.text(
    alphabet=st.sampled_from(list("abcxyz AZ09,.!?'-_<>&\"`;\t") + ["中", "文", "é", "\x00", "😀"]),
    max_size=60,
)


# ---- values --------------------------------------------------------------------------
def on_grid(lo: float, hi: float, step: float) -> st.SearchStrategy[float]:
    """lo + k·step in [lo, hi], the ends drawn often (boundary values)."""
    n = max(0, math.floor((hi - lo) / step + 1e-9))
    k = st.one_of(st.sampled_from([0, n]), st.integers(0, n))
    decimals = max(0, -math.floor(math.log10(step))) + 2 if step < 1 else 0
    return k.map(lambda k: min(hi, round(lo + k * step, decimals)))


def spec_value(spec) -> st.SearchStrategy:
    """A valid value for a URL parameter (as the text the URL holds)."""
    if isinstance(spec, Int):
        return on_grid(spec.lo, spec.hi, spec.step).map(lambda v: str(int(v)))
    if isinstance(spec, Num):
        return on_grid(spec.lo, spec.hi, spec.step).map(spec.dump)
    if isinstance(spec, Choice):
        return st.sampled_from(spec.options)
    if isinstance(spec, Flag):
        return st.sampled_from(["0", "1"])
    if isinstance(spec, Text):
        return st.sampled_from([spec.default, "a", "x" * spec.max_len])
    raise AssertionError(spec)


def widget_value(el, spec) -> st.SearchStrategy:
    """A value for an AppTest widget, from the element's own limits or options."""
    p = el.proto
    if el.type == "slider":
        lo, hi, step = p.min, p.max, p.step or 1
        grid = on_grid(lo, hi, step)
        if len(p.default) == 2:  # a range slider
            return st.tuples(grid, grid).map(sorted)
        is_int = p.data_type == p.INT
        return grid.map(int) if is_int else grid
    if el.type == "number_input":
        lo = p.min if p.has_min else -1e6
        hi = p.max if p.has_max else 1e6
        if p.data_type == p.INT:
            return st.one_of(st.sampled_from([int(lo), int(hi)]), st.integers(int(lo), int(hi)))
        return st.one_of(st.sampled_from([lo, hi]), st.floats(lo, hi, allow_nan=False))
    if el.type in ("selectbox", "radio"):
        if isinstance(spec, Choice):
            return st.sampled_from(spec.options)
        return st.sampled_from(list(el.options))
    if el.type == "toggle":
        return st.booleans()
    if el.type == "text_input":
        return st.one_of(TYPED, st.sampled_from([p.default, ""]))
    raise AssertionError(el.type)


# ---- checks --------------------------------------------------------------------------
def numbers(obj, path=""):
    """(path, float array) for every numeric array or number in a figure's JSON."""
    if isinstance(obj, dict):
        if "bdata" in obj:
            a = values(obj)
            if a.dtype.kind in "fiu":
                yield path, a.astype(float)
            return
        for k, v in obj.items():
            yield from numbers(v, f"{path}.{k}")
    elif isinstance(obj, list):
        nums = [x for x in obj if isinstance(x, int | float) and not isinstance(x, bool)]
        if nums:
            yield path, np.asarray(nums, dtype=float)
        for i, v in enumerate(obj):
            if isinstance(v, dict | list):
                yield from numbers(v, f"{path}[{i}]")
    elif isinstance(obj, float):
        yield path, np.asarray([obj])


def assert_finite_charts(at) -> None:
    bad = []
    for el in at.get("plotly_chart"):
        fig = json.loads(el.proto.spec)
        for path, a in numbers(fig):
            if np.all(np.isfinite(a)):
                continue
            if np.isinf(a).any() or not path.startswith(".data") or a.ndim != 1:
                bad.append((el.proto.id.rsplit("-", 1)[-1], path, a[~np.isfinite(a)][:3]))
                continue
            ok = np.flatnonzero(np.isfinite(a))  # NaN allowed only before/after the line
            if ok.size and not np.all(np.isfinite(a[ok[0] : ok[-1] + 1])):
                bad.append((el.proto.id.rsplit("-", 1)[-1], path, "NaN inside the line"))
    assert bad == [], bad


def check(at) -> None:
    no_exception(at)
    assert_finite_charts(at)


def widgets_of(at) -> list:
    """Every movable widget on the page, found by kind (keys: see lab.widgets)."""
    found = []
    for kind in KINDS:
        found.extend(el for el in at.get(kind) if not getattr(el.proto, "disabled", False))
    return found


def spec_of(el, page: str):
    key = (el.key or "").removesuffix(BOX)
    return page_specs(page).get(key)


# ---- the fuzz ------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
@FUZZ
@seed(SEED)
@given(data=st.data())
def test_random_link_then_random_moves(page, data):
    query = {
        key: data.draw(spec_value(spec), label=key)
        for key, spec in page_specs(page).items()
        if data.draw(st.booleans(), label=f"set {key}")
    }
    query["conv"] = data.draw(st.sampled_from(CONVENTIONS), label="conv")
    query["lang"] = data.draw(st.sampled_from(LANGS), label="lang")
    at = run_page(page, query)
    check(at)
    for _ in range(data.draw(st.integers(1, 2), label="rounds")):
        found = widgets_of(at)
        if not found:
            return
        picks = data.draw(
            st.lists(st.sampled_from(range(len(found))), min_size=1, max_size=4, unique=True),
            label="widgets",
        )
        for i in picks:
            el = found[i]
            v = data.draw(widget_value(el, spec_of(el, page)), label=f"{el.type} {el.key}")
            el.set_value(v)
        at.run()
        check(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_widget_at_both_ends(page):
    """Deterministic boundary sweep: every slider and number box at its min, then its max."""
    for end in ("min", "max"):
        at = run_page(page)
        for el in widgets_of(at):
            p = el.proto
            if el.type == "slider" and len(p.default) == 1:
                v = getattr(p, end)
                el.set_value(int(v) if p.data_type == p.INT else v)
            elif el.type == "number_input" and getattr(p, "has_" + end):
                v = getattr(p, end)
                el.set_value(int(v) if p.data_type == p.INT else v)
        at.run()
        check(at)

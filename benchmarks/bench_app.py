"""Server-side time of one rerun after a slider move, per lesson, as a multiple of a floor.

For every lesson of the app (found by ``benchmarks/discover.py``, never listed here)
this moves the lesson's main slider one step at a time through AppTest and times
``at.run()``; the median over the moves is divided by the same figure for
``benchmarks/floor_app.py`` (one slider, one 200-point Plotly line) measured in the
same process. The moves of all targets are interleaved (floor, lesson 1, lesson 2,
..., floor, ...) so that load from other processes falls on all of them alike.

Two settings per lesson: the defaults, and "largest" (every sequence-length and
hidden-size slider first pushed to its maximum). Targets: ≤ 3× the floor at
defaults, ≤ 6× at the largest.

AppTest reruns the whole script even when the slider sits inside ``st.fragment``,
so this is an upper bound on what a browser's move costs the server; see
``bench_browser.py`` for the browser's view.

One difference from AppTest as shipped: AppTest gives every run a new, empty
``ScriptCache``, so it compiles ``app.py`` and the page's file again on each run
(2-10 ms for a page of a few hundred lines), which the server never does (its
ScriptCache keeps each script's bytecode until the file changes). Here all runs,
floor and lessons alike, share one ScriptCache as the server's runs do;
``--recompile`` measures AppTest as shipped.

    python benchmarks/bench_app.py            # all lessons, 31 moves each
    python benchmarks/bench_app.py --moves 31 --only one_step
    python benchmarks/bench_app.py --recompile
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.discover import (  # noqa: E402
    Lesson,
    first_line,
    floor_lesson,
    open_page,
    resolved_lessons,
)
from benchmarks.ratio import LEGEND, VERDICT_HEADINGS, verdict_cells  # noqa: E402

TARGET_DEFAULT = 3.0
TARGET_LARGEST = 6.0


@dataclass
class Target:
    label: str  # row name
    setting: str  # "default" / "largest (T=..)"
    lesson: Lesson
    at: object = None
    direction: int = 1
    times: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


def _slider(at, key):
    return at.slider(key=key)


def next_value(s, direction: int):
    """One step of AppTest slider ``s`` (first thumb of a range), bouncing at the ends."""
    p = s.proto
    cur = s.value
    first = cur[0] if isinstance(cur, tuple | list) else cur
    step = p.step or 1
    v = first + direction * step
    if v > p.max + 1e-9 or v < p.min - 1e-9:
        direction = -direction
        v = first + direction * step
    v = min(max(v, p.min), p.max)
    v = int(round(v)) if isinstance(first, int) else round(v, 10)
    new = (v, *cur[1:]) if isinstance(cur, tuple | list) else v
    return new, direction


def prepare(target: Target, timeout: float) -> None:
    """Open the page; for "largest", push the length/hidden sliders to their max."""
    try:
        at = open_page(target.lesson, timeout)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        if target.setting != "default":
            for key in (*target.lesson.length_keys, *target.lesson.hidden_keys):
                s = _slider(at, key)
                top = s.proto.max
                top = int(top) if isinstance(s.value, int) else top
                s.set_value(top).run()
                if at.exception:
                    raise RuntimeError(f"{key}={top}: {at.exception[0].message}")
        target.at = at
    except Exception as exc:  # reported in the table, the run goes on
        target.error = f"{type(exc).__name__}: {first_line(exc)}"[:120]


def move_once(target: Target) -> None:
    at = target.at
    s = _slider(at, target.lesson.slider)
    new, target.direction = next_value(s, target.direction)
    s.set_value(new)
    t0 = time.perf_counter()
    at.run()
    target.times.append(time.perf_counter() - t0)
    if at.exception:
        target.error = at.exception[0].message[:120]
        target.at = None


def build_targets(only: list[str] | None, timeout: float) -> tuple[Target, list[Target], list[str]]:
    floor = Target("floor", "default", floor_lesson())
    rows: list[Target] = []
    notes: list[str] = []
    for lesson, error in resolved_lessons(only, notes, timeout):
        if error:
            rows.append(Target(lesson.name, "default", lesson, error=error[:120]))
            continue
        if not lesson.redraws:
            notes.append(f"{lesson.name}: no slider move redraws a chart; timed: {lesson.slider}")
        rows.append(Target(lesson.name, "default", lesson))
        big = [*lesson.length_keys, *lesson.hidden_keys]
        if big:
            setting = (
                "largest ("
                + ", ".join(f"{k}={lesson.sliders[k][1]:g}" for k in big if k in lesson.sliders)
                + ")"
            )
            rows.append(Target(lesson.name, setting, lesson))
        else:
            notes.append(f"{lesson.name}: no sequence-length or hidden-size slider found")
    return floor, rows, notes


def share_script_cache() -> None:
    """Make every AppTest run use one ScriptCache, as the server's runs do."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = local_runner.ScriptCache = lambda: shared


def run(moves: int, warmup: int, only: list[str] | None, timeout: float, recompile: bool) -> int:
    import streamlit as st

    if not recompile:
        share_script_cache()
    load0 = os.getloadavg()
    floor, rows, notes = build_targets(only, timeout)
    targets = [floor, *rows]
    for t in targets:
        if not t.error:
            prepare(t, timeout)
    for i in range(warmup + moves):
        for t in targets:
            if t.at is None:
                continue
            move_once(t)
            if i < warmup:
                t.times.clear()
    st.cache_data.clear()
    load1 = os.getloadavg()

    f = floor.median
    w = max([28, *(len(t.setting) for t in rows)])
    print(
        f"bench_app: server-side rerun after one slider move (AppTest), median of {moves} "
        f"moves, interleaved; load average {load0[0]:.2f} -> {load1[0]:.2f} on "
        f"{os.cpu_count()} cores"
    )
    print(
        "scripts compiled on every run, as AppTest ships"
        if recompile
        else "scripts compiled once and kept, as the server does (--recompile: as AppTest ships)"
    )
    if floor.error or not floor.times:
        print(f"floor: ERROR {floor.error}")
        return 1
    print(f"floor: {floor.lesson.page} = {f * 1e3:.1f} ms")
    print(LEGEND)
    print(f"{'lesson':<14} {'slider':<14} {'setting':<{w}} {'median ms':>9} {VERDICT_HEADINGS}")
    worst = 0
    for t in rows:
        limit = TARGET_DEFAULT if t.setting == "default" else TARGET_LARGEST
        end, failed = verdict_cells(t.times, floor.times, limit, t.error)
        median = f"{'-':>9}" if t.error or not t.times else f"{t.median * 1e3:>9.1f}"
        print(f"{t.label:<14} {t.lesson.slider or '-':<14} {t.setting:<{w}} {median} {end}")
        worst = int(worst or failed)
    for n in notes:
        print("note:", n)
    if not rows:
        print("note: no lessons found (no lab LESSONS, no st.Page in app.py, no pages/*.py)")
    return worst


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--moves", type=int, default=31, help="timed moves per target")
    ap.add_argument("--warmup", type=int, default=3, help="untimed moves first")
    ap.add_argument("--only", nargs="*", help="lesson names or url paths")
    ap.add_argument("--timeout", type=float, default=120.0, help="AppTest timeout, s")
    ap.add_argument(
        "--recompile",
        action="store_true",
        help="compile the scripts on every run as AppTest does (the server compiles once)",
    )
    args = ap.parse_args(argv)
    return run(args.moves, args.warmup, args.only, args.timeout, args.recompile)


if __name__ == "__main__":
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    sys.exit(main())

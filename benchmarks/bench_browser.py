"""Time from a keyboard slider move to the charts showing the new data, in a real browser.

For every lesson of the app (found by ``benchmarks/discover.py``) and for
``benchmarks/floor_app.py`` (one slider, one 200-point Plotly line), each in its own
Chromium context: focus the lesson's main slider (the hidden ``input[type=range]``
inside ``[data-testid=stSlider]``), press ArrowRight (ArrowLeft at the top end),
and record, on every animation frame, a digest of what the page's Plotly charts
show (every trace's x/y/z/text and the layout's shapes and annotations, read from
the Plotly graph divs). A move's time runs from the key press to the last change
of that digest, once the run has ended and the charts have been still for 400 ms:
the moment every chart shows its new data (the first visible change is printed
too). Median over 40 moves per target; the moves of all targets are interleaved so that
load from other processes falls on all alike. Target: every lesson ≤ 2× the floor.
Beside each ratio, the 90 % bootstrap interval its own moves allow (benchmarks/ratio.py):
one run's ratio moves by ±10 % from the next on this machine.

``--bounds`` also times ``benchmarks/bounds_app.py``: one step's and sequence's pages
cut down to what each lesson must show (the sidebar, the sliders, the charts), to
tell how much of a lesson's time those parts alone take.

The app and the floor app are started on loopback ports of their own with the same
flags (``.streamlit/config.toml`` applies to both).

    python benchmarks/bench_browser.py
    python benchmarks/bench_browser.py --moves 10 --only sequence
    python benchmarks/bench_browser.py --only one_step sequence --bounds   # + the least pages
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.discover import (  # noqa: E402
    FLOOR,
    Lesson,
    e2e,
    first_line,
    floor_lesson,
    resolved_lessons,
)
from benchmarks.ratio import LEGEND, VERDICT_HEADINGS, verdict_cells  # noqa: E402

TARGET = 2.0
BOUNDS_APP = "benchmarks/bounds_app.py"
#: --bounds: (row label, URL path in bounds_app.py, slider key): the least each slow
#: lesson's page could be, timed beside it (what its required parts alone cost).
BOUNDS = (
    ("least one_step", "one_step", "x"),
    ("  charts only", "one_step_charts", "x"),
    ("least sequence", "sequence", "start"),
    ("  no cursor", "sequence_still", "start"),
)

#: A digest of the data one Plotly chart (graph div) shows: every trace's x/y/z/text
#: as plain arrays, typed arrays or Plotly's {dtype, bdata} encoding; "" when empty.
DATA_DIGEST_JS = """
(gd) => {
  let h = 0, n = 0;
  const mixStr = (s) => {
    for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  };
  const mix = (v) => {
    if (v === null || v === undefined) return;
    if (typeof v === 'number') { n++; h = (h * 31 + Math.round(v * 1e6)) | 0; return; }
    if (typeof v === 'string') { n++; mixStr(v); return; }
    if (typeof v === 'object' && typeof v.bdata === 'string') { n++; mixStr(v.bdata); return; }
    if (typeof v === 'object' && v.length !== undefined) {
      for (let i = 0; i < v.length; i++) mix(v[i]);
    }
  };
  (gd.data || []).forEach((tr) => { ['x', 'y', 'z', 'text'].forEach((k) => mix(tr[k])); });
  return n > 0 ? n + ':' + h : '';
}
"""

#: A digest of what the page's Plotly charts show; changes when any trace's data or
#: any shape or annotation changes ("" while a chart has no data, except a drawing of
#: shapes and annotations alone once it is laid out).
FINGERPRINT_JS = (
    "() => { const dataDigest = "
    + DATA_DIGEST_JS
    + """;
  const gds = document.querySelectorAll('.js-plotly-plot');  // charts and live figures
  const parts = Array.from(gds, (gd) => {
    const d = dataDigest(gd), L = gd.layout || {};
    // a drawing of shapes and annotations only (the cell diagram) is drawn once laid out
    const drawing = (gd.data || []).length === 0 && gd._fullLayout !== undefined;
    if (d === '' && !drawing) return '';
    return d + '/' + JSON.stringify([L.shapes || [], L.annotations || []]);
  });
  return parts.some((p) => p === '') ? '' : parts.join('|');
}"""
)


@dataclass
class Target:
    label: str
    lesson: Lesson
    base: str
    page: object = None
    times: list[float] = field(default_factory=list)
    error: str = ""
    first: list[float] = field(default_factory=list)  # time to the first visible change
    direction: int = 1

    @property
    def url(self) -> str:
        return f"{self.base}/{self.lesson.url_path}" if self.lesson.url_path else self.base + "/"

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


def slider_input(page, key: str | None):
    """The hidden range input of slider ``key`` (Streamlit marks keyed widgets st-key-KEY)."""
    if key:
        loc = page.locator(f".st-key-{key} [data-testid='stSlider'] input[type='range']")
        if loc.count():
            return loc.first
    return page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type='range']").first


def open_target(browser, t: Target, wait_for_run) -> None:
    try:
        ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
        pg = ctx.new_page()
        pg.goto(t.url)
        wait_for_run(pg)
        pg.wait_for_selector(".js-plotly-plot", timeout=30_000)
        if pg.locator("[data-testid='stException']").count():
            raise RuntimeError("exception box on the page")
        t.page = pg
    except Exception as exc:
        t.error = f"{type(exc).__name__}: {first_line(exc)}"[:160]


#: Records (time, digest) on every animation frame whose digest differs from the last,
#: and says when the move is over: the digest differs from ``before``, the script is
#: not running and nothing has changed for ``quiet`` ms. A chart's data digest is
#: computed once per data array (Plotly replaces ``gd.data`` when it draws new data,
#: and Streamlit draws every update in a new graph div); shapes and annotations,
#: which the client-side cursor edits in place, are read on every frame. So the
#: recorder costs the page well under a millisecond a frame, on every lesson alike:
#: a full digest on every frame cost up to ~1.5 ms on a lesson and ~0.1 ms on the
#: floor, time the page then had less of for drawing.
RECORDER_JS = (
    "([before, quiet]) => { const dataDigest = "
    + DATA_DIGEST_JS
    + """;
  const seen = new WeakMap();  // graph div -> [its data array, digest]
  const fp = () => {
    const gds = document.querySelectorAll('.js-plotly-plot');  // charts and live figures
    const parts = [];
    for (const gd of gds) {
      let c = seen.get(gd);
      if (!c || c[0] !== gd.data) { c = [gd.data, dataDigest(gd)]; seen.set(gd, c); }
      // a drawing of shapes and annotations only (the cell diagram) is drawn once laid out
      const drawing = (gd.data || []).length === 0 && gd._fullLayout !== undefined;
      if (c[1] === '' && !drawing) return '';
      const L = gd.layout || {};
      const live = gd.closest('.gru-live');  // a live figure's frames patch it in place
      parts.push(c[1] + '/' + JSON.stringify([L.shapes || [], L.annotations || []]) +
                 (live ? '#' + live.dataset.frames : ''));
    }
    return parts.join('|');
  };
  const app = document.querySelector('[data-testid="stApp"]');
  const rec = { log: [[performance.now(), fp()]], on: true, done: false };
  if (before === null) before = rec.log[0][1];
  window.__gruLabRec = rec;
  const loop = () => {
    if (!rec.on) return;
    const now = performance.now();
    const f = fp();
    const last = rec.log[rec.log.length - 1];
    if (f !== last[1]) rec.log.push([now, f]);
    const moved = rec.log.some(([, g]) => g !== '' && g !== before);
    const idle = app.getAttribute('data-test-script-state') === 'notRunning';
    const still = now - rec.log[rec.log.length - 1][0] > quiet;
    rec.done = moved && idle && still;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  return rec.log[0][1];
}"""
)


def move_once(t: Target, wait_for_run, timeout_ms: float = 30_000, quiet_ms: float = 400) -> None:
    """One key press; appends the time until the charts show their final new data.

    An in-page recorder (RECORDER_JS) logs every change of the charts' digest on each
    animation frame and flags the end of the move (new data, script finished, charts
    still for ``quiet_ms``); Playwright only reads that flag, every 50 ms, so the
    test drives the page without drawing on its time. The time of the last change
    (the final picture) minus the time of the key press is the move's time;
    ``first`` collects the time of the first visible change.
    """
    pg = t.page
    thumb = slider_input(pg, t.lesson.slider)
    thumb.focus()
    now = float(thumb.input_value())  # react-aria's hidden range input: value, min, max
    if now >= float(thumb.get_attribute("max")):
        t.direction = -1  # bounce at the ends, so values are new for a while (no cache hits)
    elif now <= float(thumb.get_attribute("min")):
        t.direction = 1
    key = "ArrowRight" if t.direction > 0 else "ArrowLeft"
    before = pg.evaluate(f"(a) => ({RECORDER_JS})(a)", [None, quiet_ms])
    t0 = pg.evaluate("() => performance.now()")
    thumb.press(key)
    pg.wait_for_function("() => window.__gruLabRec.done", polling=50, timeout=timeout_ms)
    log = pg.evaluate("() => { window.__gruLabRec.on = false; return window.__gruLabRec.log; }")
    wait_for_run(pg)
    changes = [(ts, f) for ts, f in log[1:] if f not in ("", before)]
    t.times.append((changes[-1][0] - t0) / 1e3)
    t.first.append((changes[0][0] - t0) / 1e3)


def time_moves(browser, targets: list[Target], moves: int, warmup: int, wait_for_run) -> None:
    """Open every target in a context of its own, then time ``warmup + moves`` key
    presses on each, interleaved (load from other processes falls on all alike); the
    warm-up moves are dropped. A target that fails keeps its error and is skipped."""
    for t in targets:
        open_target(browser, t, wait_for_run)
    for i in range(warmup + moves):
        for t in targets:
            if t.page is None or t.error:
                continue
            try:
                move_once(t, wait_for_run)
            except Exception as exc:
                t.error = f"{type(exc).__name__}: {first_line(exc)}"[:160]
            if i < warmup:
                t.times.clear()
                t.first.clear()
    for t in targets:
        if t.page is not None and t.page.locator("[data-testid='stException']").count():
            t.error = t.error or "exception box on the page after the moves"


def run(
    moves: int, warmup: int, only: list[str] | None, extra: list[str], bounds: bool = False
) -> int:
    from playwright.sync_api import sync_playwright

    h = e2e()
    CHROMIUM, CHROMIUM_ARGS, wait_for_run = h.CHROMIUM, h.CHROMIUM_ARGS, h.wait_for_run
    start_streamlit, stop = h.start_streamlit, h.stop

    lessons = []
    notes = []
    for lesson, error in resolved_lessons(only, notes):
        if error:
            notes.append(f"{lesson.name}: {error}"[:160])
        elif not lesson.redraws:
            notes.append(f"{lesson.name}: no slider move redraws a chart, not timed")
        else:
            lessons.append(lesson)

    load0 = os.getloadavg()
    procs = []
    try:
        p_floor, floor_base = start_streamlit(FLOOR, extra=extra)
        procs.append(p_floor)
        targets = [Target("floor", floor_lesson(), floor_base)]
        if lessons:
            p_app, app_base = start_streamlit("app.py", extra=extra)
            procs.append(p_app)
            targets += [Target(lesson.name, lesson, app_base) for lesson in lessons]
        if bounds:
            p_bounds, bounds_base = start_streamlit(BOUNDS_APP, extra=extra)
            procs.append(p_bounds)
            targets += [
                Target(label, Lesson(page=BOUNDS_APP, url_path=path, slider=key), bounds_base)
                for label, path, key in BOUNDS
            ]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            time_moves(browser, targets, moves, warmup, wait_for_run)
            browser.close()
    finally:
        for p in procs:
            stop(p)
    load1 = os.getloadavg()

    floor = targets[0]
    f = floor.median
    print(
        f"bench_browser: key press -> every chart shows its new data (Chromium, Playwright), "
        f"median of {moves} moves, interleaved; load average {load0[0]:.2f} -> "
        f"{load1[0]:.2f} on {os.cpu_count()} cores"
    )
    if floor.error or not floor.times:
        print(f"floor: ERROR {floor.error}")
        return 1
    print(
        f"floor: {FLOOR} = {f * 1e3:.0f} ms (p90 {p90(floor.times) * 1e3:.0f} ms, first change "
        f"{statistics.median(floor.first) * 1e3:.0f} ms)"
    )
    print("median/p90: until the last chart change; first: until the first visible change")
    print(LEGEND)
    print(f"{'lesson':<14} {'slider':<14} {'median ms':>9} {'p90 ms':>7} {'first ms':>8} "
          f"{VERDICT_HEADINGS}")  # fmt: skip
    worst = 0
    for t in targets[1:]:
        end, failed = verdict_cells(t.times, floor.times, TARGET, t.error)
        if t.error or not t.times:
            times = f"{'-':>9} {'-':>7} {'-':>8}"
        else:
            first = statistics.median(t.first)
            times = f"{t.median * 1e3:>9.0f} {p90(t.times) * 1e3:>7.0f} {first * 1e3:>8.0f}"
        print(f"{t.label:<14} {t.lesson.slider:<14} {times} {end}")
        worst = int(worst or failed)
    for n in notes:
        print("note:", n)
    return worst


def p90(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=10)[-1] if len(xs) >= 2 else (xs[0] if xs else float("nan"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--moves", type=int, default=40, help="timed moves per target")
    ap.add_argument("--warmup", type=int, default=2, help="untimed moves first")
    ap.add_argument("--only", nargs="*", help="lesson names or url paths")
    ap.add_argument(
        "--bounds",
        action="store_true",
        help=f"also time {BOUNDS_APP}: the least one step's and sequence's pages could be",
    )
    ap.add_argument(
        "--extra",
        default="",
        help='extra `streamlit run` flags for both servers, e.g. "--runner.postScriptGC false"',
    )
    args = ap.parse_args(argv)
    return run(args.moves, args.warmup, args.only, shlex.split(args.extra), args.bounds)


if __name__ == "__main__":
    import signal

    # a stop (timeout, kill PID) still runs the finally blocks that stop the servers
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())

"""Time from a keyboard slider move to the chart showing new data, in a real browser.

For every lesson of the app (found by ``benchmarks/discover.py``) and for
``benchmarks/floor_app.py`` (one slider, one 200-point Plotly line), each in its own
Chromium context: focus the lesson's main slider (the hidden ``input[type=range]``
inside ``[data-testid=stSlider]``), press ArrowRight (ArrowLeft at the top end),
and wait until the data of the page's Plotly charts differs from what it was
before the key press (a digest of every trace's x/y/z/text and of the layout's
shapes and annotations, read from the Plotly graph divs on every animation frame).
Median over 20 moves per target; the moves of all targets are interleaved so that
load from other processes falls on all alike. Target: every lesson ≤ 2× the floor.

The app and the floor app are started on loopback ports of their own with the same
flags (``.streamlit/config.toml`` applies to both).

    python benchmarks/bench_browser.py
    python benchmarks/bench_browser.py --moves 10 --only sequence
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.discover import (  # noqa: E402
    FLOOR,
    Lesson,
    discover_lessons,
    e2e,
    floor_lesson,
    resolve_sliders,
)

TARGET = 2.0

#: A digest of what the page's Plotly charts show; changes when any trace's data
#: (plain arrays, typed arrays or Plotly's {dtype, bdata} encoding) or any shape or
#: annotation changes.
FINGERPRINT_JS = """
() => {
  const digest = (gd) => {
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
    const L = gd.layout || {};
    mixStr(JSON.stringify([L.shapes || [], L.annotations || []]));
    return n > 0 ? n + ':' + h : '';
  };
  const gds = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot');
  const parts = Array.from(gds, digest);
  return parts.some((p) => p === '') ? '' : parts.join('|');
}
"""


@dataclass
class Target:
    label: str
    lesson: Lesson
    base: str
    page: object = None
    times: list[float] = field(default_factory=list)
    error: str = ""
    transient: int = 0  # moves whose first visible change was not yet the final data
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
        pg.wait_for_selector("[data-testid='stPlotlyChart'] .js-plotly-plot", timeout=30_000)
        if pg.locator("[data-testid='stException']").count():
            raise RuntimeError("exception box on the page")
        t.page = pg
    except Exception as exc:
        t.error = f"{type(exc).__name__}: {exc}"[:160]


def move_once(t: Target, wait_for_run, timeout_ms: float = 30_000) -> None:
    pg = t.page
    thumb = slider_input(pg, t.lesson.slider)
    thumb.focus()
    now = float(thumb.input_value())  # react-aria's hidden range input: value, min, max
    if now >= float(thumb.get_attribute("max")):
        t.direction = -1  # bounce at the ends, so values are new for a while (no cache hits)
    elif now <= float(thumb.get_attribute("min")):
        t.direction = 1
    key = "ArrowRight" if t.direction > 0 else "ArrowLeft"
    before = pg.evaluate(FINGERPRINT_JS)
    t0 = time.perf_counter()
    thumb.press(key)
    seen = pg.wait_for_function(
        f"(before) => {{ const f = ({FINGERPRINT_JS})(); return f !== '' && f !== before && f; }}",
        arg=before,
        polling="raf",
        timeout=timeout_ms,
    ).json_value()
    t.times.append(time.perf_counter() - t0)
    wait_for_run(pg)
    if not set(pg.evaluate(FINGERPRINT_JS).split("|")) <= set(seen.split("|")):
        t.transient += 1  # a chart's final data was not yet on screen at the first change


def run(moves: int, warmup: int, only: list[str] | None, extra: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    h = e2e()
    CHROMIUM, CHROMIUM_ARGS, wait_for_run = h.CHROMIUM, h.CHROMIUM_ARGS, h.wait_for_run
    start_streamlit, stop = h.start_streamlit, h.stop

    lessons = []
    notes = []
    for lesson in discover_lessons():
        if only and lesson.name not in only and lesson.url_path not in only:
            continue
        try:
            lesson = resolve_sliders(lesson)
        except Exception as exc:
            notes.append(f"{lesson.name}: {exc}"[:160])
            continue
        if lesson.slider is None:
            notes.append(f"{lesson.name}: no keyed slider in the main area, not timed")
            continue
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
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for t in targets:
                open_target(browser, t, wait_for_run)
            for i in range(warmup + moves):
                for t in targets:
                    if t.page is None or t.error:
                        continue
                    try:
                        move_once(t, wait_for_run)
                    except Exception as exc:
                        t.error = f"{type(exc).__name__}: {exc}"[:160]
                    if i < warmup:
                        t.times.clear()
            for t in targets:
                if t.page is not None and t.page.locator("[data-testid='stException']").count():
                    t.error = t.error or "exception box on the page after the moves"
            browser.close()
    finally:
        for p in procs:
            stop(p)
    load1 = os.getloadavg()

    floor = targets[0]
    f = floor.median
    print(
        f"bench_browser: key press -> chart shows new data (Chromium, Playwright), median of "
        f"{moves} moves, interleaved; load average {load0[0]:.2f} -> {load1[0]:.2f} on "
        f"{os.cpu_count()} cores"
    )
    if floor.error or not floor.times:
        print(f"floor: ERROR {floor.error}")
        return 1
    print(
        f"floor: {FLOOR} = {f * 1e3:.0f} ms (p90 {p90(floor.times) * 1e3:.0f} ms, "
        f"early {floor.transient})"
    )
    print("early = moves where some chart's final data was not yet shown at the first change")
    print(f"{'lesson':<14} {'slider':<14} {'median ms':>9} {'p90 ms':>7} {'early':>5} "
          f"{'x floor':>7} {'target':>6}  result")  # fmt: skip
    worst = 0
    for t in targets[1:]:
        if t.error or not t.times:
            print(f"{t.label:<14} {t.lesson.slider:<14} {'-':>9} {'-':>7} {'-':>5} {'-':>7} "
                  f"{TARGET:>5.0f}x  ERROR {t.error}")  # fmt: skip
            worst = 1
            continue
        ratio = t.median / f
        ok = ratio <= TARGET
        worst = worst or (not ok)
        print(
            f"{t.label:<14} {t.lesson.slider:<14} {t.median * 1e3:>9.0f} "
            f"{p90(t.times) * 1e3:>7.0f} {t.transient:>5} {ratio:>7.2f} {TARGET:>5.0f}x  "
            f"{'ok' if ok else 'OVER'}"
        )
    for n in notes:
        print("note:", n)
    return worst


def p90(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=10)[-1] if len(xs) >= 2 else (xs[0] if xs else float("nan"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--moves", type=int, default=20, help="timed moves per target")
    ap.add_argument("--warmup", type=int, default=2, help="untimed moves first")
    ap.add_argument("--only", nargs="*", help="lesson names or url paths")
    ap.add_argument(
        "--extra",
        default="",
        help='extra `streamlit run` flags for both servers, e.g. "--runner.postScriptGC false"',
    )
    args = ap.parse_args(argv)
    return run(args.moves, args.warmup, args.only, shlex.split(args.extra))


if __name__ == "__main__":
    import signal

    # a stop (timeout, kill PID) still runs the finally blocks that stop the servers
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())

"""What one more element on a page costs each slider move in the browser.

``benchmarks/elements_app.py`` is the floor app (one slider, one 200-point line,
here inside a fragment as in the lessons) plus N copies of one kind of element,
inside the fragment (sent again on every move) or outside it (not sent again,
but redrawn by the browser all the same: a move changes the run's id, which every
element on the page reads). Each variant gets its own Chromium context, and the
moves of all variants are interleaved, exactly as in ``bench_browser.py``: the
time from a key press to the chart showing its new data, median over the moves.
The table gives each variant's median, the extra over the bare page, and that
extra divided by N: the price of one element.

The ``panel`` variant draws N lesson rows (slider and number box) as one custom
component (``st.components.v2``) instead of N Streamlit rows: what a lesson's
weight panel would cost as a single element.

    python benchmarks/bench_elements.py
    python benchmarks/bench_elements.py --moves 10 --only slider_box:13:in panel:13:in
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_browser import Target, time_moves  # noqa: E402
from benchmarks.discover import e2e, floor_lesson  # noqa: E402

APP = "benchmarks/elements_app.py"
#: kind:n:where; the first is the bare page every other is compared with.
VARIANTS = (
    "markdown:0:in",
    "markdown:20:in",
    "markdown:20:out",
    "math:10:in",
    "slider:13:in",
    "slider_box:13:in",
    "slider_box:13:out",
    "panel:13:in",
)


def variant_target(spec: str, base: str) -> Target:
    kind, n, where = spec.split(":")
    lesson = dataclasses.replace(
        floor_lesson(), page=APP, url_path=f"?kind={kind}&n={n}&where={where}"
    )
    return Target(spec, lesson, base)


def run(moves: int, warmup: int, variants: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    h = e2e()
    load0 = os.getloadavg()
    proc, base = h.start_streamlit(APP)
    try:
        targets = [variant_target(v, base) for v in variants]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=h.CHROMIUM, args=h.CHROMIUM_ARGS)
            time_moves(browser, targets, moves, warmup, h.wait_for_run)
            browser.close()
    finally:
        h.stop(proc)
    load1 = os.getloadavg()

    print(
        f"bench_elements: key press -> chart shows its new data (Chromium), median of {moves} "
        f"moves, interleaved; load average {load0[0]:.2f} -> {load1[0]:.2f} on "
        f"{os.cpu_count()} cores"
    )
    bare = targets[0]
    if bare.error or not bare.times:
        print(f"bare page: ERROR {bare.error}")
        return 1
    print(
        f"{'kind':<11} {'N':>3} {'where':<9} {'median ms':>9} {'extra ms':>8} {'per element':>11}"
    )
    worst = 0
    for t in targets:
        kind, n, where = t.label.split(":")
        where = "fragment" if where == "in" else "outside"
        if t.error or not t.times:
            print(f"{kind:<11} {n:>3} {where:<9} ERROR {t.error}")
            worst = 1
            continue
        extra = (t.median - bare.median) * 1e3
        each = f"{extra / int(n):>8.2f} ms" if int(n) else f"{'-':>11}"
        print(f"{kind:<11} {n:>3} {where:<9} {t.median * 1e3:>9.0f} {extra:>8.0f} {each}")
    return worst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--moves", type=int, default=20, help="timed moves per variant")
    ap.add_argument("--warmup", type=int, default=2, help="untimed moves first")
    ap.add_argument("--only", nargs="*", help="variants kind:n:where (the bare page is added)")
    args = ap.parse_args(argv)
    variants = list(VARIANTS)
    if args.only:
        variants = [VARIANTS[0], *(v for v in args.only if v != VARIANTS[0])]
    return run(args.moves, args.warmup, variants)


if __name__ == "__main__":
    sys.exit(main())

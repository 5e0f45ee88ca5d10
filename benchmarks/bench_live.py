"""The live figures in a real browser: frames a second during a held drag, the bytes a
page's first run sends, and the time to the main visual in a fresh browser.

- Drag: for each live knob, a held mouse drag across the slider's track (to its left
  end, then its right end, 80 moves 8 ms apart as fast as Playwright sends them;
  ``tests/e2e/drag.py``, the browser tests' own) counts
  the frames the live figure showed (its data-frames attribute) per second of drag.
  Target: at least 20 a second.
- Payload: the bytes of every websocket message the server sends for a page's first
  run at default settings (Chromium's own count of the frames received), and for a
  live page the run that follows when the pointer comes onto its first knob (lab.live
  computes a knob's frames only when asked). Target: at most 500 kB.
- First view: a new browser context (empty cache) opens the page; time until its main
  visual is drawn (the live figure's data-drawn, or the first chart in main_visual),
  against ``benchmarks/floor_app.py``'s first chart measured the same way, the loads
  of all targets interleaved. Target: at most 1.3× the floor.

    python benchmarks/bench_live.py            # all three
    python benchmarks/bench_live.py --loads 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.discover import FLOOR, e2e  # noqa: E402

#: (page URL path, knob) of every live knob timed.
KNOBS = (
    ("", "x"), ("", "h_prev"), ("one_step", "b_z"), ("one_step", "x"), ("one_step", "W_hh"),
    ("forgetting", "f_z"), ("forgetting", "f_r"), ("forgetting", "f_w"),
    ("gradients", "g_bz"), ("gradients", "g_br"), ("gradients", "g_w"),
    ("conventions", "c_bhn"),
    ("sequence", "T"), ("sequence", "start"), ("sequence", "width"), ("sequence", "amp"),
    ("sequence?ov=hold_z", "ov_z"), ("sequence?source=sliders", "b_z"),
)  # fmt: skip
#: Pages whose first run's bytes are counted, with their main visual's selector.
PAGES = ("", "one_step", "sequence", "forgetting", "gradients", "conventions", "training")
VISUAL_DRAWN_JS = """() => {
  const live = document.querySelector(".st-key-main_visual .gru-live[data-drawn]");
  const chart = document.querySelector(".st-key-main_visual .js-plotly-plot .main-svg");
  return !!(live || chart);
}"""
FLOOR_DRAWN_JS = "() => !!document.querySelector('.js-plotly-plot .main-svg')"


def first_view(browser, url: str, drawn_js: str) -> tuple[float, int]:
    """Seconds from navigation to the main visual drawn in a new context, and the
    bytes the server's websocket sent until the page's run ended (and, on a live page,
    the run that sent the frames the browser asked for first)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    received = []
    pg.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(len(p))))
    start = time.perf_counter()
    pg.goto(url)
    pg.wait_for_function(drawn_js, timeout=60_000, polling="raf")
    seconds = time.perf_counter() - start
    h = e2e()
    h.wait_for_run(pg)
    live = pg.locator(".st-key-main_visual .gru-live[data-offer]")
    if live.count() and live.get_attribute("data-offer"):  # the pointer onto its first knob
        first = live.get_attribute("data-offer").split()[0]
        pg.hover(f".st-key-{first} [data-testid='stSlider']")
        pg.wait_for_function(
            "() => document.querySelector('.st-key-main_visual .gru-live').dataset.live",
            timeout=30_000,
        )
    pg.wait_for_timeout(300)
    context.close()
    return seconds, sum(received)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loads", type=int, default=7, help="fresh loads per page (first view)")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    h = e2e()  # also puts tests/e2e on sys.path
    from drag import LIVE, held_drag

    p_app, app = h.start_streamlit("app.py")
    p_floor, floor = h.start_streamlit(FLOOR)
    failed = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=h.CHROMIUM, args=h.CHROMIUM_ARGS)
            # warm the servers' caches and imports: the first run of a process is not timed
            for base, path in ((floor, ""), *((app, p) for p in PAGES)):
                first_view(browser, f"{base}/{path}", FLOOR_DRAWN_JS if base == floor else
                           VISUAL_DRAWN_JS)  # fmt: skip
            print("drag: frames the live figure showed per second of a held mouse drag")
            print(
                f"{'page':<24} {'knob':<8} {'frames':>6} {'seconds':>7} {'per s':>6}  target ≥ 20"
            )
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            pg = context.new_page()
            for path, key in KNOBS:
                pg.goto(f"{app}/{path}")
                h.wait_for_run(pg)
                pg.wait_for_selector(f"{LIVE}[data-drawn]", timeout=30_000)
                frames, seconds = held_drag(pg, key)  # to the left end, then the right
                rate = frames / seconds
                failed |= rate < 20
                print(f"{path or 'home':<24} {key:<8} {frames:>6} {seconds:>7.2f} {rate:>6.1f}")
            context.close()

            times: dict[str, list[float]] = {"floor": []}
            sizes: dict[str, int] = {}
            for _ in range(args.loads):  # interleaved: load from elsewhere falls on all alike
                s, _n = first_view(browser, floor + "/", FLOOR_DRAWN_JS)
                times["floor"].append(s)
                for path in PAGES:
                    s, n = first_view(browser, f"{app}/{path}", VISUAL_DRAWN_JS)
                    times.setdefault(path or "home", []).append(s)
                    sizes[path or "home"] = n
            browser.close()
    finally:
        h.stop(p_app)
        h.stop(p_floor)
    f = statistics.median(times["floor"])
    print(f"\nfirst view: new browser context -> main visual drawn, median of {args.loads}")
    print(f"floor ({FLOOR}): {f:.2f} s")
    print(
        f"{'page':<12} {'median s':>8} {'× floor':>8}  target ≤ 1.3   {'first runs kB':>12}  ≤ 500"
    )
    for page, ts in times.items():
        if page == "floor":
            continue
        m = statistics.median(ts)
        failed |= sizes[page] > 500_000
        print(f"{page:<12} {m:>8.2f} {m / f:>8.2f}   {'':>12} {sizes[page] / 1000:>12.0f}")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())

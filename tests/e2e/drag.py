"""A held mouse drag on a Streamlit slider, counting the frames a live figure
(lab.live) shows: the browser tests and benchmarks/bench_live.py measure it alike."""

from __future__ import annotations

import time

#: The live figure of a page's main visual; its data-frames attribute counts frames.
LIVE = ".st-key-main_visual .gru-live"
DRAG_MOVES, DRAG_STEP_MS = 80, 8  # about 2 s with the harness's own time per move


def held_drag(
    pg, key: str, ends: tuple[float, ...] = (0.0, 1.0), release: bool = True
) -> tuple[int, float]:
    """Drag slider ``key``'s thumb, the button held, through the points of its track at
    ``ends`` (fractions of its width, in order) in DRAG_MOVES moves about DRAG_STEP_MS
    apart, once its frames have come (the pointer on the thumb asks for them): (frames
    the live figure showed, seconds the drag took)."""
    thumb = pg.locator(f".st-key-{key} [data-testid='stSliderThumbValue']").locator("..")
    thumb.scroll_into_view_if_needed()
    track = pg.locator(f".st-key-{key} [data-testid='stSlider'] [role='group']").bounding_box()
    box = thumb.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    stops = [x] + [track["x"] + f * track["width"] for f in ends]
    legs = list(zip(stops[:-1], stops[1:], strict=True))
    length = sum(abs(b - a) for a, b in legs)
    path = []
    for a, b in legs:  # moves spread over the legs by their length
        n = max(1, round(DRAG_MOVES * abs(b - a) / length))
        path += [a + (b - a) * i / n for i in range(1, n + 1)]
    # the hand comes onto the slider before it presses: the page asks for the knob's
    # frames then (lab.live computes them only when asked)
    live = f"document.querySelector({LIVE!r}).dataset.live || ''"
    came = f"(key) => ({live}).split(' ').includes(key)"
    pg.mouse.move(x, y)
    try:
        pg.wait_for_function(came, arg=key, timeout=10_000)
    except Exception:  # noqa: BLE001 - a request lost (none seen since the page-wide listener)
        pg.mouse.move(x, y - 200)
        pg.mouse.move(x, y)
        pg.wait_for_function(came, arg=key, timeout=20_000)
    before = int(pg.locator(LIVE).get_attribute("data-frames") or 0)
    pg.mouse.down()
    start = time.perf_counter()
    for px in path:
        pg.mouse.move(px, y)
        pg.wait_for_timeout(DRAG_STEP_MS)
    seconds = time.perf_counter() - start
    frames = int(pg.locator(LIVE).get_attribute("data-frames") or 0) - before
    if release:
        pg.mouse.up()
    return frames, seconds

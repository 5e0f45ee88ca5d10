"""How sure a "× the floor" figure is: a bootstrap interval for a ratio of two medians.

The benchmarks divide a lesson's median time by the floor app's median from the
same run. On this 2-core machine one run's ratio moves by ±10 % from the next, so
a single figure of 2.1 or 1.9 says little about a 2× target on its own. Resampling
both sets of moves (with replacement, independently) and taking the ratio of the
resampled medians each time gives the spread that the run's own scatter allows::

    lo, hi = ratio_interval(lesson_times, floor_times)  # 90 % interval
    verdict(lo, hi, target=2.0)                         # "ok" / "edge" / "OVER"
    cells, result = judge(lesson_times, floor_times, 2.0)  # a table row's part, both
    end, failed = verdict_cells(lesson_times, floor_times, 2.0)  # its last columns
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: What the benchmarks print above their tables, and their columns' headings.
LEGEND = (
    "90% range: bootstrap interval of the ratio from this run's own moves "
    "(ok: all of it within the target, OVER: all beyond, edge: the run cannot tell)"
)
HEADINGS = f"{'x floor':>7} {'90% range':>11}"
NO_CELLS = f"{'-':>7} {'-':>11}"  # a row without times
#: The headings of the columns every judged row ends with (``verdict_cells``).
VERDICT_HEADINGS = f"{HEADINGS} {'target':>6}  result"


def ratio_interval(
    times: Sequence[float],
    floor_times: Sequence[float],
    *,
    level: float = 0.9,
    resamples: int = 4000,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of median(times) / median(floor_times).

    Deterministic for a given seed; both lists must be non-empty.
    """
    a = np.asarray(times, dtype=float)
    b = np.asarray(floor_times, dtype=float)
    if a.size == 0 or b.size == 0:
        raise ValueError("both samples need at least one time")
    rng = np.random.default_rng(seed)
    med_a = np.median(a[rng.integers(0, a.size, (resamples, a.size))], axis=1)
    med_b = np.median(b[rng.integers(0, b.size, (resamples, b.size))], axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(med_a / med_b, [tail, 100.0 - tail])
    return float(lo), float(hi)


def verdict(lo: float, hi: float, target: float) -> str:
    """The result: "ok" when the whole interval is within the target, "OVER" when all of it is
    beyond, "edge" when the run cannot tell."""
    if hi <= target:
        return "ok"
    if lo > target:
        return "OVER"
    return "edge"


def judge(times: Sequence[float], floor_times: Sequence[float], target: float) -> tuple[str, str]:
    """A table row's "× floor" and "90% range" cells, and the verdict for ``target``."""
    lo, hi = ratio_interval(times, floor_times)
    ratio = float(np.median(times) / np.median(floor_times))
    return f"{ratio:>7.2f} {f'{lo:.2f}-{hi:.2f}':>11}", verdict(lo, hi, target)


def verdict_cells(
    times: Sequence[float], floor_times: Sequence[float], target: float, error: str = ""
) -> tuple[str, bool]:
    """A table row's last columns, under ``VERDICT_HEADINGS``, and whether the row fails:
    the "× floor" and "90% range" cells, the target and the verdict, or ``ERROR`` and
    the error for a target that failed or has no times."""
    if error or not times:
        return f"{NO_CELLS} {target:>5.0f}x  ERROR {error}", True
    cells, result = judge(times, floor_times, target)
    return f"{cells} {target:>5.0f}x  {result}", result != "ok"

"""benchmarks/ratio.py: the interval the speed tables print beside each "× floor" figure.

Checked against closed forms: a constant sample has no spread; for exponential times
the ratio of medians is the ratio of the scales (median = scale · ln 2), so a 90 %
interval from simulated runs must hold it about 90 % of the time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.ratio import (  # noqa: E402
    HEADINGS,
    VERDICT_HEADINGS,
    judge,
    ratio_interval,
    verdict,
    verdict_cells,
)


def test_constant_times_give_the_exact_ratio():
    assert ratio_interval([0.3] * 20, [0.15] * 20) == pytest.approx((2.0, 2.0))


def test_interval_holds_the_true_ratio_about_as_often_as_it_says():
    rng = np.random.default_rng(7)
    true = 2.5  # scales 2.5 and 1: medians 2.5 ln 2 and ln 2
    hits = 0
    runs = 200
    for i in range(runs):
        lo, hi = ratio_interval(
            rng.exponential(true, 20), rng.exponential(1.0, 20), resamples=800, seed=i
        )
        hits += lo <= true <= hi
    # a percentile bootstrap of medians at n = 20 covers a little under or over its level
    assert 0.80 <= hits / runs <= 0.97


def test_interval_narrows_as_moves_are_added():
    rng = np.random.default_rng(3)

    def width(n):
        lo, hi = ratio_interval(rng.exponential(2.0, n), rng.exponential(1.0, n))
        return hi - lo

    assert width(100) > 2.5 * width(1600)  # ~1/sqrt(n): a factor of 4 expected


def test_same_seed_same_interval_and_order():
    a, b = [0.21, 0.25, 0.19, 0.3, 0.22], [0.1, 0.09, 0.12, 0.11]
    lo, hi = ratio_interval(a, b)
    assert (lo, hi) == ratio_interval(a, b)
    assert lo <= np.median(a) / np.median(b) <= hi


def test_empty_sample_is_refused():
    with pytest.raises(ValueError):
        ratio_interval([], [0.1])


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [(1.5, 2.0, "ok"), (1.9, 2.1, "edge"), (2.0, 2.4, "edge"), (2.01, 2.4, "OVER")],
)
def test_verdict(lo, hi, expected):
    assert verdict(lo, hi, 2.0) == expected


def test_judge_gives_a_rows_cells_under_their_headings():
    cells, result = judge([0.3] * 9, [0.15] * 9, 2.0)
    assert cells.split() == ["2.00", "2.00-2.00"] and result == "ok"
    assert len(cells) == len(HEADINGS)  # the columns line up
    assert judge([0.5] * 9, [0.15] * 9, 3.0)[1] == "OVER"


def test_verdict_cells_end_a_row_under_their_headings():
    end, failed = verdict_cells([0.3] * 9, [0.15] * 9, 3.0)
    assert end.split() == ["2.00", "2.00-2.00", "3x", "ok"] and not failed
    assert end.rindex(" ") + 1 == VERDICT_HEADINGS.index("result")  # the columns line up
    assert verdict_cells([0.5] * 9, [0.15] * 9, 3.0)[1]  # OVER fails the row
    for times, error in (([0.3] * 9, "Timeout"), ([], "")):
        end, failed = verdict_cells(times, [0.15] * 9, 3.0, error)
        assert failed and end.split()[3:] == ["ERROR", *error.split()]

"""lab.fmt: every shown number is its value rounded, never a false 0, 1, 0 % or 100 %,
and shown sums add up. Each check reads the shown text back as a number (with
Python's Decimal, independent of the formatter) and compares it with the value."""

from __future__ import annotations

from decimal import Decimal

from app_helpers import read_shown
from hypothesis import given, settings
from hypothesis import strategies as st

from lab import fmt

SETTINGS = settings(max_examples=400, derandomize=True, deadline=None)
#: Values in [-1, 1] whose powers of ten a float can hold (no subnormals)
UNIT = st.floats(-1.0, 1.0).filter(lambda x: x == 0.0 or abs(x) > 1e-300)


@SETTINGS
@given(UNIT, st.integers(1, 4), st.booleans())
def test_fixed_is_the_value_rounded_and_never_a_false_extreme(x, digits, tex):
    shown = fmt.fixed(x, digits, tex=tex)
    value, half = read_shown(shown)
    assert abs(value - x) <= half * (1 + 1e-9) + 1e-300, (x, shown)
    if x not in (0.0, 1.0, -1.0):
        assert value not in (0.0, 1.0, -1.0), (x, shown)


def test_fixed_examples_from_the_pages():
    assert fmt.fixed(0.00034, 3) == "0.0003"  # forgetting, b_z = −8: z = σ(−8)
    assert fmt.fixed(0.9996, 2) == "0.9996"  # sequence, z held at 0.9996
    assert fmt.fixed(1.0, 2) == "1.00" and fmt.fixed(0.0, 3) == "0.000"  # exact: as is
    assert fmt.fixed(-1e-12, 2) == "-1.0 × 10⁻¹²"
    assert fmt.fixed(1 - 2e-9, 2, tex=True) == r"1 - 2.0 \times 10^{-9}"
    assert fmt.fixed(-0.0001, 2) == "-0.0001"


@SETTINGS
@given(st.floats(0.0, 1.0))
def test_pct_is_the_share_rounded_and_never_a_false_0_or_100(share):
    shown = fmt.pct(share)
    p = 100.0 * share
    if shown.startswith("<"):
        assert 0.0 < p < 0.01
        return
    if shown.startswith(">"):
        assert 99.99 < p < 100.0
        return
    value, half = read_shown(shown)
    assert abs(value - p) <= half * (1 + 1e-9)
    if share not in (0.0, 1.0):
        assert 0.0 < value < 100.0, (share, shown)


def test_pct_examples():
    assert fmt.pct(1 - 0.00034) == "99.97"  # the forgetting page's z = 0.00034
    assert fmt.pct(0.0004) == "0.04" and fmt.pct(0.9996) == "99.96"
    assert fmt.pct(1e-7) == "< 0.01" and fmt.pct(1 - 1e-7) == "> 99.99"
    assert fmt.pct(0.27) == "27" and fmt.pct(1.0) == "100" and fmt.pct(0.0) == "0"


@SETTINGS
@given(st.floats(1e-300, 1e300), st.booleans())
def test_sci_has_no_python_exponent_and_reads_back(x, tex):
    shown = fmt.sci(x, tex=tex)
    assert "e" not in shown.replace(r"\times", ""), shown
    value, half = read_shown(shown)
    if shown.count(".") == 0 or "10" not in shown:  # plain digits: 3 significant at least
        assert abs(value - x) <= max(half, 0.005 * x) * (1 + 1e-9), (x, shown)
    else:
        assert abs(value - x) <= half * (1 + 1e-9) + 0.05 * x, (x, shown)


def test_sci_examples():
    assert fmt.sci(4652.3) == "4652"  # was "4.65e+03"
    assert fmt.sci(9999) == "9999"  # was "1e+04"
    assert fmt.sci(0.0974) == "0.0974" and fmt.sci(0.9) == "0.9"  # not "9.0e-01"
    assert fmt.sci(3.2e-13) == r"3.2 \times 10^{-13}"
    assert fmt.sci(3.2e-13, tex=False) == "3.2 × 10⁻¹³"
    assert fmt.sci(12345.0) == r"1.2 \times 10^{4}"


@SETTINGS
@given(st.lists(st.floats(-1.0, 1.0), min_size=2, max_size=3), st.integers(2, 3))
def test_terms_add_up_at_the_shown_precision(values, digits):
    shown, total = fmt.terms(values, digits)
    assert sum(Decimal(s) for s in shown) == Decimal(total), (values, shown, total)
    for v, s in zip(values, shown, strict=True):
        value, half = read_shown(s)
        assert abs(value - v) <= half * (1 + 1e-9)
    value, half = read_shown(total)  # the rounded sum (or, where no precision makes the
    # roundings add up, the sum of the shown terms: each is off by at most half a unit)
    assert abs(value - sum(values)) <= len(values) * half * (1 + 1e-9) + 1e-15


def test_terms_of_one_steps_defaults():
    # kept = 0.73 · (−0.6) and taken = 0.27 · 0.92 with more digits: rounded alone to
    # three decimals they would be −0.439 + 0.249 = −0.189, which does not add up
    kept, taken = -0.4394, 0.2495  # h = −0.1899 → −0.190 at three decimals
    shown, total = fmt.terms([kept, taken], 3)
    assert sum(Decimal(s) for s in shown) == Decimal(total)
    assert total in ("-0.1899", "-0.190")

"""How every number on screen is written: one format, and no rounding to a false value.

Two rules a student can rely on:

- A value is never shown as 0, 1, −1, 0 % or 100 % unless it is exactly that: the
  digits grow until the shown value is not an extreme (z = 0.00034 is "0.0003", not
  "0.000"), and a value too close to an extreme for six decimals is written in
  powers of ten ("3.4 × 10⁻⁹", "1 − 2.1 × 10⁻⁹"); shares beyond two decimals of a
  percent say "< 0.01" or "> 99.99".
- A shown sum adds up: ``terms`` gives the terms and the result to the least number
  of decimals at which the shown terms add to the shown result.

Powers of ten are "a × 10ⁿ" in text and ``a \\times 10^{n}`` in LaTeX, never
Python's "4.65e+03".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

#: The values a rounding may not produce unless the value is exactly one of them.
EXTREMES = (0.0, 1.0, -1.0)
#: Decimals a value may grow to before it is written in powers of ten.
MAX_DECIMALS = 6

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decimals(x: float, digits: int) -> int | None:
    """The decimals ``x`` needs, at least ``digits``, so that its rounding is not an
    extreme it is not; None when even MAX_DECIMALS are not enough."""
    x = float(x)
    for d in range(digits, max(digits, MAX_DECIMALS) + 1):
        shown = round(x, d)
        if shown not in EXTREMES or shown == x:
            return d
    return None


def power(m: float, e: int, tex: bool) -> str:
    """m × 10^e, as LaTeX or as text with superscript digits."""
    if tex:
        return rf"{m:.1f} \times 10^{{{e}}}"
    return f"{m:.1f} × 10{str(e).translate(_SUPERSCRIPT)}"


def _mantissa(x: float) -> tuple[float, int]:
    """x = m × 10^e with |m| in [1, 10) at one decimal (subnormal x included)."""
    m, e = f"{x:.1e}".split("e")
    return float(m), int(e)


def _near_extreme(x: float, tex: bool) -> str:
    """A value closer to 0 or ±1 than MAX_DECIMALS can show, in powers of ten."""
    x = float(x)
    if abs(x) < 0.5:
        m, e = _mantissa(x)
        return power(m, e, tex)
    sign = "-" if x < 0 else ""
    m, e = _mantissa(1.0 - abs(x))
    minus = "-" if tex else "−"
    return f"{sign}(1 {minus} {power(m, e, tex)})" if sign else f"1 {minus} {power(m, e, tex)}"


def fixed(x: float, digits: int = 3, *, tex: bool = False) -> str:
    """``x`` with ``digits`` decimals, more where fewer would show a false extreme."""
    x = float(x)
    if math.isnan(x):
        return "?"
    if math.isinf(x):
        return ("" if x > 0 else "-") + (r"\infty" if tex else "∞")
    d = decimals(x, digits)
    if d is None:
        return _near_extreme(x, tex)
    s = f"{x:.{d}f}"
    return s.lstrip("-") if float(s) == 0.0 else s  # no "-0.00"


def pct(share: float) -> str:
    """A share as a percentage (the "%" is the sentence's): 27, 99.7, 0.4, 99.97,
    "< 0.01", "> 99.99"; "0" and "100" only for exactly none and all."""
    share = float(share)
    if share in (0.0, 1.0) or not math.isfinite(share):
        return f"{100.0 * share:.0f}" if math.isfinite(share) else "?"
    p = 100.0 * share
    for d in (0, 1, 2) if 1.0 <= p <= 99.0 else (1, 2):
        shown = round(p, d)
        if 0.0 < shown < 100.0:
            return f"{p:.{d}f}"
    return "< 0.01" if p < 50.0 else "> 99.99"


def sci(x: float, *, tex: bool = True) -> str:
    """A magnitude: three significant digits from 0.001 to 9999 ("0.0974", "46.5",
    "4652"), powers of ten outside ("3.2 × 10⁻¹³")."""
    x = float(x)
    if not math.isfinite(x):
        return (r"\infty" if tex else "∞") if x > 0 else "?"
    if x == 0.0:
        return "0"
    a = abs(x)
    s = f"{x:.3g}"
    if 1e-3 <= a and "e" not in s:
        return s
    if 100.0 <= a and round(a) < 1e4:
        return f"{x:.0f}"
    m, e = _mantissa(x)
    return power(m, e, tex)


def terms(values: Sequence[float], digits: int = 3) -> tuple[list[str], str]:
    """The terms of a sum and the sum, to the fewest decimals (at least ``digits``) at
    which the shown terms add up to the shown sum, with no false extreme among them."""
    values = [float(v) for v in values]
    total = math.fsum(values)
    least = digits
    for v in (*values, total):
        need = decimals(v, digits)
        least = max(least, need if need is not None else MAX_DECIMALS)
    for d in range(least, 13):
        shown = [fixed_at(v, d) for v in values]
        added = fixed_at(sum(Decimal(s) for s in shown), d)
        if added == fixed_at(total, d):
            return shown, added
    # terms whose roundings keep leaning one way (three equal terms): the sum of the
    # terms as shown, within a few units of the twelfth decimal of the true sum
    return shown, added


def fixed_at(x, d: int) -> str:
    """``x`` (a float or a Decimal) at exactly ``d`` decimals, with no "-0"."""
    s = f"{x:.{d}f}"
    return s.lstrip("-") if float(s) == 0.0 else s

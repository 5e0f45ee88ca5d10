"""What every lesson's words and formulas share: symbols in their quantity's colour,
numbers as lab.fmt writes them (in a sentence or a formula), the four equations of each
convention, and phrases for a number of steps or a saturated gate."""

from __future__ import annotations

import base64
import math
import re

import numpy as np

from gru_core.conventions import Convention
from lab import fmt
from lab.i18n import t
from lab.plots import COLORS

SYM = {
    "x": r"x_t",
    "h_prev": r"h_{t-1}",
    "r": r"r_t",
    "z": r"z_t",
    "h_tilde": r"\tilde{h}_t",
    "h": r"h_t",
}


SYM_COLOR = {"x": "x", "h_prev": "h", "r": "r", "z": "z", "h_tilde": "h_tilde", "h": "h"}


def colored(q: str, body: str | None = None) -> str:
    """A symbol (or ``body``) in the colour of quantity ``q``."""
    return rf"\textcolor{{{COLORS[SYM_COLOR[q]]}}}{{{SYM[q] if body is None else body}}}"


def factor(x: float, digits: int = 2) -> str:
    """A number for a product in LaTeX: negative numbers in parentheses."""
    s = fmt.fixed(x, digits, tex=True)
    return "(" + s + ")" if s.startswith("-") else s


def signed(x: float, digits: int = 2) -> str:
    """A number as a term of a LaTeX sum: "+ 0.40" or "- 0.40"."""
    s = fmt.fixed(x, digits, tex=True)
    return "- " + s[1:] if s.startswith("-") else "+ " + s


def num(x: float, digits: int = 3) -> str:
    """A number in a sentence (lab.fmt's rules: no false 0 or 1)."""
    return fmt.fixed(x, digits)


def num_tex(x: float, digits: int = 3) -> str:
    """A number in a formula."""
    return fmt.fixed(x, digits, tex=True)


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(k: int) -> str:
    """An index as Unicode subscript digits, for chart labels (no LaTeX there): 16 -> ₁₆."""
    return str(int(k)).translate(_SUBSCRIPT)


def equations(convention: Convention, *, wrap: bool = False) -> list[str]:
    """The four GRU equations of a convention, symbols in their colours.

    wrap: h̃'s equation, the longest, on two aligned rows (the input's term, then the
    state's), for a narrow column (the home page's half: ~380 px at 1280 px with the
    sidebar open, where PyTorch's h̃ in one row needs ~400).
    """
    r, z, ht, h, hp, x = (
        colored("r"),
        colored("z"),
        colored("h_tilde"),
        colored("h"),
        colored("h_prev"),
        colored("x"),
    )
    eq_r = rf"{r} = \sigma(W_{{xr}}\,{x} + W_{{hr}}\,{hp} + b_r)"
    eq_z = rf"{z} = \sigma(W_{{xz}}\,{x} + W_{{hz}}\,{hp} + b_z)"
    if convention == "pytorch":
        first, rest = rf"W_{{xh}}\,{x} + b_h", rf"{r} \odot (W_{{hh}}\,{hp} + b_{{hn}})"
    else:
        first, rest = rf"W_{{xh}}\,{x}", rf"W_{{hh}}\,({r} \odot {hp}) + b_h"
    eq_o = f"{h} = " + state_mix(convention, z, hp, ht, r" \odot ")
    if wrap:
        eq_h = aligned(rf"{ht} = \tanh\big(&{first}", rf"&+ {rest}\big)")
    else:
        eq_h = rf"{ht} = \tanh\big({first} + {rest}\big)"
    return [eq_r, eq_z, eq_h, eq_o]


def state_mix(convention: str, z: str, h_prev: str, h_tilde: str, times: str) -> str:
    """The right-hand side of h_t's equation in the order the convention writes it, from
    LaTeX for z, h_{t-1} and h̃_t (symbols or numbers) and a product sign ``times``."""
    if convention == "textbook":
        return rf"(1 - {z}){times}{h_prev} + {z}{times}{h_tilde}"
    if convention == "cho":
        return rf"{z}{times}{h_prev} + (1 - {z}){times}{h_tilde}"
    return rf"(1 - {z}){times}{h_tilde} + {z}{times}{h_prev}"


def aligned(*rows: str) -> str:
    """Rows of one derivation, aligned on their "=" signs (the first row holds the symbol)."""
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def sum_tex(*values: float, digits: int = 3) -> str:
    """The terms of a sum as LaTeX ("-0.439 + 0.249"), to the decimals at which they add
    up to ``total_tex`` of the same values."""
    shown, _ = fmt.terms(values, digits)
    return shown[0] + "".join(f" - {s[1:]}" if s.startswith("-") else f" + {s}" for s in shown[1:])


def total_tex(*values: float, digits: int = 3) -> str:
    """The sum of ``values`` as ``sum_tex`` shows its terms: the shown terms add up to it."""
    return fmt.terms(values, digits)[1]


pct = fmt.pct  # a share as a percentage, no false 0 % or 100 %


def steps_text(n_steps: float) -> str:
    if math.isinf(n_steps):
        return t("explain.forever")
    if n_steps < 10:
        return f"{n_steps:.1f}"
    return f"{n_steps:,.0f}"


def saturation(a: float, s: float, q: str) -> str:
    """A note when a gate's pre-activation sits on a flat part of its curve."""
    slope = s * (1.0 - s) if q != "h_tilde" else 1.0 - s * s
    if slope < 0.02:
        return t("explain.saturated", slope=num(slope, 3))
    return t("explain.sensitive", slope=num(slope, 2))


def cell_labels() -> dict[str, str]:
    """The short names ``lab.plots.cell_diagram`` writes in its boxes and on its paths."""
    labels = {q: t("symbol." + q) for q in ("r", "z", "h_tilde", "g")}
    labels |= {"x": t("symbol.x_t"), "h": t("symbol.h_t"), "h_prev": t("symbol.h_prev")}
    return labels | {"t": "t"}  # a sequence's step


def cell_in_words(tr, convention: Convention, k: int = 0) -> str:
    """The cell diagram's text alternative: step ``k`` (from 0) of unit 0 in a sentence."""
    keep = convention.keep_share(float(tr.z[k, 0]))
    values = {q: num(float(getattr(tr, q)[k, 0]), 2) for q in ("r", "z", "h_tilde", "h")}
    h_prev = float(tr.h[k - 1, 0] if k > 0 else tr.h0[0])
    return t("a11y.cell", x=num(float(tr.x[k, 0]), 2), h_prev=num(h_prev, 2),
             keep=pct(keep), take=pct(1.0 - keep), **values)  # fmt: skip


def _numbers(v) -> np.ndarray | None:
    """A trace's x or y as numbers: a list, a NumPy array or a typed-array spec."""
    if isinstance(v, dict) and "bdata" in v:
        v = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
    try:
        a = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        return None
    return a if a.ndim == 1 and a.size and np.isfinite(a).any() else None


def chart_in_words(fig: dict, x: str) -> str:
    """A chart's text alternative: each named line's first and last value, its lowest and
    its highest, with the x (named ``x``) where each is; "no curve yet" without lines."""
    said, out = set(), []
    for trace in fig.get("data", []):
        name = re.sub(r"<[^>]+>", "", str(trace.get("name") or ""))
        ys, xs = _numbers(trace.get("y")), _numbers(trace.get("x"))
        if not name or name in said or ys is None:
            continue
        said.add(name)
        xs = xs if xs is not None and xs.size == ys.size else np.arange(1, ys.size + 1)
        ok = np.flatnonzero(np.isfinite(ys))
        lo, hi = ok[np.argmin(ys[ok])], ok[np.argmax(ys[ok])]
        if ys[lo] == ys[hi]:  # a level line: one value says it all
            out.append(t("a11y.flat", name=name, value=fmt.sci(ys[lo], tex=False)))
            continue
        at = {k: fmt.sci(xs[i], tex=False) for k, i in (("x0", ok[0]), ("x1", ok[-1]),
                                                          ("xlo", lo), ("xhi", hi))}  # fmt: skip
        words = {k: fmt.sci(ys[i], tex=False) for k, i in (("first", ok[0]), ("last", ok[-1]),
                                                             ("lo", lo), ("hi", hi))}  # fmt: skip
        out.append(t("a11y.series", name=name, x=x, **at, **words))
    return " ".join(out) if out else t("a11y.none")

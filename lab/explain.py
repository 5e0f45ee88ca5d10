"""Words and formulas that describe the current numbers, in the session's language.

Pure functions of the numbers (plus ``t`` for the text): pages show what
these return next to their charts, so the explanation changes with the sliders.
LaTeX colours the symbols with the charts' colours (lab.plots.COLORS).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import SimpleNamespace

import numpy as np

from gru_core.conventions import Z_KEEPS_PAST
from gru_core.memory import half_life, memory_readout, survival
from lab import fmt
from lab.i18n import t
from lab.plots import COLORS

# ---- LaTeX helpers ---------------------------------------------------------------------
SYM = {
    "x": r"x_t",
    "h_prev": r"h_{t-1}",
    "r": r"r_t",
    "z": r"z_t",
    "h_tilde": r"\tilde{h}_t",
    "h": r"h_t",
}
SYM_COLOR = {"x": "x", "h_prev": "h", "r": "r", "z": "z", "h_tilde": "h_tilde", "h": "h"}


def c(q: str, body: str | None = None) -> str:
    """A symbol (or ``body``) in the colour of quantity ``q``."""
    return rf"\textcolor{{{COLORS[SYM_COLOR[q]]}}}{{{SYM[q] if body is None else body}}}"


def n(x: float, digits: int = 2) -> str:
    """A number for a product in LaTeX: negative numbers in parentheses."""
    s = fmt.fixed(x, digits, tex=True)
    return "(" + s + ")" if s.startswith("-") else s


def signed(x: float, digits: int = 2) -> str:
    """A number as a term of a LaTeX sum: "+ 0.40" or "- 0.40"."""
    s = fmt.fixed(x, digits, tex=True)
    return "- " + s[1:] if s.startswith("-") else "+ " + s


def v(x: float, digits: int = 3) -> str:
    """A number in a sentence (lab.fmt's rules: no false 0 or 1)."""
    return fmt.fixed(x, digits)


def vt(x: float, digits: int = 3) -> str:
    """A number in a formula."""
    return fmt.fixed(x, digits, tex=True)


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(k: int) -> str:
    """An index as Unicode subscript digits, for chart labels (no LaTeX there): 16 -> ₁₆."""
    return str(int(k)).translate(_SUBSCRIPT)


def equations(convention: str, *, wrap: bool = False) -> list[str]:
    """The four GRU equations of a convention, symbols in their colours.

    wrap: h̃'s equation, the longest, on two aligned rows (the input's term, then the
    state's), for a narrow column (the home page's half: ~380 px at 1280 px with the
    sidebar open, where PyTorch's h̃ in one row needs ~400).
    """
    r, z, ht, h, hp, x = c("r"), c("z"), c("h_tilde"), c("h"), c("h_prev"), c("x")
    eq_r = rf"{r} = \sigma(W_{{xr}}\,{x} + W_{{hr}}\,{hp} + b_r)"
    eq_z = rf"{z} = \sigma(W_{{xz}}\,{x} + W_{{hz}}\,{hp} + b_z)"
    if convention == "pytorch":
        first, rest = rf"W_{{xh}}\,{x} + b_h", rf"{r} \odot (W_{{hh}}\,{hp} + b_{{hn}})"
        eq_o = rf"{h} = (1 - {z}) \odot {ht} + {z} \odot {hp}"
    else:
        first, rest = rf"W_{{xh}}\,{x}", rf"W_{{hh}}\,({r} \odot {hp}) + b_h"
        if convention == "cho":
            eq_o = rf"{h} = {z} \odot {hp} + (1 - {z}) \odot {ht}"
        else:
            eq_o = rf"{h} = (1 - {z}) \odot {hp} + {z} \odot {ht}"
    if wrap:
        eq_h = _aligned(rf"{ht} = \tanh\big(&{first}", rf"&+ {rest}\big)")
    else:
        eq_h = rf"{ht} = \tanh\big({first} + {rest}\big)"
    return [eq_r, eq_z, eq_h, eq_o]


def _aligned(*rows: str) -> str:
    """Rows of one derivation, aligned on their "=" signs (the first row holds the symbol)."""
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def _sum(*values: float, digits: int = 3) -> str:
    """The terms of a sum as LaTeX ("-0.439 + 0.249"), to the decimals at which they add
    up to ``_total`` of the same values."""
    shown, _ = fmt.terms(values, digits)
    return shown[0] + "".join(f" - {s[1:]}" if s.startswith("-") else f" + {s}" for s in shown[1:])


def _total(*values: float, digits: int = 3) -> str:
    """The sum of ``values`` as ``_sum`` shows its terms: the shown terms add up to it."""
    return fmt.terms(values, digits)[1]


def one_step_latex(w: dict, x: float, h_prev: float, tr, convention: str) -> list[str]:
    """The four equations with this step's numbers substituted, in compute order.

    w: slider weights (W_xr … b_h, b_hn); tr: the engine's trace of this one step
    (its pre-activations and gates are the numbers shown, so text and chart agree).
    Each entry is one aligned block: the equation, the numbers, the result.
    """
    a_r, a_z, a_h = (float(np.ravel(a)[0]) for a in (tr.a_r, tr.a_z, tr.a_h))
    r, z, ht, h = (float(np.ravel(a)[0]) for a in (tr.r, tr.z, tr.h_tilde, tr.h))
    eqs = [e.replace(" = ", " &= ", 1) for e in equations(convention)]
    blocks = [
        _aligned(
            eqs[0],
            rf"&= \sigma\big({n(w['W_xr'])} \cdot {n(x)} + {n(w['W_hr'])} \cdot {n(h_prev)}"
            rf" {signed(w['b_r'])}\big)",
            rf"&= \sigma({vt(a_r, 2)}) = {c('r', vt(r))}",
        ),
        _aligned(
            eqs[1],
            rf"&= \sigma\big({n(w['W_xz'])} \cdot {n(x)} + {n(w['W_hz'])} \cdot {n(h_prev)}"
            rf" {signed(w['b_z'])}\big)",
            rf"&= \sigma({vt(a_z, 2)}) = {c('z', vt(z))}",
        ),
    ]
    if convention == "pytorch":  # longer: the reset gate's product gets a row of its own
        middle = (
            rf"&= \tanh\big({n(w['W_xh'])} \cdot {n(x)} {signed(w['b_h'])}",
            rf"&\qquad + {vt(r, 2)} \cdot ({n(w['W_hh'])} \cdot {n(h_prev)}"
            rf" {signed(w['b_hn'])})\big)",
        )
    else:
        middle = (
            rf"&= \tanh\big({n(w['W_xh'])} \cdot {n(x)} + {n(w['W_hh'])} \cdot"
            rf" ({vt(r, 2)} \cdot {n(h_prev)}) {signed(w['b_h'])}\big)",
        )
    blocks.append(_aligned(eqs[2], *middle, rf"&= \tanh({vt(a_h, 2)}) = {c('h_tilde', vt(ht))}"))
    keep = z if convention in Z_KEEPS_PAST else 1.0 - z
    kept, taken = keep * h_prev, (1.0 - keep) * ht
    if convention == "textbook":
        subst = rf"(1 - {vt(z)}) \cdot {n(h_prev)} + {vt(z)} \cdot {n(ht, 3)}"
    elif convention == "cho":
        subst = rf"{vt(z)} \cdot {n(h_prev)} + (1 - {vt(z)}) \cdot {n(ht, 3)}"
    else:
        subst = rf"(1 - {vt(z)}) \cdot {n(ht, 3)} + {vt(z)} \cdot {n(h_prev)}"
    first, second = (taken, kept) if convention == "pytorch" else (kept, taken)
    blocks.append(
        _aligned(
            eqs[3],
            rf"&= {subst}",
            rf"&= {_sum(first, second)} = {c('h', _total(first, second))}",
        )
    )
    return blocks


# ---- sentences ------------------------------------------------------------------------
pct = fmt.pct  # a share as a percentage, no false 0 % or 100 %


def steps_text(n_steps: float) -> str:
    if math.isinf(n_steps):
        return t("explain.forever")
    if n_steps < 10:
        return f"{n_steps:.1f}"
    return f"{n_steps:,.0f}"


def keep_of(z: float, convention: str) -> float:
    return z if convention in Z_KEEPS_PAST else 1.0 - z


def saturation(a: float, s: float, q: str) -> str:
    """A note when a gate's pre-activation sits on a flat part of its curve."""
    slope = s * (1.0 - s) if q != "h_tilde" else 1.0 - s * s
    if slope < 0.02:
        return t("explain.saturated", slope=v(slope, 3))
    return t("explain.sensitive", slope=v(slope, 2))


def one_step_notes(tr, convention: str) -> dict[str, str]:
    """One sentence per quantity for lesson 2."""
    a_r, a_z, a_h = (float(np.ravel(a)[0]) for a in (tr.a_r, tr.a_z, tr.a_h))
    r, z, ht, h = (float(np.ravel(a)[0]) for a in (tr.r, tr.z, tr.h_tilde, tr.h))
    h_prev = float(np.ravel(tr.h0)[0])
    keep = keep_of(z, convention)
    reset_key = "explain.r_after" if convention == "pytorch" else "explain.r_before"
    return {
        "r": t(reset_key, r=v(r, 2), pct=pct(r)) + " " + saturation(a_r, r, "r"),
        "z": t("explain.z_step", z=v(z, 2), keep=pct(keep), take=pct(1.0 - keep))
        + " "
        + saturation(a_z, z, "z"),
        "h_tilde": t("explain.h_tilde_step", ht=v(ht, 2)) + " " + saturation(a_h, ht, "h_tilde"),
        "h": t(
            "explain.h_step",
            h_prev=v(h_prev, 2),
            ht=v(ht, 2),
            h=v(h, 2),
            closer=t("explain.closer_past") if keep > 0.5 else t("explain.closer_new"),
        ),
    }


def sequence_notes(trace, convention: str) -> dict[str, str]:
    """One sentence per quantity for lesson 3 (means over the units when H > 1:
    the page says so once, with ``t("explain.mean_over_units", H=H)``)."""
    r, z, ht, h = trace.r, trace.z, trace.h_tilde, trace.h  # (T, H)
    keep = np.asarray(trace.keep)
    # the update gate "most of the time": the median; and where it opens the most
    k_med = float(np.median(keep))
    z_med = float(np.median(z))
    take = 1.0 - keep
    t_open = int(np.argmax(take.mean(axis=1))) + 1
    life = half_life(min(max(z_med, 0.0), 1.0), convention=convention)
    notes = {
        "x": t("explain.seq_x", T=len(h)),
        "r": t(
            "explain.seq_r_after" if convention == "pytorch" else "explain.seq_r_before",
            r=v(float(np.median(r)), 2),
            pct=pct(float(np.median(r))),
        ),
        "z": t(
            "explain.seq_z",
            z=v(z_med, 3 if z_med < 0.01 or z_med > 0.99 else 2),
            keep=pct(k_med),
            life=steps_text(life),
            t_open=t_open,
            take=pct(float(take.mean(axis=1).max())),
        ),
        "h_tilde": t("explain.seq_h_tilde", lo=v(float(ht.min()), 2), hi=v(float(ht.max()), 2)),
    }
    # how much of the state at its peak the keep path still carries at the end
    mean_abs = np.abs(h).mean(axis=1)
    t_peak = int(np.argmax(mean_abs)) + 1
    carried = memory_readout(trace, start=t_peak)[-1]
    share = float(np.nanmean(carried))
    h_end, h_peak = float(h[-1].mean()), float(h[t_peak - 1].mean())
    notes["h"] = t(
        "explain.seq_h",
        h_end=v(h_end, 2),
        t_peak=t_peak,
        h_peak=v(h_peak, 2),
        T=len(h),
        pct=pct(share),
    )
    if share < 0.5 and t_peak < len(h) and abs(h_end - h_peak) < 0.25 * abs(h_peak):
        # the state is where it was, yet the keep path lost it: rewritten, not kept
        notes["h"] += " " + t("explain.seq_h_rewritten", h_peak=v(h_peak, 2))
    return notes


# ---- lesson 3 (issue 4): one step of a sequence, overrides, memory ---------------------
#: The order the detail panel reveals a step's quantities (the order they are computed).
DETAIL_ORDER = ("r", "h_tilde", "z", "h")


def slider_weights(p) -> dict[str, float]:
    """A 1-input, 1-unit GRUParams as one_step_latex's weights (b_hh folded into b_h,
    except in pytorch, where b_hn stands inside the reset gate's product)."""
    s = lambda a: float(np.ravel(a)[0])  # noqa: E731
    b_h = s(p.b_xh) if p.convention == "pytorch" else s(p.b_xh) + s(p.b_hh)
    return {
        "W_xr": s(p.W_xr), "W_hr": s(p.W_hr), "b_r": s(p.b_r),
        "W_xz": s(p.W_xz), "W_hz": s(p.W_hz), "b_z": s(p.b_z),
        "W_xh": s(p.W_xh), "W_hh": s(p.W_hh), "b_h": b_h,
        "b_hn": s(p.b_hh) if p.convention == "pytorch" else 0.0,
    }  # fmt: skip


def _sigmoid(a: float) -> float:
    return 0.5 * math.tanh(0.5 * a) + 0.5


def held_latex(q: str, value: float, a: float) -> str:
    """A gate held by an override: its value, and the weights' value crossed out."""
    return _aligned(
        rf"{c(q)} &:= {c(q, vt(value))}",
        rf"&\phantom{{:=}}\ \cancel{{\sigma({vt(a, 2)}) = {vt(_sigmoid(a))}}}",
    )


def _unit_latex(p, tr, k: int, j: int, convention: str) -> list[str]:
    """The four equations of unit j at step k with its numbers, for any I and H.

    Each pre-activation is shown as its parts: the input's share [W x_t]_j, the
    past's share [W h_{t-1}]_j (or the candidate's recurrent part), the bias.
    """
    x, h_prev = tr.x[k], tr.h_prev[k]  # (I,), (H,)
    H = p.hidden_size
    idx = (lambda body: rf"[{body}]_{{{j + 1}}}") if H > 1 else (lambda body: body)  # noqa: E731
    sym = {q: idx(SYM[q]) for q in ("r", "z", "h_tilde", "h")}
    hp = c("h_prev", idx(SYM["h_prev"]))
    a = {"r": float(tr.a_r[k, j]), "z": float(tr.a_z[k, j]), "h_tilde": float(tr.a_h[k, j])}
    val = {q: float(getattr(tr, q)[k, j]) for q in ("r", "z", "h_tilde", "h")}
    blocks = []
    for q, g in (("r", "r"), ("z", "z")):
        W_x, W_h, b = getattr(p, f"W_x{g}")[j], getattr(p, f"W_h{g}")[j], getattr(p, f"b_{g}")[j]
        parts = (float(W_x @ x), float(W_h @ h_prev), float(b))
        blocks.append(
            _aligned(
                rf"{c(q, sym[q])} &= \sigma\big({idx(f'W_{{x{g}}}' + SYM['x'])}"
                rf" + {idx(f'W_{{h{g}}}' + SYM['h_prev'])} + {idx(f'b_{g}')}\big)",
                rf"&= \sigma\big({_sum(*parts, digits=2)}\big)",
                rf"&= \sigma({_total(*parts, digits=2)}) = {c(q, vt(val[q]))}",
            )
        )
    x_part = float(p.W_xh[j] @ x)
    g = float(tr.g[k, j])
    b_xh, b_hh = float(p.b_xh[j]), float(p.b_hh[j])
    ht = c("h_tilde", sym["h_tilde"])
    if convention == "pytorch":
        rows = (
            rf"{ht} &= \tanh\big({idx(r'W_{xh}' + SYM['x'])} + {idx('b_h')} + {c('r', sym['r'])}"
            rf" \, ({idx(r'W_{hh}' + SYM['h_prev'])} + {idx('b_{hn}')})\big)",
            rf"&= \tanh\big({n(x_part)} {signed(b_xh)} + {vt(val['r'], 2)} \cdot {n(g)}\big)",
        )
    else:
        r_h = r"W_{hh}(" + SYM["r"] + r" \odot " + SYM["h_prev"] + ")"
        rows = (
            rf"{ht} &= \tanh\big({idx(r'W_{xh}' + SYM['x'])}"
            rf" + {idx(r_h)}"
            rf" + {idx('b_h')}\big)",
            rf"&= \tanh\big({_sum(x_part, g - b_hh, b_xh + b_hh, digits=2)}\big)",
        )
    if convention == "pytorch":  # a product inside: the pre-activation as computed
        a_h = vt(a["h_tilde"], 2)
    else:  # a sum of the shown terms
        a_h = _total(x_part, g - b_hh, b_xh + b_hh, digits=2)
    last = rf"&= \tanh({a_h}) = {c('h_tilde', vt(val['h_tilde']))}"
    blocks.append(_aligned(*rows, last))
    z, hpj, htv = val["z"], float(h_prev[j]), val["h_tilde"]
    zc, h = c("z", sym["z"]), c("h", sym["h"])
    keep = keep_of(z, convention)
    kept, taken = keep * hpj, (1.0 - keep) * htv
    if convention == "textbook":
        eq = rf"{h} &= (1 - {zc})\, {hp} + {zc}\, {ht}"
        subst = rf"(1 - {vt(z)}) \cdot {n(hpj)} + {vt(z)} \cdot {n(htv, 3)}"
    elif convention == "cho":
        eq = rf"{h} &= {zc}\, {hp} + (1 - {zc})\, {ht}"
        subst = rf"{vt(z)} \cdot {n(hpj)} + (1 - {vt(z)}) \cdot {n(htv, 3)}"
    else:
        eq = rf"{h} &= (1 - {zc})\, {ht} + {zc}\, {hp}"
        subst = rf"(1 - {vt(z)}) \cdot {n(htv, 3)} + {vt(z)} \cdot {n(hpj)}"
    first, second = (taken, kept) if convention == "pytorch" else (kept, taken)
    blocks.append(
        _aligned(eq, rf"&= {subst}", rf"&= {_sum(first, second)} = {c('h', _total(first, second))}")
    )
    return blocks


def step_latex(p, tr, k: int, j: int = 0) -> list[str]:
    """Step k (0-based, t = k + 1) of a sequence, unit j: the equations of r, z, h̃, h
    with that step's numbers (the lesson 2 layout when I = H = 1), held gates shown
    as held. p: the GRUParams that made the unbatched trace ``tr``."""
    convention = tr.convention
    if p.input_size == 1 and p.hidden_size == 1:
        row = SimpleNamespace(
            **{f: getattr(tr, f)[k] for f in ("a_r", "a_z", "a_h", "r", "z", "h_tilde", "h")}
        )
        x, h_prev = float(tr.x[k, 0]), float(tr.h_prev[k, 0])
        blocks = one_step_latex(slider_weights(p), x, h_prev, row, convention)
    else:
        blocks = _unit_latex(p, tr, k, j, convention)
    if tr.clamp_r is not None:
        blocks[0] = held_latex("r", tr.clamp_r, float(tr.a_r[k, j]))
    if tr.clamp_z is not None:
        blocks[1] = held_latex("z", tr.clamp_z, float(tr.a_z[k, j]))
    return blocks


def inputs_latex(tr, k: int, j: int = 0) -> str:
    """What goes into step k: x_t (one-hot inputs: the index that is on) and h_{t-1} (unit j)."""
    x = tr.x[k]
    if x.shape[0] == 1:
        x_s = rf"{c('x')} = {vt(float(x[0]), 2)}"
    else:
        on = np.flatnonzero(x)
        x_s = rf"{c('x')} = " + (rf"e_{{{int(on[0]) + 1}}}" if on.size == 1 else r"\mathbf{0}")
    hp = float(tr.h_prev[k, j])
    sym_hp = SYM["h_prev"] if tr.h.shape[1] == 1 else rf"[{SYM['h_prev']}]_{{{j + 1}}}"
    return rf"{x_s} \qquad {c('h_prev', sym_hp)} = {vt(hp)}"


def override_note(mode: str, r_at: float, z_at: float, convention: str) -> str:
    """What a gate override does, in the convention's own meaning of z."""
    fam = "keep" if convention in Z_KEEPS_PAST else "textbook"
    r_key = "override.note.hold_r_after" if convention == "pytorch" else "override.note.hold_r"
    parts = []
    if mode in ("hold_r", "hold_both"):
        parts.append(t(r_key, r=v(r_at, 2), pct=pct(r_at)))
    if mode in ("hold_z", "hold_both"):
        keep = keep_of(z_at, convention)
        parts.append(t("override.note.hold_z." + fam, z=v(z_at, 2), keep=pct(keep),
                       take=pct(1.0 - keep)))  # fmt: skip
    if mode == "hold_z":
        parts.append(t("override.note.r_free"))
    if mode == "update_only":
        parts.append(t("override.note.update_only"))
    if mode == "rnn":
        parts.append(t("override.note.rnn." + fam))
    return " ".join(parts) if parts else t("override.note.none")


def override_latex(mode: str, r_at: float, z_at: float, convention: str) -> list[str]:
    """The candidate and state equations with the held gates written as their numbers;
    for the plain RNN also the equation they reduce to."""
    from lab.compute import override_clamps  # compute imports nothing from here

    clamp_r, clamp_z = override_clamps(mode, r_at, z_at, convention)
    eqs = equations(convention)
    h_tilde, h = eqs[2], eqs[3]
    if clamp_r is not None:
        h_tilde = h_tilde.replace(c("r"), c("r", _held_num(clamp_r)))
    if clamp_z is not None:
        h = h.replace(c("z"), c("z", _held_num(clamp_z)))
    out = [h_tilde, h]
    if mode == "rnn":
        x, hp = c("x"), c("h_prev")
        bias = r"b_h + b_{hn}" if convention == "pytorch" else "b_h"
        out = [rf"{c('h')} = {c('h_tilde')} = \tanh(W_{{xh}}\,{x} + W_{{hh}}\,{hp} + {bias})"]
    return out


def _held_num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value in (0.0, 1.0) else f"{value:.2f}"


def memory_note(m: np.ndarray, start: int, half: int | None, convention: str) -> str:
    """Where the memory readout M (T,) ends and when half of h_start is gone."""
    T = len(m)
    text = t("memory.note", s=start, T=T, pct=pct(float(m[-1])))
    if start >= T:
        return t("memory.note.last", s=start)
    if half is not None:
        return text + " " + t("memory.half", n=half, t_half=start + half)
    return text + " " + t("memory.no_half", T=T, n=T - start)


def memory_latex(start: int, convention: str) -> str:
    """M_t = ∏_{k=s+1}^{t} keep_k for the picked step s, with s + 1 written as its value."""
    k = c("z", "z_k") if convention in Z_KEEPS_PAST else rf"(1 - {c('z', 'z_k')})"
    return rf"M_t = \prod_{{k={start + 1}}}^{{t}} {k}"


# ---- lesson 4: forgetting vs remembering ----------------------------------------------
def _keep_family(convention: str) -> str:
    """Catalogue suffix: "textbook" (z takes the new) or "keep" (cho, pytorch: z keeps)."""
    return "keep" if convention in Z_KEEPS_PAST else "textbook"


def _z_digits(z: float) -> int:
    return 3 if z < 0.01 or z > 0.99 else 2


def forgetting_notes(run, convention: str, mode: str, noise: float, w: float) -> dict[str, str]:
    """Sentences for lesson 4, from a ``lab.compute.ForgetRun``.

    Keys: "z" (keep share and half-life), "events" (how the pulse and the boundary
    are written), "r" (what the candidate sees), "measured" (the state's own
    half-life), "noise" (only with distraction), "rnn".
    """
    z, r = run.z_hold, run.r_hold
    keep = keep_of(z, convention)
    T = len(run.share)
    n50 = float(survival(min(max(z, 0.0), 1.0), 50, convention=convention))
    notes = {
        "z": t(
            "forgetting.explain.z." + _keep_family(convention),
            z=v(z, _z_digits(z)),
            keep=pct(keep),
            life=steps_text(run.half_life),
            p50=pct(n50),
        )
    }
    s = run.pulse_t
    z_pulse = float(run.trace.z[s - 1, 0])
    if mode == "direct":
        notes["events"] = t("forgetting.explain.direct", t=s)
    else:
        notes["events"] = t(
            "forgetting.explain.bias",
            z=v(z, _z_digits(z)),
            t=s,
            z_pulse=v(z_pulse, 2),
            written=v(run.written, 2),
        )
    if run.boundary_t is not None:
        b = run.boundary_t
        left = run.share[b - 1]
        notes["events"] += " " + t(
            "forgetting.explain.boundary",
            b=b,
            r=v(float(run.trace.r[b - 1, 0]), 2),
            take=pct(1.0 - float(run.trace.keep[b - 1, 0])),
            left=pct(abs(left)) if np.isfinite(left) else "?",
        )
    notes["r"] = t(
        "forgetting.explain.r_closed" if r < 0.05 else "forgetting.explain.r_open",
        r=v(r, 2),
        pct=pct(r),
    )
    if run.gru_half is not None:
        notes["measured"] = t("forgetting.explain.measured", n=run.gru_half)
    else:
        notes["measured"] = t("forgetting.explain.measured_never", n=T - s)
    if noise > 0.0:
        n = run.keep_half if run.keep_half is not None else f"> {T - s}"
        life = steps_text(run.half_life)
        if mode == "bias":
            notes["noise"] = t("forgetting.explain.noise_bias", n=n, life=life)
        else:
            notes["noise"] = t("forgetting.explain.noise_direct")
    if run.rnn_half is not None:
        notes["rnn"] = t("forgetting.explain.rnn", w=v(w, 2), n=run.rnn_half)
    else:
        notes["rnn"] = t("forgetting.explain.rnn_holds", w=v(w, 2), n=T - s)
    return notes


def forgetting_latex(z: float, convention: str) -> str:
    """The closed form for a constant update gate, with its numbers: the share left
    after k steps S_k = keep^k and the half-life n½ = ln 0.5 / ln keep."""
    keep = keep_of(z, convention)
    base = c("z", "z") if convention in Z_KEEPS_PAST else rf"(1 - {c('z', 'z')})"
    life = float(half_life(min(max(z, 0.0), 1.0), convention=convention))
    life_s = r"\infty" if math.isinf(life) else f"{life:.1f}"
    # keep to as many decimals as it takes for ln 0.5 / ln(shown keep) to give the
    # shown half-life (a keep share near 1 needs more: 0.99966, not 0.9997)
    k = vt(keep, 3)
    for digits in range(3, 10):
        k = vt(keep, digits)
        if not 0.0 < keep < 1.0 or f"{math.log(0.5) / math.log(float(k)):.1f}" == life_s:
            break
    return (
        rf"S_k = {base}^{{\,k}} = {k}^{{\,k}}, \quad"
        rf" n_{{1/2}} = \ln 0.5 \,/\, \ln {k} = {life_s}"
    )


# ---- lesson 5: gradients over time ---------------------------------------------------------
sci = fmt.sci  # a magnitude for LaTeX: 0.0974, 4652, 3.2 × 10⁻¹³


def gradient_latex(convention: str) -> tuple[str, str]:
    """One step of backpropagation, ∂h_t/∂h_{t-1}, for the GRU (its additive path boxed)
    and for the plain RNN."""
    z, ht, hp = c("z"), c("h_tilde"), c("h_prev")
    d = r"\frac{\partial h_t}{\partial h_{t-1}}"
    if convention in Z_KEEPS_PAST:
        straight = rf"\mathrm{{diag}}({z})"
        rest = (
            rf"\mathrm{{diag}}(1 - {z})\,\frac{{\partial {ht}}}{{\partial h_{{t-1}}}}"
            rf" + \mathrm{{diag}}({hp} - {ht})\,\frac{{\partial {z}}}{{\partial h_{{t-1}}}}"
        )
    else:
        straight = rf"\mathrm{{diag}}(1 - {z})"
        rest = (
            rf"\mathrm{{diag}}({z})\,\frac{{\partial {ht}}}{{\partial h_{{t-1}}}}"
            rf" + \mathrm{{diag}}({ht} - {hp})\,\frac{{\partial {z}}}{{\partial h_{{t-1}}}}"
        )
    gru = rf"{d} = \boxed{{{straight}}} + {rest}"
    rnn = rf"{d} = \mathrm{{diag}}(1 - h_t^2)\, W_{{hh}}"
    return gru, rnn


def gradient_notes(run, convention: str, w: float) -> dict[str, str]:
    """Sentences for lesson 5, from a ``lab.compute.GradRun``.

    Keys: "summary" (both gradients from h_T back to h_0), "gru" (the update
    gate's additive path), "rnn" (the RNN's factor and its bound).
    """
    T = len(run.gru) - 1
    g0, r0 = float(run.gru[0]), float(run.rnn[0])
    per_g = g0 ** (1.0 / T) if g0 > 0 else 0.0
    per_r = r0 ** (1.0 / T) if r0 > 0 else 0.0
    if g0 >= r0:
        ratio = t("gradients.explain.rnn_smaller", f=sci(g0 / r0) if r0 > 0 else r"\infty")
    else:
        ratio = t("gradients.explain.gru_smaller", f=sci(r0 / g0) if g0 > 0 else r"\infty")
    z_med = float(np.median(run.z))
    keep_med = float(np.median(run.keep))
    notes = {
        "summary": t("gradients.explain.summary", T=T, gru=sci(g0), rnn=sci(r0), ratio=ratio),
        "gru": t(
            "gradients.explain.gru." + _keep_family(convention),
            z=v(z_med, _z_digits(z_med)),
            keep=pct(keep_med),
            per=v(per_g, 3),
        ),
        "rnn": t("gradients.explain.rnn", w=v(w, 2), per=v(per_r, 3)),
    }
    if float(np.max(run.rnn)) > 1.0:
        notes["rnn"] += " " + t("gradients.explain.exploding", top=sci(float(np.max(run.rnn))))
    return notes


# ---- lesson 6: conventions -------------------------------------------------------------------
#: Below this, two runs count as the same function (float64 round-off over a few dozen steps).
SAME = 1e-12


def conventions_notes(run, H: int, b_hn: float) -> dict[str, str]:
    """Sentences for lesson 6, from a ``lab.compute.ConvRun``.

    Keys: "flip" (z's meaning), "twin" (the exact cho twin), "reset" (cho against
    pytorch: where the reset gate acts).
    """
    z1 = float(run.traces["textbook"].z[0, 0])
    d_flip = run.diffs[("textbook", "cho")]
    d_twin = run.diffs[("textbook", "cho_twin")]
    d_reset = run.diffs[("cho", "pytorch")]
    notes = {
        "flip": t(
            "conventions.explain.flip",
            z=v(z1, _z_digits(z1)),
            keep_tb=pct(1.0 - z1),
            keep_cho=pct(z1),
            d=sci(d_flip),
        ),
        "twin": t("conventions.explain.twin", d=sci(d_twin)),
    }
    if d_reset < SAME:
        notes["reset"] = t("conventions.explain.reset_same", d=sci(d_reset))
    else:
        why = []
        if b_hn != 0.0:
            why.append(t("conventions.explain.why_bias", b=v(b_hn, 2)))
        if H > 1:
            why.append(t("conventions.explain.why_units", H=H))
        notes["reset"] = t("conventions.explain.reset_differ", d=sci(d_reset)) + " " + " ".join(why)
    return notes


def agrees(d: float) -> bool:
    return d < SAME


# ---- lesson 7: training ------------------------------------------------------------------
def bias_note(keep_bias: float, seq_len: int, convention: str) -> str:
    """What the update-gate bias does to the gradient that must cross the sequence.

    keep_bias: the bias toward keeping the state (b_z = −keep_bias in the textbook
    convention, +keep_bias in cho and PyTorch). An untrained GRU's update gate sits near
    σ(keep_bias) on the keeping side, so a gradient from the answer at step T back to
    step 1 is scaled by about keep^(T−1) along the path that keeps the state (against
    0.5^(T−1) at bias 0).
    """
    b_z = keep_bias if convention in Z_KEEPS_PAST else -keep_bias
    keep = 1.0 / (1.0 + math.exp(-float(keep_bias)))
    gap = max(1, int(seq_len) - 1)
    return t(
        "train.bias_note." + _keep_family(convention),
        bias=f"{b_z + 0.0:+g}",
        keep=pct(keep),
        keep_dec=vt(keep, 4),  # raised to the power as shown, it gives the product
        gap=gap,
        product=sci(keep**gap),
        half=sci(0.5**gap),
    )


def gates_note(keep, h_prev, h, h_tilde, marks) -> str:
    """How the trained GRU keeps what the marked steps bring: by its update gate, or by a
    latch (a candidate that repeats the state), or not yet.

    keep: (T, H) share of h_{t-1} kept at each step (trace.keep); h_prev, h, h_tilde:
    (T, H). Compared at the marked steps and elsewhere, averaged over units: the take
    share 1 − keep, and how far the state moves, |h_t − h_{t−1}|.
    """
    take = 1.0 - np.asarray(keep, dtype=float).mean(axis=1)  # (T,)
    h_prev, h, h_tilde = (np.asarray(a, dtype=float) for a in (h_prev, h, h_tilde))
    move = np.abs(h - h_prev).mean(axis=1)  # (T,)
    marks = np.asarray(marks, dtype=int)
    rest = np.ones(take.size, dtype=bool)
    rest[marks] = False
    if marks.size == 0 or not rest.any():
        return t("train.gates_no_marks", take=pct(float(take.mean())))
    take_mark, take_rest = float(take[marks].mean()), float(take[rest].mean())
    move_mark, move_rest = float(move[marks].mean()), float(move[rest].mean())
    fmt = dict(
        take_mark=pct(take_mark),
        take_rest=pct(take_rest),
        move_mark=v(move_mark, 2),
        move_rest=v(move_rest, 3),
    )
    if move_mark > 1.5 * move_rest:
        if take_mark > 1.5 * take_rest:
            return t("train.gates_written", **fmt)
        gap = float(np.abs(h_tilde - h_prev)[rest].mean())  # how far the candidate proposes
        size = float(np.abs(h_prev)[rest].mean())
        return t("train.gates_latch", gap=v(gap, 2), size=v(size, 2), **fmt)
    return t("train.gates_not_yet", **fmt)


def answer_note(task: str, y, pred_gru, pred_rnn, skip: int = 0) -> str:
    """One test sequence's target and both models' answers, in words.

    y, pred_*: (O,) for tasks answered at the last step; (T, O) for echo and sine,
    where the note gives each model's squared error averaged over the sequence
    from step ``skip`` on (echo scores only t ≥ k, its delay).
    """
    y, g, r = (np.asarray(a, dtype=float) for a in (y, pred_gru, pred_rnn))
    if task == "adding":
        return t("train.answer_adding", y=v(float(y.ravel()[0])), gru=v(float(g.ravel()[0])),
                 rnn=v(float(r.ravel()[0])))  # fmt: skip
    if task == "remember":
        s = float(y.ravel()[0])

        def say(logit: float) -> dict:
            p_plus = 0.5 * math.tanh(0.5 * logit) + 0.5  # σ(logit): the model's P(s = +1)
            sign = "+1" if logit > 0 else "−1"
            return {"sign": sign, "sure": pct(max(p_plus, 1.0 - p_plus))}

        a, b = say(float(g.ravel()[0])), say(float(r.ravel()[0]))
        return t("train.answer_remember", y="+1" if s > 0 else "−1", gru=a["sign"],
                 gru_sure=a["sure"], rnn=b["sign"], rnn_sure=b["sure"])  # fmt: skip
    err = lambda p: float(np.mean((p[skip:] - y[skip:]) ** 2))  # noqa: E731
    return t("train.answer_every_step", gru=v(err(g), 4), rnn=v(err(r), 4))


def weight_refusal(
    code: str | None, fields: Mapping[str, object], english: str | None, lang: str | None = None
) -> str:
    """Why a weight file was refused, as Markdown in the session's language.

    code, fields: ``gru_core.io.WeightFileError``'s, with text from the file already
    made safe for a code span (``lab.compute.weights_from_file``); the texts put such
    text in code spans. Without a code, the engine's English reason in a code span.
    lang: the catalogue (default: the session's).
    """
    if code is None:
        return f"`{english}`"
    f = dict(fields)
    if "kind" in f:  # the kind of a JSON value: a word of the session's language
        f["kind"] = t(f"weights.kind.{f['kind']}", lang)
    if code != "keys":
        return t(f"weights.error.{code}", lang, **f)
    parts = [t(f"weights.keys.{k}", lang, keys=f[k]) for k in ("missing", "unexpected") if f[k]]
    parts += [t(f"weights.keys.{k}", lang) for k in ("layers", "whole_model") if f[k]]
    return t(
        "weights.error.keys",
        lang,
        problems=t("weights.keys.sep", lang).join(parts),
        layout=f["layout"],
        required=f["required"],
        optional=f["optional"],
    )

"""A sequence, step by step: one step's arithmetic for a picked unit, gate overrides,
the memory readout, and the sentences beside the stacked chart."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from gru_core.activations import sigmoid
from gru_core.conventions import Convention
from gru_core.lessons.sequence import slider_weights
from gru_core.memory import half_life, memory_readout
from lab.explain.common import (
    SYM,
    aligned,
    colored,
    equations,
    factor,
    new_state_latex,
    num,
    num_tex,
    pct,
    signed,
    steps_text,
    sum_tex,
    total_tex,
)
from lab.explain.one_step import one_step_latex
from lab.i18n import t


def sequence_notes(trace, convention: Convention) -> dict[str, str]:
    """One sentence per quantity for the sequence lesson (means over the units when H > 1:
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
            r=num(float(np.median(r)), 2),
            pct=pct(float(np.median(r))),
        ),
        "z": t(
            "explain.seq_z",
            z=num(z_med, 3 if z_med < 0.01 or z_med > 0.99 else 2),
            keep=pct(k_med),
            life=steps_text(life),
            t_open=t_open,
            take=pct(float(take.mean(axis=1).max())),
        ),
        "h_tilde": t("explain.seq_h_tilde", lo=num(float(ht.min()), 2), hi=num(float(ht.max()), 2)),
    }
    # how much of the state at its peak the keep path still carries at the end
    mean_abs = np.abs(h).mean(axis=1)
    t_peak = int(np.argmax(mean_abs)) + 1
    carried = memory_readout(trace, start=t_peak)[-1]
    share = float(np.nanmean(carried))
    h_end, h_peak = float(h[-1].mean()), float(h[t_peak - 1].mean())
    notes["h"] = t(
        "explain.seq_h",
        h_end=num(h_end, 2),
        t_peak=t_peak,
        h_peak=num(h_peak, 2),
        T=len(h),
        pct=pct(share),
    )
    if share < 0.5 and t_peak < len(h) and abs(h_end - h_peak) < 0.25 * abs(h_peak):
        # the state is where it was, yet the keep path lost it: rewritten, not kept
        notes["h"] += " " + t("explain.seq_h_rewritten", h_peak=num(h_peak, 2))
    return notes


#: The order the detail panel reveals a step's quantities (the order they are computed).
DETAIL_ORDER = ("r", "h_tilde", "z", "h")


def held_latex(q: str, value: float, a: float) -> str:
    """A gate held by an override: its value, and the weights' value crossed out."""
    return aligned(
        rf"{colored(q)} &:= {colored(q, num_tex(value))}",
        rf"&\phantom{{:=}}\ \cancel{{\sigma({num_tex(a, 2)}) = {num_tex(float(sigmoid(a)))}}}",
    )


def _unit_latex(p, tr, k: int, j: int, convention: Convention) -> list[str]:
    """The four equations of unit j at step k with its numbers, for any I and H.

    Each pre-activation is shown as its parts: the input's share [W x_t]_j, the
    past's share [W h_{t-1}]_j (or the candidate's recurrent part), the bias.
    """
    x, h_prev = tr.x[k], tr.h_prev[k]  # (I,), (H,)
    H = p.hidden_size
    idx = (lambda body: rf"[{body}]_{{{j + 1}}}") if H > 1 else (lambda body: body)  # noqa: E731
    sym = {q: idx(SYM[q]) for q in ("r", "z", "h_tilde", "h")}
    hp = colored("h_prev", idx(SYM["h_prev"]))
    a = {"r": float(tr.a_r[k, j]), "z": float(tr.a_z[k, j]), "h_tilde": float(tr.a_h[k, j])}
    val = {q: float(getattr(tr, q)[k, j]) for q in ("r", "z", "h_tilde", "h")}
    blocks = []
    for q, g in (("r", "r"), ("z", "z")):
        W_x, W_h, b = getattr(p, f"W_x{g}")[j], getattr(p, f"W_h{g}")[j], getattr(p, f"b_{g}")[j]
        parts = (float(W_x @ x), float(W_h @ h_prev), float(b))
        blocks.append(
            aligned(
                rf"{colored(q, sym[q])} &= \sigma\big({idx(f'W_{{x{g}}}' + SYM['x'])}"
                rf" + {idx(f'W_{{h{g}}}' + SYM['h_prev'])} + {idx(f'b_{g}')}\big)",
                rf"&= \sigma\big({sum_tex(*parts, digits=2)}\big)",
                rf"&= \sigma({total_tex(*parts, digits=2)}) = {colored(q, num_tex(val[q]))}",
            )
        )
    x_part = float(p.W_xh[j] @ x)
    g = float(tr.g[k, j])
    b_xh, b_hh = float(p.b_xh[j]), float(p.b_hh[j])
    ht = colored("h_tilde", sym["h_tilde"])
    if convention == "pytorch":
        rows = (
            rf"{ht} &= \tanh\big({idx(r'W_{xh}' + SYM['x'])} + {idx('b_h')}"
            rf" + {colored('r', sym['r'])}"
            rf" \, ({idx(r'W_{hh}' + SYM['h_prev'])} + {idx('b_{hn}')})\big)",
            rf"&= \tanh\big({factor(x_part)} {signed(b_xh)}"
            rf" + {num_tex(val['r'], 2)} \cdot {factor(g)}\big)",
        )
    else:
        r_h = r"W_{hh}(" + SYM["r"] + r" \odot " + SYM["h_prev"] + ")"
        rows = (
            rf"{ht} &= \tanh\big({idx(r'W_{xh}' + SYM['x'])}"
            rf" + {idx(r_h)}"
            rf" + {idx('b_h')}\big)",
            rf"&= \tanh\big({sum_tex(x_part, g - b_hh, b_xh + b_hh, digits=2)}\big)",
        )
    if convention == "pytorch":  # a product inside: the pre-activation as computed
        a_h = num_tex(a["h_tilde"], 2)
    else:  # a sum of the shown terms
        a_h = total_tex(x_part, g - b_hh, b_xh + b_hh, digits=2)
    last = rf"&= \tanh({a_h}) = {colored('h_tilde', num_tex(val['h_tilde']))}"
    blocks.append(aligned(*rows, last))
    z, hpj, htv = val["z"], float(h_prev[j]), val["h_tilde"]
    zc, h = colored("z", sym["z"]), colored("h", sym["h"])
    if convention == "textbook":
        eq = rf"{h} &= (1 - {zc})\, {hp} + {zc}\, {ht}"
    elif convention == "cho":
        eq = rf"{h} &= {zc}\, {hp} + (1 - {zc})\, {ht}"
    else:
        eq = rf"{h} &= (1 - {zc})\, {ht} + {zc}\, {hp}"
    blocks.append(new_state_latex(eq, z, hpj, htv, convention))
    return blocks


def step_latex(p, tr, k: int, j: int, convention: Convention) -> list[str]:
    """Step k (0-based, t = k + 1) of a sequence, unit j: the equations of r, z, h̃, h
    with that step's numbers (the one-step lesson's layout when I = H = 1), held gates shown
    as held. p: the GRUParams that made the unbatched trace ``tr`` in ``convention``."""
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
        x_s = rf"{colored('x')} = {num_tex(float(x[0]), 2)}"
    else:
        on = np.flatnonzero(x)
        x_s = rf"{colored('x')} = " + (
            rf"e_{{{int(on[0]) + 1}}}" if on.size == 1 else r"\mathbf{0}"
        )
    hp = float(tr.h_prev[k, j])
    sym_hp = SYM["h_prev"] if tr.h.shape[1] == 1 else rf"[{SYM['h_prev']}]_{{{j + 1}}}"
    return rf"{x_s} \qquad {colored('h_prev', sym_hp)} = {num_tex(hp)}"


def override_note(mode: str, r_at: float, z_at: float, convention: Convention) -> str:
    """What a gate override does, in the convention's own meaning of z."""
    fam = convention.z_family
    r_key = "override.note.hold_r_after" if convention == "pytorch" else "override.note.hold_r"
    parts = []
    if mode in ("hold_r", "hold_both"):
        parts.append(t(r_key, r=num(r_at, 2), pct=pct(r_at)))
    if mode in ("hold_z", "hold_both"):
        keep = convention.keep_share(z_at)
        parts.append(t("override.note.hold_z." + fam, z=num(z_at, 2), keep=pct(keep),
                       take=pct(1.0 - keep)))  # fmt: skip
    if mode == "hold_z":
        parts.append(t("override.note.r_free"))
    if mode == "update_only":
        parts.append(t("override.note.update_only"))
    if mode == "rnn":
        parts.append(t("override.note.rnn." + fam))
    return " ".join(parts) if parts else t("override.note.none")


def override_latex(mode: str, r_at: float, z_at: float, convention: Convention) -> list[str]:
    """The candidate and state equations with the held gates written as their numbers;
    for the plain RNN also the equation they reduce to."""
    from gru_core.lessons.sequence import override_clamps

    clamp_r, clamp_z = override_clamps(mode, r_at, z_at, convention)
    eqs = equations(convention)
    h_tilde, h = eqs[2], eqs[3]
    if clamp_r is not None:
        h_tilde = h_tilde.replace(colored("r"), colored("r", _held_num(clamp_r)))
    if clamp_z is not None:
        h = h.replace(colored("z"), colored("z", _held_num(clamp_z)))
    out = [h_tilde, h]
    if mode == "rnn":
        x, hp = colored("x"), colored("h_prev")
        bias = r"b_h + b_{hn}" if convention == "pytorch" else "b_h"
        out = [
            rf"{colored('h')} = {colored('h_tilde')}"
            rf" = \tanh(W_{{xh}}\,{x} + W_{{hh}}\,{hp} + {bias})"
        ]
    return out


def _held_num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value in (0.0, 1.0) else f"{value:.2f}"


def memory_note(m: np.ndarray, start: int, half: int | None, convention: Convention) -> str:
    """Where the memory readout M (T,) ends and when half of h_start is gone."""
    T = len(m)
    text = t("memory.note", s=start, T=T, pct=pct(float(m[-1])))
    if start >= T:
        return t("memory.note.last", s=start)
    if half is not None:
        return text + " " + t("memory.half", n=half, t_half=start + half)
    return text + " " + t("memory.no_half", T=T, n=T - start)


def memory_latex(start: int, convention: Convention) -> str:
    """M_t = ∏_{k=s+1}^{t} keep_k for the picked step s, with s + 1 written as its value."""
    k = colored("z", "z_k") if convention.z_keeps_past else rf"(1 - {colored('z', 'z_k')})"
    return rf"M_t = \prod_{{k={start + 1}}}^{{t}} {k}"

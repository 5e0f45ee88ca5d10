"""A sequence, step by step: one step's arithmetic for a picked unit, gate overrides,
the memory readout, and the sentences beside the stacked chart."""

from __future__ import annotations

import numpy as np

from gru_core.conventions import Convention
from gru_core.memory import half_life, memory_readout
from lab.explain.common import (
    colored,
    equations,
    num,
    pct,
    steps_text,
)
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

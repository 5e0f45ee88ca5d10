"""One step, gate by gate: each equation with this step's numbers, in computing order,
and one sentence per quantity."""

from __future__ import annotations

import numpy as np

from gru_core.conventions import Convention
from lab.explain.common import (
    aligned,
    colored,
    equations,
    factor,
    new_state_latex,
    num,
    num_tex,
    pct,
    saturation,
    signed,
)
from lab.i18n import t


def one_step_latex(w: dict, x: float, h_prev: float, tr, convention: Convention) -> list[str]:
    """The four equations with this step's numbers substituted, in compute order.

    w: slider weights (W_xr … b_h, b_hn); tr: the engine's trace of this one step
    (its pre-activations and gates are the numbers shown, so text and chart agree).
    Each entry is one aligned block: the equation, the numbers, the result.
    """
    a_r, a_z, a_h = (float(np.ravel(a)[0]) for a in (tr.a_r, tr.a_z, tr.a_h))
    r, z, ht, h = (float(np.ravel(a)[0]) for a in (tr.r, tr.z, tr.h_tilde, tr.h))
    eqs = [e.replace(" = ", " &= ", 1) for e in equations(convention)]
    blocks = [
        aligned(
            eqs[0],
            rf"&= \sigma\big({factor(w['W_xr'])} \cdot {factor(x)}"
            rf" + {factor(w['W_hr'])} \cdot {factor(h_prev)} {signed(w['b_r'])}\big)",
            rf"&= \sigma({num_tex(a_r, 2)}) = {colored('r', num_tex(r))}",
        ),
        aligned(
            eqs[1],
            rf"&= \sigma\big({factor(w['W_xz'])} \cdot {factor(x)}"
            rf" + {factor(w['W_hz'])} \cdot {factor(h_prev)} {signed(w['b_z'])}\big)",
            rf"&= \sigma({num_tex(a_z, 2)}) = {colored('z', num_tex(z))}",
        ),
    ]
    if convention == "pytorch":  # longer: the reset gate's product gets a row of its own
        middle = (
            rf"&= \tanh\big({factor(w['W_xh'])} \cdot {factor(x)} {signed(w['b_h'])}",
            rf"&\qquad + {num_tex(r, 2)} \cdot ({factor(w['W_hh'])} \cdot {factor(h_prev)}"
            rf" {signed(w['b_hn'])})\big)",
        )
    else:
        middle = (
            rf"&= \tanh\big({factor(w['W_xh'])} \cdot {factor(x)} + {factor(w['W_hh'])} \cdot"
            rf" ({num_tex(r, 2)} \cdot {factor(h_prev)}) {signed(w['b_h'])}\big)",
        )
    blocks.append(
        aligned(
            eqs[2], *middle, rf"&= \tanh({num_tex(a_h, 2)}) = {colored('h_tilde', num_tex(ht))}"
        )
    )
    blocks.append(new_state_latex(eqs[3], z, h_prev, ht, convention))
    return blocks


def one_step_notes(tr, convention: Convention) -> dict[str, str]:
    """One sentence per quantity for the one-step lesson."""
    a_r, a_z, a_h = (float(np.ravel(a)[0]) for a in (tr.a_r, tr.a_z, tr.a_h))
    r, z, ht, h = (float(np.ravel(a)[0]) for a in (tr.r, tr.z, tr.h_tilde, tr.h))
    h_prev = float(np.ravel(tr.h0)[0])
    keep = convention.keep_share(z)
    reset_key = "explain.r_after" if convention == "pytorch" else "explain.r_before"
    return {
        "r": t(reset_key, r=num(r, 2), pct=pct(r)) + " " + saturation(a_r, r, "r"),
        "z": t("explain.z_step", z=num(z, 2), keep=pct(keep), take=pct(1.0 - keep))
        + " "
        + saturation(a_z, z, "z"),
        "h_tilde": t("explain.h_tilde_step", ht=num(ht, 2)) + " " + saturation(a_h, ht, "h_tilde"),
        "h": t(
            "explain.h_step",
            h_prev=num(h_prev, 2),
            ht=num(ht, 2),
            h=num(h, 2),
            closer=t("explain.closer_past") if keep > 0.5 else t("explain.closer_new"),
        ),
    }

"""Gradients over time: the Jacobian products and what the two curves say."""

from __future__ import annotations

import numpy as np

from gru_core.conventions import Convention
from lab import fmt
from lab.explain.common import colored, num, pct
from lab.explain.forgetting import _z_digits
from lab.i18n import t

sci = fmt.sci  # a magnitude for LaTeX: 0.0974, 4652, 3.2 × 10⁻¹³


def gradient_latex(convention: Convention) -> tuple[str, str]:
    """One step of backpropagation, ∂h_t/∂h_{t-1}, for the GRU (its additive path boxed)
    and for the plain RNN."""
    z, ht, hp = colored("z"), colored("h_tilde"), colored("h_prev")
    d = r"\frac{\partial h_t}{\partial h_{t-1}}"
    if convention.z_keeps_past:
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


def gradient_notes(run, convention: Convention, w: float) -> dict[str, str]:
    """Sentences for the gradients lesson, from a ``gru_core.lessons.gradients.GradRun``.

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
            "gradients.explain.gru." + convention.z_family,
            z=num(z_med, _z_digits(z_med)),
            keep=pct(keep_med),
            per=num(per_g, 3),
        ),
        "rnn": t("gradients.explain.rnn", w=num(w, 2), per=num(per_r, 3)),
    }
    if float(np.max(run.rnn)) > 1.0:
        notes["rnn"] += " " + t("gradients.explain.exploding", top=sci(float(np.max(run.rnn))))
    return notes

"""Forgetting vs remembering: the share left, the half-life, what each figure is, the
chart's labels and the texts that depend on the meaning of z."""

from __future__ import annotations

import math

import numpy as np

from gru_core.conventions import Convention
from gru_core.memory import half_life, survival
from lab import fmt
from lab.explain.common import colored, num, num_tex, pct, steps_text
from lab.i18n import t
from lab.plots import swatch


def _z_digits(z: float) -> int:
    return 3 if z < 0.01 or z > 0.99 else 2


def forgetting_notes(
    run, convention: Convention, mode: str, noise: float, w: float
) -> dict[str, str]:
    """Sentences for lesson 4, from a ``gru_core.lessons.forgetting.ForgetRun``.

    Keys: "z" (keep share and half-life), "events" (how the pulse and the boundary
    are written), "r" (what the candidate sees), "measured" (the state's own
    half-life), "noise" (only with distraction), "rnn".
    """
    z, r = run.z_hold, run.r_hold
    keep = convention.keep_share(z)
    T = len(run.share)
    n50 = float(survival(min(max(z, 0.0), 1.0), 50, convention=convention))
    notes = {
        "z": t(
            "forgetting.explain.z." + convention.z_family,
            z=num(z, _z_digits(z)),
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
            z=num(z, _z_digits(z)),
            t=s,
            z_pulse=num(z_pulse, 2),
            written=num(run.written, 2),
        )
    if run.boundary_t is not None:
        b = run.boundary_t
        left = run.share[b - 1]
        notes["events"] += " " + t(
            "forgetting.explain.boundary",
            b=b,
            r=num(float(run.trace.r[b - 1, 0]), 2),
            take=pct(1.0 - float(run.trace.keep[b - 1, 0])),
            left=pct(abs(left)) if np.isfinite(left) else "?",
        )
    notes["r"] = t(
        "forgetting.explain.r_closed" if r < 0.05 else "forgetting.explain.r_open",
        r=num(r, 2),
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
        notes["rnn"] = t("forgetting.explain.rnn", w=num(w, 2), n=run.rnn_half)
    else:
        notes["rnn"] = t("forgetting.explain.rnn_holds", w=num(w, 2), n=T - s)
    return notes


def forgetting_latex(z: float, convention: Convention) -> str:
    """The closed form for a constant update gate, with its numbers: the share left
    after k steps S_k = keep^k and the half-life n½ = ln 0.5 / ln keep."""
    keep = convention.keep_share(z)
    base = colored("z", "z") if convention.z_family == "keep" else rf"(1 - {colored('z', 'z')})"
    life = float(half_life(min(max(z, 0.0), 1.0), convention=convention))
    life_s = r"\infty" if math.isinf(life) else f"{life:.1f}"
    # keep to as many decimals as it takes for ln 0.5 / ln(shown keep) to give the
    # shown half-life (a keep share near 1 needs more: 0.99966, not 0.9997)
    k = num_tex(keep, 3)
    for digits in range(3, 10):
        k = num_tex(keep, digits)
        if not 0.0 < keep < 1.0 or f"{math.log(0.5) / math.log(float(k)):.1f}" == life_s:
            break
    return (
        rf"S_k = {base}^{{\,k}} = {k}^{{\,k}}, \quad"
        rf" n_{{1/2}} = \ln 0.5 \,/\, \ln {k} = {life_s}"
    )


def convention_caption(convention: Convention) -> str:
    """Under the intro: the convention shown and what its z means here."""
    return (
        t("common.convention_shown", name=t(f"conv.{convention}.name"))
        + " "
        + t("forgetting.conv_note." + convention.z_family)
    )


def questions(convention: Convention) -> tuple[tuple[str, str, str], ...]:
    """The closing "predict, then check" questions: (question, answer, widget key)."""
    family = convention.z_family
    return (
        (t("forgetting.q1." + family), t("forgetting.a1." + family), "f_q1"),
        (t("forgetting.q2"), t("forgetting.a2"), "f_q2"),
    )


def chart_labels(run) -> dict[str, str]:
    """The labels of ``lab.plots.forgetting.forgetting_figure`` for a ``ForgetRun``."""
    return {
        "x": t("quantity.x"),
        "r": t("quantity.r"),
        "z": t("quantity.z"),
        "share": t("forgetting.chart.share"),
        "readout": t("forgetting.chart.readout"),
        "rnn": t("forgetting.chart.rnn"),
        "t": t("seq.t"),
        "top": t("forgetting.chart.top"),
        "bottom": t("forgetting.chart.bottom", s=run.pulse_t),
        "pulse": t("forgetting.chart.pulse"),
        "boundary": t("forgetting.chart.boundary"),
        "half_life": t("forgetting.chart.half_life", n=steps_text(run.half_life)),
    }


def not_written(run) -> str | None:
    """Why the chart shows no share: the pulse wrote (next to) nothing into the state."""
    if math.isfinite(run.written) and abs(run.written) >= 1e-6:
        return None
    return t("forgetting.not_written", z=fmt.fixed(run.trace.z[run.pulse_t - 1, 0], 3))


def lesson_markdown(
    run, convention: Convention, mode: str, noise: float, w: float
) -> dict[str, str]:
    """The lesson's words as three Markdown texts: "z" (above the chart: the keep share
    and its closed form), "gru" and "rnn" (the two columns below it). Words and formulas
    that belong together are one element: the browser redraws each element on every
    slider move."""
    notes = forgetting_notes(run, convention, mode, noise, w)
    latex = forgetting_latex(run.z_hold, convention)
    rnn_notes = [("h", "measured"), ("x", "noise"), ("rnn", "rnn")]
    return {
        "z": f"{swatch('z')} {notes['z']}\n\n$$\n{latex}\n$$",
        "gru": f"{swatch('x')} {notes['events']}\n\n{swatch('r')} {notes['r']}",
        "rnn": "\n\n".join(f"{swatch(q)} {notes[k]}" for q, k in rnn_notes if k in notes),
    }

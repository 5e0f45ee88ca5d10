"""One step in words: one sentence per quantity (its arithmetic is in arithmetic.py)."""

from __future__ import annotations

import numpy as np

from gru_core.conventions import Convention
from lab.explain.common import (
    num,
    pct,
    saturation,
)
from lab.i18n import t


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

"""Conventions: what flips and what differs between the three, and why a weight file
was refused."""

from __future__ import annotations

from collections.abc import Mapping

from lab.explain.common import num, pct
from lab.explain.forgetting import _z_digits
from lab.explain.gradients import sci
from lab.i18n import t

#: Below this, two runs count as the same function (float64 round-off over a few dozen steps).
SAME = 1e-12


def conventions_notes(run, H: int, b_hn: float) -> dict[str, str]:
    """Sentences for lesson 6, from a ``gru_core.lessons.conventions.ConvRun``.

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
            z=num(z1, _z_digits(z1)),
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
            why.append(t("conventions.explain.why_bias", b=num(b_hn, 2)))
        if H > 1:
            why.append(t("conventions.explain.why_units", H=H))
        notes["reset"] = t("conventions.explain.reset_differ", d=sci(d_reset)) + " " + " ".join(why)
    return notes


def agrees(d: float) -> bool:
    return d < SAME


def weight_refusal(
    code: str | None, fields: Mapping[str, object], english: str | None, lang: str | None = None
) -> str:
    """Why a weight file was refused, as Markdown in the session's language.

    code, fields: ``gru_core.io.WeightFileError``'s, with text from the file already
    made safe for a code span (``lab.weight_files.weights_from_file``); the texts put such
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

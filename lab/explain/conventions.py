"""Conventions: what flips and what differs between the three (the equations, the
agreement table, the notes beside the chart), what a weight file is and whether it
reproduces its saved states, why a file was refused, and the labels of both charts."""

from __future__ import annotations

from collections.abc import Mapping

from gru_core import GRUParams
from gru_core.conventions import CONVENTIONS
from gru_core.lessons.conventions import CONV_LINES
from lab import fmt
from lab.explain.common import equations, num, pct
from lab.explain.forgetting import _z_digits
from lab.explain.gradients import sci
from lab.i18n import t
from lab.plots import swatch

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


def equations_table() -> str:
    """The candidate and the new state of each convention, as a Markdown table."""
    head = [t("conventions.table." + k) for k in ("convention", "candidate", "new_state")]
    rows = ["| " + " | ".join(head) + " |", "|---|---|---|"]
    for c in CONVENTIONS:
        eqs = equations(c)
        rows.append(f"| {t(f'conv.{c}.name')} | ${eqs[2]}$ | ${eqs[3]}$ |")
    return "\n".join(rows)


def line_labels() -> dict[str, str]:
    """The comparison chart's labels: each line's name, the rows' symbols and the time axis."""
    return {name: t("conventions.line." + name) for name in CONV_LINES} | {
        "x": t("symbol.x"),
        "z": t("symbol.z"),
        "h": t("symbol.h"),
        "t": t("seq.t"),
    }


def agreement_table(run) -> str:
    """The three comparisons of a ``ConvRun`` as a Markdown table: the pair, the largest
    |Δh|, same or not."""
    names = line_labels()
    head = [t("conventions.table." + k) for k in ("pair", "diff", "same")]
    rows = ["| " + " | ".join(head) + " |", "|---|---:|---|"]
    for (a, b), d in run.diffs.items():
        same = t("conventions.table.yes" if agrees(d) else "conventions.table.no")
        rows.append(f"| {names[a]} ↔ {names[b]} | {fmt.sci(d, tex=False)} | {same} |")
    return "\n".join(rows)


def comparison_markdown(run, H: int, b_hn: float) -> str:
    """The notes beside the comparison chart, as one Markdown text (the browser redraws
    every element on each slider move: one element costs one redraw)."""
    notes = conventions_notes(run, H, b_hn)
    return (
        f"{swatch('z')} **{t('conventions.flips')}** {notes['flip']}\n\n"
        f"{swatch('z')} {notes['twin']}\n\n"
        f"{swatch('r')} **{t('conventions.differs')}** {notes['reset']}"
    )


def what_is_run(p: GRUParams, lesson: bool) -> str:
    """What part 2 runs: the comparison's numbers in the sidebar's convention (lesson),
    or a weight file's model (its sizes and convention)."""
    name = t(f"conv.{p.convention}.name")
    if lesson:
        return t("conventions.what_lesson", name=name)
    return t("conventions.what_file", I=p.input_size, H=p.hidden_size, name=name)


def matches_text(source: str, max_diff: float) -> str:
    """A sample file's states against those saved with it: the largest difference."""
    return t(
        "conventions.matches", ref=t(f"conventions.ref.{source}"), d=fmt.sci(max_diff, tex=False)
    )


def units_labels() -> dict[str, str]:
    """The labels of a loaded model's units chart (``lab.plots.conventions.units_figure``)."""
    return {
        "h": t("symbol.h"),
        "t": t("seq.t"),
        "unit": t("seq.unit"),
        "engine": t("conventions.engine"),
        "reference": t("conventions.reference"),
    }


def code_comments(convention: str) -> dict[str, str]:
    """The PyTorch script's comments (``gru_core.lessons.conventions.torch_snippet``)."""
    keys = ("header", "weights", "input", "model", "loop", "print")
    name = t(f"conv.{convention}.name")
    return {k: t("conventions.code." + k, name=name) for k in keys}

"""Words and formulas that describe the current numbers, in the session's language,
one module per lesson and what they share in ``common``.

Pure functions of the numbers (plus ``t`` for the text): pages show what these
return next to their charts, so the explanation changes with the sliders. LaTeX
colours the symbols with the charts' colours (lab.plots.COLORS).
"""

from lab.explain.arithmetic import inputs_latex, one_step_latex, step_latex
from lab.explain.common import (
    cell_in_words,
    cell_labels,
    chart_in_words,
    equations,
    pct,
    steps_text,
    sub,
)
from lab.explain.conventions import agrees, conventions_notes, weight_refusal
from lab.explain.forgetting import forgetting_latex, forgetting_notes
from lab.explain.gradients import gradient_latex, gradient_notes
from lab.explain.one_step import one_step_notes
from lab.explain.sequence import (
    DETAIL_ORDER,
    memory_latex,
    memory_note,
    override_latex,
    override_note,
    sequence_notes,
)
from lab.explain.training import answer_note, bias_note, gates_note

__all__ = [
    "DETAIL_ORDER",
    "agrees",
    "answer_note",
    "bias_note",
    "cell_in_words",
    "cell_labels",
    "chart_in_words",
    "conventions_notes",
    "equations",
    "forgetting_latex",
    "forgetting_notes",
    "gates_note",
    "gradient_latex",
    "gradient_notes",
    "inputs_latex",
    "memory_latex",
    "memory_note",
    "one_step_latex",
    "one_step_notes",
    "override_latex",
    "override_note",
    "pct",
    "sequence_notes",
    "step_latex",
    "steps_text",
    "sub",
    "weight_refusal",
]

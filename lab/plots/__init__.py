"""Every Plotly figure of GRU Lab, one module per lesson, with the colours in one place.

    style        colours, line styles and fonts per quantity; the browser options
                 (``config(lang)``); how a number is written in a chart
    figure       plain-dict figures (``figure``), the layout every figure starts from,
                 fixed legends, axes and the trace helpers lessons share
    cell         home's cell diagram         one_step     curves and shares of h_t
    sequence     the stacked rows, cursor    forgetting   a pulse and its half-life
    gradients    ‖∂h_T/∂h_t‖ on a log axis   conventions  three conventions, file units
    training     curves, trained gates, the sweep

Figures are built from plain arrays and already-translated labels; no module here
calls an ``st.`` function, so each can be tested and reused alone. Pages show a
figure with ``st.plotly_chart(fig, key=..., config=plots.config(lang))``.
"""

from lab.plots.cell import (
    cell_diagram,
    cell_leaves,
    sequence_cell_diagram,
    sequence_cell_frames,
    step_cell_diagram,
    step_cell_frames,
)
from lab.plots.conventions import conventions_figure, units_figure
from lab.plots.figure import base_layout, figure, fixed_legend
from lab.plots.forgetting import forgetting_figure
from lab.plots.gradients import gradient_figure
from lab.plots.one_step import activation_curves, shares_bar
from lab.plots.sequence import (
    DOTS_UP_TO,
    linked_sequence_figure,
    picked_step,
    sequence_figure,
)
from lab.plots.style import COLORS, CONFIG, QUANTITIES, config, swatch
from lab.plots.training import sweep_figure, trained_gates_figure, training_curves

__all__ = [
    "COLORS",
    "CONFIG",
    "QUANTITIES",
    "activation_curves",
    "base_layout",
    "cell_diagram",
    "cell_leaves",
    "sequence_cell_diagram",
    "sequence_cell_frames",
    "step_cell_diagram",
    "step_cell_frames",
    "config",
    "conventions_figure",
    "figure",
    "fixed_legend",
    "forgetting_figure",
    "gradient_figure",
    "linked_sequence_figure",
    "DOTS_UP_TO",
    "picked_step",
    "sequence_figure",
    "shares_bar",
    "swatch",
    "sweep_figure",
    "trained_gates_figure",
    "training_curves",
    "units_figure",
]

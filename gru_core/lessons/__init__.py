"""The lessons' models: what each lesson page computes, as pure functions of one plain
spec (a small JSON-able dict of the page's settings), NumPy and gru_core only.

    sequence      the single GRU of home, one step and the sequence lesson
    forgetting    a pulse, the share of it left, half-lives, a plain RNN beside it
    gradients     ‖∂h_T/∂h_t‖ for a GRU and a plain RNN
    conventions   the same numbers as textbook, cho and PyTorch GRUs; a file's input;
                  the PyTorch script that reproduces a model
    training      a GRU against a plain RNN trained on the same batches; the sweep

The app caches each simulation on its spec (lab.cached).
"""

from gru_core.lessons.conventions import (
    CONV_LINES,
    CONV_SIGNALS,
    CONV_T,
    SNIPPET_MAX_NUMBERS,
    ConvRun,
    file_input,
    states_text,
    torch_snippet,
)
from gru_core.lessons.forgetting import FORGET_PULSE_T, ForgetRun
from gru_core.lessons.gradients import GRAD_INPUT_SCALE, GradRun, grad_models
from gru_core.lessons.sequence import (
    GATE_WEIGHTS,
    OVERRIDES,
    SLIDER_WEIGHTS,
    STORY_STEP,
    Run,
    memory_curve,
    one_step_family,
    one_step_spec,
    override_clamps,
    preset_weights,
    take_all_z,
)
from gru_core.lessons.training import (
    SWEEP_LENGTHS,
    SWEEP_REFERENCE,
    TRAIN_MODELS,
    advance,
    baselines,
    curve,
    finished,
    marked_steps,
    new_sweep,
    one_blas_thread,
    smooth,
    sweep_advance,
    sweep_fraction,
    sweep_plan,
    train_configs,
)

__all__ = [
    "CONV_LINES",
    "CONV_SIGNALS",
    "CONV_T",
    "ConvRun",
    "FORGET_PULSE_T",
    "ForgetRun",
    "GATE_WEIGHTS",
    "GRAD_INPUT_SCALE",
    "GradRun",
    "OVERRIDES",
    "Run",
    "SLIDER_WEIGHTS",
    "SNIPPET_MAX_NUMBERS",
    "STORY_STEP",
    "SWEEP_LENGTHS",
    "SWEEP_REFERENCE",
    "TRAIN_MODELS",
    "advance",
    "baselines",
    "curve",
    "file_input",
    "finished",
    "grad_models",
    "marked_steps",
    "memory_curve",
    "new_sweep",
    "one_blas_thread",
    "one_step_family",
    "one_step_spec",
    "override_clamps",
    "preset_weights",
    "smooth",
    "states_text",
    "sweep_advance",
    "sweep_fraction",
    "sweep_plan",
    "take_all_z",
    "torch_snippet",
    "train_configs",
]

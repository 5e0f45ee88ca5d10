"""Conventions: one set of numbers run as textbook, cho and PyTorch GRUs (and cho's
twin of textbook), a weight file's model run on its input (checked against a sample's
saved states), and the PyTorch script that reproduces a model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from gru_core import GRUParams, GRUTrace, forward
from gru_core.conventions import CONVENTIONS
from gru_core.presets import PRESETS
from gru_core.signals import make_signal

#: Lesson 6's inputs: (name, make_signal options), 40 steps.
CONV_SIGNALS = {
    "pulse": {"start": 5, "width": 1},
    "step": {"start": 5},
    "sine": {"period": 20.0},
    "square": {"period": 20.0},
}


CONV_T = 40


#: The curves lesson 6 compares: the same numbers under each convention, and the cho
#: twin of the textbook weights (update gate negated), which must equal textbook.
CONV_LINES = ("textbook", "cho", "pytorch", "cho_twin")


#: Largest model the snippet writes out number by number.
SNIPPET_MAX_NUMBERS = 4000


@dataclass(frozen=True)
class ConvRun:
    """Lesson 6: one set of numbers run under every convention on the same input.

    traces: one GRUTrace per name of ``CONV_LINES``; diffs: max |Δh| for the pairs
    ("textbook", "cho"), ("cho", "pytorch"), ("textbook", "cho_twin").
    """

    x: np.ndarray  # (T, 1)
    params: GRUParams  # the numbers, in the textbook convention
    traces: dict[str, GRUTrace]
    diffs: dict[tuple[str, str], float]


def conv_params(spec: dict) -> GRUParams:
    """The numbers lesson 6 compares, as textbook GRUParams.

    H = 1: the preset spec["preset"]'s weights with candidate recurrent bias
    b_hh = spec["b_hn"]. H > 1: PyTorch's initialisation from spec["seed"],
    multiplied by 2 (so the gates matter), with every unit's b_hn set.
    """
    H = int(spec.get("H", 1))
    b_hn = float(spec.get("b_hn", 0.0))
    if H == 1:
        w = PRESETS[spec["preset"]].weights
        return GRUParams.from_gates(**w, b_hh=b_hn, convention="textbook")
    p = GRUParams.init(1, H, np.random.default_rng(int(spec.get("seed", 0))), "textbook")
    bias_hh = 2.0 * p.bias_hh
    bias_hh[2 * H :] = b_hn
    return replace(
        p, weight_ih=2.0 * p.weight_ih, weight_hh=2.0 * p.weight_hh,
        bias_ih=2.0 * p.bias_ih, bias_hh=bias_hh,
    )  # fmt: skip


def conv_simulate(spec: dict) -> ConvRun:
    """Uncached lesson 6 comparison (spec: preset, H, b_hn, seed, signal)."""
    p = conv_params(spec)
    x = make_signal(spec["signal"], CONV_T, **CONV_SIGNALS[spec["signal"]])
    models = {c: p.with_convention(c) for c in CONVENTIONS} | {"cho_twin": p.flip_update_gate()}
    traces = {name: forward(models[name], x) for name in CONV_LINES}
    pairs = (("textbook", "cho"), ("cho", "pytorch"), ("textbook", "cho_twin"))
    diffs = {(a, b): float(np.max(np.abs(traces[a].h - traces[b].h))) for a, b in pairs}
    return ConvRun(x=x, params=p, traces=traces, diffs=diffs)


def file_input(p: GRUParams, x_sample: np.ndarray | None) -> np.ndarray:
    """The input a loaded model runs on: the samples' saved input when I = 1 (so the
    samples can be checked against their saved states), else 12 steps of seeded noise."""
    if p.input_size == 1 and x_sample is not None:
        return np.asarray(x_sample, dtype=float).reshape(-1, 1)
    rng = np.random.default_rng(0)
    return np.round(rng.normal(0.0, 0.5, (12, p.input_size)), 2)


@dataclass(frozen=True)
class FileRun:
    """The conventions lesson, part 2: one model run on the input a weight file runs on.

    reference: states saved with a sample file for this input, to check the engine
    against (None for the lesson's own numbers and for uploads); max_diff: the
    largest |h − reference| (None without a reference).
    """

    params: GRUParams
    x: np.ndarray  # (T, I)
    trace: GRUTrace
    reference: np.ndarray | None = None  # (T, H)
    max_diff: float | None = None


def lesson_file_run(run: ConvRun, convention: str) -> FileRun:
    """The comparison's own numbers in one convention, on the comparison's input."""
    return FileRun(run.params.with_convention(convention), run.x, run.traces[convention])


def file_run(
    p: GRUParams, saved: tuple[np.ndarray, np.ndarray] | None = None, *, check: bool = False
) -> FileRun:
    """A loaded model run on ``file_input(p, saved x)``.

    saved: (x, h), the input saved with the samples and the states computed from it;
    check: whether those states are this model's own (a sample file's), so that the
    engine's states are compared with them when the model ran on the saved input and
    their shape fits the run.
    """
    x = file_input(p, saved[0] if saved else None)
    trace = forward(p, x)
    on_saved_input = saved is not None and p.input_size == 1
    if not (check and on_saved_input and saved[1].shape == (len(x), p.hidden_size)):
        return FileRun(p, x, trace)
    reference = saved[1]
    return FileRun(p, x, trace, reference, float(np.max(np.abs(trace.h - reference))))


def _num(v: float) -> str:
    """A float written so that Python reads back exactly the same float64."""
    return repr(float(v))


def _tensor(a: np.ndarray, indent: str = "    ") -> str:
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return "torch.tensor([" + ", ".join(_num(v) for v in a) + "])"
    rows = [indent + "    [" + ", ".join(_num(v) for v in row) + "]," for row in a]
    return "torch.tensor([\n" + "\n".join(rows) + "\n" + indent + "])"


def torch_snippet(p: GRUParams, x: np.ndarray, comments: Mapping[str, str]) -> str | None:
    """Python source that runs ``p`` on ``x`` with PyTorch (float64) and prints h_t.

    pytorch convention: ``torch.nn.GRU`` with the weights loaded. textbook and cho:
    the convention's equations written out with torch operations (nn.GRU computes
    another function). Every number is written in full (repr), so the printed
    states equal the engine's to float64 round-off. comments: already translated
    code comments, keys "header", "weights", "input", "model", "loop", "print".
    Returns None when the model has more than SNIPPET_MAX_NUMBERS numbers.
    """
    x = np.asarray(x, dtype=float).reshape(len(x), -1)
    if p.weight_ih.size + p.weight_hh.size + 2 * p.bias_ih.size + x.size > SNIPPET_MAX_NUMBERS:
        return None
    I, H = p.input_size, p.hidden_size
    c = {k: " ".join(str(v).split()) for k, v in comments.items()}  # one line each
    lines = [
        f"# {c['header']}",
        "import torch",
        "",
        "torch.set_default_dtype(torch.float64)",
        f"I, H = {I}, {H}",
        "",
        f"# {c['weights']}",
        f"weight_ih = {_tensor(p.weight_ih)}",
        f"weight_hh = {_tensor(p.weight_hh)}",
        f"bias_ih = {_tensor(p.bias_ih)}",
        f"bias_hh = {_tensor(p.bias_hh)}",
        "",
        f"# {c['input']}",
        f"x = {_tensor(x)}",
        "",
        f"# {c['model']}",
    ]
    if p.convention == "pytorch":
        lines += [
            "gru = torch.nn.GRU(I, H)",
            "gru.load_state_dict({",
            '    "weight_ih_l0": weight_ih,',
            '    "weight_hh_l0": weight_hh,',
            '    "bias_ih_l0": bias_ih,',
            '    "bias_hh_l0": bias_hh,',
            "})",
            "with torch.no_grad():",
            "    h, _ = gru(x.unsqueeze(1))  # (T, 1, H)",
            "h = h[:, 0]",
        ]
    else:
        new = (
            "h = (1 - z) * h + z * h_tilde"
            if p.convention == "textbook"
            else "h = z * h + (1 - z) * h_tilde"
        )
        lines += [
            "W_ir, W_iz, W_in = weight_ih.chunk(3)",
            "W_hr, W_hz, W_hn = weight_hh.chunk(3)",
            "b_ir, b_iz, b_in = bias_ih.chunk(3)",
            "b_hr, b_hz, b_hn = bias_hh.chunk(3)",
            "h, states = torch.zeros(H), []",
            f"# {c['loop']}",
            "for x_t in x:",
            "    r = torch.sigmoid(W_ir @ x_t + b_ir + W_hr @ h + b_hr)",
            "    z = torch.sigmoid(W_iz @ x_t + b_iz + W_hz @ h + b_hz)",
            "    h_tilde = torch.tanh(W_in @ x_t + b_in + W_hn @ (r * h) + b_hn)",
            f"    {new}",
            "    states.append(h)",
            "h = torch.stack(states)  # (T, H)",
        ]
    lines += [
        "",
        f"# {c['print']}",
        "for t, h_t in enumerate(h.tolist(), start=1):",
        '    print(t, " ".join(f"{v:+.6f}" for v in h_t))',
        "",
    ]
    return "\n".join(lines)


def states_text(h: np.ndarray) -> str:
    """The states as the snippet prints them: "t h_1 h_2 ..." with six decimals."""
    h = np.asarray(h, dtype=float).reshape(len(h), -1)
    return "\n".join(
        f"{t} " + " ".join(f"{v:+.6f}" for v in row) for t, row in enumerate(h, start=1)
    )

"""Training: what the update-gate bias does, what the trained gates did, the answers;
the run's labels, settings and progress in words, and the tables of results.

A table comes as a DataFrame with translated headers and a number format per column
("%.4g", "percent", ...), which the page hands to ``st.column_config.NumberColumn``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from gru_core.activations import sigmoid
from gru_core.conventions import Convention
from gru_core.lessons.training import (
    SWEEP_REFERENCE,
    TRAIN_MODELS,
    Inside,
    Status,
    Sweep,
    TrainJob,
)
from gru_core.tasks import TASKS
from lab import fmt
from lab.explain.common import num, num_tex, pct
from lab.explain.gradients import sci
from lab.i18n import t
from lab.plots.style import QUANTITIES

#: The progress bar's text while a run goes on, once stopped, once done.
PROGRESS = {
    Status.RUNNING: "train.progress",
    Status.STOPPED: "train.progress_stopped",
    Status.DONE: "train.progress_done",
}
SWEEP_PROGRESS = {
    Status.RUNNING: "train.sweep_progress",
    Status.STOPPED: "train.sweep_stopped",
    Status.DONE: "train.sweep_done",
}


def bias_note(keep_bias: float, seq_len: int, convention: Convention) -> str:
    """What the update-gate bias does to the gradient that must cross the sequence.

    keep_bias: the bias toward keeping the state (b_z = −keep_bias in the textbook
    convention, +keep_bias in cho and PyTorch). An untrained GRU's update gate sits near
    σ(keep_bias) on the keeping side, so a gradient from the answer at step T back to
    step 1 is scaled by about keep^(T−1) along the path that keeps the state (against
    0.5^(T−1) at bias 0).
    """
    b_z = convention.keeping_b_z(keep_bias)
    keep = 1.0 / (1.0 + math.exp(-float(keep_bias)))
    gap = max(1, int(seq_len) - 1)
    return t(
        "train.bias_note." + convention.z_family,
        bias=f"{b_z + 0.0:+g}",
        keep=pct(keep),
        keep_dec=num_tex(keep, 4),  # raised to the power as shown, it gives the product
        gap=gap,
        product=sci(keep**gap),
        half=sci(0.5**gap),
    )


def gates_note(keep, h_prev, h, h_tilde, marks) -> str:
    """How the trained GRU keeps what the marked steps bring: by its update gate, or by a
    latch (a candidate that repeats the state), or not yet.

    keep: (T, H) share of h_{t-1} kept at each step (trace.keep); h_prev, h, h_tilde:
    (T, H). Compared at the marked steps and elsewhere, averaged over units: the take
    share 1 − keep, and how far the state moves, |h_t − h_{t−1}|.
    """
    take = 1.0 - np.asarray(keep, dtype=float).mean(axis=1)  # (T,)
    h_prev, h, h_tilde = (np.asarray(a, dtype=float) for a in (h_prev, h, h_tilde))
    move = np.abs(h - h_prev).mean(axis=1)  # (T,)
    marks = np.asarray(marks, dtype=int)
    rest = np.ones(take.size, dtype=bool)
    rest[marks] = False
    if marks.size == 0 or not rest.any():
        return t("train.gates_no_marks", take=pct(float(take.mean())))
    take_mark, take_rest = float(take[marks].mean()), float(take[rest].mean())
    move_mark, move_rest = float(move[marks].mean()), float(move[rest].mean())
    fmt = dict(
        take_mark=pct(take_mark),
        take_rest=pct(take_rest),
        move_mark=num(move_mark, 2),
        move_rest=num(move_rest, 3),
    )
    if move_mark > 1.5 * move_rest:
        if take_mark > 1.5 * take_rest:
            return t("train.gates_written", **fmt)
        gap = float(np.abs(h_tilde - h_prev)[rest].mean())  # how far the candidate proposes
        size = float(np.abs(h_prev)[rest].mean())
        return t("train.gates_latch", gap=num(gap, 2), size=num(size, 2), **fmt)
    return t("train.gates_not_yet", **fmt)


def answer_note(task: str, y, pred_gru, pred_rnn, skip: int = 0) -> str:
    """One test sequence's target and both models' answers, in words.

    y, pred_*: (O,) for tasks answered at the last step; (T, O) for echo and sine,
    where the note gives each model's squared error averaged over the sequence
    from step ``skip`` on (echo scores only t ≥ k, its delay).
    """
    y, g, r = (np.asarray(a, dtype=float) for a in (y, pred_gru, pred_rnn))
    if task == "adding":
        return t("train.answer_adding", y=num(float(y.ravel()[0])), gru=num(float(g.ravel()[0])),
                 rnn=num(float(r.ravel()[0])))  # fmt: skip
    if task == "remember":
        s = float(y.ravel()[0])

        def say(logit: float) -> dict:
            p_plus = float(sigmoid(logit))  # the model's P(s = +1)
            sign = "+1" if logit > 0 else "−1"
            return {"sign": sign, "sure": pct(max(p_plus, 1.0 - p_plus))}

        a, b = say(float(g.ravel()[0])), say(float(r.ravel()[0]))
        return t("train.answer_remember", y="+1" if s > 0 else "−1", gru=a["sign"],
                 gru_sure=a["sure"], rnn=b["sign"], rnn_sure=b["sure"])  # fmt: skip
    err = lambda p: float(np.mean((p[skip:] - y[skip:]) ** 2))  # noqa: E731
    return t("train.answer_every_step", gru=num(err(g), 4), rnn=num(err(r), 4))


def inside_notes(seen: Inside) -> tuple[str, str]:
    """The notes beside the trained GRU's gates: how it keeps what the marked steps
    bring (``gates_note``), and the sequence's target and answers (``answer_note``)."""
    g = seen.gates
    note = gates_note(seen.keep, seen.h_prev, g["h"], g["h_tilde"], seen.marks)
    c = seen.config
    return note, answer_note(c.task, seen.target, seen.gru, seen.rnn, skip=seen.skip)


# ---- labels ------------------------------------------------------------------------------
def model_names() -> dict[str, str]:
    return {m: t("train.model." + m) for m in TRAIN_MODELS}


def metric_label(task: str) -> str:
    return t("train.metric." + TASKS[task].metric)


def _chart_labels(task: str, **keys: str) -> dict[str, str]:
    """The models' names, the task's metric and its baseline, and ``keys`` worded."""
    return (
        model_names()
        | {"metric": t("train.metric_title", metric=metric_label(task))}
        | {"baseline": t("train.baseline")}
        | {name: t(key) for name, key in keys.items()}
    )


def curve_labels(task: str) -> dict[str, str]:
    """The labels of ``lab.plots.training.curves_figure``."""
    return _chart_labels(task, loss="train.loss_title", step="train.step")


def sweep_labels(task: str) -> dict[str, str]:
    """The labels of ``lab.plots.training.sweep_points_figure``."""
    return _chart_labels(task, T="train.T_axis", reference="train.reference_short")


def gate_labels(task: str) -> dict[str, str]:
    """The labels of ``lab.plots.trained_gates_figure``, with the task's input channels."""
    labels = {}
    for q in QUANTITIES:
        labels[q] = t("quantity." + q)
        labels[q + "_sym"] = t("symbol." + q)
    labels |= {"t": t("seq.t"), "unit": t("seq.unit"), "marked": t("train.marked")}
    for j in range(TASKS[task].input_size):
        labels[f"channel_{j}"] = t(f"train.channel.{task}.{j}")
    return labels


# ---- the run and the sweep in words ---------------------------------------------------------
def settings_text(c) -> str:
    """A run's settings (a TrainConfig), its update-gate bias as the convention's b_z."""
    return t(
        "train.settings_of_run",
        task=t(f"train.task.{c.task}"),
        T=c.seq_len,
        H=c.hidden_size,
        lr=f"{c.lr:g}",
        steps=c.steps,
        bias=f"{c.b_z:+g}",
        seed=c.seed,
        conv=t(f"conv.{c.convention}.name"),
    )


def progress_text(job: TrainJob) -> str:
    """The progress bar's text: the step, both models' recent training loss, the time."""
    losses = {m: "–" if v is None else fmt.fixed(v, 4) for m, v in job.losses().items()}
    return t(
        PROGRESS[job.status],
        step=job.step,
        steps=job.config.steps,
        gru=losses["gru"],
        rnn=losses["rnn"],
        s=f"{job.seconds:.1f}",
    )


def sweep_progress_text(sweep: Sweep) -> str:
    """The sweep's progress bar text: which run of how many, its model, T and step."""
    c = sweep.config
    return t(
        SWEEP_PROGRESS[sweep.status],
        run=sweep.run,
        runs=len(sweep.plan),
        model=model_names()[c.model],
        T=c.seq_len,
        step=sweep.step,
        steps=c.steps,
    )


def sweep_text(
    key: str, task: str, H: int, steps: int, bias: float, lr, convention: Convention
) -> str:
    """A sweep's settings; bias: toward keeping the state, shown as the convention's b_z."""
    return t(
        key,
        task=t(f"train.task.{task}"),
        H=H,
        steps=steps,
        bias=f"{convention.keeping_b_z(bias):+g}",
        lr=f"{float(lr):g}",
    )


def sweep_shown_text(sweep: Sweep | None, planned: str) -> str | None:
    """What the sweep chart shows, when the settings have moved on since it ran (None
    when they have not, or before any sweep). planned: ``sweep_text("train.sweep_uses",
    ...)`` of the current settings."""
    if sweep is None:
        return None
    c = sweep.plan[0]
    ran = (c.task, c.hidden_size, c.steps, c.update_bias, c.lr, c.convention)
    if sweep_text("train.sweep_uses", *ran) == planned:
        return None
    return sweep_text("train.sweep_shown", *ran)


# ---- tables ------------------------------------------------------------------------------
def results_frame(rows: Sequence[Mapping]) -> tuple[pd.DataFrame, dict[str, str]]:
    """The results table (rows from ``gru_core.lessons.training.result_row``) in words,
    without the columns no row has (accuracy for the adding problem only, say), and the
    number format of each column shown."""
    names = model_names()
    df = pd.DataFrame(
        {
            t("train.col.source"): [t("train.source." + r["source"]) for r in rows],
            t("train.col.model"): [names[r["model"]] for r in rows],
            t("train.col.task"): [t(f"train.task.{r['task']}") for r in rows],
            "T": [r["T"] for r in rows],
            "H": [r["H"] for r in rows],
            t("train.col.steps"): [r["steps"] for r in rows],
            t("train.col.bias"): [r["b_z"] for r in rows],
            # the loss only where it is not the MSE again (remember: the logistic loss)
            t("train.col.loss"): [None if r["loss"] == r["mse"] else r["loss"] for r in rows],
            t("train.col.mse"): [r["mse"] for r in rows],
            t("train.col.accuracy"): [r["accuracy"] for r in rows],
            t("train.col.within"): [r["within"] for r in rows],
        }
    )
    df = df.dropna(axis=1, how="all")
    formats = {
        t("train.col.loss"): "%.4g",
        t("train.col.mse"): "%.4g",
        t("train.col.accuracy"): "percent",
        t("train.col.within"): "percent",
        t("train.col.bias"): "%+.1f",
    }
    return df, {k: v for k, v in formats.items() if k in df.columns}


def reference_frame() -> tuple[pd.DataFrame, dict[str, str]]:
    """The offline sweep (SWEEP_REFERENCE) as a table: MSE and share within 0.04 per
    model and length, and the number format of each column."""
    ref = SWEEP_REFERENCE
    names = model_names()
    within = t("train.col.within")
    df = pd.DataFrame(
        {
            "T": list(ref.lengths),
            **{f"{names[m]}: {t('train.metric.mse')}": list(ref.of("mse", m)) for m in names},
            **{f"{names[m]}: {within}": list(ref.of("within", m)) for m in names},
        }
    )
    formats = {c: "percent" if c.endswith(within) else "%.3g" for c in df.columns if c != "T"}
    return df, formats


def reference_intro(convention: Convention) -> str:
    """How the offline sweep was measured, its update-gate bias as the convention's b_z."""
    ref = SWEEP_REFERENCE
    return t(
        "train.reference_intro",
        command=ref.command,
        steps=ref.steps,
        H=ref.hidden_size,
        b2=f"{convention.keeping_b_z(ref.update_bias):+g}",
    )

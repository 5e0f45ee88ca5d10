"""Training: what the update-gate bias does, what the trained gates did, the answers."""

from __future__ import annotations

import math

import numpy as np

from gru_core.conventions import Z_KEEPS_PAST
from lab.explain.common import num, num_tex, pct
from lab.explain.forgetting import _keep_family
from lab.explain.gradients import sci
from lab.i18n import t


def bias_note(keep_bias: float, seq_len: int, convention: str) -> str:
    """What the update-gate bias does to the gradient that must cross the sequence.

    keep_bias: the bias toward keeping the state (b_z = −keep_bias in the textbook
    convention, +keep_bias in cho and PyTorch). An untrained GRU's update gate sits near
    σ(keep_bias) on the keeping side, so a gradient from the answer at step T back to
    step 1 is scaled by about keep^(T−1) along the path that keeps the state (against
    0.5^(T−1) at bias 0).
    """
    b_z = keep_bias if convention in Z_KEEPS_PAST else -keep_bias
    keep = 1.0 / (1.0 + math.exp(-float(keep_bias)))
    gap = max(1, int(seq_len) - 1)
    return t(
        "train.bias_note." + _keep_family(convention),
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
            p_plus = 0.5 * math.tanh(0.5 * logit) + 0.5  # σ(logit): the model's P(s = +1)
            sign = "+1" if logit > 0 else "−1"
            return {"sign": sign, "sure": pct(max(p_plus, 1.0 - p_plus))}

        a, b = say(float(g.ravel()[0])), say(float(r.ravel()[0]))
        return t("train.answer_remember", y="+1" if s > 0 else "−1", gru=a["sign"],
                 gru_sure=a["sure"], rnn=b["sign"], rnn_sure=b["sure"])  # fmt: skip
    err = lambda p: float(np.mean((p[skip:] - y[skip:]) ** 2))  # noqa: E731
    return t("train.answer_every_step", gru=num(err(g), 4), rnn=num(err(r), 4))

"""The training lesson's controls and session: its URL parameters, tour and settings box,
its training job, its sweep and its table of results in ``st.session_state``, the
buttons that start, stop and continue them, and the loops that run them live while the
page shows the curves.

In Streamlit any click interrupts a running script, so the trainers live in
``st.session_state`` (never in a cache or a module global): Stop keeps them, Continue
goes on from the same step, and a click on anything else simply resumes the loop after
the rerun. The page calls ``run_live`` at its very end, after every section is drawn, and
the loops update placeholders. No ``st.fragment`` here: a fragment's rerun does not
interrupt a running full-script run, so a Stop button inside one would wait for the end
of training.

The session keeps each run as plain data, a dict of its fields with the status as its
word (the job: {"trainers": {model: Trainer}, "status": "running"}), the shape the
lesson's tests read and set; ``job()`` and ``sweep()`` read them back as gru_core's
``TrainJob`` and ``Sweep``, and every change of state stores the record that follows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields

import streamlit as st

from gru_core.conventions import Convention
from gru_core.lessons.training import (
    Status,
    Sweep,
    TrainJob,
    one_blas_thread,
    sweep_plan,
    train_configs,
)
from gru_core.tasks import TASKS
from lab import tour, widgets
from lab.explain import training as words
from lab.i18n import current_lang, t
from lab.plots import config
from lab.plots import training as charts
from lab.state import Choice, Int, Num, initial_value, set_widget, write_url

#: The lesson's URL parameters, one widget each (bias and bias_tb: b_z in either sign).
MAX_T, MAX_H, MAX_STEPS, MAX_SWEEP_STEPS = 200, 32, 3000, 1000
LRS = ("0.001", "0.003", "0.01", "0.03", "0.1")
SHOWN = ("1", "2", "3")  # the test sequences one can look inside
PARAMS = {
    "task": Choice(tuple(TASKS), "adding"),
    "T": Int(10, MAX_T, 50),
    "H": Int(1, MAX_H, 16),
    "lr": Choice(LRS, "0.01"),
    "steps": Int(50, MAX_STEPS, 500, 50),
    # the update gate's bias b_z at the start, in the convention's own sign: positive
    # keeps the state in cho and PyTorch ("bias"), negative in the textbook ("bias_tb")
    "bias": Num(-2.0, 4.0, 2.0, 0.5),
    "bias_tb": Num(-4.0, 2.0, -2.0, 0.5),
    "seed": Int(0, 9999, 0),
    "sweep_steps": Int(50, MAX_SWEEP_STEPS, 400, 50),
    "show": Choice(SHOWN, "1"),
}
#: b_z in the textbook convention and in the keep-z conventions: b_z -> -b_z.
MIRRORS = (("bias_tb", "bias", lambda b: -b),)
#: Hidden in teacher mode (lab.teacher): the optimiser's details and the model size.
ADVANCED = ("H", "lr", "seed", "sweep_steps")
#: Session-state keys of the lesson (not widgets, not in the URL).
JOB, SWEEP, ROWS, ERROR = "_train_job", "_train_sweep", "_train_rows", "_train_error"
#: Training between two redraws. Drawing adds 0.05 to 0.3 s (more on a busy machine),
#: so the page redraws about three times a second and at least twice in all but the
#: busiest moments (measured: median 0.35 s between redraws at a load average of 13).
ROUND_SECONDS = 0.25
#: The settings a run is made of (their widgets' keys); the bias is read by ``bias_key``.
SETTINGS = ("task", "T", "H", "lr", "steps", "seed")
#: The update-gate bias experiment (run with b_z = 0, then biased toward keeping).
EXPERIMENT = {"task": "remember", "T": 50, "H": 8, "steps": 200}
#: The bias toward keeping the experiment's second run starts from.
KEEP_BIAS = 2.0


# ---- settings -------------------------------------------------------------------------------
def bias_key(convention: Convention) -> str:
    """The slider of b_z in this convention's own sign: "bias" where a positive b_z keeps
    the state (cho, PyTorch), "bias_tb" where a negative one does (textbook)."""
    return "bias" if convention.z_keeps_past else "bias_tb"


def experiment(keep_bias: float) -> Callable[[str], dict]:
    """The experiment's settings with the bias toward keeping as this convention's b_z."""
    return lambda convention: EXPERIMENT | {bias_key(convention): convention.keeping_b_z(keep_bias)}


#: The guided tour: the default adding run, then the bias experiment (bias 0, then +2).
#: Each step resets the settings and sets these; the learner presses Train.
TOUR = (
    tour.Step("adding", {"task": "adding"}),
    tour.Step("experiment", experiment(0.0)),
    tour.Step("experiment_keep", experiment(KEEP_BIAS)),
)


def keep_b_z(convention: Convention) -> str:
    """The experiment's second start as this convention's b_z, for the texts ("+2")."""
    return f"{convention.keeping_b_z(KEEP_BIAS):+g}"


def settings_box(convention: Convention) -> dict:
    """The run's settings, in a box: the task, its size, the optimiser, the gate bias.
    Returns them as ``settings`` does."""
    with st.container(border=True):
        c1, c2, c3 = st.columns(3, gap="medium")
        with c1:
            task = widgets.select("task", t("train.task"), PARAMS["task"], fmt="train.task.{}")
            st.caption(t(f"train.task_story.{task}"))
        with c2:
            T = widgets.slider("T", t("train.T", max=MAX_T), PARAMS["T"], help=t("train.T_help"))
            H = widgets.slider("H", t("train.H", max=MAX_H), PARAMS["H"], help=t("train.H_help"))
            steps = widgets.slider("steps", t("train.steps", max=MAX_STEPS), PARAMS["steps"])
        with c3:
            key = bias_key(convention)
            family = "keep" if key == "bias" else "textbook"
            b_z = widgets.slider(
                key, t("train.bias"), PARAMS[key], help=t("train.bias_help." + family), fmt="%+.1f"
            )
            lr = widgets.select("lr", t("train.lr"), PARAMS["lr"], help=t("train.lr_help"))
            seed = widgets.number(
                "seed", t("train.seed"), PARAMS["seed"], help=t("train.seed_help")
            )
        st.caption(t("train.limits", T=MAX_T, H=MAX_H, steps=MAX_STEPS))
    bias = convention.keeping_b_z(b_z)  # toward keeping
    return {"task": task, "T": T, "H": H, "lr": lr, "steps": steps, "bias": bias, "seed": seed}


def settings(convention: Convention) -> dict:
    """The current settings, from the widgets' session state (each valid by its spec);
    "bias" is the bias toward keeping the state (the trainer's, in every convention)."""
    s = {k: initial_value(k, PARAMS[k]) for k in SETTINGS}
    key = bias_key(convention)
    s["bias"] = convention.keeping_b_z(initial_value(key, PARAMS[key]))  # its own inverse
    return s


# ---- the session's runs and rows -------------------------------------------------------------
def job() -> TrainJob | None:
    record = st.session_state.get(JOB)
    return None if record is None else TrainJob(**record)


def sweep() -> Sweep | None:
    record = st.session_state.get(SWEEP)
    return None if record is None else Sweep(**record)


def _keep(key: str, run: TrainJob | Sweep) -> None:
    st.session_state[key] = {f.name: getattr(run, f.name) for f in fields(run)}


def rows() -> list[dict]:
    """The results table's rows, oldest first (``gru_core.lessons.training.result_row``)."""
    return st.session_state.get(ROWS) or []


def _add_rows(new: Sequence[dict]) -> None:
    st.session_state.setdefault(ROWS, []).extend(new)


def clear_rows() -> None:
    st.session_state[ROWS] = []


def error() -> str | None:
    """Why the last Train or sweep could not start (an impossible combination)."""
    return st.session_state.get(ERROR)


# ---- the buttons' callbacks ----------------------------------------------------------------
def pause_job() -> None:
    now = job()
    if now is not None and now.status == Status.RUNNING:
        _keep(JOB, now.pause())
        _add_rows(now.rows())


def pause_sweep() -> None:
    now = sweep()
    if now is not None and now.status == Status.RUNNING:
        _keep(SWEEP, now.pause())


def _start(slot: str, make: Callable[[], TrainJob | Sweep]) -> None:
    """Keep what ``make()`` starts under ``slot`` (JOB or SWEEP), pausing whatever ran
    before; settings that cannot run together are said on the page, which stays alive."""
    st.session_state.pop(ERROR, None)
    try:
        new = make()
    except ValueError as e:
        st.session_state[ERROR] = str(e)
        return
    pause_job()
    pause_sweep()
    one_blas_thread()
    _keep(slot, new)


def _resume(slot: str, now: TrainJob | Sweep | None, pause_other: Callable[[], None]) -> None:
    if now is not None and now.status == Status.STOPPED:
        pause_other()
        one_blas_thread()
        _keep(slot, now.resume())


def start_training(convention: Convention) -> None:
    s = settings(convention)
    args = (s["task"], s["T"], s["H"], float(s["lr"]), s["steps"], s["bias"], s["seed"])
    _start(JOB, lambda: TrainJob.start(train_configs(*args, convention)))


def continue_training() -> None:
    _resume(JOB, job(), pause_sweep)


def start_sweep(convention: Convention) -> None:
    s = settings(convention)
    steps = initial_value("sweep_steps", PARAMS["sweep_steps"])
    args = (s["task"], s["H"], float(s["lr"]), steps, s["bias"], s["seed"])
    _start(SWEEP, lambda: Sweep(sweep_plan(*args, convention)))


def continue_sweep() -> None:
    _resume(SWEEP, sweep(), pause_job)


def setup_experiment(convention: Convention) -> None:
    for k, value in experiment(0.0)(convention).items():  # URL too: H may be hidden (teacher)
        set_widget(k, value)
        write_url(k, PARAMS[k], value)


# ---- buttons, tables ------------------------------------------------------------------------
def buttons(cols, keys, start_label: str, start, stop, resume, args, status) -> None:
    """Start, Stop and Continue in three columns (training and the sweep). start gets
    ``args``; status: the run's now (None before the first)."""
    with cols[0]:
        widgets.button(keys[0], start_label, "play_arrow", start, *args, kind="primary")
    with cols[1]:
        widgets.button(keys[1], t("train.stop"), "stop", stop, disabled=status != Status.RUNNING)
    with cols[2]:
        widgets.button(keys[2], t("train.continue"), "resume", resume,
                       disabled=status != Status.STOPPED)  # fmt: skip


def run_buttons(convention: Convention, status: Status | None) -> None:
    """Train, Stop, Continue: in one row right above the progress bar and the curves,
    so a class watching the curves sees them too."""
    cols = st.columns([1, 1, 1, 1.5])[:3]
    keys = ("train", "stop", "continue")
    buttons(cols, keys, t("train.train"), start_training, pause_job, continue_training,
            (convention,), status)  # fmt: skip


def sweep_buttons(cols, convention: Convention, status: Status | None) -> None:
    keys = ("sweep", "sweep_stop", "sweep_continue")
    buttons(cols, keys, t("train.sweep_run"), start_sweep, pause_sweep, continue_sweep,
            (convention,), status)  # fmt: skip


def table(df, formats: Mapping[str, str], key: str) -> None:
    """A table from lab.explain.training, each column in its number format."""
    cfg = {c: st.column_config.NumberColumn(format=f) for c, f in formats.items()}
    st.dataframe(df, key=key, hide_index=True, column_config=cfg)


# ---- drawing, and the live loops ----------------------------------------------------------
def draw_training(now: TrainJob, slots: Mapping, key: str):
    """The run's progress and curves in their slots; returns the curves' figure."""
    slots["progress"].progress(now.fraction, text=words.progress_text(now))
    fig = charts.curves_figure(now, words.curve_labels(now.config.task))
    slots["curves"].plotly_chart(fig, key=key, config=config(current_lang()))
    return fig


def draw_sweep(now: Sweep | None, task: str, slots: Mapping, key: str) -> None:
    """The sweep's progress (once there is a sweep) and its chart, in its own task; before
    any sweep, the chart of ``task`` with only the offline reference and the baseline."""
    if now is not None:
        slots["progress"].progress(now.fraction, text=words.sweep_progress_text(now))
        task = now.plan[0].task
    fig = charts.sweep_points_figure(now, task, words.sweep_labels(task))
    slots["chart"].plotly_chart(fig, key=key, config=config(current_lang()))


def train_live(now: TrainJob, slots: Mapping) -> None:
    """Train both models until done, redrawing after every round. A click anywhere
    interrupts this loop at its next redraw; the trainers stay in session state."""
    n = 0
    while now.status == Status.RUNNING:
        now = now.advance(ROUND_SECONDS)
        if now.status == Status.DONE:
            _keep(JOB, now)
            _add_rows(now.rows())
            st.rerun()  # draw the finished page: gates, table, download
        n += 1
        draw_training(now, slots, key=f"curves_live_{n}")


def sweep_live(now: Sweep, slots: Mapping) -> None:
    """Run the sweep until done, storing it after every round (before the redraw, where
    a click interrupts), a row in the table for every finished run."""
    n = 0
    while now.status == Status.RUNNING:
        now, row = now.advance(ROUND_SECONDS)
        _keep(SWEEP, now)
        if row is not None:
            _add_rows([row])
        if now.status == Status.DONE:
            st.rerun()
        n += 1
        draw_sweep(now, now.plan[0].task, slots, key=f"sweep_live_{n}")


def run_live(train_slots: Mapping, sweep_slots: Mapping) -> None:
    """Run whichever of the two is running (starting one pauses the other)."""
    now = job()
    if now is not None and now.status == Status.RUNNING:
        train_live(now, train_slots)
    now = sweep()
    if now is not None and now.status == Status.RUNNING:
        sweep_live(now, sweep_slots)

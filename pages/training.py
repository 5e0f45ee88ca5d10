"""Lesson 7: train a GRU and a plain RNN side by side, live, then look inside the GRU.

Pick a memory task and the settings; Train runs both models from the same seed
(the same batches, the same test set) inside this script, redrawing the progress
bar and the curves about twice a second. In Streamlit any click interrupts a
running script, so the trainers live in ``st.session_state`` (never in a cache or
a module global): Stop keeps them, Continue goes on from the same step, and a
click on anything else simply resumes the loop after the rerun. The training
loops run at the very end of the script, after every section is drawn, and
update placeholders. No ``st.fragment`` here: a fragment's rerun does not
interrupt a running full-script run, so a Stop button inside one would wait for
the end of training.

After training: the trained GRU's gates on test sequences, a table of results
(rows accumulate over runs), a sweep over lengths, and the GRU as a download.
"""

import pandas as pd
import streamlit as st

from gru_core import lessons
from gru_core.conventions import Z_KEEPS_PAST
from gru_core.io import weights_to_bytes
from gru_core.tasks import TASKS
from gru_core.train import Trainer
from lab import explain, fmt, plots, tour, widgets
from lab.i18n import current_lang, t
from lab.state import (
    Choice,
    Int,
    Num,
    follow_convention,
    initial_value,
    page_setup,
    set_widget,
    write_url,
)
from lab.uploads import quote

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
SETTINGS = ("task", "T", "H", "lr", "steps", "seed")
#: b_z in the textbook convention and in the keep-z conventions: b_z -> -b_z.
MIRRORS = (("bias_tb", "bias", lambda b: -b),)
#: Session-state keys of this page (not widgets, not in the URL).
JOB, SWEEP, ROWS, ERROR = "_train_job", "_train_sweep", "_train_rows", "_train_error"
#: Training between two redraws. Drawing adds 0.05 to 0.3 s (more on a busy machine),
#: so the page redraws about three times a second and at least twice in all but the
#: busiest moments (measured: median 0.35 s between redraws at a load average of 13).
ROUND_SECONDS = 0.25
#: The update-gate bias experiment (run with b_z = 0, then biased toward keeping).
EXPERIMENT = {"task": "remember", "T": 50, "H": 8, "steps": 200}
#: The bias toward keeping the experiment's second run starts from.
KEEP_BIAS = 2.0


def bias_key(convention: str) -> str:
    return "bias" if convention in Z_KEEPS_PAST else "bias_tb"


def b_z_of(keep_bias: float, convention: str) -> float:
    """The update gate's b_z that biases it toward keeping by ``keep_bias``."""
    return float(keep_bias) if convention in Z_KEEPS_PAST else -float(keep_bias) + 0.0


def experiment(keep_bias: float):
    """The experiment's settings with the bias toward keeping as this convention's b_z."""
    return lambda convention: EXPERIMENT | {bias_key(convention): b_z_of(keep_bias, convention)}


#: Hidden in teacher mode (lab.teacher): the optimiser's details and the model size.
ADVANCED = ("H", "lr", "seed", "sweep_steps")
#: The guided tour: the default adding run, then the bias experiment (bias 0, then +2).
#: Each step resets the settings and sets these; the learner presses Train.
TOUR = (
    tour.Step("adding", {"task": "adding"}),
    tour.Step("experiment", experiment(0.0)),
    tour.Step("experiment_keep", experiment(KEEP_BIAS)),
)


# ---- state: one training job and one sweep per session -----------------------------------
def settings(convention: str) -> dict:
    """The current settings, from the widgets' session state (each valid by its spec);
    "bias" is the bias toward keeping the state (the trainer's, in every convention)."""
    s = {k: initial_value(k, PARAMS[k]) for k in SETTINGS}
    key = bias_key(convention)
    s["bias"] = b_z_of(initial_value(key, PARAMS[key]), convention)  # b_z -> keep: its own inverse
    return s


def result_row(source: str, trainer) -> dict:
    """One line of the results table: the run's settings and its test scores now."""
    c = trainer.config
    test = trainer.evaluate()
    return {
        "source": source,
        "model": c.model,
        "task": c.task,
        "T": c.seq_len,
        "H": c.hidden_size,
        "steps": trainer.step_count,
        "b_z": b_z_of(c.update_bias, c.convention),
        "lr": c.lr,
        "loss": test.get("loss"),
        "mse": test.get("mse"),
        "accuracy": test.get("accuracy"),
        "within": test.get("within_0.04"),
    }


def record(source: str, trainers) -> None:
    rows = st.session_state.setdefault(ROWS, [])
    rows.extend(result_row(source, tr) for tr in trainers if tr.step_count > 0)


def pause_job() -> None:
    job = st.session_state.get(JOB)
    if job is not None and job["status"] == "running":
        job["status"] = "stopped"
        record("run", job["trainers"].values())


def pause_sweep() -> None:
    sweep = st.session_state.get(SWEEP)
    if sweep is not None and sweep["status"] == "running":
        sweep["status"] = "stopped"


def start_training(convention: str) -> None:
    s = settings(convention)
    st.session_state.pop(ERROR, None)
    try:
        configs = lessons.train_configs(
            s["task"], s["T"], s["H"], float(s["lr"]), s["steps"], s["bias"], s["seed"], convention
        )
        trainers = {m: Trainer(c) for m, c in configs.items()}
    except ValueError as e:  # an impossible combination: say so, keep the page alive
        st.session_state[ERROR] = str(e)
        return
    pause_job()
    pause_sweep()
    lessons.one_blas_thread()
    st.session_state[JOB] = {"trainers": trainers, "status": "running"}


def continue_training() -> None:
    job = st.session_state.get(JOB)
    if job is not None and job["status"] == "stopped":
        pause_sweep()
        lessons.one_blas_thread()
        job["status"] = "running"


def start_sweep(convention: str) -> None:
    s = settings(convention)
    steps = initial_value("sweep_steps", PARAMS["sweep_steps"])
    st.session_state.pop(ERROR, None)
    try:
        plan = lessons.sweep_plan(
            s["task"], s["H"], float(s["lr"]), steps, s["bias"], s["seed"], convention
        )
    except ValueError as e:
        st.session_state[ERROR] = str(e)
        return
    pause_job()
    pause_sweep()
    lessons.one_blas_thread()
    st.session_state[SWEEP] = lessons.new_sweep(plan)


def continue_sweep() -> None:
    sweep = st.session_state.get(SWEEP)
    if sweep is not None and sweep["status"] == "stopped":
        pause_job()
        lessons.one_blas_thread()
        sweep["status"] = "running"


def setup_experiment(convention: str) -> None:
    for k, value in experiment(0.0)(convention).items():  # URL too: H may be hidden (teacher)
        set_widget(k, value)
        write_url(k, PARAMS[k], value)


def clear_rows() -> None:
    st.session_state[ROWS] = []


# ---- labels ----------------------------------------------------------------------------------
def model_names() -> dict[str, str]:
    return {m: t("train.model." + m) for m in lessons.TRAIN_MODELS}


def metric_label(task: str) -> str:
    return t("train.metric." + TASKS[task].metric)


def settings_text(c, steps_done: int | None = None) -> str:
    return t(
        "train.settings_of_run",
        task=t(f"train.task.{c.task}"),
        T=c.seq_len,
        H=c.hidden_size,
        lr=f"{c.lr:g}",
        steps=c.steps if steps_done is None else steps_done,
        bias=f"{b_z_of(c.update_bias, c.convention):+g}",
        seed=c.seed,
        conv=t(f"conv.{c.convention}.name"),
    )


# ---- controls -------------------------------------------------------------------------------
def controls(convention: str) -> dict:
    """The run's settings, in a box: the task, its size, the optimiser, the gate bias."""
    with st.container(border=True):
        c1, c2, c3 = st.columns(3, gap="medium")
        with c1:
            task = widgets.select(
                "task", t("train.task"), PARAMS["task"], fmt=lambda o: t(f"train.task.{o}")
            )
            st.caption(t(f"train.task_story.{task}"))
        with c2:
            T = widgets.slider("T", t("train.T", max=MAX_T), PARAMS["T"], help=t("train.T_help"))
            H = widgets.slider("H", t("train.H", max=MAX_H), PARAMS["H"], help=t("train.H_help"))
            steps = widgets.slider("steps", t("train.steps", max=MAX_STEPS), PARAMS["steps"])
        with c3:
            key = bias_key(convention)
            family = "keep" if convention in Z_KEEPS_PAST else "textbook"
            b_z = widgets.slider(
                key, t("train.bias"), PARAMS[key], help=t("train.bias_help." + family), fmt="%+.1f"
            )
            lr = widgets.select("lr", t("train.lr"), PARAMS["lr"], help=t("train.lr_help"))
            seed = widgets.number(
                "seed", t("train.seed"), PARAMS["seed"], help=t("train.seed_help")
            )
        st.caption(t("train.limits", T=MAX_T, H=MAX_H, steps=MAX_STEPS))
    bias = b_z_of(b_z, convention)  # toward keeping
    return {"task": task, "T": T, "H": H, "lr": lr, "steps": steps, "bias": bias, "seed": seed}


def control_buttons(cols, keys, start_label, callbacks, convention, running, stopped) -> None:
    """Start, Stop and Continue buttons in three columns (training and the sweep)."""
    start, stop, resume = callbacks
    with cols[0]:
        st.button(
            start_label,
            key=keys[0],
            type="primary",
            icon=":material/play_arrow:",
            on_click=start,
            args=(convention,),
            width="stretch",
        )
    with cols[1]:
        st.button(
            t("train.stop"),
            key=keys[1],
            icon=":material/stop:",
            on_click=stop,
            disabled=not running,
            width="stretch",
        )
    with cols[2]:
        st.button(
            t("train.continue"),
            key=keys[2],
            icon=":material/resume:",
            on_click=resume,
            disabled=not stopped,
            width="stretch",
        )


def run_buttons(convention: str, job: dict | None) -> None:
    """Train, Stop, Continue: in one row right above the progress bar and the curves,
    so a class watching the curves sees them too."""
    running = job is not None and job["status"] == "running"
    stopped = job is not None and job["status"] == "stopped"
    b1, b2, b3, _ = st.columns([1, 1, 1, 1.5])
    control_buttons(
        (b1, b2, b3),
        ("train", "stop", "continue"),
        t("train.train"),
        (start_training, pause_job, continue_training),
        convention,
        running,
        stopped,
    )


def bias_lesson(s: dict, convention: str) -> None:
    with st.container(border=True):
        st.markdown(f"{plots.swatch('z')} **{t('train.bias_title')}**")
        left, right = st.columns([1.25, 1], gap="large")
        with left:
            st.markdown(t("train.bias_why"))
        with right:
            st.markdown(explain.bias_note(s["bias"], s["T"], convention))
            st.markdown(t("train.bias_try", b2=f"{b_z_of(KEEP_BIAS, convention):+g}"))
            st.button(
                t("train.bias_setup"),
                key="bias_setup",
                icon=":material/science:",
                on_click=setup_experiment,
                args=(convention,),
            )


# ---- training: progress, curves ------------------------------------------------------------
def curves_figure(job: dict):
    trainers = job["trainers"]
    first = trainers[lessons.TRAIN_MODELS[0]]
    task = first.config.task
    labels = model_names() | {
        "loss": t("train.loss_title"),
        "metric": t("train.metric_title", metric=metric_label(task)),
        "step": t("train.step"),
        "baseline": t("train.baseline"),
    }
    curves = {m: lessons.curve(tr.progress()) for m, tr in trainers.items()}
    return plots.training_curves(
        curves,
        lessons.baselines(task),
        labels,
        steps=first.config.steps,
        metric_log=first.task.metric == "mse",
    )


def progress_text(job: dict) -> tuple[float, str]:
    trainers = job["trainers"]
    steps = next(iter(trainers.values())).config.steps
    done = min(tr.step_count for tr in trainers.values())
    fraction = sum(tr.step_count for tr in trainers.values()) / (steps * len(trainers))
    losses = {}
    for m, tr in trainers.items():
        p = tr.progress()
        losses[m] = fmt.fixed(float(lessons.smooth(p.train_loss, 20)[-1]), 4) if p.step else "–"
    seconds = sum(tr.seconds for tr in trainers.values())
    key = {"running": "train.progress", "stopped": "train.progress_stopped"}.get(
        job["status"], "train.progress_done"
    )
    text = t(key, step=done, steps=steps, gru=losses["gru"], rnn=losses["rnn"], s=f"{seconds:.1f}")
    return min(1.0, fraction), text


def draw_training(job: dict, slots: dict, key: str) -> None:
    fraction, text = progress_text(job)
    slots["progress"].progress(fraction, text=text)
    slots["curves"].plotly_chart(curves_figure(job), key=key, config=plots.config(current_lang()))


def train_live(job: dict, slots: dict) -> None:
    """Train both models until done, redrawing after every round. A click anywhere
    interrupts this loop at its next redraw; the trainers stay in session state."""
    n = 0
    while job["status"] == "running":
        lessons.advance(job["trainers"], ROUND_SECONDS)
        if lessons.finished(job["trainers"]):
            job["status"] = "done"
            record("run", job["trainers"].values())
            st.rerun()  # draw the finished page: gates, table, download
        n += 1
        draw_training(job, slots, key=f"curves_live_{n}")


# ---- after training: inside the GRU ------------------------------------------------------------
def gate_labels(task: str) -> dict[str, str]:
    labels = {}
    for q in plots.QUANTITIES:
        labels[q] = t("quantity." + q)
        labels[q + "_sym"] = t("symbol." + q)
    labels |= {"t": t("seq.t"), "unit": t("seq.unit"), "marked": t("train.marked")}
    for j in range(TASKS[task].input_size):
        labels[f"channel_{j}"] = t(f"train.channel.{task}.{j}")
    return labels


def inside_gru(job: dict) -> None:
    gru, rnn = job["trainers"]["gru"], job["trainers"]["rnn"]
    c = gru.config
    st.subheader(t("train.inside_title"))
    st.markdown(t("train.inside_intro"))
    pick = widgets.radio(
        "show", t("train.show"), PARAMS["show"], fmt=lambda o: t("train.show_n", n=o)
    )
    k = SHOWN.index(pick)
    result = gru.result()
    x = gru.x_test[:, k : k + 1]  # (T, 1, I): one test sequence
    trace, pred_gru = result.predict(x)
    _, pred_rnn = rnn.result().predict(x)
    x1 = x[:, 0, :]
    gates = {q: getattr(trace, q)[:, 0, :] for q in ("r", "z", "h_tilde", "h")}
    marks = lessons.marked_steps(c.task, x1)
    steps = list(range(1, c.seq_len + 1))
    fig = plots.trained_gates_figure(steps, x1, gates, marks, gate_labels(c.task))
    rows = " · ".join(f"{plots.swatch(q)} {t('quantity.' + q)}" for q in plots.QUANTITIES[1:])
    st.markdown(rows)
    st.plotly_chart(fig, key="gates", config=plots.config(current_lang()))
    keep = trace.keep[:, 0, :]
    note = explain.gates_note(keep, trace.h_prev[:, 0, :], gates["h"], gates["h_tilde"], marks)
    if gru.task.every_step:
        y, pg, pr = gru.y_test[:, k], pred_gru[:, 0], pred_rnn[:, 0]
    else:
        y, pg, pr = gru.y_test[k], pred_gru[0], pred_rnn[0]
    skip = c.delay if c.task == "echo" else 0
    left, right = st.columns([1.4, 1], gap="large")
    with left:
        st.markdown(f"{plots.swatch('z')} {note}")
        st.markdown(f"{plots.swatch('h')} " + explain.answer_note(c.task, y, pg, pr, skip=skip))
    with right:
        st.caption(t(f"conv.{c.convention}.rule"))
        st.download_button(
            t("train.download"),
            weights_to_bytes(result.params, layout="torch", fmt="npz"),
            file_name=f"gru_{c.task}_T{c.seq_len}_H{c.hidden_size}_{c.convention}.npz",
            mime="application/octet-stream",
            key="download",
            on_click="ignore",
            icon=":material/download:",
        )
        st.caption(t("train.download_help"))


def results_table() -> None:
    rows = st.session_state.get(ROWS) or []
    st.subheader(t("train.table_title"))
    if not rows:
        st.caption(t("train.table_empty"))
        return
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
    df = df.dropna(axis=1, how="all")  # a column no row has (e.g. accuracy for adding only)
    fmt = {
        t("train.col.loss"): st.column_config.NumberColumn(format="%.4g"),
        t("train.col.mse"): st.column_config.NumberColumn(format="%.4g"),
        t("train.col.accuracy"): st.column_config.NumberColumn(format="percent"),
        t("train.col.within"): st.column_config.NumberColumn(format="percent"),
        t("train.col.bias"): st.column_config.NumberColumn(format="%+.1f"),
    }
    st.dataframe(
        df,
        key="results",
        hide_index=True,
        column_config={k: v for k, v in fmt.items() if k in df.columns},
    )
    st.button(t("train.clear"), key="clear_rows", icon=":material/delete:", on_click=clear_rows)


# ---- the sweep over lengths ----------------------------------------------------------------------
def sweep_figure(sweep: dict | None, task: str):
    labels = model_names() | {
        "T": t("train.T_axis"),
        "metric": t("train.metric_title", metric=metric_label(task)),
        "baseline": t("train.baseline"),
        "reference": t("train.reference_short"),
    }
    points = {}
    for m in lessons.TRAIN_MODELS:
        mine = [p for p in (sweep or {}).get("points", []) if p["model"] == m]
        if mine:
            points[m] = ([p["T"] for p in mine], [p[TASKS[task].metric] for p in mine])
    ref = lessons.SWEEP_REFERENCE
    reference = None
    if task == ref.task:
        reference = {m: (ref.lengths, ref.of("mse", m)) for m in lessons.TRAIN_MODELS}
    return plots.sweep_figure(
        points,
        lessons.baselines(task)["metric"],
        labels,
        log_y=TASKS[task].metric == "mse",
        lengths=lessons.SWEEP_LENGTHS,
        reference=reference,
    )


def sweep_progress(sweep: dict) -> tuple[float, str]:
    plan = sweep["plan"]
    i = min(sweep["index"], len(plan) - 1)
    c = plan[i]
    step = sweep["trainer"].step_count if sweep["trainer"] is not None else 0
    key = {"running": "train.sweep_progress", "stopped": "train.sweep_stopped"}.get(
        sweep["status"], "train.sweep_done"
    )
    text = t(
        key,
        run=min(sweep["index"] + 1, len(plan)),
        runs=len(plan),
        model=model_names()[c.model],
        T=c.seq_len,
        step=step,
        steps=c.steps,
    )
    return lessons.sweep_fraction(sweep), text


def draw_sweep(sweep: dict | None, task: str, slots: dict, key: str) -> None:
    if sweep is not None:
        fraction, text = sweep_progress(sweep)
        slots["progress"].progress(fraction, text=text)
        task = sweep["plan"][0].task
    slots["chart"].plotly_chart(
        sweep_figure(sweep, task), key=key, config=plots.config(current_lang())
    )


def sweep_live(sweep: dict, slots: dict) -> None:
    n = 0
    while sweep["status"] == "running":
        point = lessons.sweep_advance(sweep, ROUND_SECONDS)
        if point is not None:
            c = sweep["plan"][sweep["index"] - 1]
            rows = st.session_state.setdefault(ROWS, [])
            rows.append(result_row_from_point(c, point))
        if sweep["index"] >= len(sweep["plan"]):
            sweep["status"] = "done"
            st.rerun()
        n += 1
        draw_sweep(sweep, sweep["plan"][0].task, slots, key=f"sweep_live_{n}")


def result_row_from_point(c, point: dict) -> dict:
    return {
        "source": "sweep",
        "model": c.model,
        "task": c.task,
        "T": c.seq_len,
        "H": c.hidden_size,
        "steps": point["steps"],
        "b_z": b_z_of(c.update_bias, c.convention),
        "lr": c.lr,
        "loss": point.get("loss"),
        "mse": point.get("mse"),
        "accuracy": point.get("accuracy"),
        "within": point.get("within_0.04"),
    }


def sweep_text(key: str, task: str, H: int, steps: int, bias: float, lr, convention: str) -> str:
    """bias: toward keeping the state; shown as the convention's b_z."""
    return t(
        key,
        task=t(f"train.task.{task}"),
        H=H,
        steps=steps,
        bias=f"{b_z_of(bias, convention):+g}",
        lr=f"{float(lr):g}",
    )


def sweep_section(convention: str, s: dict) -> dict:
    sweep = st.session_state.get(SWEEP)
    running = sweep is not None and sweep["status"] == "running"
    stopped = sweep is not None and sweep["status"] == "stopped"
    st.subheader(t("train.sweep_title"))
    st.markdown(t("train.sweep_intro", lengths=", ".join(map(str, lessons.SWEEP_LENGTHS))))
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    with c1:
        budget = widgets.slider(
            "sweep_steps",
            t("train.sweep_steps", max=MAX_SWEEP_STEPS),
            PARAMS["sweep_steps"],
            help=t("train.sweep_steps_help"),
        )
    control_buttons(
        (c2, c3, c4),
        ("sweep", "sweep_stop", "sweep_continue"),
        t("train.sweep_run"),
        (start_sweep, pause_sweep, continue_sweep),
        convention,
        running,
        stopped,
    )
    planned = sweep_text(
        "train.sweep_uses", s["task"], s["H"], budget, s["bias"], s["lr"], convention
    )
    st.caption(planned)
    slots = {"progress": st.empty(), "chart": st.empty()}
    if sweep is not None:  # what the chart shows, when the settings have moved on since
        c = sweep["plan"][0]
        ran = (c.task, c.hidden_size, c.steps, c.update_bias, c.lr, c.convention)
        if sweep_text("train.sweep_uses", *ran) != planned:
            st.caption(sweep_text("train.sweep_shown", *ran))
    draw_sweep(sweep, s["task"], slots, key="sweep_chart")
    reference_table(convention)
    return slots


def reference_table(convention: str) -> None:
    ref = lessons.SWEEP_REFERENCE
    names = model_names()
    df = pd.DataFrame(
        {
            "T": list(ref.lengths),
            **{f"{names[m]}: {t('train.metric.mse')}": list(ref.of("mse", m)) for m in names},
            **{f"{names[m]}: {t('train.col.within')}": list(ref.of("within", m)) for m in names},
        }
    )
    with st.expander(t("train.reference_title"), expanded=True, key="reference_open"):
        st.markdown(
            t(
                "train.reference_intro",
                command=ref.command,
                steps=ref.steps,
                H=ref.hidden_size,
                b2=f"{b_z_of(ref.update_bias, convention):+g}",
            )  # fmt: skip
        )
        cfg = {c: st.column_config.NumberColumn(format="%.3g") for c in df.columns if c != "T"}
        cfg |= {
            c: st.column_config.NumberColumn(format="percent")
            for c in df.columns
            if c.endswith(t("train.col.within"))
        }
        st.dataframe(df, key="reference", hide_index=True, column_config=cfg)


# ---- the page ------------------------------------------------------------------------------------
ctx = page_setup(PARAMS, "training.title", advanced=ADVANCED)
follow_convention(ctx.convention, PARAMS, MIRRORS, memo="_t_conv")
tour.draw("training", TOUR, ctx.convention)
st.markdown(t("train.intro"))
job = st.session_state.get(JOB)
s = controls(ctx.convention)
if ERROR in st.session_state:
    st.error(t("train.cannot_train", reason=quote(st.session_state[ERROR], 200)))
run_buttons(ctx.convention, job)
train_slots = {"progress": st.empty(), "curves": st.empty()}
if job is None:
    st.info(t("train.press_train"))
else:
    draw_training(job, train_slots, key="curves")
    st.caption(settings_text(job["trainers"]["gru"].config))
    if job["status"] == "running":
        st.caption(t("train.running_note"))
bias_lesson(s, ctx.convention)
if job is not None and job["status"] != "running" and job["trainers"]["gru"].step_count > 0:
    inside_gru(job)
results_table()
sweep_slots = sweep_section(ctx.convention, s)

widgets.predict_questions(
    (t("train.q1"), t("train.a1"), "q1"),
    (t("train.q2"), t("train.a2", b2=f"{b_z_of(KEEP_BIAS, ctx.convention):+g}"), "q2"),
)

# The loops run last, so every section above is on the page while they work.
if job is not None and job["status"] == "running":
    train_live(job, train_slots)
sweep = st.session_state.get(SWEEP)
if sweep is not None and sweep["status"] == "running":
    sweep_live(sweep, sweep_slots)

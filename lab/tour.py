"""Guided tours: a lesson's short sequence of telling configurations. The sidebar offers
the tour; a running tour shows its step in the main column, above the lesson's picture.

A page declares its steps once and draws the tour with one line after
``page_setup``, before its picture (the buttons act through callbacks, which run
before the next run draws anything)::

    TOUR = (
        tour.Step("remember", {"preset": "remember", "signal": "pulse"}),
        tour.Step("no_update", lambda conv: {"ov": "hold_z", "ov_z": 1.0}, keep_text=True),
    )
    tour.draw("seq", TOUR, ctx.convention)

Step ``i`` sets the page's parameters to their defaults, then the widgets it
names to its values (``values`` may be a function of the convention), in the
session and in the URL, so the picture can be shared. Its texts are
``tour.<lesson>.<key>.title`` and ``tour.<lesson>.<key>.body`` (with
``keep_text=True`` the cho/pytorch body is ``....body.keep``: z means "keep" there).
Where the tour stands is session state only (``_tour_<lesson>``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from gru_core.conventions import Convention
from lab import focus, widgets
from lab.i18n import t
from lab.plots.style import NEUTRAL
from lab.state import PARAMS_KEY, Int, Num, set_widget, write_url


@dataclass(frozen=True)
class Step:
    key: str  # text keys: tour.<lesson>.<key>.title / .body
    values: Mapping[str, Any] | Callable[[str], Mapping[str, Any]]  # widget key -> value
    keep_text: bool = False  # a second body for the keep-past conventions (cho, pytorch)


def state_key(lesson: str) -> str:
    return f"_tour_{lesson}"


def current(lesson: str) -> int:
    """The step the tour stands at: 1 .. n, or 0 when it is not running."""
    return int(st.session_state.get(state_key(lesson), 0))


def step_values(step: Step, convention: Convention) -> dict[str, Any]:
    values = step.values(convention) if callable(step.values) else step.values
    return dict(values)


def _fit(spec, value):
    """A value within a number spec's range (a tour never sets what a slider cannot show)."""
    if isinstance(spec, Num | Int):
        return type(spec.default)(min(max(value, spec.lo), spec.hi))
    return value


def apply(step: Step, convention: Convention) -> None:
    """The page's parameters to their defaults, then the step's values (session and URL)."""
    params = st.session_state.get(PARAMS_KEY, {})
    values = step_values(step, convention)
    for key, spec in params.items():
        set_widget(key, _fit(spec, values.get(key, spec.default)))
        write_url(key, spec, st.session_state[key])
    for key, value in values.items():  # session keys that are no URL parameter (a tab)
        if key not in params:
            set_widget(key, value)


def _go(lesson: str, steps: Sequence[Step], i: int, convention: Convention) -> None:
    st.session_state[state_key(lesson)] = i
    if 1 <= i <= len(steps):
        apply(steps[i - 1], convention)


def body(lesson: str, step: Step, convention: Convention) -> str:
    key = f"tour.{lesson}.{step.key}.body"
    if step.keep_text and convention.z_keeps_past:
        key += ".keep"
    return t(key)


def draw(lesson: str, steps: Sequence[Step], convention: Convention) -> int:
    """The tour's box in the sidebar; returns the current step (0: not started)."""
    i = min(current(lesson), len(steps))

    def nav(key: str, label: str, icon: str, to: int, **kw) -> None:
        widgets.button(key, label, icon, _go, lesson, steps, to, convention, **kw)

    if i == 0:
        with st.sidebar, st.container(border=True, key="tour_box"):
            st.markdown(f"**{t('tour.title')}**")
            st.caption(t("tour.intro", n=len(steps)))
            nav("tour_start", t("tour.start"), "tour", 1)
        focus.tour_step(lesson, 0)  # no tour: a new start comes into view
        return 0
    # A running tour speaks where the class looks: in the main column, right above the
    # picture it talks about (so also with the sidebar collapsed, and on a phone).
    step = steps[i - 1]
    with st.container(border=True, key="tour_box"):
        head, back, forward, end = st.columns([5, 2, 2, 2], vertical_alignment="center")
        with head:
            st.caption(t("tour.progress", i=i, n=len(steps)))
            st.markdown(f"**{t(f'tour.{lesson}.{step.key}.title')}**")
        last = i == len(steps)
        with back:
            nav("tour_back", t("tour.back"), "arrow_back", i - 1, disabled=i == 1)
        with forward:
            if last:
                nav("tour_next", t("tour.finish"), "check", 0, kind="primary")
            else:
                nav("tour_next", t("tour.next"), "arrow_forward", i + 1, kind="primary")
        with end:
            nav("tour_end", t("tour.end"), "close", 0, kind="tertiary", stretch=False)
        st.markdown(body(lesson, step, convention))
    st.html(highlight_css(step_values(step, convention)))  # only a style: it takes no room
    focus.tour_step(lesson, i)
    return i


#: How a running tour step marks what it set: the picture and the widgets it changed
#: (dashed grey: every colour of the app means a quantity).
HIGHLIGHT = (
    "outline-style:dashed;outline-width:3px;outline-color:{color};"
    "outline-offset:4px;border-radius:0.5rem;"
)


def highlight_css(values: Mapping[str, Any]) -> str:
    """A style that outlines the main visual and each widget a tour step set (a widget
    keyed k is drawn in an element of class st-key-k). Keys are the page's own
    parameter names, never text from a user."""
    keys = ["main_visual", *(k for k in values if k.replace("_", "").isalnum())]
    rules = ", ".join(f".st-key-{k}" for k in keys)
    return f"<style>{rules} {{ {HIGHLIGHT.format(color=NEUTRAL)} }}</style>"

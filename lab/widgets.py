"""Small functions that draw one widget, keep it in the URL and return a plain value.

Every widget has a ``key``; the key is also its URL parameter, and its spec
(lab.state: Num, Int, Choice, Text, Flag) gives range, default and parsing::

    v = widgets.slider("b_z", t("w.b_z"), PARAMS["b_z"], box=True)   # slider + number box
    s = widgets.select("signal", t("seq.signal"), PARAMS["signal"], fmt="signal.{}")

Values start from session state, else the URL, else the default, and are
written back to the URL after drawing (a value equal to the default is removed).
The session state holds every value, so callbacks can set it; no widget is given
a default of its own (a slider is given the session's value, which it would use
anyway; ``global.disableWidgetStateDuplicationWarning`` keeps Streamlit from
logging that as a conflict).

Teacher mode (lab.teacher): a widget whose key the page lists as advanced is not
drawn; the function returns its current value (session, else URL, else default).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from lab import teacher
from lab.i18n import t
from lab.state import BOX, Choice, Flag, Int, Num, Text, initial_value, url_value, write_url

#: Width of the number box beside a slider, px: room for "-6.00" (or "300" for an
#: integer) and the +/- steppers, leaving the slider the rest of the row.
BOX_WIDTH = {"float": 104, "int": 84}


def _start(key: str, spec) -> None:
    """Give the widget its starting value (URL, else default) if the session has none."""
    if key not in st.session_state:
        st.session_state[key] = url_value(key, spec)


def _copy(src: str, dst: str) -> None:
    st.session_state[dst] = st.session_state[src]


def _shown(options, fmt: Callable[[str], str] | str | None) -> Callable[[str], str]:
    """The label of each option, worded now, in this run's language. fmt: a function of
    the option, or a catalogue key with "{}" where the option goes ("signal.{}").

    Streamlit keeps a widget's format function and AppTest calls it again after the
    run, outside it, where ``t`` no longer knows the session's language: a lookup
    in labels made during the run gives the same words there.
    """
    if fmt is None:
        return str
    if isinstance(fmt, str):
        key = fmt
        fmt = lambda o: t(key.format(o))  # noqa: E731
    labels = {o: fmt(o) for o in options}
    return lambda o: labels[o] if o in labels else fmt(o)


def _bound(key: str, spec, draw: Callable[[], Any]):
    """The life of every widget here: not drawn in teacher mode (its current value is
    returned), else started from the session/URL/default, drawn, and written to the URL."""
    if teacher.hides(key):
        return initial_value(key, spec)
    _start(key, spec)
    v = draw()
    write_url(key, spec, v)
    return v


def slider(
    key: str,
    label: str,
    spec: Num | Int,
    *,
    box: bool = False,
    help: str | None = None,
    fmt: str | None = None,
    disabled: bool = False,
) -> float:
    """A slider; with ``box=True`` a number box beside it for exact values, kept in step."""

    def draw_slider(**extra):
        return st.slider(
            label,
            spec.lo,
            spec.hi,
            # the session's value, which Streamlit uses anyway: without a value the
            # slider scans the whole session state to tell a range slider from a
            # single one (~0.1 ms a slider, every rerun)
            st.session_state[key],
            step=spec.step,
            key=key,
            help=help,
            format=fmt,
            disabled=disabled,
            **extra,
        )

    if not box:
        return _bound(key, spec, draw_slider)

    def draw_with_box():
        # one horizontal row, not st.columns: a row is one block where columns are
        # three, and every element a slider move redraws costs the browser ~2 ms.
        # In a narrow column (1024 px, sidebar open) the box wraps under the slider
        # instead of squeezing it to a few dozen pixels.
        with st.container(horizontal=True, vertical_alignment="bottom", gap="small", wrap=True):
            v = draw_slider(on_change=_copy, args=(key, key + BOX))
            if st.session_state.get(key + BOX) != v:
                st.session_state[key + BOX] = v
            st.number_input(
                t("widget.exact", name=label),
                spec.lo,
                spec.hi,
                step=spec.step if isinstance(spec, Int) else spec.step / 5,
                format=None if isinstance(spec, Int) else "%.2f",
                key=key + BOX,
                label_visibility="collapsed",
                disabled=disabled,
                on_change=_copy,
                args=(key + BOX, key),
                width=BOX_WIDTH["int" if isinstance(spec, Int) else "float"],
            )
        return v

    return _bound(key, spec, draw_with_box)


def number(key: str, label: str, spec: Int | Num, *, help: str | None = None) -> float:
    """A number box alone (e.g. a random seed)."""
    return _bound(
        key,
        spec,
        lambda: st.number_input(label, spec.lo, spec.hi, step=spec.step, key=key, help=help),
    )


def select(
    key: str,
    label: str,
    spec: Choice,
    *,
    fmt: Callable[[str], str] | str | None = None,
    help: str | None = None,
    on_change: Callable[[], None] | None = None,
    hide: tuple[str, ...] = (),
    horizontal: bool = False,
) -> str:
    """A selectbox over the spec's options; ``fmt`` turns an option into its shown label.

    hide: options left out of the list (the current value always stays in it);
    horizontal: a radio group in a row instead (see ``radio``).
    """

    def draw():
        options = [o for o in spec.options if o not in hide or o == st.session_state[key]]
        widget = functools.partial(st.radio, horizontal=True) if horizontal else st.selectbox
        return widget(
            label,
            options,
            format_func=_shown(options, fmt),
            key=key,
            help=help,
            on_change=on_change,
        )

    return _bound(key, spec, draw)


def radio(key: str, label: str, spec: Choice, **kw) -> str:
    """A horizontal radio group, for two to four options that should all be visible
    (``select``'s keywords)."""
    return select(key, label, spec, horizontal=True, **kw)


def toggle(key: str, label: str, spec: Flag, *, help: str | None = None) -> bool:
    return _bound(key, spec, lambda: st.toggle(label, key=key, help=help))


def text(key: str, label: str, spec: Text, *, help: str | None = None) -> str | None:
    """Short text; returns None (and shows why) when it does not match the spec."""
    if teacher.hides(key):
        return initial_value(key, spec)
    _start(key, spec)
    v = st.text_input(label, key=key, help=help, max_chars=spec.max_len)
    if spec.parse(v) is None:
        st.error(t("widget.bad_text", max_len=spec.max_len))
        return None
    write_url(key, spec, v)
    return v


def button(
    key: str,
    label: str,
    icon: str,
    on_click: Callable[..., None],
    *args,
    kind: str = "secondary",
    disabled: bool = False,
    help: str | None = None,
    stretch: bool = True,
) -> bool:
    """A button that calls ``on_click(*args)`` before the rerun it starts (so what it
    changes is drawn at once). icon: a Material Symbols name ("play_arrow"); kind:
    Streamlit's type ("primary", "secondary", "tertiary"); stretch: as wide as its column."""
    return st.button(
        label,
        key=key,
        icon=f":material/{icon}:",
        on_click=on_click,
        args=args,
        type=kind,
        disabled=disabled,
        help=help,
        width="stretch" if stretch else "content",
    )


def in_words(text: str) -> None:
    """A main visual's text alternative (its current values, for a screen reader or a
    student who wants the numbers), folded under it."""
    with st.expander(t("a11y.title"), key="in_words"):
        st.markdown(text)


def lazy_expander(label: str, key: str):
    """An expander whose ``.open`` says whether it is open; draw its content only then.

    Every element of a lesson is sent and redrawn by the browser on each slider
    move (a few ms each), even inside a closed expander; a table or a long code
    block that waits behind a click costs nothing until it is opened. Opening it
    reruns the lesson. It stays open across a language switch (its label, part of
    Streamlit's identity for it, changes then)::

        box = widgets.lazy_expander(t("seq.table"), "table_open")
        if box.open:
            with box:
                st.dataframe(...)
    """
    return st.expander(label, expanded=bool(st.session_state.get(key)), key=key, on_change="rerun")


def lazy_tabs(labels: Sequence[str], key: str, *, start: int = 0):
    """Tabs whose ``.open`` says which one is shown; draw a tab's content only then.

    As with ``lazy_expander``, every element on a lesson is redrawn by the browser on
    each slider move, in hidden tabs too: a part of a lesson behind its own tab costs
    a move in the other part nothing. Switching tabs reruns the lesson. Which tab is
    open is kept as its index under ``key`` (the tabs' own state is the label, which
    a language switch changes); ``start`` is the tab of a first visit::

        one, two = widgets.lazy_tabs([t("a.title"), t("b.title")], "part")
        if one.open:
            with one:
                ...
    """
    tab_key = key + "_tab"
    i = min(int(st.session_state.get(key, start)), len(labels) - 1)
    st.session_state[tab_key] = labels[i]
    return st.tabs(labels, key=tab_key, on_change=_keep_tab, args=(key, tab_key, tuple(labels)))


def _keep_tab(key: str, tab_key: str, labels: tuple[str, ...]) -> None:
    st.session_state[key] = labels.index(st.session_state[tab_key])


def predict_questions(*qa: tuple[str, str, str]) -> None:
    """The "predict, then check" block that ends a lesson: a heading, then one expander
    per (question, answer, key), side by side; texts come translated."""
    st.subheader(t("common.predict"))
    for col, (question, answer, key) in zip(st.columns(len(qa)), qa, strict=True):
        with col, st.expander(question, key=key):
            st.markdown(answer)

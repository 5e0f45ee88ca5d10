"""The sidebar every page shares; drawn once per run by app.py (never by a page).

language switch   a button labelled with the other language ("中文" / "English")
convention        textbook / cho / pytorch, in the URL as ``conv`` (hidden in teacher mode)
reset             the current lesson's controls back to their defaults
teacher mode      a switch (``teach=1`` in the URL) and the classroom link

A page adds its own guided tour below these (lab.tour.draw).
"""

from __future__ import annotations

import streamlit as st

from lab import teacher, widgets
from lab.i18n import LANG_NAMES, current_lang, t
from lab.state import PARAMS_KEY, SHARED, Choice, reset_page

LINK_KEY = "_teach_link"  # session flag: the classroom link is shown


def _switch_language(lang: str) -> None:
    st.session_state["lang"] = lang
    st.query_params["lang"] = lang
    # A selectbox or radio keeps the label it showed, which is in the old language
    # (and then matches none of the new labels): set each one's value again, so the
    # next run shows it in the new language.
    for key, spec in {**SHARED, **st.session_state.get(PARAMS_KEY, {})}.items():
        if isinstance(spec, Choice) and key in st.session_state:
            st.session_state[key] = st.session_state[key]


def language_switch() -> None:
    other = "zh" if current_lang() == "en" else "en"
    widgets.button("lang_switch", LANG_NAMES[other], "translate", _switch_language, other,
                   help=t("sidebar.lang_help"), stretch=False)  # fmt: skip


def convention_picker() -> str:
    conv = widgets.select(
        "conv",
        t("sidebar.convention"),
        SHARED["conv"],
        fmt="conv.{}.name",
        help=t("sidebar.convention_help"),
    )
    if teacher.hides("conv"):
        st.markdown(t("teacher.convention", name=t(f"conv.{conv}.name")))
    st.caption(t(f"conv.{conv}.rule"))
    return conv


def reset_button() -> None:
    widgets.button("reset_page", t("sidebar.reset"), "restart_alt", reset_page,
                   help=t("sidebar.reset_help"), stretch=False)  # fmt: skip


def _show_link() -> None:
    st.session_state[LINK_KEY] = True


def teacher_controls() -> bool:
    """The teacher-mode switch, and the classroom link on request; returns the mode."""
    on = widgets.toggle("teach", t("teacher.switch"), SHARED["teach"], help=t("teacher.help"))
    if on:
        st.caption(t("teacher.on_note"))
    widgets.button("teach_link", t("teacher.link"), "link", _show_link,
                   help=t("teacher.link_help"), stretch=False)  # fmt: skip
    if st.session_state.get(LINK_KEY):
        st.code(teacher.classroom_link(), language=None, wrap_lines=True)
        st.caption(t("teacher.link_note"))
    return on


def draw() -> None:
    """All shared controls, in the sidebar."""
    with st.sidebar:
        language_switch()
        convention_picker()
        reset_button()
        teacher_controls()

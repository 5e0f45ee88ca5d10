"""The sidebar every page shares; drawn once per run by app.py (never by a page).

language switch   a button labelled with the other language ("中文" / "English")
convention        textbook / cho / pytorch, in the URL as ``conv``
reset             the current lesson's controls back to their defaults
"""

from __future__ import annotations

import streamlit as st

from lab import widgets
from lab.i18n import LANG_NAMES, current_lang, t
from lab.state import SHARED, reset_page


def _switch_language(lang: str) -> None:
    st.session_state["lang"] = lang
    st.query_params["lang"] = lang


def language_switch() -> None:
    other = "zh" if current_lang() == "en" else "en"
    st.button(
        LANG_NAMES[other],
        key="lang_switch",
        icon=":material/translate:",
        help=t("sidebar.lang_help"),
        on_click=_switch_language,
        args=(other,),
    )


def convention_picker() -> str:
    conv = widgets.select(
        "conv",
        t("sidebar.convention"),
        SHARED["conv"],
        fmt=lambda c: t(f"conv.{c}.name"),
        help=t("sidebar.convention_help"),
    )
    st.caption(t(f"conv.{conv}.rule"))
    return conv


def reset_button() -> None:
    st.button(
        t("sidebar.reset"),
        key="reset_page",
        icon=":material/restart_alt:",
        help=t("sidebar.reset_help"),
        on_click=reset_page,
    )


def draw() -> None:
    """All shared controls, in the sidebar."""
    with st.sidebar:
        language_switch()
        convention_picker()
        reset_button()

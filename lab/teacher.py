"""Teacher mode: one switch (``teach=1`` in the URL) that hides a page's advanced controls.

A page lists its advanced widget keys once, in its setup call::

    ctx = page_setup(PARAMS, "seq.title", advanced=("H", "wseed", "gain"))

While teacher mode is on, ``lab.widgets`` draws none of those widgets and returns
their current value instead (session, else URL, else default): a link made with
custom settings opens the same picture, with fewer controls. A widget the page
draws itself (``st.file_uploader``) asks ``teacher.shows("csv")`` first. The
convention picker (``GLOBAL``) is hidden on every page: a class follows one
convention, the one in the link.

The switch is a sidebar toggle (lab.sidebar) stored in the URL, so a link opens
the lesson in teacher mode and a reload keeps it. ``classroom_link()`` is that
link, built from the browser's address (``st.context.url``) and the current
query parameters; pages show it with ``st.code`` (plain text, never HTML).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from lab.i18n import t
from lab.state import ADVANCED_KEY, SHARED, initial_value

TEACH = "teach"
#: Controls teacher mode hides on every page.
GLOBAL = frozenset({"conv"})


def on() -> bool:
    """Whether teacher mode is on (the sidebar switch, else the URL)."""
    return bool(initial_value(TEACH, SHARED[TEACH]))


def advanced(*keys: str) -> None:
    """Mark the current page's advanced widget keys (instead of ``page_setup(advanced=)``)."""
    st.session_state[ADVANCED_KEY] = frozenset(keys)


def listed() -> frozenset[str]:
    """The keys teacher mode hides on the current page (the page's list plus ``GLOBAL``)."""
    return GLOBAL | st.session_state.get(ADVANCED_KEY, frozenset())


def hides(key: str) -> bool:
    """True when teacher mode is on and ``key`` is one of the page's advanced controls."""
    return key in listed() and on()


def shows(key: str) -> bool:
    return not hides(key)


def convention_shown(convention: str) -> str:
    """The caption naming a page's convention; in teacher mode it cannot be changed here."""
    name = t(f"conv.{convention}.name")
    return t("teacher.convention", name=name) if on() else t("common.convention_shown", name=name)


def _base_url() -> str:
    """The page's address without its query (http or https only; "" when unknown)."""
    url = st.context.url
    if not url:
        return ""
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def classroom_link() -> str:
    """The current page's link with every current setting and ``teach=1``.

    Query values are URL-encoded; the result is for ``st.code`` (plain text).
    """
    params = {k: v for k, v in st.query_params.to_dict().items() if k != TEACH}
    params[TEACH] = "1"
    return f"{_base_url()}?{urlencode(params)}"

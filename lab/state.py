"""A lesson's state in the URL, so a shared link reopens the same picture.

Each page declares its parameters once, as specs keyed by the URL name::

    PARAMS = {"x": Num(-2.0, 2.0, 1.0, 0.05), "signal": Choice(SIGNALS, "pulse")}
    ctx = page_setup(PARAMS, "one_step.title")

``page_setup`` checks every query parameter against the specs (plus the shared
``lang`` and ``conv``), shows one notice for values it had to drop, and drops
unknown keys. The widgets of ``lab.widgets`` then start from the URL's value
(or the default) and write their value back, removing it when it equals the
default. Nothing read from the URL is ever rendered as HTML.

A page that keeps its update gate's values once per meaning of z (textbook:
the share taken; cho, pytorch: the share kept) gives them to ``page_setup`` as
``mirrors``: a switch between the two mirrors them (z -> 1 - z, b_z -> -b_z).

Why not ``bind="query-params"``: a bound selectbox stores its *displayed*
label in the URL, which is translated here, so a link made in Chinese would not
open in English. Syncing by hand keeps one canonical value per key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from gru_core.conventions import CONVENTIONS, Convention
from lab.i18n import LANGS, lang_from_locale, t

#: Session-state keys the lab keeps for itself (never widget keys).
PARAMS_KEY = "_lab_params"
ADVANCED_KEY = "_lab_advanced"  # the current page's advanced widget keys (lab.teacher)
NOTICED_KEY = "_lab_noticed"
PAGE_KEY = "_lab_page"  # the title key of the page the session ran last
URL_KEY = "_lab_url"  # the query parameters as the run found them (see snapshot_url)
#: Suffix of the number box that sits beside a slider (see lab.widgets).
BOX = "__box"
#: Longest query value looked at; anything longer is refused unread.
MAX_RAW = 200
#: Most dropped keys a bad-link notice names; it counts the rest ("… and 3 more").
MAX_NAMED = 8


# ---- parameter specs ---------------------------------------------------------------
@dataclass(frozen=True)
class Num:
    """A real number in [lo, hi] (a slider)."""

    lo: float
    hi: float
    default: float
    step: float

    def parse(self, raw: str) -> float | None:
        try:
            v = float(raw)
        except (TypeError, ValueError):
            return None
        if not math.isfinite(v) or not self.lo <= v <= self.hi:
            return None
        return v

    def dump(self, v) -> str:
        return format(float(v), ".6g")


@dataclass(frozen=True)
class Int:
    """An integer in [lo, hi] (a slider or a number box)."""

    lo: int
    hi: int
    default: int
    step: int = 1

    def parse(self, raw: str) -> int | None:
        if not isinstance(raw, str) or not re.fullmatch(r"[+-]?\d{1,12}", raw.strip()):
            return None
        v = int(raw)
        return v if self.lo <= v <= self.hi else None

    def dump(self, v) -> str:
        return str(int(v))


@dataclass(frozen=True)
class Choice:
    """One of a fixed tuple of names (selectbox, radio, segmented control)."""

    options: tuple[str, ...]
    default: str

    def parse(self, raw: str) -> str | None:
        return raw if raw in self.options else None

    def dump(self, v) -> str:
        return str(v)


@dataclass(frozen=True)
class Text:
    """Short free text that must match ``pattern`` entirely (e.g. a word)."""

    default: str
    max_len: int
    pattern: str = r"[\w ]+"

    def parse(self, raw: str) -> str | None:
        if not isinstance(raw, str) or not 0 < len(raw) <= self.max_len:
            return None
        return raw if re.fullmatch(self.pattern, raw) else None

    def dump(self, v) -> str:
        return str(v)


@dataclass(frozen=True)
class Flag:
    """On or off (a toggle); "1"/"0" in the URL."""

    default: bool

    def parse(self, raw: str) -> bool | None:
        return {"1": True, "0": False, "true": True, "false": False}.get(str(raw).lower())

    def dump(self, v) -> str:
        return "1" if v else "0"


Spec = Num | Int | Choice | Text | Flag

#: Parameters every page shares (drawn by lab.sidebar, held by app.py).
SHARED: dict[str, Spec] = {
    "lang": Choice(LANGS, "en"),
    "conv": Choice(CONVENTIONS, "textbook"),
    "teach": Flag(False),  # teacher mode (lab.teacher): hides each page's advanced controls
}


# ---- what a page knows about its session ---------------------------------------------
@dataclass(frozen=True)
class Ctx:
    """The shared settings a page reads once at its start."""

    lang: str
    convention: Convention  # the sidebar's, and what its z means (the page's one question)
    params: Mapping[str, Spec] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()  # URL keys that were invalid or unknown (sanitised)


def _in_url(key: str) -> bool:
    """Whether the URL has ``key``. Asking ``st.query_params`` directly costs ~35 µs
    for a missing key (it raises and formats a KeyError inside); listing its keys,
    ~7 µs. Every widget asks on every rerun, and most keys are missing (defaults)."""
    return key in set(st.query_params)


def url_value(key: str, spec: Spec):
    """The URL's value for ``key`` if it is valid, else the spec's default."""
    raw = st.query_params[key] if _in_url(key) else None
    if raw is None or len(raw) > MAX_RAW:
        return spec.default
    v = spec.parse(raw)
    return spec.default if v is None else v


def write_url(key: str, spec: Spec, value) -> None:
    """Put ``value`` in the URL, or remove the key when it is the default."""
    present = _in_url(key)
    if value == spec.default or value is None:
        if present:
            del st.query_params[key]
    else:
        text = spec.dump(value)
        if not present or st.query_params[key] != text:
            st.query_params[key] = text


def initial_value(key: str, spec: Spec):
    """The value a widget starts from: session state, else the URL, else the default."""
    if key in st.session_state:
        v = st.session_state[key]
        ok = spec.parse(spec.dump(v)) is not None if v is not None else False
        if ok:
            return v
    return url_value(key, spec)


def safe_name(key: str) -> str:
    """A query key as it may appear in a notice: word characters only, short."""
    return re.sub(r"\W", "", str(key))[:24] or "?"


def snapshot_url() -> None:
    """Keep the query parameters as they arrived, before any widget rewrites them.

    app.py calls this first, because its sidebar widgets already clean the
    shared keys; ``page_setup`` then checks the snapshot.
    """
    st.session_state[URL_KEY] = st.query_params.to_dict()


def check_url(params: Mapping[str, Spec]) -> tuple[str, ...]:
    """Names of query parameters that are invalid or unknown; unknown ones are removed.

    Invalid values of known keys are left for their widget, which replaces them
    with its default and rewrites the URL.
    """
    specs = {**SHARED, **params}
    raw_params = st.session_state.pop(URL_KEY, None)
    if raw_params is None:
        raw_params = st.query_params.to_dict()
    dropped = []
    for key, raw in raw_params.items():
        spec = specs.get(key)
        if spec is None:
            dropped.append(safe_name(key))
            if key in st.query_params:
                del st.query_params[key]
        elif raw is None or len(raw) > MAX_RAW or spec.parse(raw) is None:
            dropped.append(safe_name(key))
    return tuple(dropped)


def init_shared() -> tuple[str, str]:
    """Language and convention for this session, from state, URL or browser locale."""
    lang = st.session_state.get("lang")
    if lang not in LANGS:
        raw = st.query_params.get("lang")
        lang = raw if raw in LANGS else lang_from_locale(st.context.locale)
        st.session_state["lang"] = lang
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang  # always in the URL: a link keeps its language
    conv = st.session_state.get("conv")
    if conv not in CONVENTIONS:
        conv = url_value("conv", SHARED["conv"])
    return lang, conv


def leave_legacy_pages_mode() -> None:
    """Make sure a lesson runs through app.py, even as the process's first request.

    Streamlit treats an app with a ``pages/`` folder as a legacy multipage app
    until the first ``st.navigation`` call of the process (a class-wide flag).
    A first visit straight to a shared lesson link would then run the lesson
    without app.py (no sidebar, no language switch). Clearing the flag and
    rerunning runs app.py, whose navigation opens the same page (page identity
    is the URL path in both modes). Pages run alone (tests) never set the flag.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_setup(
    params: Mapping[str, Spec],
    title_key: str,
    *,
    advanced: Iterable[str] = (),
    mirrors: Iterable[Mirror] = (),
) -> Ctx:
    """Everything a page does first: page config, shared state, URL check, title, notice.

    advanced: widget keys that teacher mode hides on this page (see lab.teacher);
    mirrors: the update gate's values the page keeps once per meaning of z
    (``follow_convention``).
    Works with and without app.py's sidebar (pages also run alone in tests).
    """
    leave_legacy_pages_mode()
    if st.session_state.get(PAGE_KEY, title_key) != title_key:
        # Arrived from another page: values it left under keys both pages use (home
        # and one step share x and h_prev) belong to its widgets, and Streamlit would
        # start ours at their minimum. Start from the URL or the defaults instead,
        # as a fresh visit does.
        for key in params:
            st.session_state.pop(key, None)
            st.session_state.pop(key + BOX, None)
    st.session_state[PAGE_KEY] = title_key
    dropped = check_url(params)
    lang, conv = init_shared()
    st.set_page_config(page_title=t(title_key), layout="wide")
    st.session_state[PARAMS_KEY] = dict(params)
    st.session_state[ADVANCED_KEY] = frozenset(advanced)
    st.title(t(title_key))
    if dropped:
        noticed = st.session_state.setdefault(NOTICED_KEY, set())
        fresh = [name for name in dropped if name not in noticed]
        if fresh:
            noticed.update(fresh)
            names = ", ".join(f"`{n}`" for n in fresh[:MAX_NAMED])
            if len(fresh) > MAX_NAMED:
                names = t("notice.and_more", names=names, n=len(fresh) - MAX_NAMED)
            st.warning(t("notice.bad_link", names=names))
    convention = Convention(conv)
    if mirrors:
        follow_convention(convention, params, mirrors, memo="_conv_" + title_key)
    return Ctx(lang=lang, convention=convention, params=dict(params), dropped=dropped)


def set_widget(key: str, value) -> None:
    """Set a widget's value (before it draws, e.g. in a callback), and its number box's."""
    st.session_state[key] = value
    if key + BOX in st.session_state:
        st.session_state[key + BOX] = value


def reset_page() -> None:
    """Callback: every parameter of the current page back to its default (and out of
    the URL, also for widgets that teacher mode does not draw)."""
    for key, spec in st.session_state.get(PARAMS_KEY, {}).items():
        st.session_state[key] = spec.default
        if key + BOX in st.session_state:
            st.session_state[key + BOX] = spec.default
        write_url(key, spec, spec.default)
    st.session_state.pop(NOTICED_KEY, None)


def values(params: Mapping[str, Spec]) -> dict[str, Any]:
    """The current value of every parameter (for tests and share links)."""
    return {key: initial_value(key, spec) for key, spec in params.items()}


#: A value a page keeps once per meaning of z: (textbook key, keep-past key, mirror),
#: e.g. ("f_z", "f_zk", lambda z: 1.0 - z) or ("g_bz", "g_bzk", lambda b: -b).
Mirror = tuple[str, str, Callable[[Any], Any]]


def follow_convention(
    convention: Convention, params: Mapping[str, Spec], mirrors: Iterable[Mirror], memo: str
) -> None:
    """After a switch between take-new z (textbook) and keep-past z (cho, pytorch), mirror
    the update gate's values into the other convention's widgets (z -> 1 - z, b_z -> -b_z):
    the same model, so every curve stays where it was.

    params: the page's specs (the mirrored value is clipped to the target's range);
    memo: a session key that remembers the convention of the page's last run.
    The source key leaves the URL and the mirrored value enters it (a link keeps it
    even while its widget is not drawn). A key both meanings share (the two keys the
    same) is mirrored in place.
    """
    prev = st.session_state.get(memo)
    st.session_state[memo] = convention
    if prev is None or convention.same_z_meaning(prev):
        return
    for tb_key, keep_key, mirror in mirrors:
        src, dst = (tb_key, keep_key) if convention.z_keeps_past else (keep_key, tb_key)
        spec = params[dst]
        value = min(spec.hi, max(spec.lo, round(mirror(initial_value(src, params[src])), 6)))
        set_widget(dst, value)
        write_url(dst, spec, value)
        if src != dst and src in st.query_params:
            del st.query_params[src]

"""Text shown to users, one JSON catalogue per language, looked up by key.

    t("seq.title")                      -> "A sequence, step by step"
    t("explain.half_life", steps=34)    -> str.format with the named fields

Every text goes through ``str.format``, so a literal brace is written twice
(``$h_{{t-1}}$``); the catalogue test formats every text.

The language is the session's (``st.session_state["lang"]``, set by
``lab.state.page_setup``); pages never pass it. Catalogues are read once per
process and never mutated, so sharing them between sessions is safe.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from types import MappingProxyType

import streamlit as st

LANGS = ("en", "zh")
DEFAULT_LANG = "en"
#: What the language switch shows: the name of each language in itself.
LANG_NAMES = MappingProxyType({"en": "English", "zh": "中文"})
LOCALES = Path(__file__).with_name("locales")

_log = logging.getLogger(__name__)


@cache
def catalogue(lang: str) -> MappingProxyType:
    """The read-only key → text mapping of one language."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, got {lang!r}")
    with open(LOCALES / f"{lang}.json", encoding="utf-8") as f:
        return MappingProxyType(json.load(f))


def lang_from_locale(locale: str | None) -> str:
    """The catalogue for a browser locale such as "zh-CN" or "en-GB"."""
    if locale and str(locale).lower().startswith("zh"):
        return "zh"
    return DEFAULT_LANG


def current_lang() -> str:
    lang = st.session_state.get("lang")
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, /, lang: str | None = None, **fmt) -> str:
    """The text for ``key`` in the session's language, formatted with ``fmt``.

    A missing key falls back to English, then to the key itself (and is
    logged); the catalogue test makes sure that never ships.
    """
    lang = lang or current_lang()
    text = catalogue(lang).get(key)
    if text is None:
        _log.warning("missing %s text for key %r", lang, key)
        text = catalogue(DEFAULT_LANG).get(key, key)
    return text.format(**fmt)

"""Colours, fonts and browser options: one colour and one line style per quantity,
the same on every page (Okabe–Ito, safe for colour-blind viewers, readable on light
and dark backgrounds), and how a shown number is written in a chart."""

from __future__ import annotations

import html

from lab import fmt
from lab.i18n import catalogue

QUANTITIES = ("x", "r", "z", "h_tilde", "h")


COLORS = {
    "x": "#CC79A7",  # reddish purple: the input
    "r": "#E69F00",  # orange: reset gate
    "z": "#009E73",  # bluish green: update gate
    "h_tilde": "#56B4E9",  # sky blue: the candidate (dashed): a proposal for h
    "h": "#0072B2",  # blue: the state
    "rnn": "#D55E00",  # vermillion: the plain RNN baseline (forgetting and gradients)
}


DASH = {"x": "solid", "r": "solid", "z": "solid", "h_tilde": "dash", "h": "solid", "rnn": "solid"}


NEUTRAL = "#888888"  # axes helpers, cursor, zero lines


READOUT = "#7F7F7F"  # text that must read on light and dark backgrounds alike


def heat_scale(q: str) -> tuple[list, float]:
    """A heatmap's colour scale for quantity ``q`` and the value its low end stands for:
    gates and one-hot letters (0 … 1) run from white to the quantity's colour, h̃ and h
    (−1 … 1) from vermillion through white to the state's blue."""
    if q in ("r", "z", "x"):
        return [[0.0, "#F7F7F7"], [1.0, COLORS[q]]], 0.0
    return [[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, COLORS["h"]]], -1.0


#: Value ranges that never change (so rows line up and the cursor is meaningful).
RANGES = {"r": (-0.05, 1.05), "z": (-0.05, 1.05), "h_tilde": (-1.08, 1.08), "h": (-1.08, 1.08)}


FONT_SIZE = 16


TICK_SIZE = 14


TITLE_SIZE = 18


LINE_WIDTH = 3


#: Plotly's browser options for every chart in English; ``config(lang)`` for a page's.
CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


#: Plotly's name of each catalogue language that is not its own English.
PLOTLY_LOCALES = {"zh": "zh-CN"}


def config(lang: str) -> dict:
    """Plotly's browser options for a page in ``lang``: its toolbar's tooltips and
    notices (zoom, pan, download...) in that language.

    Plotly looks each of its English phrases up in the locale's dictionary; the
    catalogues' ``plotly.*`` keys hold those phrases in English and their translation.
    """
    if lang not in PLOTLY_LOCALES:
        return dict(CONFIG)
    english, own = catalogue("en"), catalogue(lang)
    words = {english[k]: own[k] for k in english if k.startswith("plotly.")}
    locale = PLOTLY_LOCALES[lang]
    return {**CONFIG, "locale": locale, "locales": {locale: {"dictionary": words}}}


def signed(s: str) -> str:
    """A shown number with its sign always written: "+0.52", "-0.16"."""
    return s if s.startswith("-") else "+" + s


def swatch(q: str) -> str:
    """A square in the colour of quantity ``q``, as Markdown (inline KaTeX) for headings."""
    return rf"$\textcolor{{{COLORS[q]}}}{{\blacksquare}}$"


def plain(text) -> str:
    """User text made inert for Plotly's HTML-like labels."""
    return html.escape(str(text), quote=True)


def num(v: float, digits: int = 2) -> str:
    """A number for display (lab.fmt's rules: no false 0 or ±1); the plain rounding
    first, as it almost always stands (readouts format a thousand numbers a rerun)."""
    s = f"{v:.{digits}f}"
    if float(s) in fmt.EXTREMES and float(s) != v:
        return fmt.fixed(v, digits)
    return s

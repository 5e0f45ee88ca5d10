"""The lessons' simulations (gru_core.lessons), cached per process on their spec.

A spec is a small JSON-able dict of numbers and names. Each simulation is cached on
the spec as ONE canonical JSON string: ``st.cache_data`` folds several arguments
into one hash without separators (streamlit#16559), so two different argument
tuples could share an entry; one string cannot. The cached values are frozen
records, and ``st.cache_data`` hands every caller its own copy.

    run(spec)          -> lessons.sequence.Run        home, one step, sequence
    forget_run(spec)   -> lessons.forgetting.ForgetRun
    grad_run(spec)     -> lessons.gradients.GradRun   (the RNN half cached apart)
    conv_run(spec)     -> lessons.conventions.ConvRun
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from gru_core import GRUParams
from gru_core.io import load_weights
from gru_core.lessons import conventions, forgetting, gradients, sequence

R = TypeVar("R")


def canonical(spec: dict) -> str:
    """The spec as the one JSON text every equal spec gives."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"))


def on_spec(simulate: Callable[[dict], R], max_entries: int = 256) -> Callable[[dict], R]:
    """``simulate(spec)``, cached on the spec's canonical JSON text."""

    def by_json(spec_json: str) -> R:
        return simulate(json.loads(spec_json))

    # Streamlit keys a cache by a function's module, qualified name and source: every
    # by_json made here has the same source, so each gets the name of what it caches.
    by_json.__qualname__ = f"on_spec.{simulate.__module__}.{simulate.__qualname__}"
    cached = st.cache_data(max_entries=max_entries, show_spinner=False)(by_json)

    def run(spec: dict) -> R:
        return cached(canonical(spec))

    run.__doc__ = f"``{simulate.__qualname__}(spec)``, cached on the spec's canonical JSON."
    return run


run = on_spec(sequence.simulate, max_entries=512)
forget_run = on_spec(forgetting.forget_simulate)
#: The plain RNN's half of the gradients lesson, cached apart from the GRU: a move of
#: b_z or b_r (or a change of convention) reruns only the GRU.
grad_rnn = on_spec(gradients.rnn_half)


def _grad_simulate(spec: dict) -> gradients.GradRun:
    return gradients.grad_simulate(spec, rnn_part=grad_rnn)


grad_run = on_spec(_grad_simulate)
conv_run = on_spec(conventions.conv_simulate)


@st.cache_data(max_entries=16, show_spinner=False)
def read_weight_file(data: bytes, filename: str) -> GRUParams:
    """GRU weights from an uploaded file's bytes (``gru_core.io.load_weights``).

    Raises ValueError with the engine's message (what is wrong, what is accepted);
    nothing in the file is unpickled or executed.
    """
    return load_weights(bytes(data), filename=filename or None)

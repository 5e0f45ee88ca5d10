"""The sliders and GRUParams convert one way each (gru_core.lessons.sequence): a 1×1
GRU's slider values give back the same function in every convention, and slider
values survive a trip through GRUParams unchanged."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gru_core import GRUParams, forward
from gru_core.conventions import CONVENTIONS, RESET_AFTER
from gru_core.lessons.sequence import SLIDER_WEIGHTS, params_from_spec, slider_weights

VALUE = st.floats(-4.0, 4.0, allow_nan=False)
CONVENTION = st.sampled_from(sorted(CONVENTIONS))
X = np.linspace(-1.0, 1.0, 9).reshape(-1, 1)  # (T, 1)


def model(convention: str, values: list[float]) -> GRUParams:
    """A 1×1 GRU with every one of its 12 numbers set, b_hh included."""
    v = np.asarray(values).reshape(12, 1)
    return GRUParams(
        weight_ih=v[0:3], weight_hh=v[3:6], bias_ih=v[6:9, 0], bias_hh=v[9:12, 0],
        convention=convention,
    )  # fmt: skip


@settings(max_examples=60, derandomize=True, deadline=None)
@given(CONVENTION, st.lists(VALUE, min_size=12, max_size=12))
def test_a_models_sliders_give_back_its_function(convention, values):
    p = model(convention, values)
    back = params_from_spec({"convention": convention, "weights": slider_weights(p)})
    h0 = np.array([0.3])
    np.testing.assert_allclose(forward(back, X, h0).h, forward(p, X, h0).h, rtol=0, atol=1e-12)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(CONVENTION, st.lists(VALUE, min_size=len(SLIDER_WEIGHTS), max_size=len(SLIDER_WEIGHTS)))
def test_slider_values_survive_a_trip_through_the_params(convention, values):
    w = dict(zip(SLIDER_WEIGHTS, values, strict=True))
    if convention not in RESET_AFTER:
        w["b_hn"] = 0.0  # reset before W_hh: b_hh adds to b_h, no slider of its own
    back = slider_weights(params_from_spec({"convention": convention, "weights": w}))
    assert back.keys() == w.keys()
    np.testing.assert_allclose([back[k] for k in w], [w[k] for k in w], rtol=0, atol=1e-12)


def test_textbook_candidate_bias_is_what_the_candidate_sees():
    # textbook: h~ = tanh(W_xh x + W_hh (r h) + b_xh + b_hh): one slider b_h = b_xh + b_hh
    p = model("textbook", [0.5] * 8 + [0.25, 0.0, 0.0, -0.75])
    assert slider_weights(p)["b_h"] == 0.25 - 0.75
    assert slider_weights(p)["b_hn"] == 0.0

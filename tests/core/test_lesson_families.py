"""A lesson knob's family (every position of a slider, computed together for the live
frames) against the lesson run at each value on its own."""

from __future__ import annotations

import numpy as np
import pytest

from gru_core.lessons.gradients import grad_family, grad_simulate

SPEC = {"T": 120, "H": 6, "seed": 3, "b_z": -3.0, "b_r": 0.5, "w": 0.9}
FIELDS = {
    "b_z": np.round(np.arange(-8.0, 8.01, 0.1), 10),
    "b_r": np.round(np.arange(-8.0, 8.01, 0.1), 10),
    "w": np.round(np.arange(0.0, 2.001, 0.01), 10),
}


@pytest.mark.parametrize("convention", ["textbook", "cho", "pytorch"])
@pytest.mark.parametrize("field", FIELDS)
def test_a_gradient_family_is_the_lesson_run_at_each_value(convention, field):
    spec = SPEC | {"convention": convention}
    values = FIELDS[field]
    family = grad_family(spec, field, values)
    assert len(family) == len(values)
    for i in (0, 1, 37, len(values) // 2, len(values) - 1):
        alone = grad_simulate(spec | {field: float(values[i])})
        for name in ("gru", "rnn", "straight", "bound", "z", "keep", "rnn_h"):
            np.testing.assert_allclose(
                getattr(family[i], name), getattr(alone, name), rtol=1e-9, atol=1e-300,
                err_msg=f"{field}={values[i]} {name}",
            )  # fmt: skip


def test_a_gradient_family_moves_only_a_bias_or_the_rnns_weight():
    with pytest.raises(ValueError, match="b_z, b_r or w"):
        grad_family(SPEC | {"convention": "textbook"}, "T", [10, 20])

"""lab.cached: every lesson's simulation cached on its spec, each in a cache of its own.

Streamlit keys a cache by a function's module, name and source, and every cache that
``on_spec`` makes runs the same few lines: were they one cache, the first lesson to
run a spec would hand its record to another lesson asking for an equal spec."""

from __future__ import annotations

import numpy as np

from gru_core.lessons import conventions, forgetting, gradients, sequence
from lab import cached


def test_a_cached_run_is_the_simulation():
    spec = sequence.one_step_spec(sequence.STORY_STEP, 1.0, -0.6, "textbook")
    ours, direct = cached.run(spec), sequence.simulate(spec)
    np.testing.assert_array_equal(ours.trace.h, direct.trace.h)
    assert cached.run(dict(reversed(spec.items()))) is not ours  # a copy per caller
    np.testing.assert_array_equal(cached.run(dict(reversed(spec.items()))).trace.h, ours.trace.h)


def test_two_simulations_never_share_a_cache():
    # one spec that both the forgetting and the conventions lesson can run: with one
    # cache between them, the second call would get the first one's record
    spec = {"convention": "textbook", "T": 20, "mode": "direct", "z": 0.1, "r": 1.0,
            "w": 0.9, "b_z": 0.0, "b_r": 0.0, "noise": 0.0, "seed": 0,
            "preset": "remember", "H": 1, "b_hn": 0.0, "signal": "pulse"}  # fmt: skip
    assert isinstance(cached.forget_run(spec), forgetting.ForgetRun)
    assert isinstance(cached.conv_run(spec), conventions.ConvRun)


def test_the_gradients_rnn_half_is_cached_apart_and_is_the_simulations():
    spec = {"T": 12, "H": 2, "seed": 0, "w": 0.9, "b_z": 0.0, "b_r": 0.0, "convention": "textbook"}
    whole = cached.grad_run(spec)
    np.testing.assert_array_equal(whole.rnn, cached.grad_rnn(gradients.rnn_spec(spec))[0])
    np.testing.assert_array_equal(whole.rnn, gradients.grad_simulate(spec).rnn)


def test_each_cache_is_named_for_what_it_caches():
    spec = {"preset": "remember", "H": 1, "b_hn": 0.0, "seed": 0, "signal": "pulse"}
    assert isinstance(cached.conv_run(spec), conventions.ConvRun)
    assert isinstance(cached.run(spec | {"convention": "cho", "signal": "pulse", "T": 10}),
                      sequence.Run)  # fmt: skip

"""The engine against values that PyTorch (nn.GRU / nn.GRUCell, float64) computed.

The cases live in tests/fixtures/torch_gru.npz (see make_torch_fixtures.py);
each one is run through ``from_torch`` + ``forward`` + ``backward`` with the
loss L = sum(h * w), whose dL/dh is w.
"""

from __future__ import annotations

import numpy as np

from gru_core import GRUParams, backward, forward

STATE_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def state_dict(case: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: v for k, v in case.items() if k.startswith(STATE_KEYS)}


def run(case):
    p = GRUParams.from_torch(state_dict(case))
    h0 = None if int(case["h0_is_none"]) else case["h0"]
    trace = forward(p, case["x"], h0)
    return p, trace, backward(p, trace, case["w"])


def test_fixture_case_is_consistent(torch_case):
    # a sanity check on the stored case itself: its shapes agree with each other
    x, h = torch_case["x"], torch_case["h"]
    assert h.shape[:-1] == x.shape[:-1]
    assert torch_case["h_n"].shape == torch_case["h0"].shape
    assert torch_case["w"].shape == h.shape


def test_forward_matches_torch(torch_case):
    _, trace, _ = run(torch_case)
    np.testing.assert_allclose(trace.h, torch_case["h"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(trace.h[-1], torch_case["h_n"], rtol=0, atol=1e-12)
    assert trace.h.shape == torch_case["h"].shape


def test_backward_matches_torch_autograd(torch_case):
    p, _, grads = run(torch_case)
    expected = {k.removeprefix("grad/"): v for k, v in torch_case.items() if k.startswith("grad/")}
    assert set(grads) == set(expected)
    for name, want in expected.items():
        assert grads[name].shape == want.shape, name
        np.testing.assert_allclose(grads[name], want, rtol=0, atol=1e-9, err_msg=name)


def test_backward_keys_are_torch_keys_plus_x_and_h0(torch_case):
    p, _, grads = run(torch_case)
    assert set(grads) == set(p.to_torch()) | {"x", "h0"}


def test_to_torch_returns_the_state_dict(torch_case):
    sd = state_dict(torch_case)
    back = GRUParams.from_torch(sd).to_torch()
    assert set(back) == set(sd)
    for k, v in sd.items():
        assert back[k].dtype == np.float64
        np.testing.assert_array_equal(back[k], v, err_msg=k)


def test_cases_cover_every_variant(all_torch_cases):
    cases = all_torch_cases
    kinds = {
        "cell": any("weight_ih" in c and "weight_ih_l0" not in c for c in cases.values()),
        "no bias": any("bias_ih_l0" not in c and "bias_ih" not in c for c in cases.values()),
        "batched": any(c["x"].ndim == 3 for c in cases.values()),
        "unbatched": any(c["x"].ndim == 2 for c in cases.values()),
        "zero h0": any(int(c["h0_is_none"]) for c in cases.values()),
        "saturating": any(np.abs(c.get("weight_ih_l0", 0)).max() >= 1e5 for c in cases.values()),
    }
    assert all(kinds.values()), kinds

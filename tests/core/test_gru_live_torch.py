"""The engine against a live torch.nn.GRU on random cases, in float64 and float32.

Skipped (and reported as skipped) when torch is not installed; the stored
fixtures in test_gru_torch_fixtures.py cover float64 without torch.

Tolerances. float64: both sides round each operation to 2^-53 and the states
stay in [-1, 1], so h agrees to 1e-12 (measured: ~1e-16).
float32 (eps32 = 2^-23 ≈ 1.2e-7): the two implementations round differently
(both write σ as 1/(1+e^-a), but with different exp and tanh kernels and a
different summation order in the matmuls), so each step adds a few eps32 of disagreement and the GRU
carries it forward (with these small weights ‖∂h_t/∂h_{t-1}‖ < 1, so errors do
not grow faster than linearly). The bound used is 8·T·eps32 (T ≤ 12 here, so
at most ~1e-5); measured disagreement is about 2·eps32. Each float32 result
is also checked against the float64 truth with the same bound, so the
tolerance cannot hide a shared error. Gradients sum T·B terms of that size, so they are
compared relative to their largest entry with the same bound.
"""

from __future__ import annotations

import numpy as np
import pytest

from gru_core import GRUParams, backward, forward, states
from gru_core.gru import EXP_TANH_FROM

torch = pytest.importorskip("torch", reason="torch is not installed: live comparison skipped")

EPS32 = float(np.finfo(np.float32).eps)
CASES = [  # (T, B or None, I, H, bias, cell)
    (6, None, 1, 1, True, False),
    (8, 4, 3, 5, True, False),
    (12, None, 4, 16, False, False),
    (5, 3, 16, 8, True, False),
    (7, 2, 3, 4, True, True),
    (4, None, 2, 6, False, True),
    (6, EXP_TANH_FROM // 4, 3, 4, True, False),  # wide steps: forward's tanh through exp
]
DTYPES = {"float64": (np.float64, torch.float64), "float32": (np.float32, torch.float32)}


def torch_run(sd, x, h0, w, cell, tdtype):
    """h and autograd grads of L = sum(h * w) from a fresh torch module holding sd."""
    I = x.shape[-1]
    H = sd[next(k for k in sd if k.startswith("weight_hh"))].shape[1]
    bias = any(k.startswith("bias") for k in sd)
    module = (torch.nn.GRUCell(I, H, bias=bias) if cell else torch.nn.GRU(I, H, bias=bias)).to(
        tdtype
    )
    module.load_state_dict({k: torch.tensor(v, dtype=tdtype) for k, v in sd.items()})
    xt = torch.tensor(x, dtype=tdtype, requires_grad=True)
    h0t = torch.tensor(h0, dtype=tdtype, requires_grad=True)
    if cell:
        states, h_t = [], h0t
        for t in range(x.shape[0]):
            h_t = module(xt[t], h_t)
            states.append(h_t)
        h = torch.stack(states)
    else:
        h, _ = module(xt, h0t.unsqueeze(0))
    loss = (h * torch.tensor(w, dtype=tdtype)).sum()
    names = [n for n, _ in module.named_parameters()]
    grads = torch.autograd.grad(loss, [p for _, p in module.named_parameters()] + [xt, h0t])
    out = {n: g.double().numpy() for n, g in zip([*names, "x", "h0"], grads, strict=True)}
    return h.detach().double().numpy(), out


def make(case, rng):
    T, B, I, H, bias, cell = case
    p = GRUParams.init(I, H, rng, convention="pytorch")
    sd = {k: v for k, v in p.to_torch().items() if bias or not k.startswith("bias")}
    if cell:
        sd = {k.removesuffix("_l0"): v for k, v in sd.items()}
    lead = (T,) if B is None else (T, B)
    x = rng.normal(size=(*lead, I))
    h0 = rng.uniform(-1, 1, (H,) if B is None else (B, H))
    w = rng.normal(size=(*lead, H))
    return GRUParams.from_torch(sd), sd, x, h0, w, cell


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: "T{}_B{}_I{}_H{}_bias{}_cell{}".format(*c))
def test_matches_live_torch(case, dtype, rng):
    np_dtype, torch_dtype = DTYPES[dtype]
    p, sd, x, h0, w, cell = make(case, rng)
    T = x.shape[0]
    tol = 1e-12 if dtype == "float64" else 8 * T * EPS32
    grad_tol = 1e-12 if dtype == "float64" else 8 * T * EPS32

    trace = forward(p, x, h0, dtype=np_dtype)
    grads = backward(p, trace, w)
    h_torch, g_torch = torch_run(sd, x, h0, w, cell, torch_dtype)

    assert trace.h.dtype == np_dtype
    assert all(g.dtype == np_dtype for g in grads.values())
    np.testing.assert_allclose(trace.h, h_torch, rtol=0, atol=tol)
    assert set(grads) == set(g_torch)
    for name, want in g_torch.items():
        scale = max(1.0, float(np.abs(want).max()))
        np.testing.assert_allclose(grads[name], want, rtol=0, atol=grad_tol * scale, err_msg=name)

    if dtype == "float32":  # both float32 results stay near the float64 truth
        truth = forward(p, x, h0, dtype=np.float64).h
        np.testing.assert_allclose(trace.h, truth, rtol=0, atol=tol)
        np.testing.assert_allclose(h_torch, truth, rtol=0, atol=tol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_default_zero_h0_matches_torch_without_h0(dtype, rng):
    np_dtype, torch_dtype = DTYPES[dtype]
    p = GRUParams.init(3, 4, rng, convention="pytorch")
    x = rng.normal(size=(9, 2, 3))
    module = torch.nn.GRU(3, 4).to(torch_dtype)
    module.load_state_dict({k: torch.tensor(v, dtype=torch_dtype) for k, v in p.to_torch().items()})
    h_torch, _ = module(torch.tensor(x, dtype=torch_dtype))  # torch's own zero h0
    tol = 1e-12 if dtype == "float64" else 8 * 9 * EPS32
    h = forward(p, x, dtype=np_dtype).h
    np.testing.assert_allclose(h, h_torch.detach().double().numpy(), rtol=0, atol=tol)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "case", [c for c in CASES if not c[5]], ids=lambda c: "T{}_B{}_I{}_H{}".format(*c)
)
def test_states_match_torch_inference(case, dtype, rng):
    np_dtype, torch_dtype = DTYPES[dtype]
    p, sd, x, h0, _, _ = make(case, rng)
    module = torch.nn.GRU(x.shape[-1], p.hidden_size, bias=p.has_bias).to(torch_dtype)
    module.load_state_dict({k: torch.tensor(v, dtype=torch_dtype) for k, v in sd.items()})
    with torch.inference_mode():
        h_torch, _ = module(
            torch.tensor(x, dtype=torch_dtype), torch.tensor(h0[None], dtype=torch_dtype)
        )
    tol = 1e-12 if dtype == "float64" else 8 * x.shape[0] * EPS32
    h = states(p, x, h0, dtype=np_dtype)
    assert h.dtype == np_dtype
    np.testing.assert_allclose(h, h_torch.double().numpy(), rtol=0, atol=tol)

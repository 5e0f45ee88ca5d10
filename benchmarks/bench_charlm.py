"""The character model's training step and inference against PyTorch's, on one thread.

A training step at the shipped size (``gru_core.charlm.train.Settings``: 128 units,
32-dimensional embedding, batch 32, 100 characters of BPTT, float32): forward,
cross-entropy, BPTT and an Adam step with clipping, ours (``CharModel.loss_and_grad``
+ ``gru_core.optim.Adam``) against nn.Embedding + nn.GRU + nn.Linear with
``torch.optim.Adam`` and ``clip_grad_norm_``, both on one thread, interleaved, best of
``--repeats`` rounds of ``--steps`` steps. Inference: 2,000 characters through the
model, one stream (target ≤ 100 ms). Target for the step: ratio ≤ 1.0.

    python benchmarks/bench_charlm.py
    python benchmarks/bench_charlm.py --steps 20 --repeats 5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gru_core.blas import limit_blas_threads  # noqa: E402
from gru_core.charlm import V  # noqa: E402
from gru_core.charlm.train import Settings  # noqa: E402
from gru_core.optim import Adam  # noqa: E402


def best(fn, steps: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            fn()
        times.append((time.perf_counter() - t0) / steps)
    return min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    import torch

    limit_blas_threads(1)
    torch.set_num_threads(1)
    s = Settings()
    H, D, B, T = s.hidden_size, s.embed_size, s.batch_size, s.bptt
    model = s.model()
    rng = np.random.default_rng(0)
    theta = model.init(rng)
    opt = Adam(lr=s.lr, clip=s.clip)
    state = opt.init(theta)
    ids = rng.integers(0, V, (T + 1, B))
    carry = {"h": np.zeros((B, H), np.float32)}

    def ours():
        _, grad, carry["h"] = model.loss_and_grad(theta, ids[:-1], ids[1:], carry["h"])
        opt.step(theta, grad, state)

    emb, gru, lin = torch.nn.Embedding(V, D), torch.nn.GRU(D, H), torch.nn.Linear(H, V)
    params = [*emb.parameters(), *gru.parameters(), *lin.parameters()]
    topt = torch.optim.Adam(params, lr=s.lr)
    t_ids = torch.tensor(ids)
    t_carry = {"h": torch.zeros(1, B, H)}

    def theirs():
        topt.zero_grad()
        out, h_n = gru(emb(t_ids[:-1]), t_carry["h"])
        t_carry["h"] = h_n.detach()
        loss = torch.nn.functional.cross_entropy(lin(out).reshape(-1, V), t_ids[1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, s.clip)
        topt.step()

    ours(), theirs()  # warm up
    mine, torch_s = [], []
    for _ in range(args.repeats):  # interleaved: load from elsewhere falls on both alike
        mine.append(best(ours, args.steps, 1))
        torch_s.append(best(theirs, args.steps, 1))
    a, b = min(mine), min(torch_s)
    print(f"training step (B={B}, T={T}, H={H}, D={D}, float32, one thread)")
    print(f"  gru_core {a * 1e3:.1f} ms   torch {b * 1e3:.1f} ms", end="   ")
    print(f"ratio {a / b:.2f} (target ≤ 1.0)")
    text = rng.integers(0, V, (2000, 1))
    t0 = time.perf_counter()
    model.forward(theta, text)
    infer = time.perf_counter() - t0
    print(f"inference on 2,000 characters: {infer * 1e3:.0f} ms (target ≤ 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

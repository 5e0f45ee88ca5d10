"""Training speed and the GRU-vs-RNN split, against PyTorch on one thread, in one run.

    python benchmarks/bench_train.py             # step timings + the T = 100 runs (~2 min)
    python benchmarks/bench_train.py --quick     # step timings only

1. One training step (fresh mini-batch, forward, BPTT, gradient clipping, Adam)
   at the README's sizes (adding problem, T = 100, B = 32, H = 16) for GRU, RNN
   and LSTM, float32 and float64: ``gru_core.train.Trainer.step`` against the
   same step in PyTorch (nn.GRU / nn.RNN / nn.LSTM + nn.Linear, MSE, clip_grad_norm_,
   torch.optim.Adam) with ``torch.set_num_threads(1)``. Both sides draw their
   batch with the same NumPy generator. The two are timed in alternating
   blocks and each side keeps its best block, so a busy shared machine hurts
   both alike. Ratio = NumPy / PyTorch: below 1 means NumPy is faster.
2. The README's training command (``python -m gru_core.train``, adding problem,
   2,000 steps, seed 0) for both models, against its targets: GRU test MSE < 0.01
   (it learns) and plain RNN > 0.1 (it does not); then the same GRU trained by
   PyTorch for the time it takes (``--no-torch-run`` skips it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gru_core.tasks import AddingTask  # noqa: E402
from gru_core.train import TrainConfig, Trainer, limit_blas_threads  # noqa: E402

T, B, H = 100, 32, 16
CLI = [
    "--task", "adding", "--seq-len", "100", "--hidden-size", "16", "--steps", "2000",
    "--batch-size", "32", "--lr", "0.01", "--seed", "0", "--log-every", "0",
]  # fmt: skip


def numpy_stepper(model: str, dtype: str):
    trainer = Trainer(
        TrainConfig(model=model, dtype=dtype, seq_len=T, batch_size=B, hidden_size=H, steps=10**9)
    )
    return trainer.step


def torch_trainer(model: str, dtype: str, update_bias: float = 0.0):
    """PyTorch's layer and read-out (seed 0) and their training step: a fresh adding
    batch, forward, MSE, backward, clipping at 1, Adam; ``update_bias`` is added to the
    GRU's update-gate input bias b_iz."""
    import torch

    tdtype = getattr(torch, dtype)
    torch.manual_seed(0)
    layer = {"gru": torch.nn.GRU, "rnn": torch.nn.RNN, "lstm": torch.nn.LSTM}[model](2, H)
    layer = layer.to(tdtype)
    readout = torch.nn.Linear(H, 1).to(tdtype)
    if update_bias:
        with torch.no_grad():
            layer.bias_ih_l0[H : 2 * H] += update_bias
    params = [*layer.parameters(), *readout.parameters()]
    opt = torch.optim.Adam(params, lr=0.01)
    task, rng = AddingTask(), np.random.default_rng(0)

    def step():
        x, y = task.make_batch(rng, B, T, dtype)
        opt.zero_grad()
        h, _ = layer(torch.from_numpy(x))
        loss = torch.nn.functional.mse_loss(readout(h[-1]), torch.from_numpy(y))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return loss.item()

    return layer, readout, step


def torch_stepper(model: str, dtype: str):
    return torch_trainer(model, dtype)[2]


def best_ms(step, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return 1e3 * (time.perf_counter() - t0) / n


def time_steps(blocks: int, n: int) -> None:
    import torch

    torch.set_num_threads(1)
    print(f"one training step, adding T={T} B={B} H={H} (best of {blocks} blocks of {n} steps)")
    print(f"{'model':6} {'dtype':8} {'numpy ms':>9} {'torch ms':>9} {'ratio':>6}")
    for dtype in ("float32", "float64"):
        for model in ("gru", "rnn", "lstm"):
            ours, theirs = numpy_stepper(model, dtype), torch_stepper(model, dtype)
            for _ in range(5):  # warm-up
                ours(), theirs()
            a = b = float("inf")
            for _ in range(blocks):
                a = min(a, best_ms(ours, n))
                b = min(b, best_ms(theirs, n))
            print(f"{model:6} {dtype:8} {a:9.2f} {b:9.2f} {a / b:6.2f}", flush=True)


def cli_runs() -> dict:
    out = {}
    for model in ("gru", "rnn"):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "gru_core.train", "--model", model, *CLI],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        wall = time.perf_counter() - t0
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        out[model] = res
        print(
            f"python -m gru_core.train --model {model} {' '.join(CLI)}\n"
            f"  test MSE {res['mse']:.3g}, within 0.04 {res['within_0.04']:.1%}, "
            f"{res['seconds']:.1f} s training ({wall:.1f} s wall)",
            flush=True,
        )
    gru_ok, rnn_ok = out["gru"]["mse"] < 0.01, out["rnn"]["mse"] > 0.1
    print(f"target GRU MSE < 0.01: {'met' if gru_ok else 'NOT met'}; ", end="")
    print(f"RNN MSE > 0.1: {'met' if rnn_ok else 'NOT met'}")
    return out


def torch_run(steps: int = 2000) -> None:
    import torch

    torch.set_num_threads(1)
    # PyTorch's GRU with the update gate biased toward keeping the state (+2 on b_iz)
    layer, readout, step = torch_trainer("gru", "float32", update_bias=2.0)
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - t0
    x, y = AddingTask().make_batch(np.random.default_rng(1), 1000, T, np.float32)
    with torch.no_grad():
        h, _ = layer(torch.from_numpy(x))
        err = (readout(h[-1]) - torch.from_numpy(y)).numpy()
    print(
        f"PyTorch GRU, same settings, one thread: test MSE {np.mean(err**2):.3g}, "
        f"within 0.04 {np.mean(np.abs(err) <= 0.04):.1%}, {seconds:.1f} s",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="step timings only")
    ap.add_argument("--blocks", type=int, default=5, help="timing blocks per side")
    ap.add_argument("--n", type=int, default=30, help="steps per timing block")
    ap.add_argument("--no-torch-run", action="store_true", help="skip PyTorch's 2000-step run")
    args = ap.parse_args()
    limit_blas_threads(1)  # as the command line does; torch gets set_num_threads(1)
    time_steps(args.blocks, args.n)
    if not args.quick:
        print()
        cli_runs()
        if not args.no_torch_run:
            torch_run()


if __name__ == "__main__":
    main()

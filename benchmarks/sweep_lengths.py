"""Test error against sequence length T for the GRU and the plain RNN.

    python benchmarks/sweep_lengths.py                      # adding, T = 10 .. 200, 2000 steps
    python benchmarks/sweep_lengths.py --seeds 0 1 2        # median over three seeds
    python benchmarks/sweep_lengths.py --task remember --steps 500

Every run uses the command line's defaults (hidden size 16, batch 32, Adam
lr 0.01, clipping at 1, update-gate bias +2 toward keeping the state,
float32) and the same seed for both models, so they see the same batches and
the same test set. Prints a Markdown table: the task's headline measure on
1000 held-out sequences (adding: MSE, where 0.167 is "learned nothing", and
the share of answers within 0.04).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gru_core.tasks import TASKS  # noqa: E402
from gru_core.train import TrainConfig, limit_blas_threads, train  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--task", choices=tuple(TASKS), default="adding")
    ap.add_argument("--lengths", type=int, nargs="+", default=[10, 25, 50, 100, 200])
    ap.add_argument("--models", nargs="+", default=["gru", "rnn"])
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = ap.parse_args()
    limit_blas_threads(1)

    scores: dict[tuple[str, int], list[dict]] = {}
    t_start = time.perf_counter()
    for T in args.lengths:
        for model in args.models:
            for seed in args.seeds:
                r = train(TrainConfig(task=args.task, seq_len=T, model=model, steps=args.steps,
                                      seed=seed))  # fmt: skip
                scores.setdefault((model, T), []).append(r.test)
                print(
                    f"T={T} {model} seed {seed}: "
                    + ", ".join(f"{k} {v:.4g}" for k, v in r.test.items())
                    + f" ({r.history.seconds:.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )

    first = next(iter(scores.values()))[0]
    keys = [k for k in first if k != "loss"]
    head = ["T"] + [f"{m.upper()} {k}" for m in args.models for k in keys]
    print(f"\n{args.task}, {args.steps} steps, seeds {args.seeds} (median over seeds)")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for T in args.lengths:
        cells = [str(T)]
        for m in args.models:
            for k in keys:
                v = float(np.median([s[k] for s in scores[(m, T)]]))
                cells.append(f"{v:.1%}" if k.startswith(("within", "accuracy")) else f"{v:.3g}")
        print("| " + " | ".join(cells) + " |")
    print(f"\n({time.perf_counter() - t_start:.0f} s in all)")


if __name__ == "__main__":
    main()

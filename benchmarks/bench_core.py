"""gru_core's forward and backward against torch.nn.GRU on the CPU, as ratios.

Run::

    python benchmarks/bench_core.py

Both sides use the same dtype (float64, then float32) and the same work:
forward keeps what backward needs (gru_core's trace; torch's autograd graph,
so torch runs with gradients enabled), backward returns the gradients of every
parameter, x and h0 for dL/dh = w. torch is timed at 1 thread and at its
default thread count; NumPy uses its BLAS defaults. Each figure is the median
over repeats of a timeit loop (per-call milliseconds). A ratio numpy/torch
below 1 means gru_core is faster.

Targets (from the engine issue): ratio ≤ 1 at the two teaching sizes and ≤ 1.5
at the batch size. Without torch the script says so and exits 0.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gru_core import GRUParams, backward, forward  # noqa: E402

SIZES = [  # (label, T, B, I, H, target ratio)
    ("teach T=100 I=1 H=8 B=1", 100, 1, 1, 8, 1.0),
    ("teach T=1000 I=8 H=64 B=1", 1000, 1, 8, 64, 1.0),
    ("batch T=200 B=32 I=16 H=128", 200, 32, 16, 128, 1.5),
]
DTYPES = ("float64", "float32")
REPEAT = 9
MIN_TIME = 0.1  # seconds per timeit loop


def numpy_calls(p, x, h0, w):
    trace = forward(p, x, h0)
    return {
        "forward": lambda: forward(p, x, h0),
        "backward": lambda: backward(p, trace, w),
        "fwd+bwd": lambda: backward(p, forward(p, x, h0), w),
    }


def torch_calls(torch, p, x, h0, w, dtype):
    tdtype = getattr(torch, dtype)
    module = torch.nn.GRU(p.input_size, p.hidden_size).to(tdtype)
    module.load_state_dict({k: torch.tensor(v, dtype=tdtype) for k, v in p.to_torch().items()})
    xt = torch.tensor(x, dtype=tdtype, requires_grad=True)
    h0t = torch.tensor(h0[None], dtype=tdtype, requires_grad=True)
    wt = torch.tensor(w, dtype=tdtype)
    inputs = [*module.parameters(), xt, h0t]

    def fwd():
        return module(xt, h0t)[0]

    h = fwd()
    return {
        "forward": fwd,
        "backward": lambda: torch.autograd.grad(h, inputs, grad_outputs=wt, retain_graph=True),
        "fwd+bwd": lambda: torch.autograd.grad(fwd(), inputs, grad_outputs=wt),
    }


def interleaved_medians(torch, candidates) -> dict:
    """Median ms per call of each candidate {(impl, op): (threads, fn)}.

    The candidates take turns within every repeat, so a burst of load from
    another process slows all of them alike instead of one.
    """
    timers, numbers = {}, {}
    for key, (threads, fn) in candidates.items():
        if threads:
            torch.set_num_threads(threads)
        timers[key] = timeit.Timer(fn)
        number, took = timers[key].autorange()
        numbers[key] = max(1, int(number * MIN_TIME / max(took, 1e-9)))
    samples = {key: [] for key in candidates}
    for _ in range(REPEAT):
        for key, (threads, _fn) in candidates.items():
            if threads:
                torch.set_num_threads(threads)
            samples[key].append(timers[key].timeit(numbers[key]) / numbers[key])
    return {key: 1e3 * statistics.median(v) for key, v in samples.items()}


def main() -> int:
    try:
        import torch
    except ImportError:
        print("torch is not installed: nothing to compare gru_core against (pip install torch).")
        return 0
    default_threads = torch.get_num_threads()
    rng = np.random.default_rng(0)
    print(
        f"numpy {np.__version__}, torch {torch.__version__} "
        f"(default threads {default_threads}); median ms per call, ratio = numpy / torch"
    )
    header = (
        f"{'size':<28} {'dtype':<7} {'op':<8} {'numpy':>9} {'torch@1':>9} "
        f"{'torch@' + str(default_threads):>9} {'ratio@1':>8} {'ratio@' + str(default_threads):>8}"
    )
    print(header)
    print("-" * len(header))
    misses = []
    for label, T, B, I, H, target in SIZES:
        p64 = GRUParams.init(I, H, rng, convention="pytorch")
        x64 = rng.normal(size=(T, B, I))
        h064 = rng.uniform(-1, 1, (B, H))
        w64 = rng.normal(size=(T, B, H))
        for dtype in DTYPES:
            p, x, h0, w = (
                p64.astype(dtype),
                x64.astype(dtype),
                h064.astype(dtype),
                w64.astype(dtype),
            )
            candidates = {}
            for op, fn in numpy_calls(p, x, h0, w).items():
                candidates["numpy", op] = (None, fn)
            for threads in (1, default_threads):
                for op, fn in torch_calls(torch, p, x, h0, w, dtype).items():
                    candidates[threads, op] = (threads, fn)
            ms = interleaved_medians(torch, candidates)
            for op in ("forward", "backward", "fwd+bwd"):
                ours, t1, tn = ms["numpy", op], ms[1, op], ms[default_threads, op]
                r1, rn = ours / t1, ours / tn
                print(
                    f"{label:<28} {dtype:<7} {op:<8} {ours:9.3f} {t1:9.3f} "
                    f"{tn:9.3f} {r1:8.2f} {rn:8.2f}"
                )
                if max(r1, rn) > target:
                    misses.append(f"{label} {dtype} {op}: {max(r1, rn):.2f} > {target}")
        torch.set_num_threads(default_threads)
    print()
    if misses:
        print("slower than the target ratio:")
        for m in misses:
            print("  " + m)
    else:
        print("every ratio meets its target (<= 1 at teaching sizes, <= 1.5 at the batch size)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

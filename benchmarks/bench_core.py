"""gru_core's forward and backward against torch.nn.GRU on the CPU, as ratios.

Run::

    python benchmarks/bench_core.py
    python benchmarks/bench_core.py --only batch --dtype float64   # one size, one dtype

Both sides use the same dtype (float64, then float32). Every row but fwd/infer
pairs calls that do the same work:

    infer     only h: ``gru_core.states`` against torch's forward under
              ``torch.inference_mode()`` (no graph)
    fwd       keeping what backward needs: ``gru_core.forward`` (its trace)
              against torch's forward with gradients on (its autograd graph)
    fwd/infer ``gru_core.forward`` against torch under inference_mode: not a like
              pair (a trace kept against nothing kept), so printed but not judged;
              it says what the trace costs over plain inference
    bwd       the gradients of every parameter, x and h0 for dL/dh = w, from a
              kept trace / graph
    fwd+bwd   both in one call, against autograd

Threads are matched: "@1" runs torch with ``torch.set_num_threads(1)`` and
NumPy's OpenBLAS at one thread, "@N" both at their default N. (NumPy's BLAS
threads are set through OpenBLAS's own ``*_set_num_threads`` found with ctypes;
if that symbol is missing NumPy runs at its default in both columns and the
header says so.) Every figure is the median per-call time in ms over REPEAT
timeit loops; all candidates of one size and dtype take turns within each
repeat, so a burst of load from another process hits them alike. A ratio
numpy/torch below 1 means gru_core is faster.

Targets: ratio ≤ 1 at the two teaching sizes and ≤ 1.5
at the batch size, for every row but fwd/infer. Without torch the script says
so and exits 0.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gru_core import GRUParams, backward, forward, states  # noqa: E402
from gru_core.blas import openblas_functions  # noqa: E402

SIZES = [  # (label, T, B, I, H, target ratio)
    ("teach T=100 I=1 H=8 B=1", 100, 1, 1, 8, 1.0),
    ("teach T=1000 I=8 H=64 B=1", 1000, 1, 8, 64, 1.0),
    ("batch T=200 B=32 I=16 H=128", 200, 32, 16, 128, 1.5),
]
DTYPES = ("float64", "float32")
ROWS = [  # (row, numpy call, torch call, judged against the target)
    ("infer", "states", "inference", True),
    ("fwd", "forward", "forward", True),
    ("fwd/infer", "forward", "inference", False),
    ("bwd", "backward", "backward", True),
    ("fwd+bwd", "fwd+bwd", "fwd+bwd", True),
]
REPEAT = 7
MIN_TIME = 0.06  # seconds per timeit loop


def numpy_calls(p, x, h0, w):
    trace = forward(p, x, h0)
    return {
        "states": lambda: states(p, x, h0),
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

    def inference():
        with torch.inference_mode():
            return module(xt, h0t)[0]

    h = fwd()
    return {
        "inference": inference,
        "forward": fwd,
        "backward": lambda: torch.autograd.grad(h, inputs, grad_outputs=wt, retain_graph=True),
        "fwd+bwd": lambda: torch.autograd.grad(fwd(), inputs, grad_outputs=wt),
    }


def interleaved_medians(candidates, set_threads) -> dict:
    """Median ms per call of each candidate {key: (threads, fn)}, taking turns per repeat."""
    timers, numbers = {}, {}
    for key, (threads, fn) in candidates.items():
        set_threads(key[0], threads)
        fn()  # warm up
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        timers[key] = timeit.Timer(fn)
        numbers[key] = max(1, math.ceil(MIN_TIME / max(took, 1e-9)))
    samples = {key: [] for key in candidates}
    for _ in range(REPEAT):
        for key, (threads, _fn) in candidates.items():
            set_threads(key[0], threads)
            samples[key].append(timers[key].timeit(numbers[key]) / numbers[key])
    return {key: 1e3 * statistics.median(v) for key, v in samples.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="sizes whose label contains this")
    parser.add_argument("--dtype", choices=DTYPES, help="one dtype instead of both")
    args = parser.parse_args(argv)
    dtypes = [args.dtype] if args.dtype else list(DTYPES)
    if not any(args.only in s[0] for s in SIZES):
        parser.error(f"no size label contains {args.only!r}")
    try:
        import torch
    except ImportError:
        print("torch is not installed: nothing to compare gru_core against (pip install torch).")
        return 0
    N = torch.get_num_threads()
    blas = openblas_functions()
    blas_default = blas[1]() if blas else None

    def set_threads(impl, threads):
        if impl == "torch":
            torch.set_num_threads(threads)
        elif blas:
            blas[0](threads)

    numpy_note = (
        f"NumPy OpenBLAS threads matched (default {blas_default})"
        if blas
        else "NumPy OpenBLAS threads NOT controllable: numpy runs at its default in both columns"
    )
    print(f"numpy {np.__version__}, torch {torch.__version__}, default threads N = {N}")
    print(f"{numpy_note}; median ms per call; ratio = numpy / torch at the same thread count")
    print(
        "rows: infer = states vs torch inference_mode; fwd = forward (trace) vs torch "
        "autograd forward;\n      fwd/infer = forward (trace) vs inference_mode (not judged); "
        "bwd, fwd+bwd vs autograd"
    )
    header = (
        f"{'size':<28} {'dtype':<7} {'row':<9} {'numpy@1':>9} {'torch@1':>9} {'ratio@1':>8} "
        f"{'numpy@N':>9} {'torch@N':>9} {'ratio@N':>8} {'target':>7}"
    )
    print(header)
    print("-" * len(header))
    misses = []
    rng = np.random.default_rng(0)
    for label, T, B, I, H, target in SIZES:
        p64 = GRUParams.init(I, H, rng, convention="pytorch")
        x64 = rng.normal(size=(T, B, I))
        h064 = rng.uniform(-1, 1, (B, H))
        w64 = rng.normal(size=(T, B, H))
        if args.only not in label:
            continue  # its data were drawn all the same: the others' do not depend on --only
        for dtype in dtypes:
            p = p64.astype(dtype)
            x, h0, w = (a.astype(dtype) for a in (x64, h064, w64))
            candidates = {}
            for threads, n in ((1, 1), ("N", N)):
                blas_n = n if threads == 1 else (blas_default or n)
                for op, fn in numpy_calls(p, x, h0, w).items():
                    candidates["numpy", threads, op] = (blas_n, fn)
                for op, fn in torch_calls(torch, p, x, h0, w, dtype).items():
                    candidates["torch", threads, op] = (n, fn)
            ms = interleaved_medians(candidates, set_threads)
            for row, ours_op, theirs_op, judged in ROWS:
                cells = []
                for threads in (1, "N"):
                    ours, theirs = ms["numpy", threads, ours_op], ms["torch", threads, theirs_op]
                    cells.append(f"{ours:9.3f} {theirs:9.3f} {ours / theirs:8.2f}")
                    if judged and ours / theirs > target:
                        misses.append(
                            f"{label} {dtype} {row} @{threads}: {ours / theirs:.2f} > {target}"
                        )
                goal = f"<= {target:g}" if judged else "-"
                print(f"{label:<28} {dtype:<7} {row:<9} {' '.join(cells)} {goal:>7}")
    set_threads("torch", N)
    if blas:
        blas[0](blas_default)
    print()
    if misses:
        print("slower than the target ratio:")
        for m in misses:
            print("  " + m)
    else:
        print(
            "every judged ratio meets its target (<= 1 at teaching sizes, <= 1.5 at the batch size)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How many threads the OpenBLAS under NumPy uses (Linux; a no-op elsewhere).

GRU Lab multiplies small matrices, where BLAS threads only add start-up cost,
and a classroom server runs many sessions on few cores, where extra threads
wait for busy cores: one thread made a training step 2-3x faster on the 2-core
test machine. NumPy has no call for this, so the library's own
``openblas_set_num_threads`` is found in the process's loaded libraries.
"""

from __future__ import annotations

import ctypes
from functools import cache

_NAMES = ("scipy_openblas", "openblas")


@cache
def openblas_functions():
    """(set_num_threads, get_num_threads) of the loaded OpenBLAS, or None."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "openblas" in line.lower()}
    except OSError:
        return None
    for path in sorted(p for p in paths if p.startswith("/")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in _NAMES:
            for suffix in ("64_", ""):
                set_ = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                get = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                if set_ is not None and get is not None:
                    return set_, get
    return None


def limit_blas_threads(n: int = 1) -> bool:
    """Ask NumPy's OpenBLAS to use ``n`` threads (process-wide, like
    ``OPENBLAS_NUM_THREADS``); True if it was found."""
    functions = openblas_functions()
    if functions is None:
        return False
    functions[0](ctypes.c_int(n))
    return True


def blas_threads() -> int | None:
    """The OpenBLAS thread count now, or None if OpenBLAS was not found."""
    functions = openblas_functions()
    return None if functions is None else int(functions[1]())

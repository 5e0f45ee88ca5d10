"""Helpers for the load, proxy and isolation browser tests (beside conftest.py).

``from conftest import ...`` is not used: with tests/core, tests/app and tests/e2e
each holding a conftest.py, that import finds whichever was imported first when
the whole suite runs. The e2e conftest is loaded here by its path instead.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.discover import e2e  # noqa: E402

T = TypeVar("T")

_h = e2e()
free_port = _h.free_port
screenshot = _h.screenshot
start_replicas = _h.start_replicas
stop_replicas = _h.stop_replicas


def run_async(make: Callable[[], Awaitable[T]], timeout: float = 120) -> T:
    """Run a coroutine in a thread of its own.

    Playwright's sync API keeps an event loop running in the test's thread, so
    ``asyncio.run`` cannot be called there once the browser fixture is up.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result(timeout=timeout)

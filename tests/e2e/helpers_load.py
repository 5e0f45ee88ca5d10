"""Helpers for the load, proxy and isolation browser tests (beside conftest.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_async(make: Callable[[], Awaitable[T]], timeout: float = 120) -> T:
    """Run a coroutine in a thread of its own.

    Playwright's sync API keeps an event loop running in the test's thread, so
    ``asyncio.run`` cannot be called there once the browser fixture is up.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result(timeout=timeout)

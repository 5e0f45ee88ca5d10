"""Shared fixtures for the engine's tests.

``torch_case``: any test that asks for it runs once per case stored in
``tests/fixtures/torch_gru.npz`` (made by ``tests/fixtures/make_torch_fixtures.py``),
and receives that case's arrays as a dict keyed without the ``<case>/`` prefix.
"""

from __future__ import annotations

import numpy as np
import pytest
from npz_cases import load_cases


def torch_cases() -> dict[str, dict[str, np.ndarray]]:
    """{case name: {array name: array}} from the PyTorch GRU fixture file."""
    return load_cases("torch_gru.npz")


def pytest_generate_tests(metafunc):
    if "torch_case" in metafunc.fixturenames:
        names = sorted(torch_cases())
        metafunc.parametrize("torch_case", [torch_cases()[n] for n in names], ids=names)


@pytest.fixture(scope="session")
def all_torch_cases() -> dict[str, dict[str, np.ndarray]]:
    return torch_cases()


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh, fixed-seed generator for each test."""
    return np.random.default_rng(12345)

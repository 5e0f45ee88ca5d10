"""Reading the reference files that tests/fixtures/make_*_fixtures.py write from PyTorch.

Each file holds numeric arrays keyed ``<case>/<array>``; the tests want them grouped
by case. Imported by name (``from npz_cases import ...``): pytest puts this folder on
``sys.path`` for its test files and conftest.py.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).parents[1] / "fixtures"


@cache
def load_cases(filename: str) -> dict[str, dict[str, np.ndarray]]:
    """{case name: {array name: array}} from ``tests/fixtures/<filename>``."""
    cases: dict[str, dict[str, np.ndarray]] = {}
    with np.load(FIXTURES / filename, allow_pickle=False) as data:
        for key in data.files:
            case, name = key.split("/", 1)
            cases.setdefault(case, {})[name] = data[key]
    return cases

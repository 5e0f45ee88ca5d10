"""gru_core stands alone: importing it loads no app library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_LIBRARIES = ("streamlit", "plotly", "pandas")


def test_importing_gru_core_loads_no_app_library():
    code = (
        "import json, sys, gru_core, gru_core.gru, gru_core.params; "
        f"print(json.dumps([m for m in {list(APP_LIBRARIES)!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_check_would_notice_a_loaded_library():
    # the same probe, with pandas imported on purpose, must report it
    code = (
        "import json, sys, pandas, gru_core; "
        "print(json.dumps([m for m in ['pandas'] if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["pandas"]

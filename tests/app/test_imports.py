"""What importing the app layer loads, checked in a fresh interpreter."""

import subprocess
import sys

from app_helpers import ROOT


def test_lab_loads_pandas_whole_before_any_figure_is_drawn():
    """Plotly reads sys.modules["pandas"] without the import lock, so a session drawing
    a figure while another session imports pandas for the first time saw a half
    initialised module. ``import lab`` (every page's first import) must load it whole."""
    code = (
        "import sys; assert 'pandas' not in sys.modules; import lab; "
        "m = sys.modules.get('pandas'); assert m is not None and hasattr(m, 'Series')"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)

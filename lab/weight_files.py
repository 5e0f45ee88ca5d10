"""The weight files of the conventions lesson: the samples the app ships, and a
student's upload read into GRUParams or refused with a message (nothing in a file is
unpickled or executed)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import streamlit as st

from gru_core import GRUParams
from gru_core.io import WeightFileError
from lab import cached
from lab.uploads import quote

#: Sample weight files shipped with the tests, and the saved reference states of each.
SAMPLES_DIR = Path(__file__).resolve().parents[1] / "assets" / "weights"


SAMPLES = {
    "torch_npz": ("sample_torch.npz", "h_torch"),
    "torch_json": ("sample_torch.json", "h_torch"),
    "keras_after": ("sample_keras_reset_after.json", "h_keras_reset_after"),
    "keras_before": ("sample_keras_reset_before.json", "h_keras_reset_before"),
}


def sample_exists(name: str) -> bool:
    """Whether sample weight file ``name`` (a key of SAMPLES) is present."""
    return (SAMPLES_DIR / SAMPLES[name][0]).is_file()


def sample_bytes(name: str) -> bytes | None:
    """The content of sample weight file ``name`` (a key of SAMPLES), None if it is missing."""
    path = SAMPLES_DIR / SAMPLES[name][0]
    return path.read_bytes() if path.is_file() else None


@st.cache_data(max_entries=8, show_spinner=False)
def sample_reference(name: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(x (T, 1), h (T, H)): the input saved with the samples and the states that
    PyTorch (or a Keras loop) computed from it; None if the file is missing."""
    path = SAMPLES_DIR / "expected_states.json"
    if not path.is_file():
        return None
    saved = json.loads(path.read_text(encoding="utf-8"))
    return np.asarray(saved["x"], dtype=float), np.asarray(saved[SAMPLES[name][1]], dtype=float)


@dataclass(frozen=True)
class LoadedWeights:
    """What the page shows for one weight file: the parameters, or why there are none.

    A refused upload may still come with parameters: those of the student's last file
    that could be used, which the page keeps running (and says so, naming both files).
    """

    params: GRUParams | None
    error: str | None = None  # the engine's reason, made safe for a Markdown code span
    code: str | None = None  # which refusal (gru_core.io.WeightFileError.code), if known
    fields: Mapping[str, object] = field(default_factory=dict)  # its particulars, made safe
    kept: tuple[str, str] | None = None  # (refused file, file still in use), names made safe


#: What an uploaded weight file's name may end in: the two formats read, and those
#: gru_core.io refuses by name with a hint (pickles such as torch.save's .pt, Keras's
#: HDF5). The uploader takes every type, so that anything else (a .txt, a .png) is
#: refused here, with the page's message: a type the widget refuses itself only gets a
#: red mark beside the file, and the page went on with the file before it unsaid.
WEIGHT_SUFFIXES = (".npz", ".json", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib",
                   ".bin", ".h5", ".hdf5", ".keras")  # fmt: skip


def _safe_fields(fields: Mapping[str, object]) -> dict[str, object]:
    """A refusal's particulars for a Markdown code span: numbers and flags as they are,
    text (key names, extensions: from the file) printable, without backticks, short."""
    return {
        k: v if isinstance(v, bool | int | float) else quote(str(v), 120) for k, v in fields.items()
    }


def weights_from_file(data: bytes | None, filename: str | None) -> LoadedWeights:
    """Lesson 6's upload handling: ``load_weights`` on the file's bytes, every refusal
    turned into a message (nothing is unpickled or executed; the file name's extension
    only picks the format, and names a pickle format such as .pt in the refusal)."""
    if data is None:
        return LoadedWeights(None, None)
    name = filename[-200:] if isinstance(filename, str) else ""  # only its extension is used
    suffix = Path(name).suffix.lower()
    if name and suffix not in WEIGHT_SUFFIXES:  # without a name, the content decides
        kind = f"a {quote(suffix, 12)} file" if suffix else "a file without extension"
        return LoadedWeights(
            None, f"{kind} is not a weight file; use a .npz or .json file", "unknown_format"
        )
    try:
        return LoadedWeights(cached.read_weight_file(bytes(data), name))
    except WeightFileError as e:
        return LoadedWeights(None, quote(str(e), 400), e.code, _safe_fields(e.fields))
    except ValueError as e:
        return LoadedWeights(None, quote(str(e), 400))

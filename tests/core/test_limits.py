"""The weight-file limit (gru_core/io.py): stated once as a constant, enforced
before the file is read, and never looser than the server's own cap (so the app's
message, which names the limit, is what a student sees; Streamlit's widget only
refuses above the cap). The CSV upload limits belong to the app and are tested in
tests/app/test_upload_limits.py."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gru_core import io

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024  # Streamlit's server.maxUploadSize is in MiB


def server_cap() -> int:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        return int(tomllib.load(f)["server"]["maxUploadSize"]) * MIB


def test_weight_file_limit_is_within_the_servers_cap():
    assert 0 < io.MAX_BYTES <= server_cap()


def test_weight_file_above_its_limit_is_refused_by_size_before_reading():
    data = b"{" + b" " * io.MAX_BYTES + b"}"
    with pytest.raises(ValueError, match=r"(?i)larger|too (big|large)|MB|bytes"):
        io.load_weights(data, filename="w.json")

"""The CSV upload limits (lab/uploads.py): stated once as constants, enforced at
their boundary, and never looser than the server's own cap (so the app's message,
which names the limit, is what a student sees; Streamlit's widget only refuses
above the cap). The weight file's limit is the engine's and is tested with it in
tests/core/test_limits.py."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest
from app_helpers import ROOT

from lab import uploads

MIB = 1024 * 1024  # Streamlit's server.maxUploadSize is in MiB


def server_cap() -> int:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        return int(tomllib.load(f)["server"]["maxUploadSize"]) * MIB


def test_csv_limit_is_within_the_servers_cap():
    assert 0 < uploads.MAX_BYTES <= server_cap()


def test_csv_at_the_byte_limit_is_read_and_one_byte_more_is_refused():
    row = b"0.500000000000000000\n"  # 21 bytes: the byte limit comes before the row limit
    n = uploads.MAX_BYTES // len(row)
    data = row * n + b" " * (uploads.MAX_BYTES - n * len(row))
    assert len(data) == uploads.MAX_BYTES and n <= uploads.MAX_ROWS
    col = uploads.read_signal_csv(data, max_rows=10)
    assert (col.rows, col.truncated) == (n, True)
    np.testing.assert_array_equal(col.values, np.full(10, 0.5))
    with pytest.raises(uploads.UploadError) as e:
        uploads.read_signal_csv(data + b" ", max_rows=10)
    assert e.value.key == "upload.too_big"


def test_csv_row_limit_boundary():
    ok = b"1\n" * uploads.MAX_ROWS
    assert uploads.read_signal_csv(ok, max_rows=5).rows == uploads.MAX_ROWS
    with pytest.raises(uploads.UploadError) as e:
        uploads.read_signal_csv(ok + b"1\n2\n", max_rows=5)  # one header row is allowed
    assert e.value.key == "upload.too_many_rows"
    assert e.value.fmt["limit"] == uploads.MAX_ROWS

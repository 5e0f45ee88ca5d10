"""The upload limits: the CSV's (lab/uploads.py), stated once as constants and
enforced at their boundary, and the weight file's (gru_core/io.py, enforced in
tests/core/test_limits.py). Neither is looser than the server's own cap, so the
app's message, which names the limit, is what a student sees; Streamlit's widget
only refuses above the cap. The cap is the app's setting, so it is checked here."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest
from app_helpers import ROOT

from gru_core import io
from lab import uploads

MIB = 1024 * 1024  # Streamlit's server.maxUploadSize is in MiB


def server_cap() -> int:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        return int(tomllib.load(f)["server"]["maxUploadSize"]) * MIB


@pytest.mark.parametrize("limit", [uploads.MAX_BYTES, io.MAX_BYTES], ids=["csv", "weight_file"])
def test_upload_limit_is_within_the_servers_cap(limit):
    assert 0 < limit <= server_cap()


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

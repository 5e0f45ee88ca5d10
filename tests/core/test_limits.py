"""The weight-file limit (gru_core/io.py): stated once as a constant and enforced
before the file is read. That it is never looser than the server's own upload cap
(the app's setting) is tested with the CSV limits in tests/app/test_upload_limits.py."""

from __future__ import annotations

import pytest

from gru_core import io


def test_weight_file_above_its_limit_is_refused_by_size_before_reading():
    data = b"{" + b" " * io.MAX_BYTES + b"}"
    with pytest.raises(ValueError, match=r"(?i)larger|too (big|large)|MB|bytes"):
        io.load_weights(data, filename="w.json")

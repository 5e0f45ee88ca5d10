"""CSV uploads: read correctly, or refused with the catalogue text that says why."""

from __future__ import annotations

import numpy as np
import pytest

from lab.uploads import MAX_BYTES, UploadError, quote, read_signal_csv


def read(data: bytes, max_rows: int = 200):
    return read_signal_csv(data, max_rows=max_rows)


def refused(data: bytes) -> str:
    with pytest.raises(UploadError) as e:
        read(data)
    return e.value.key


def test_one_column_with_header():
    col = read(b"value\n1\n-2.5\n3e-1\n")
    np.testing.assert_array_equal(col.values, [1.0, -2.5, 0.3])
    assert (col.name, col.column, col.columns, col.rows, col.truncated) == ("value", 1, 1, 3, False)


def test_no_header_crlf_and_blank_lines():
    np.testing.assert_array_equal(read(b"1\r\n\r\n2\r\n3\r\n").values, [1.0, 2.0, 3.0])


def test_utf8_bom_and_utf16():
    np.testing.assert_array_equal(read("\ufeffx\n1\n2\n".encode()).values, [1.0, 2.0])
    np.testing.assert_array_equal(read("x\n1\n2\n".encode("utf-16")).values, [1.0, 2.0])


def test_semicolons_and_decimal_commas():
    col = read("Datum;Wert\n2024-01-01;1,5\n2024-01-02;−2,25\n".encode())
    np.testing.assert_array_equal(col.values, [1.5, -2.25])
    assert (col.column, col.columns, col.name) == (2, 2, "Wert")


def test_first_numeric_column_of_many():
    col = read(b"date,close,volume\n2024-01-01,10.5,100\n2024-01-02,11,120\n")
    np.testing.assert_array_equal(col.values, [10.5, 11.0])
    assert col.column == 2


def test_long_file_is_cut_and_says_so():
    data = "\n".join(str(i) for i in range(5000)).encode()
    col = read(data, max_rows=200)
    assert (len(col.values), col.rows, col.truncated) == (200, 5000, True)
    np.testing.assert_array_equal(col.values[:3], [0.0, 1.0, 2.0])


@pytest.mark.parametrize(
    "data, key",
    [
        (b"", "upload.empty"),
        (b"  \n \n", "upload.empty"),
        (b"value\n", "upload.no_rows"),
        (b"5\n", "upload.too_short"),
        (b"x\n1\nabc\n3\n", "upload.not_number"),
        (b"x\n1\n\n,\n3\n", "upload.empty_cell"),
        (b"x\n1\nnan\n", "upload.not_finite"),
        (b"x\n1\ninf\n", "upload.not_finite"),
        (b"x\n1\n1e300\n", "upload.too_large"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "upload.binary"),
        (bytes(range(256)) * 4, "upload.binary"),
        ("x\n1\n2\n".encode("cp1252") + b"\xe9\n", "upload.encoding"),
    ],
)
def test_refusals(data, key):
    assert refused(data) == key


def test_too_big_is_refused_unread():
    assert refused(b"1\n" * (MAX_BYTES // 2 + 1)) == "upload.too_big"


def test_bad_cell_is_quoted_safely():
    with pytest.raises(UploadError) as e:
        read(b"x\n1\n<script>`alert(1)`</script>" + b"x" * 50 + b"\n")
    assert e.value.fmt["row"] == 3
    assert "`" not in e.value.fmt["value"] and len(e.value.fmt["value"]) <= 25


def test_quote():
    assert quote("a`b\x00c") == "abc"
    assert quote("x" * 40) == "x" * 24 + "…"

"""CSV uploads: read correctly, or refused with the catalogue text that says why.

The corpus in tests/fixtures/csv/ (made by make_corpus.py, with the expected
numbers written out by hand in expected.json) is read file by file; the same
files go through the real upload widget in tests/e2e/test_uploads_browser.py.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest

import lab.uploads as uploads
from lab.uploads import MAX_BYTES, MAX_ROWS, UploadError, quote, read_signal_csv

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "csv"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def read(data: bytes, max_rows: int = 200):
    return read_signal_csv(data, max_rows=max_rows)


def refused(data: bytes, max_rows: int = 200) -> UploadError:
    with pytest.raises(UploadError) as e:
        read(data, max_rows)
    return e.value


# ---- the corpus -------------------------------------------------------------------------
def test_corpus_matches_its_manifest():
    files = {p.name for p in CORPUS.glob("*.csv")}
    assert files == set(EXPECTED), "run tests/fixtures/csv/make_corpus.py"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    want = EXPECTED[name]
    data = (CORPUS / name).read_bytes()
    if "refused" in want:
        e = refused(data)
        assert e.key == want["refused"]
        for field, value in want["fmt"].items():
            assert e.fmt[field] == value, (field, e.fmt)
    else:
        col = read(data)
        np.testing.assert_array_equal(col.values, want["values"])
        assert col.values.dtype == np.float64
        assert (col.column, col.name) == (want["column"], want["name"])
        assert (col.rows, col.truncated) == (len(want["values"]), False)


# ---- limits --------------------------------------------------------------------------------
@pytest.fixture
def no_parsing(monkeypatch):
    """Fail if the CSV parser is reached: a refusal by size or row count comes first."""

    def boom(*a, **k):
        raise AssertionError("the file was parsed before the limit refused it")

    monkeypatch.setattr(uploads.csv, "reader", boom)


def test_a_million_rows_is_refused_before_parsing(tmp_path, no_parsing):
    path = tmp_path / "million.csv"
    rng = np.random.default_rng(0)
    np.savetxt(path, rng.standard_normal(1_000_000), fmt="%.6f", header="x", comments="")
    e = refused(path.read_bytes())
    assert e.key == "upload.too_big" and e.fmt == {"mb": MAX_BYTES / 1e6}


def test_a_million_short_rows_within_the_byte_limit_is_refused_by_rows(no_parsing):
    data = b"1\n" * 1_000_000
    assert len(data) <= MAX_BYTES  # so it is the row limit that refuses it
    e = refused(data)
    assert e.key == "upload.too_many_rows"
    assert e.fmt == {"rows": 1_000_000, "limit": MAX_ROWS}


def test_row_limit_counts_data_rows_and_one_header():
    ok = b"x\n" + b"1\n" * MAX_ROWS
    col = read(ok, max_rows=200)
    assert (col.rows, len(col.values), col.truncated) == (MAX_ROWS, 200, True)
    assert refused(b"x\n" + b"1\n" * (MAX_ROWS + 1)).key == "upload.too_many_rows"


def test_too_big_is_refused_unread(no_parsing):
    assert refused(b"1\n" * (MAX_BYTES // 2 + 1)).key == "upload.too_big"


def test_long_file_is_cut_and_says_so():
    data = "\n".join(str(i / 7) for i in range(5000)).encode()
    col = read(data, max_rows=200)
    assert (len(col.values), col.rows, col.truncated) == (200, 5000, True)
    np.testing.assert_allclose(col.values[:3], [0.0, 1 / 7, 2 / 7], rtol=1e-15)


def test_a_field_longer_than_the_csv_modules_limit_is_refused_with_its_place():
    e = refused(b"x\n1\n" + b"9" * 200_000 + b"x\n")
    assert e.key == "upload.not_number" and (e.fmt["row"], e.fmt["col"]) == (3, 1)
    assert len(e.fmt["value"]) <= 25


def test_many_columns_and_one_row_of_text():
    header = ",".join(f"c{i}" for i in range(5000))
    e = refused((header + "\n" + ",".join(["a"] * 5000) + "\n").encode())
    assert (e.key, e.fmt["row"], e.fmt["col"]) == ("upload.not_number", 2, 1)


# ---- small cases beside the corpus -------------------------------------------------------
@pytest.mark.parametrize(
    "data, key",
    [
        (b"  \n \n", "upload.empty"),
        (b"5\n", "upload.too_short"),
        (b"x\n1\ninf\n", "upload.not_finite"),
        (bytes(range(256)) * 4, "upload.binary"),
        ("x\n1\n2\n".encode("cp1252") + b"\xe9\n", "upload.encoding"),
        ("x\n1\n".encode("utf-16")[:-1], "upload.binary"),  # a UTF-16 file cut mid-character
        (b"1,a\n", "upload.not_number"),
    ],
)
def test_refusals(data, key):
    assert refused(data).key == key


@pytest.mark.parametrize("data", [None, "1\n2\n", 12, [b"1"]])
def test_not_bytes_is_refused(data):
    assert refused(data).key == "upload.binary"


def test_memoryview_and_bytearray_are_read():
    np.testing.assert_array_equal(read(bytearray(b"1\n2\n")).values, [1.0, 2.0])
    np.testing.assert_array_equal(read(memoryview(b"1\n2\n")).values, [1.0, 2.0])


def test_values_are_a_copy_not_a_view_of_the_whole_file():
    col = read(b"\n".join(b"%d.5" % i for i in range(1000)), max_rows=10)
    assert col.values.base is None and col.values.shape == (10,)


def test_bad_cell_is_quoted_safely():
    e = refused(b"x\n1\n<script>`alert(1)`</script>" + b"x" * 50 + b"\n")
    assert e.fmt["row"] == 3
    assert "`" not in e.fmt["value"] and len(e.fmt["value"]) <= 25


def test_quote():
    assert quote("a`b\x00c") == "abc"
    assert quote("x" * 40) == "x" * 24 + "…"


# ---- every refusal can be said in both languages -------------------------------------------
def refusal_keys() -> set[str]:
    tree = ast.parse((ROOT / "lab" / "uploads.py").read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "UploadError"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_refusal_has_a_text(lang):
    catalogue = json.loads((ROOT / "lab" / "locales" / f"{lang}.json").read_text("utf-8"))
    keys = refusal_keys() | {v["refused"] for v in EXPECTED.values() if "refused" in v}
    assert len(keys) >= 10
    assert sorted(k for k in keys if k not in catalogue) == []
    assert "upload.accepted" in catalogue


# ---- the page says the real limits -------------------------------------------------------
LIMITS = (f"{MAX_BYTES / 1e6:g} MB", f"{MAX_ROWS:,}")  # "2 MB", "100,000"


def csv_page(lang: str):
    from app_helpers import no_exception, run_page

    at = run_page("sequence", {"signal": "csv", "lang": lang})
    no_exception(at)
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_upload_help_states_the_real_limits(lang):
    text = csv_page(lang).file_uploader(key="csv_file").help
    assert all(limit in text for limit in LIMITS), text
    assert "200" in text  # the lesson's longest sequence (MAX_T)
    if lang == "en":
        assert "first column whose every cell is a number" in text
        assert "counting column (1, 2, 3, …) is skipped" in text
    assert "{" not in text


def test_too_many_rows_through_the_uploader_says_what_and_what_is_accepted():
    """English only: AppTest formats a select's options outside the session on a rerun
    (so always in English), which a Chinese page's options then do not contain."""
    at = csv_page("en")
    data = b"x\n" + b"1\n" * (MAX_ROWS + 2)  # within MAX_BYTES, two rows too many
    assert len(data) <= MAX_BYTES
    at.file_uploader(key="csv_file").upload("long.csv", data, "text/csv").run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    lines = MAX_ROWS + 3  # the header is a line of the file too
    assert f"{lines:,}" in error and error.count(f"{MAX_ROWS:,}") == 2, error
    assert LIMITS[0] in error and "upload." not in error and "{" not in error, error

"""Reading an uploaded CSV into one input signal, or refusing it with a reason.

What is accepted (the page states the limits, from the constants below):

- text in UTF-8 (with or without a byte-order mark) or UTF-16 (with a BOM, or
  plain ASCII saved as UTF-16 without one); at most ``MAX_BYTES`` bytes and
  ``MAX_ROWS`` rows; blank lines and Windows/old-Mac line endings are fine;
- columns separated by commas, semicolons or tabs (the separator is the one
  found the same number of times on every one of the first lines; semicolons,
  then tabs, then commas win a tie). With semicolons or tabs a decimal comma
  (``1,5``) reads as 1.5, as it does in a single column whose header has no comma;
- an optional header row (a column whose first cell is not a number);
- the signal is the **first column whose every cell is a number**, except that
  a counting column (1, 2, 3, ... or 0, 1, 2, ...: a row index such as the ``t``
  of the lesson's own download) is passed over when another numeric column
  follows it. A file with a single line of numbers is read along that line.
- every value finite and at most ``MAX_ABS`` in size.

Files longer than the page's ``max_rows`` are read and cut to their first
``max_rows`` values (``Column.truncated`` says so). Every refusal is an
``UploadError`` whose ``key`` names a catalogue text and whose ``fmt`` fills it
in, so the page can say what is wrong and what to do. The size and row limits
are checked before any parsing, so a huge file is refused at once. Nothing from
the file is ever evaluated, unpickled or rendered as HTML; cell text quoted back
in a message goes through ``quote``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

import numpy as np

#: Largest file read at all (bytes); server.maxUploadSize in .streamlit/config.toml is larger.
MAX_BYTES = 2_000_000
#: Most data rows read at all; a longer file is refused before it is parsed.
MAX_ROWS = 100_000
#: Largest magnitude accepted (the GRU's weights are about 1; bigger values only saturate).
MAX_ABS = 1e6
MIN_ROWS = 2
#: Lines looked at to find the separator.
SNIFF_LINES = 50


class UploadError(ValueError):
    """A refused upload: ``key`` is the catalogue text, ``fmt`` its fields."""

    def __init__(self, key: str, **fmt):
        super().__init__(key)
        self.key = key
        self.fmt = fmt


@dataclass(frozen=True)
class Column:
    values: np.ndarray  # (T,) float64, at most max_rows values
    name: str  # header of the column used ("" without a header), already quoted
    column: int  # 1-based index of the column used
    columns: int  # number of columns in the file
    rows: int  # number of values in the file's column (before cutting to max_rows)
    truncated: bool  # True when rows > max_rows and only the first max_rows are kept


def quote(text: str, limit: int = 24) -> str:
    """Cell text safe to show inside a Markdown code span: printable, no backticks, short."""
    s = "".join(c for c in str(text) if c.isprintable() and c != "`")
    return (s[:limit] + "…") if len(s) > limit else s


# Control characters other than tab, line feed and carriage return: never in a text file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of the start is zero (ASCII as UTF-16)."""
    head = data[:4096]
    if len(data) % 2 or len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if not odd.strip(b"\x00") and even.strip(b"\x00"):
        return "utf-16-le"
    if not even.strip(b"\x00") and odd.strip(b"\x00"):
        return "utf-16-be"
    return None


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise UploadError("upload.binary")
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UploadError("upload.binary" if b"\x00" in data else "upload.encoding") from None
    if _CONTROL.search(text):
        raise UploadError("upload.binary")
    return text.removeprefix("\ufeff")


_NUMBER = re.compile(r"[+-]?(\d+([.]\d*)?|[.]\d+)([eE][+-]?\d+)?|[+-]?(nan|inf|infinity)", re.I)


def _number(cell: str, decimal_comma: bool) -> float | None:
    s = cell.strip().replace("\u2212", "-")  # a typographic minus
    if decimal_comma:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        return None
    return float(s)


_DECIMAL_COMMA = re.compile(r"\s*[+\-\u2212]?\d+,\d+\s*")


def _dialect(head: list[str]) -> tuple[str, bool]:
    """The column separator of the first non-blank lines, and whether commas are decimal."""
    for sep in (";", "\t", ","):
        counts = {ln.count(sep) for ln in head}
        if len(counts) == 1 and counts != {0}:
            return sep, sep != ","
    # No separator on every line alike: a header without commas above "1,5" rows is
    # one column with decimal commas; otherwise the most frequent separator.
    body = head[1:]
    if body and "," not in head[0] and any("," in ln for ln in body):
        if all(_DECIMAL_COMMA.fullmatch(ln) or "," not in ln for ln in body):
            if not any(";" in ln or "\t" in ln for ln in head):
                return ";", True  # no ";" anywhere: every line is one cell
    sep = max((";", "\t", ","), key=lambda s: sum(ln.count(s) for ln in head))
    return sep, sep != ","


def _rows(lines: list[str], delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank line."""
    rows = []
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    except csv.Error:  # a field longer than the csv module's limit, or broken quoting
        line = lines[reader.line_num - 1] if 0 < reader.line_num <= len(lines) else ""
        parts = line.split(delimiter)
        col = max(range(len(parts)), key=lambda i: len(parts[i]))
        raise UploadError(
            "upload.not_number", row=reader.line_num, col=col + 1, value=quote(parts[col])
        ) from None
    return rows


@dataclass
class _Scan:
    """One column of the file, read as numbers as far as possible."""

    col: int
    header: str | None  # the first cell, when it is not a number
    values: list[float]  # the numbers below the header, up to the first bad cell
    bad: tuple[int, str] | None  # (line number, cell) of the first cell that is not a number

    @property
    def numeric(self) -> bool:
        return self.bad is None and len(self.values) > 0

    @property
    def counting(self) -> bool:
        """1, 2, 3, ... (a row index): consecutive integers."""
        v = np.asarray(self.values)
        return len(v) >= MIN_ROWS and v[0] % 1 == 0 and bool(np.all(np.diff(v) == 1))


def _scan(rows: list[tuple[int, list[str]]], col: int, decimal_comma: bool) -> _Scan:
    cells = [(n, c[col] if col < len(c) else "") for n, c in rows]
    header = None
    if _number(cells[0][1], decimal_comma) is None and cells[0][1].strip():
        header, cells = cells[0][1], cells[1:]
    values = []
    for n, cell in cells:
        v = _number(cell, decimal_comma)
        if v is None:
            return _Scan(col, header, values, (n, cell))
        values.append(v)
    return _Scan(col, header, values, None)


def _refuse_cell(line: int, col: int, cell: str) -> UploadError:
    if cell.strip() == "":
        return UploadError("upload.empty_cell", row=line, col=col)
    return UploadError("upload.not_number", row=line, col=col, value=quote(cell))


def _choose(scans: list[_Scan]) -> _Scan:
    """The first numeric column, passing over a counting index if another follows."""
    numeric = [s for s in scans if s.numeric]
    if not numeric:
        # Say what is wrong in the column that came closest to being numbers.
        best = max(scans, key=lambda s: len(s.values))
        if best.bad is None:  # a header and nothing below it
            raise UploadError("upload.no_rows")
        raise _refuse_cell(best.bad[0], best.col + 1, best.bad[1])
    for s in numeric[:-1]:
        if not s.counting:
            return s
    return numeric[-1] if numeric[0].counting else numeric[0]


def read_signal_csv(data: bytes, *, max_rows: int) -> Column:
    """One numeric column of a CSV file as a signal (T,), or an UploadError (module docstring)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise UploadError("upload.binary")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise UploadError("upload.too_big", mb=MAX_BYTES / 1e6)
    if not data.strip():
        raise UploadError("upload.empty")
    text = _decode(data)
    lines = text.splitlines()
    filled = [ln for ln in lines if ln.strip()]
    if not filled:
        raise UploadError("upload.empty")
    if len(filled) > MAX_ROWS + 1:  # one header row allowed on top
        raise UploadError("upload.too_many_rows", rows=len(filled), limit=MAX_ROWS)
    delimiter, decimal_comma = _dialect(filled[:SNIFF_LINES])
    rows = _rows(lines, delimiter)
    columns = max(len(cells) for _, cells in rows)

    if len(rows) == 1:  # one line: a row of numbers is the signal, a header alone is not
        line, cells = rows[0]
        numbers = [_number(c, decimal_comma) for c in cells]
        if all(v is None for v in numbers):
            raise UploadError("upload.no_rows")
        if len(numbers) < MIN_ROWS:
            raise UploadError("upload.too_short", rows=1, min_rows=MIN_ROWS)
        for i, v in enumerate(numbers):
            if v is None:
                raise _refuse_cell(line, i + 1, cells[i])
        return _column(numbers, "", 1, columns, max_rows, lambda i: (line, i + 1))

    chosen = _choose([_scan(rows, col, decimal_comma) for col in range(columns)])
    if len(chosen.values) < MIN_ROWS:
        raise UploadError("upload.too_short", rows=len(chosen.values), min_rows=MIN_ROWS)
    first = 1 if chosen.header is not None else 0
    name = quote(chosen.header) if chosen.header is not None else ""
    return _column(
        chosen.values,
        name,
        chosen.col + 1,
        columns,
        max_rows,
        lambda i: (rows[first + i][0], chosen.col + 1),
    )


def _column(values, name, column, columns, max_rows, where) -> Column:
    """Check the values are finite and in range (``where(i)`` gives line and column of
    value i, for the message) and keep the first ``max_rows``."""
    a = np.asarray(values, dtype=np.float64)
    bad = np.flatnonzero(~np.isfinite(a))
    if bad.size:
        row, col = where(int(bad[0]))
        raise UploadError("upload.not_finite", row=row, col=col)
    big = np.flatnonzero(np.abs(a) > MAX_ABS)
    if big.size:
        row, col = where(int(big[0]))
        raise UploadError("upload.too_large", row=row, col=col, limit=f"{MAX_ABS:g}")
    return Column(
        values=a[:max_rows].copy(),
        name=name,
        column=column,
        columns=columns,
        rows=len(a),
        truncated=len(a) > max_rows,
    )

"""Reading an uploaded CSV into one input signal, or refusing it with a reason.

Accepted: UTF-8 (with or without BOM) or UTF-16 text with a BOM; one value per
row, optionally a header row; commas, semicolons or tabs between columns
(with semicolons or tabs, a decimal comma such as ``1,5`` is read as 1.5). If
there are several columns, the first one that is entirely numeric is used.
Every refusal is an ``UploadError`` whose ``key`` names a catalogue text and
whose ``fmt`` fills it in, so the page can say what is wrong and what to do.
Nothing from the file is ever evaluated, unpickled or rendered as HTML;
cell text quoted back in a message goes through ``quote``.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass

import numpy as np

#: Largest file read at all (bytes); server.maxUploadSize in .streamlit/config.toml is larger.
MAX_BYTES = 2_000_000
#: Largest magnitude accepted (the GRU's weights are about 1; bigger values only saturate).
MAX_ABS = 1e6
MIN_ROWS = 2


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
    rows: int  # number of data rows in the file
    truncated: bool  # True when rows > max_rows and only the first max_rows are kept


def quote(text: str, limit: int = 24) -> str:
    """Cell text safe to show inside a Markdown code span: printable, no backticks, short."""
    s = "".join(c for c in str(text) if c.isprintable() and c != "`")
    return (s[:limit] + "…") if len(s) > limit else s


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UploadError("upload.encoding") from None
    if b"\x00" in data[:4096]:
        raise UploadError("upload.binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError("upload.encoding") from None
    if any(not c.isprintable() and c not in "\t\r\n" for c in text[:20000]):
        raise UploadError("upload.binary")
    return text


_NUMBER = re.compile(r"[+-]?(\d+([.]\d*)?|[.]\d+)([eE][+-]?\d+)?|[+-]?(nan|inf|infinity)", re.I)


def _number(cell: str, decimal_comma: bool) -> float | None:
    s = cell.strip().replace("\u2212", "-")  # a typographic minus
    if decimal_comma:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        return None
    return float(s)


def read_signal_csv(data: bytes, *, max_rows: int) -> Column:
    """The first numeric column of a CSV file as a signal (T,), or an UploadError."""
    if not isinstance(data, bytes | bytearray):
        raise UploadError("upload.binary")
    if len(data) > MAX_BYTES:
        raise UploadError("upload.too_big", mb=MAX_BYTES / 1e6)
    if not data.strip():
        raise UploadError("upload.empty")
    text = _decode(bytes(data))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise UploadError("upload.empty")
    head = "\n".join(lines[:50])
    delimiter = ";" if ";" in head else ("\t" if "\t" in head else ",")
    decimal_comma = delimiter != ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    first = rows[0]
    has_header = any(_number(c, decimal_comma) is None for c in first)
    header, body = (first, rows[1:]) if has_header else ([], rows)
    if not body:
        raise UploadError("upload.no_rows")
    columns = max(len(r) for r in rows)
    if len(body) < MIN_ROWS:
        raise UploadError("upload.too_short", rows=len(body), min_rows=MIN_ROWS)

    first_bad = None
    for col in range(columns):
        values = []
        for i, row in enumerate(body):
            cell = row[col] if col < len(row) else ""
            v = _number(cell, decimal_comma)
            if v is None:
                bad = (i + 1 + has_header, col + 1, cell)
                first_bad = first_bad or bad
                values = None
                break
            values.append(v)
        if values is None:
            continue
        for i, v in enumerate(values):
            if not math.isfinite(v):
                raise UploadError("upload.not_finite", row=i + 1 + has_header, col=col + 1)
            if abs(v) > MAX_ABS:
                raise UploadError(
                    "upload.too_large", row=i + 1 + has_header, col=col + 1, limit=f"{MAX_ABS:g}"
                )
        kept = np.asarray(values[:max_rows], dtype=np.float64)
        name = quote(header[col]) if col < len(header) else ""
        return Column(
            values=kept,
            name=name,
            column=col + 1,
            columns=columns,
            rows=len(values),
            truncated=len(values) > max_rows,
        )
    row, col, cell = first_bad
    if cell.strip() == "":
        raise UploadError("upload.empty_cell", row=row, col=col)
    raise UploadError("upload.not_number", row=row, col=col, value=quote(cell))

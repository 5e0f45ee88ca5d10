"""GRU weights from and to files (.npz, .json), read without ever unpickling.

Accepted layouts (one GRU layer, one direction)::

    PyTorch nn.GRU      weight_ih_l0 (3H, I), weight_hh_l0 (3H, H)[, bias_ih_l0, bias_hh_l0 (3H,)]
    PyTorch nn.GRUCell  the same names without "_l0"                      gate order r, z, n
    Keras GRU           kernel (I, 3H), recurrent_kernel (H, 3H)[, bias][, reset_after]
                        bias (2, 3H) for reset_after=True, (3H,) for False  gate order z, r, h

Optional entries: ``"convention"`` ("textbook", "cho" or "pytorch"; a string in
JSON, a 0-d string array in .npz) and ``"layout"`` ("torch" or "keras").

What a convention entry means:

- torch layout: the arrays are GRU Lab's own storage layout (see ``GRUParams``),
  read under the stated convention; without the entry a PyTorch file is
  ``"pytorch"``.
- keras layout: the arrays mean what Keras means (``reset_after=True`` is
  ``"pytorch"``, ``False`` is ``"cho"``); ``"textbook"`` may be asked for with
  ``reset_after=False`` and gives the exact equivalent (update gate negated).

Saving writes the same entries, so every file round-trips exactly in float64.
A Keras file of a reset-before model has one bias vector, so the split between
``bias_ih`` and ``bias_hh`` is not kept (only their sum, which is all the model uses).

Safety: .npz files are opened with ``np.load(..., allow_pickle=False)`` after
every member's .npy header has been read and checked (object arrays, whose
data is a pickle, are refused before any data is read); sizes are capped.
Every problem is a ``ValueError`` saying what is wrong and what is accepted;
a refused file raises its subclass ``WeightFileError``, whose ``code`` and
``fields`` let an app say the same in its own language.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
import zlib

import numpy as np

from gru_core.conventions import CONVENTIONS
from gru_core.params import GRUParams

MAX_BYTES = 5_000_000
LAYOUTS = ("torch", "keras")
FORMATS = ("npz", "json")

#: An .npz's arrays may unpack to at most this many times ``max_bytes``.
UNPACKED_FACTOR = 4

_TORCH_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
_KERAS_NAMES = ("kernel", "recurrent_kernel", "bias")
_META = ("convention", "layout", "reset_after", "model")
#: A linear read-out saved beside the GRU by ``python -m gru_core.train --save``: not needed here.
_READOUT = ("readout_weight", "readout_bias")

ACCEPTED = (
    "accepted: a .npz (np.savez) or .json object holding one GRU layer's weights, "
    "either PyTorch's (weight_ih_l0, weight_hh_l0 and optionally bias_ih_l0, bias_hh_l0; "
    "nn.GRUCell's names without _l0) or Keras's (kernel, recurrent_kernel and optionally "
    "bias, reset_after), plus an optional convention ('textbook', 'cho' or 'pytorch')"
)


class WeightFileError(ValueError):
    """A weight file refused. ``str(e)`` says why, in English; ``code`` names the
    problem and ``fields`` hold its particulars (numbers, or text taken from the
    file: key names, an extension), so an app can say it in another language."""

    def __init__(self, code: str, message: str, **fields) -> None:
        super().__init__(message)
        self.code = code
        self.fields = fields


_PICKLE_SUFFIXES = (".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib")
_KERAS_SUFFIXES = (".h5", ".hdf5", ".keras")


# ---- reading the bytes ----------------------------------------------------------
def _too_large(size: int, max_bytes: int) -> WeightFileError:
    return WeightFileError(
        "too_large",
        f"file too large: {size:,} bytes; weight files may be at most {max_bytes:,} bytes",
        size=size,
        limit=max_bytes,
    )


def _read_source(source, filename, max_bytes: int) -> tuple[bytes, str | None]:
    """The file's bytes and a name to take the extension from."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        filename = filename or path
        if not os.path.isfile(path):
            shown = path if len(path) <= 200 else path[:200] + "…"
            raise ValueError(f"no such file: {shown!r}")
        size = os.path.getsize(path)
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    elif hasattr(source, "read"):
        filename = filename or getattr(source, "name", None)
        if hasattr(source, "getvalue"):  # BytesIO, Streamlit's UploadedFile: the whole upload
            data = source.getvalue()
        else:
            data = source.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, bytes | bytearray):
            raise ValueError(f"the file object returned {type(data).__name__}, not bytes")
        data = bytes(data)
    else:
        raise ValueError(
            "source must be a file path, bytes or a binary file object (an uploaded file), "
            f"got {type(source).__name__}"
        )
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data:
        raise WeightFileError("empty", f"the file is empty; {ACCEPTED}")
    return data, (str(filename) if filename else None)


def _sniff_format(data: bytes, filename: str | None) -> str:
    """'npz' or 'json', from the extension if it names one, else from the content."""
    ext = os.path.splitext(filename)[1].lower() if filename else ""
    is_zip = data[:4] in (b"PK\x03\x04", b"PK\x05\x06")
    if ext == ".npz":
        if not is_zip:
            raise WeightFileError(
                "npz_not_zip",
                "not a valid .npz file: it is not a zip archive (np.savez writes one); " + ACCEPTED,
            )
        return "npz"
    if ext == ".json":
        return "json"
    if ext in _PICKLE_SUFFIXES:
        raise WeightFileError(
            "pickle_ext",
            f"{ext} files are pickles (torch.save, pickle.dump), which GRU Lab never loads; "
            "export the state dict instead, e.g. np.savez('gru.npz', "
            "**{k: v.numpy() for k, v in gru.state_dict().items()}); " + ACCEPTED,
            ext=ext,
        )
    if ext in _KERAS_SUFFIXES:
        raise WeightFileError(
            "keras_ext",
            f"{ext} files are not read; save the layer's kernel, recurrent_kernel and bias "
            "with np.savez or as JSON; " + ACCEPTED,
            ext=ext,
        )
    if is_zip:
        return "npz"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    if data[:1] == b"\x80":
        raise WeightFileError(
            "pickle_bytes",
            "this looks like a pickle (e.g. torch.save), which is never loaded; " + ACCEPTED,
        )
    raise WeightFileError("unknown_format", "not a valid .npz or .json weights file; " + ACCEPTED)


# ---- .npz -------------------------------------------------------------------------
def _npy_header(f) -> tuple[tuple[int, ...], np.dtype]:
    version = np.lib.format.read_magic(f)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(f)
    else:  # (2, 0) and (3, 0) share the 4-byte header length
        shape, _, dtype = np.lib.format.read_array_header_2_0(f)
    return shape, dtype


def _check_npz_members(zf: zipfile.ZipFile, max_bytes: int, damaged: str) -> None:
    """Read every member's .npy header (never its data) and refuse what np.load should not see."""
    infos = zf.infolist()
    if not infos:
        raise WeightFileError("npz_empty", "the .npz file holds no arrays; " + ACCEPTED)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > UNPACKED_FACTOR * max_bytes:
        raise WeightFileError(
            "npz_unpacked",
            f"file too large: its arrays unpack to {unpacked:,} bytes; "
            f"the limit is {UNPACKED_FACTOR * max_bytes:,} bytes",
            size=unpacked,
            limit=UNPACKED_FACTOR * max_bytes,
        )
    for info in infos:
        if not info.filename.endswith(".npy") or info.is_dir():
            raise WeightFileError(
                "npz_not_npy",
                f"entry {info.filename!r} is not a .npy array (a torch.save archive renamed "
                ".npz?); " + ACCEPTED,
                key=info.filename,
            )
        key = info.filename[: -len(".npy")]
        try:
            with zf.open(info) as f:
                shape, dtype = _npy_header(f)
        except (ValueError, EOFError, OSError, zipfile.BadZipFile, zlib.error) as e:
            raise WeightFileError(
                "npz_bad_entry",
                f"entry {key!r} is not a valid .npy array ({e}); " + ACCEPTED,
                key=key,
            ) from None
        if dtype.hasobject:
            raise WeightFileError(
                "npz_object",
                f"entry {key!r} is an object array, whose data is a pickle; pickles are never "
                "loaded: save plain numeric arrays (np.savez with float arrays)",
                key=key,
            )
        if dtype.kind not in "biufUS":
            raise WeightFileError(
                "npz_dtype",
                f"entry {key!r} has dtype {dtype}; weights must be real numbers",
                key=key,
                dtype=str(dtype),
            )
        if math.prod(shape) * dtype.itemsize > info.file_size:
            raise WeightFileError(
                "npz_short",
                damaged.format(f"entry {key!r} is shorter than its header says"),
                key=key,
            )


def _load_npz(data: bytes, max_bytes: int) -> dict[str, np.ndarray]:
    damaged = "not a valid .npz file: the zip archive is damaged or truncated ({})"
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as e:
        raise WeightFileError("npz_damaged", damaged.format(e) + "; " + ACCEPTED) from None
    with zf:
        _check_npz_members(zf, max_bytes, damaged)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {key: np.asarray(npz[key]) for key in npz.files}
    except (ValueError, EOFError, OSError, zipfile.BadZipFile, zlib.error) as e:
        raise WeightFileError("npz_damaged", damaged.format(e) + "; " + ACCEPTED) from None


# ---- .json ------------------------------------------------------------------------
#: JSON value kinds: the code an app translates, and the English words.
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean"}
_JSON_WORDS = {
    "object": "an object",
    "array": "an array (list)",
    "string": "a string",
    "boolean": "a boolean",
    "number": "a number",
    "null": "null",
}


def _json_kind(value) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), "number")


def _json_numbers(key: str, value) -> np.ndarray:
    """A (nested) list of numbers as a float64 array; bools, strings and nulls are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | list):
        kind = _json_kind(value)
        raise WeightFileError(
            "json_entry_type",
            f"entry {key!r} must be a number or a list of numbers, got {_JSON_WORDS[kind]}",
            key=key,
            kind=kind,
        )
    try:
        a = np.array(value, dtype=object)
    except ValueError:
        a = None
    if a is None or any(isinstance(v, bool) or not isinstance(v, int | float) for v in a.flat):
        raise WeightFileError(
            "json_not_rectangular",
            f"entry {key!r} must be a rectangular (nested) list of numbers, like [[0.1, 0.2]]",
            key=key,
        )
    try:
        return a.astype(np.float64)
    except OverflowError:
        raise WeightFileError(
            "json_overflow", f"entry {key!r} has a number too large for float64", key=key
        ) from None


def _load_json(data: bytes) -> dict:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WeightFileError(
            "json_not_utf8", "not a valid .json file: it is not UTF-8 text; " + ACCEPTED
        ) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise WeightFileError(
            "json_syntax",
            f"not a valid .json file: {e.msg} at line {e.lineno} column {e.colno}; " + ACCEPTED,
            line=e.lineno,
            column=e.colno,
        ) from None
    except RecursionError:
        raise WeightFileError(
            "json_deep", "not a valid .json file: it is nested too deeply"
        ) from None
    if not isinstance(obj, dict):
        kind = _json_kind(obj)
        raise WeightFileError(
            "json_not_object",
            f'the JSON must be an object {{"name": [[numbers]], ...}}, not {_JSON_WORDS[kind]}; '
            + ACCEPTED,
            kind=kind,
        )
    return {key: value if key in _META else _json_numbers(key, value) for key, value in obj.items()}


# ---- entries -> GRUParams ---------------------------------------------------------
def _meta_str(entries: dict, key: str, choices: tuple[str, ...]) -> str | None:
    if key not in entries:
        return None
    value = entries[key]
    if isinstance(value, np.ndarray) and value.dtype.kind in "US" and value.size == 1:
        value = value.reshape(()).item()
        value = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    if not isinstance(value, str) or value not in choices:
        raise WeightFileError(
            "meta_choice",
            f"{key} must be one of {choices}, got {value!r}",
            key=key,
            choices=", ".join(choices),
            value=repr(value),
        )
    return value


def _meta_bool(entries: dict, key: str) -> bool | None:
    if key not in entries:
        return None
    value = entries[key]
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "biu":
        item = value.reshape(()).item()
        if item in (0, 1):
            return bool(item)
    if isinstance(value, bool):
        return value
    raise WeightFileError(
        "meta_bool", f"{key} must be true or false, got {value!r}", key=key, value=repr(value)
    )


def _weights(entries: dict) -> dict[str, np.ndarray]:
    out = {}
    for key, value in entries.items():
        if key in _META:
            continue
        a = np.asarray(value)
        if a.dtype.kind not in "biuf" or a.dtype.kind == "b":
            raise WeightFileError(
                "entry_not_numbers",
                f"entry {key!r} must hold numbers, got dtype {a.dtype}",
                key=key,
                dtype=str(a.dtype),
            )
        out[key] = a.astype(np.float64)
    return out


def _check_keys(weights: dict, required: tuple, optional: tuple, layout: str) -> None:
    missing = [k for k in required if k not in weights]
    unexpected = sorted(set(weights) - set(required) - set(optional))
    if not missing and not unexpected:
        return
    expected = ", ".join(required) + (f" (optional: {', '.join(optional)})" if optional else "")
    problems = []
    if missing:
        problems.append(f"missing key(s) {missing}")
    if unexpected:
        problems.append(f"unexpected key(s) {unexpected}")
        if any("_l1" in k or "reverse" in k for k in unexpected):
            problems.append("only a single-layer, one-direction GRU can be loaded")
        if any("." in k for k in unexpected):
            problems.append("save the GRU layer's own state_dict, not the whole model's")
    raise WeightFileError(
        "keys",
        f"{'; '.join(problems)}: a {layout} file needs {expected}",
        missing=", ".join(missing),
        unexpected=", ".join(unexpected),
        layers=any("_l1" in k or "reverse" in k for k in unexpected),
        whole_model=any("." in k for k in unexpected),
        layout=layout,
        required=", ".join(required),
        optional=", ".join(optional),
    )


def _check_finite(weights: dict) -> None:
    for key, a in weights.items():
        if not np.all(np.isfinite(a)):
            raise WeightFileError(
                "not_finite",
                f"entry {key!r} contains NaN or inf; every weight must be finite",
                key=key,
            )


def _from_torch(weights: dict, convention: str | None) -> GRUParams:
    suffix = "_l0" if any(k.endswith("_l0") for k in weights) else ""
    w_ih, w_hh, b_ih, b_hh = (name + suffix for name in _TORCH_NAMES)
    _check_keys(weights, (w_ih, w_hh), (b_ih, b_hh), "PyTorch")
    if (b_ih in weights) != (b_hh in weights):
        raise WeightFileError(
            "bias_pair",
            f"{b_ih} and {b_hh} come together (or neither, for bias=False)",
            b_ih=b_ih,
            b_hh=b_hh,
        )
    hh = weights[w_hh]
    if hh.ndim != 2 or hh.shape[1] == 0 or hh.shape[0] != 3 * hh.shape[1]:
        raise WeightFileError(
            "shape_hh",
            f"{w_hh} must have shape (3H, H) with H >= 1, got {hh.shape}",
            name=w_hh,
            shape=str(hh.shape),
        )
    H = hh.shape[1]
    ih = weights[w_ih]
    if ih.ndim != 2 or ih.shape[0] != 3 * H or ih.shape[1] == 0:
        raise WeightFileError(
            "shape_ih",
            f"{w_ih} must have shape (3H, I) = ({3 * H}, I) with I >= 1, got {ih.shape}",
            name=w_ih,
            rows=3 * H,
            shape=str(ih.shape),
        )
    for key in (b_ih, b_hh):
        if key in weights and weights[key].shape != (3 * H,):
            raise WeightFileError(
                "shape_bias",
                f"{key} must have shape (3H,) = ({3 * H},), got {weights[key].shape}",
                name=key,
                rows=3 * H,
                shape=str(weights[key].shape),
            )
    _check_finite(weights)
    zeros = np.zeros(3 * H)
    return GRUParams(
        weight_ih=ih,
        weight_hh=hh,
        bias_ih=weights.get(b_ih, zeros),
        bias_hh=weights.get(b_hh, zeros),
        convention=convention or "pytorch",
        has_bias=b_ih in weights,
        torch_suffix=suffix,
    )


def _from_keras(weights: dict, convention: str | None, reset_after: bool | None) -> GRUParams:
    _check_keys(weights, ("kernel", "recurrent_kernel"), ("bias",), "Keras")
    bias = weights.get("bias")
    if reset_after is None:  # inferred from the bias, else Keras's default
        reset_after = bias is None or bias.ndim == 2
    _check_finite(weights)
    try:
        p = GRUParams.from_keras(weights["kernel"], weights["recurrent_kernel"], bias, reset_after)
    except ValueError as e:  # a shape that does not fit: GRUParams says which
        raise WeightFileError("keras_shape", str(e), detail=str(e)) from None
    if convention is None or convention == p.convention:
        return p
    if convention == "textbook" and p.convention == "cho":
        return p.flip_update_gate()
    raise WeightFileError(
        "keras_convention",
        f"a Keras file with reset_after={reset_after} holds the {p.convention!r} convention; "
        f"it cannot be read as {convention!r} (reset_after=False files may say 'textbook')",
        reset_after=reset_after,
        holds=p.convention,
        asked=convention,
    )


def _params(entries: dict) -> GRUParams:
    convention = _meta_str(entries, "convention", CONVENTIONS)
    layout = _meta_str(entries, "layout", LAYOUTS)
    reset_after = _meta_bool(entries, "reset_after")
    model = _meta_str(entries, "model", ("gru", "rnn", "lstm"))
    if model not in (None, "gru"):
        raise WeightFileError(
            "not_gru",
            f"this file holds a trained {model.upper()}, not a GRU; the lessons load GRU "
            "weights (train with --model gru to get one)",
            model=model.upper(),
        )
    weights = {k: v for k, v in _weights(entries).items() if k not in _READOUT}
    keys = set(weights)
    names = {k.rsplit(".", 1)[-1] for k in keys}  # "gru.weight_ih_l0" is found, then refused
    is_keras = bool(names & {"kernel", "recurrent_kernel"})
    is_torch = any(k.startswith(("weight_ih", "weight_hh")) for k in names)
    if is_keras and is_torch:
        raise WeightFileError(
            "mixed_layouts",
            f"the file mixes PyTorch and Keras names {sorted(keys)}; {ACCEPTED}",
            keys=", ".join(sorted(keys)),
        )
    if not is_keras and not is_torch:
        raise WeightFileError(
            "no_gru",
            f"no GRU weights found: got key(s) {sorted(keys)}; {ACCEPTED}",
            keys=", ".join(sorted(keys)),
        )
    found = "keras" if is_keras else "torch"
    if layout is not None and layout != found:
        raise WeightFileError(
            "layout_mismatch",
            f"the file says layout {layout!r} but holds {found} names {sorted(keys)}",
            said=layout,
            found=found,
            keys=", ".join(sorted(keys)),
        )
    if found == "torch":
        if reset_after is not None:
            raise WeightFileError(
                "reset_after_torch",
                "reset_after belongs to Keras files; PyTorch layout files omit it",
            )
        return _from_torch(weights, convention)
    return _from_keras(weights, convention, reset_after)


def load_weights(source, *, filename: str | None = None, max_bytes: int = MAX_BYTES) -> GRUParams:
    """GRU parameters from a weight file (see the module docstring for the layouts).

    source: a path (str or os.PathLike), bytes, or a binary file object such as
    Streamlit's UploadedFile (its whole content is read via ``getvalue()`` when it
    has one). filename: names the file when source is bytes, to take the format
    from its extension; otherwise the content decides (a zip archive is .npz, a
    text starting with ``{`` is JSON). Files over ``max_bytes`` are refused.

    Returns float64 ``GRUParams``. Raises ``ValueError`` for every problem.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ValueError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    data, name = _read_source(source, filename, max_bytes)
    if _sniff_format(data, name) == "npz":
        entries = _load_npz(data, max_bytes)
    else:
        entries = _load_json(data)
    return _params(entries)


# ---- GRUParams -> files ----------------------------------------------------------
def _entries(p: GRUParams, layout: str) -> dict:
    """Arrays (float64) and metadata in the order they are written."""
    if layout == "torch":
        arrays = p.to_torch()
        meta = {"layout": "torch", "convention": p.convention}
    else:
        kernel, recurrent_kernel, bias = p.to_keras()
        arrays = {"kernel": kernel, "recurrent_kernel": recurrent_kernel}
        if p.has_bias:
            arrays["bias"] = bias
        reset_after = p.convention == "pytorch"
        meta = {"layout": "keras", "convention": p.convention, "reset_after": reset_after}
    return meta | {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}


def _json_text(entries: dict) -> str:
    """One matrix row per line; floats as repr, which reads back to the same float64."""
    lines = []
    for key, value in entries.items():
        if isinstance(value, np.ndarray) and value.ndim == 2:
            rows = ",\n".join("    " + json.dumps(row, allow_nan=False) for row in value.tolist())
            text = "[\n" + rows + "\n  ]"
        elif isinstance(value, np.ndarray):
            text = json.dumps(value.tolist(), allow_nan=False)
        else:
            text = json.dumps(value)
        lines.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _check_out(p, layout, fmt) -> None:
    if not isinstance(p, GRUParams):
        raise ValueError(f"p must be GRUParams, got {type(p).__name__}")
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")


def weights_to_bytes(p: GRUParams, *, layout: str = "torch", fmt: str = "npz") -> bytes:
    """The file content ``save_weights`` writes, as bytes (for ``st.download_button``).

    layout: "torch" (nn.GRU names, or nn.GRUCell names if ``p`` was loaded from
    them) or "keras" (kernel, recurrent_kernel, bias, reset_after; textbook
    parameters are written as their exact cho equivalent plus convention
    "textbook"). fmt: "npz" (np.savez) or "json" (UTF-8 text).
    """
    _check_out(p, layout, fmt)
    entries = _entries(p, layout)
    if fmt == "json":
        return _json_text(entries).encode("utf-8")
    buffer = io.BytesIO()
    np.savez(buffer, **{k: np.asarray(v) for k, v in entries.items()})
    return buffer.getvalue()


def save_weights(p: GRUParams, target, *, layout: str = "torch", fmt: str | None = None) -> None:
    """Write ``p`` to ``target`` (a path or a binary file object).

    fmt: "npz" or "json"; None takes it from the path's extension (.json, else npz).
    ``load_weights`` reads the file back to the same parameters.
    """
    path = os.fspath(target) if isinstance(target, str | os.PathLike) else None
    ext = os.path.splitext(path)[1].lower() if path else ""
    if fmt is None:
        fmt = "json" if ext == ".json" else "npz"
    elif ext in (".npz", ".json") and ext != "." + fmt:
        raise ValueError(f"the target ends in {ext} but fmt is {fmt!r}")
    data = weights_to_bytes(p, layout=layout, fmt=fmt)
    if path is not None:
        with open(path, "wb") as f:
            f.write(data)
    elif hasattr(target, "write"):
        target.write(data)
    else:
        raise ValueError(
            f"target must be a path or a binary file object, got {type(target).__name__}"
        )


__all__ = ["FORMATS", "LAYOUTS", "MAX_BYTES", "load_weights", "save_weights", "weights_to_bytes"]

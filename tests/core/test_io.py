"""Weight files: samples checked against torch's and Keras's own states, exact round trips,
and every bad file refused with a clear ValueError, without ever unpickling."""

import io
import json
import pickle
import sys
import types
import zipfile
from pathlib import Path

import numpy as np
import pytest

from gru_core import GRUParams, forward
from gru_core.io import load_weights, save_weights, weights_to_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "weights"  # files to refuse
SAMPLES = Path(__file__).resolve().parents[2] / "assets" / "weights"  # what the app ships
EXPECTED = json.loads((SAMPLES / "expected_states.json").read_text())
X = np.array(EXPECTED["x"])


# ---- the sample files ---------------------------------------------------------------
@pytest.mark.parametrize(
    "name, states, convention",
    [
        ("sample_torch.npz", "h_torch", "pytorch"),
        ("sample_torch.json", "h_torch", "pytorch"),
        ("sample_keras_reset_after.json", "h_keras_reset_after", "pytorch"),
        ("sample_keras_reset_before.json", "h_keras_reset_before", "cho"),
    ],
)
def test_samples_reproduce_the_frameworks_states(name, states, convention):
    """h from torch.nn.GRU (and a loop over Keras's arrays), saved by make_fixtures.py."""
    p = load_weights(SAMPLES / name)
    assert p.convention == convention
    assert (p.input_size, p.hidden_size) == (1, 3)
    assert p.dtype == np.float64
    np.testing.assert_allclose(forward(p, X).h, EXPECTED[states], rtol=0, atol=1e-14)


def test_sample_npz_and_json_hold_the_same_numbers():
    a = load_weights(SAMPLES / "sample_torch.npz")
    b = load_weights(SAMPLES / "sample_torch.json")
    for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        np.testing.assert_array_equal(getattr(a, key), getattr(b, key))


def test_source_kinds_and_sniffing():
    data = (SAMPLES / "sample_torch.npz").read_bytes()
    text = (SAMPLES / "sample_torch.json").read_bytes()
    ref = load_weights(str(SAMPLES / "sample_torch.npz"))
    loaded = [
        load_weights(data),  # sniffed: zip
        load_weights(text),  # sniffed: starts with {
        load_weights(data, filename="upload.NPZ"),
        load_weights(io.BytesIO(text)),
        load_weights(b"\xef\xbb\xbf" + text, filename="w.json"),  # UTF-8 BOM
        load_weights(text, filename="weights.txt"),  # unknown extension: sniffed
    ]
    upload = io.BytesIO(data)  # like Streamlit's UploadedFile: has a name, maybe already read
    upload.name = "mine.npz"
    upload.read()
    loaded.append(load_weights(upload))

    class ReadOnly:  # a file object with read() only
        def __init__(self, b):
            self.b = b

        def read(self, n=-1):
            return self.b

    loaded.append(load_weights(ReadOnly(text)))
    for p in loaded:
        np.testing.assert_array_equal(p.weight_hh, ref.weight_hh)


# ---- round trips ----------------------------------------------------------------------
def params_for(convention, has_bias=True, suffix="_l0", seed=0):
    rng = np.random.default_rng(seed)
    p = GRUParams.init(2, 3, rng, convention=convention)
    sd = {k.replace("_l0", suffix): v for k, v in p.to_torch().items()}
    if not has_bias:
        sd = {k: v for k, v in sd.items() if k.startswith("weight")}
    return GRUParams.from_torch(sd, convention=convention)


def reload(p, layout, fmt, via):
    if via == "bytes":
        return load_weights(weights_to_bytes(p, layout=layout, fmt=fmt))
    buffer = io.BytesIO()
    save_weights(p, buffer, layout=layout, fmt=fmt)
    return load_weights(buffer.getvalue(), filename=f"w.{fmt}")


@pytest.mark.parametrize("convention", ["textbook", "cho", "pytorch"])
@pytest.mark.parametrize("fmt", ["npz", "json"])
@pytest.mark.parametrize("has_bias, suffix", [(True, "_l0"), (True, ""), (False, "_l0")])
def test_torch_layout_round_trips_exactly(convention, fmt, has_bias, suffix):
    p = params_for(convention, has_bias, suffix)
    for via in ("bytes", "file"):
        q = reload(p, "torch", fmt, via)
        assert q.convention == convention
        assert (q.has_bias, q.torch_suffix) == (has_bias, suffix)
        for key in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            assert np.array_equal(getattr(q, key), getattr(p, key)), key
        assert q.to_torch().keys() == p.to_torch().keys()


@pytest.mark.parametrize("convention", ["textbook", "cho", "pytorch"])
@pytest.mark.parametrize("fmt", ["npz", "json"])
@pytest.mark.parametrize("has_bias", [True, False])
def test_keras_layout_round_trips(convention, fmt, has_bias):
    p = params_for(convention, has_bias)
    q = reload(p, "keras", fmt, "bytes")
    assert q.convention == convention and q.has_bias == has_bias
    np.testing.assert_array_equal(q.weight_ih, p.weight_ih)
    np.testing.assert_array_equal(q.weight_hh, p.weight_hh)
    if convention == "pytorch":
        np.testing.assert_array_equal(q.bias_ih, p.bias_ih)
        np.testing.assert_array_equal(q.bias_hh, p.bias_hh)
    else:  # Keras's reset-before GRU has one bias vector: the sum is kept
        np.testing.assert_array_equal(q.bias_ih, p.bias_ih + p.bias_hh)
        np.testing.assert_array_equal(q.bias_hh, np.zeros(9))
    x = np.random.default_rng(1).normal(size=(15, 2))
    np.testing.assert_allclose(forward(q, x).h, forward(p, x).h, rtol=0, atol=1e-14)


def test_keras_file_matches_keras_names():
    p = params_for("pytorch")
    obj = json.loads(weights_to_bytes(p, layout="keras", fmt="json"))
    assert obj["reset_after"] is True and obj["layout"] == "keras"
    assert np.array(obj["kernel"]).shape == (2, 9)  # (I, 3H)
    assert np.array(obj["recurrent_kernel"]).shape == (3, 9)  # (H, 3H)
    assert np.array(obj["bias"]).shape == (2, 9)
    # column block 0 is Keras's z: torch's rows 3..5
    np.testing.assert_array_equal(np.array(obj["kernel"])[:, :3], p.weight_ih[3:6].T)


def test_float_values_survive_json_exactly():
    awkward = [1 / 3, 0.1 + 0.2, 1e-310, 5e-324, -1.7976931348623157e308, 2.0**-52, -0.0, 1e22]
    w_ih = np.array(awkward + [0.5]).reshape(9, 1)
    p = GRUParams(w_ih, np.full((9, 3), 0.7), np.arange(9.0) / 7, -np.arange(9.0) / 11)
    for layout in ("torch", "keras"):
        q = load_weights(weights_to_bytes(p, layout=layout, fmt="json"))
        assert q.weight_ih.tobytes() == p.weight_ih.tobytes()  # bit for bit, -0.0 included
    q = load_weights(weights_to_bytes(p, fmt="json"))
    assert q.bias_hh.tobytes() == p.bias_hh.tobytes()


def test_float32_params_are_saved_as_float64():
    p = params_for("pytorch").astype(np.float32)
    q = load_weights(weights_to_bytes(p, fmt="json"))
    assert q.dtype == np.float64
    np.testing.assert_array_equal(q.weight_hh, p.weight_hh.astype(np.float64))


def test_save_weights_to_paths(tmp_path):
    p = params_for("textbook")
    save_weights(p, tmp_path / "w.json")  # format from the extension
    save_weights(p, str(tmp_path / "w.npz"), layout="keras")
    assert json.loads((tmp_path / "w.json").read_text())["convention"] == "textbook"
    assert (tmp_path / "w.npz").read_bytes()[:4] == b"PK\x03\x04"
    for name in ("w.json", "w.npz"):
        q = load_weights(tmp_path / name)
        assert q.convention == "textbook"
        np.testing.assert_array_equal(q.weight_hh, p.weight_hh)
    with pytest.raises(ValueError, match=r"ends in \.json but fmt is 'npz'"):
        save_weights(p, tmp_path / "x.json", fmt="npz")
    with pytest.raises(ValueError, match="layout must be one of"):
        weights_to_bytes(p, layout="tf")
    with pytest.raises(ValueError, match="fmt must be one of"):
        weights_to_bytes(p, fmt="pt")
    with pytest.raises(ValueError, match="p must be GRUParams"):
        weights_to_bytes(p.to_torch())
    with pytest.raises(ValueError, match="target must be a path"):
        save_weights(p, 42)


# ---- bad files -------------------------------------------------------------------------
BAD = {
    "bad_wrong_keys.json": "no GRU weights found: got key(s) ['U', 'W', 'b']",
    "bad_missing_key.npz": "missing key(s) ['weight_hh_l0']",
    "bad_shape.json": "weight_hh_l0 must have shape (3H, H)",
    "bad_keras_bias.json": "with reset_after=True the bias must have shape (2, 3H)",
    "bad_nan.json": "entry 'weight_hh_l0' contains NaN or inf",
    "bad_nan.npz": "entry 'bias_hh_l0' contains NaN or inf",
    "bad_pickle.npz": "entry 'weight_ih_l0' is an object array, whose data is a pickle",
    "bad_torch_save.pt": ".pt files are pickles",
    "bad_list.json": "the JSON must be an object",
    "bad_strings.json": "entry 'bias_ih_l0' must be a number or a list of numbers, got a string",
    "bad_ragged.json": "entry 'weight_hh_l0' must be a rectangular",
    "bad_convention.json": "convention must be one of ('textbook', 'cho', 'pytorch'), got 'keras'",
    "bad_truncated.npz": "not a valid .npz file: the zip archive is damaged or truncated",
    "bad_truncated.json": "not a valid .json file: Expecting value at line",
    "bad_not_npz.npz": "not a valid .npz file: it is not a zip archive",
    "bad_junk.bin": "not a valid .npz or .json weights file",
}


def test_every_bad_fixture_has_an_expectation():
    assert {p.name for p in FIXTURES.glob("bad_*")} == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_raise_value_error(name):
    with pytest.raises(ValueError) as info:
        load_weights(FIXTURES / name)
    assert BAD[name] in str(info.value)
    # the same bytes as an upload with its name
    upload = io.BytesIO((FIXTURES / name).read_bytes())
    upload.name = name
    with pytest.raises(ValueError) as info:
        load_weights(upload)
    assert BAD[name] in str(info.value)


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("bad_pickle.npz", "is an object array"),
        ("bad_torch_save.pt", "is not a .npy array"),  # a zip: sniffed as npz, then refused
        ("bad_junk.bin", "not a valid .npz or .json weights file"),
        ("bad_list.json", "the JSON must be an object"),
    ],
)
def test_bad_bytes_without_a_name(name, fragment):
    with pytest.raises(ValueError, match=fragment):
        load_weights((FIXTURES / name).read_bytes())


def test_main_accepted_layouts_are_named_in_errors():
    with pytest.raises(ValueError) as info:
        load_weights(FIXTURES / "bad_wrong_keys.json")
    for name in ("weight_ih_l0", "weight_hh_l0", "kernel", "recurrent_kernel", "convention"):
        assert name in str(info.value)


# ---- never unpickling -----------------------------------------------------------------
CALLS = []


def _record_call():
    CALLS.append("unpickled")
    return 0.0


class _Tripwire:
    def __reduce__(self):
        return (_record_call, ())


@pytest.fixture
def tripwire(monkeypatch):
    """A gru_lab_tripwire module for the fixture pickles: unpickling them records a call."""
    calls = []
    module = types.ModuleType("gru_lab_tripwire")
    module.tripped = lambda: calls.append("unpickled")
    monkeypatch.setitem(sys.modules, "gru_lab_tripwire", module)
    return calls


def test_fixture_pickles_are_refused_unread(tripwire):
    for name in ("bad_pickle.npz", "bad_torch_save.pt"):
        data = (FIXTURES / name).read_bytes()
        for source in (FIXTURES / name, data, io.BytesIO(data)):
            with pytest.raises(ValueError):
                load_weights(source)
    assert tripwire == []
    # control: the tripwire is live, so loading with pickles allowed would have tripped it
    with np.load(FIXTURES / "bad_pickle.npz", allow_pickle=True) as npz:
        npz["weight_ih_l0"]
    with zipfile.ZipFile(FIXTURES / "bad_torch_save.pt") as zf:
        pickle.loads(zf.read("gru/data.pkl"))
    assert tripwire == ["unpickled", "unpickled"]


def test_object_array_npz_built_here_is_never_unpickled():
    CALLS.clear()
    buffer = io.BytesIO()
    bad = np.array([_Tripwire(), _Tripwire()], dtype=object)
    np.savez(buffer, weight_ih_l0=bad, weight_hh_l0=np.zeros((3, 1)))
    data = buffer.getvalue()
    with pytest.raises(ValueError, match="'weight_ih_l0' is an object array"):
        load_weights(data, filename="evil.npz")
    assert CALLS == []
    with np.load(io.BytesIO(data), allow_pickle=True) as npz:  # control
        npz["weight_ih_l0"]
    assert CALLS == ["unpickled", "unpickled"]


# ---- sizes -------------------------------------------------------------------------------
def test_file_too_large():
    path = SAMPLES / "sample_torch.json"
    size = path.stat().st_size
    for source in (path, path.read_bytes(), io.BytesIO(path.read_bytes())):
        with pytest.raises(ValueError, match=f"file too large: {size:,} bytes; .* at most 1,000"):
            load_weights(source, max_bytes=1000)
    assert load_weights(path, max_bytes=size).hidden_size == 3


def test_npz_that_unpacks_too_large():
    buffer = io.BytesIO()
    np.savez_compressed(buffer, weight_ih_l0=np.zeros(1_000_000))  # 8 MB of zeros
    data = buffer.getvalue()
    assert len(data) < 100_000
    with pytest.raises(ValueError, match="its arrays unpack to 8,000,"):
        load_weights(data, max_bytes=1_000_000)


def test_npz_whose_header_claims_more_data_than_it_holds():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf, zf.open("weight_ih_l0.npy", "w") as f:
        header = {"descr": "<f8", "fortran_order": False, "shape": (10**9,)}
        np.lib.format.write_array_header_1_0(f, header)
        f.write(np.zeros(2).tobytes())
    with pytest.raises(ValueError, match="shorter than its header says"):
        load_weights(buffer.getvalue())


# ---- keys, layouts and metadata -----------------------------------------------------------
def torch_dict(suffix="_l0"):
    p = load_weights(SAMPLES / "sample_torch.npz")
    return {k.replace("_l0", suffix): v.tolist() for k, v in p.to_torch().items()}


def keras_dict(name="after"):
    return json.loads((SAMPLES / f"sample_keras_reset_{name}.json").read_text())


def load_obj(obj):
    return load_weights(json.dumps(obj).encode(), filename="w.json")


def npz_bytes(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_gru_cell_keys():
    p = load_obj(torch_dict(""))
    assert p.torch_suffix == "" and set(p.to_torch()) == {
        "weight_ih",
        "weight_hh",
        "bias_ih",
        "bias_hh",
    }
    np.testing.assert_allclose(forward(p, X).h, EXPECTED["h_torch"], rtol=0, atol=1e-14)


def test_torch_file_without_biases():
    d = torch_dict()
    p = load_obj({k: v for k, v in d.items() if k.startswith("weight")})
    assert not p.has_bias and not p.bias_ih.any() and not p.bias_hh.any()


def test_torch_convention_entry():
    for convention in ("textbook", "cho", "pytorch"):
        p = load_obj(torch_dict() | {"convention": convention})
        assert p.convention == convention
    arrays = {k: np.array(v) for k, v in torch_dict().items()}
    p = load_weights(npz_bytes(**arrays, convention=np.array("cho")))  # 0-d string array
    assert p.convention == "cho"


def test_keras_flags_and_conventions():
    after, before = keras_dict("after"), keras_dict("before")
    # reset_after inferred from the bias shape when the flag is missing
    assert load_obj({k: v for k, v in after.items() if k != "reset_after"}).convention == "pytorch"
    assert load_obj({k: v for k, v in before.items() if k != "reset_after"}).convention == "cho"
    # no bias, no flag: Keras's default reset_after=True
    no_bias = {"kernel": after["kernel"], "recurrent_kernel": after["recurrent_kernel"]}
    p = load_obj(no_bias)
    assert p.convention == "pytorch" and not p.has_bias
    # a reset-before Keras file may be read in the textbook convention: the exact equivalent
    cho = load_obj(before)
    textbook = load_obj(before | {"convention": "textbook"})
    assert textbook.convention == "textbook"
    np.testing.assert_array_equal(textbook.weight_ih[3:6], -cho.weight_ih[3:6])
    np.testing.assert_allclose(forward(textbook, X).h, forward(cho, X).h, rtol=0, atol=1e-15)
    # npz with a 0-d bool flag
    arrays = {k: np.array(v) for k, v in before.items()}
    assert load_weights(npz_bytes(**arrays)).convention == "cho"


@pytest.mark.parametrize(
    "obj, fragment",
    [
        (keras_dict("after") | {"convention": "cho"}, "cannot be read as 'cho'"),
        (keras_dict("before") | {"convention": "pytorch"}, "cannot be read as 'pytorch'"),
        (keras_dict("before") | {"reset_after": True}, "with reset_after=True the bias"),
        (keras_dict("after") | {"reset_after": "yes"}, "reset_after must be true or false"),
        (keras_dict("after") | {"weight_hh_l0": [[0.0]] * 9}, "mixes PyTorch and Keras names"),
        (keras_dict("after") | {"extra": [1.0]}, "unexpected key(s) ['extra']"),
        (keras_dict("after") | {"layout": "torch"}, "says layout 'torch' but holds keras"),
        (torch_dict() | {"reset_after": True}, "reset_after belongs to Keras files"),
        (torch_dict() | {"convention": 3}, "convention must be one of"),
        (torch_dict() | {"weight_ih_l1": [[0.0]] * 9}, "single-layer, one-direction"),
        (torch_dict() | {"weight_ih_l0_reverse": [[0.0]] * 9}, "single-layer, one-direction"),
        ({"gru." + k: v for k, v in torch_dict().items()}, "the GRU layer's own state_dict"),
        (torch_dict() | {"weight_ih": [[0.0]] * 9}, "unexpected key(s) ['weight_ih']"),
        (
            {k: v for k, v in torch_dict().items() if k != "bias_hh_l0"},
            "bias_ih_l0 and bias_hh_l0 come together",
        ),
        (torch_dict() | {"weight_ih_l0": [[0.1, 0.2]] * 8}, "weight_ih_l0 must have shape (3H, I)"),
        (torch_dict() | {"bias_ih_l0": [0.0] * 6}, "bias_ih_l0 must have shape (3H,) = (9,)"),
        (torch_dict() | {"bias_ih_l0": [True] * 9}, "rectangular (nested) list of numbers"),
        (torch_dict() | {"bias_ih_l0": None}, "got null"),
        (torch_dict() | {"bias_ih_l0": [None] * 9}, "list of numbers"),
        ({}, "no GRU weights found: got key(s) []"),
    ],
)
def test_bad_json_objects(obj, fragment):
    with pytest.raises(ValueError) as info:
        load_obj(obj)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "arrays, fragment",
    [
        ({"weight_ih_l0": np.zeros((9, 1), complex)}, "weights must be real numbers"),
        ({"weight_ih_l0": np.zeros((9, 1), bool)}, "must hold numbers, got dtype bool"),
        ({"weight_ih_l0": np.array(["a"] * 9)}, "must hold numbers"),
        ({"convention": np.array(["a", "b"])}, "convention must be one of"),
        ({"reset_after": np.array(2)}, "reset_after must be true or false"),
        ({}, "holds no arrays"),
    ],
)
def test_bad_npz_contents(arrays, fragment):
    data = npz_bytes(**arrays) if arrays else zip_bytes({})
    with pytest.raises(ValueError) as info:
        load_weights(data, filename="w.npz")
    assert fragment in str(info.value)


def zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "source, kw, fragment",
    [
        (b"", {}, "the file is empty"),
        ("/no/such/weights.npz", {}, "no such file"),
        (123, {}, "source must be a file path, bytes or a binary file object"),
        (b"\x80\x04K\x01.", {}, "looks like a pickle"),
        (b"\xff\xfe{}", {"filename": "w.json"}, "not a valid .json file: it is not UTF-8 text"),
        (b"PK\x03\x04rest", {"filename": "w.json"}, "not a valid .json file"),
        (b"{}", {"filename": "model.h5"}, ".h5 files are not read"),
        (b"{}", {"filename": "model.pth"}, ".pth files are pickles"),
        (b"[" * 100_000, {}, "not a valid .json file"),
        (zip_bytes({"weight_ih_l0.npy": b"not npy"}), {}, "'weight_ih_l0' is not a valid .npy"),
        (b"{}", {"max_bytes": 0}, "max_bytes must be a positive integer"),
    ],
)
def test_bad_sources(source, kw, fragment):
    with pytest.raises(ValueError) as info:
        load_weights(source, **kw)
    assert fragment in str(info.value)


# ---- files written by `python -m gru_core.train --save` ------------------------------
def _trained(model: str, tmp_path):
    from gru_core.train import TrainConfig, train

    config = TrainConfig(task="adding", seq_len=6, model=model, hidden_size=3, steps=3,
                         test_size=8, eval_every=0, dtype="float64")  # fmt: skip
    result = train(config)
    return result, result.save(tmp_path / f"{model}.npz")


def test_a_trained_gru_file_loads_and_reproduces_the_trained_states(tmp_path):
    result, path = _trained("gru", tmp_path)
    p = load_weights(path)
    x = np.random.default_rng(3).uniform(size=(6, 2, 2))
    trace, _ = result.predict(x)
    np.testing.assert_allclose(forward(p, x).h, trace.h, rtol=0, atol=1e-12)


@pytest.mark.parametrize("model", ["rnn", "lstm"])
def test_a_trained_rnn_or_lstm_file_is_refused_by_name(model, tmp_path):
    _, path = _trained(model, tmp_path)
    with pytest.raises(ValueError, match=f"trained {model.upper()}, not a GRU"):
        load_weights(path)

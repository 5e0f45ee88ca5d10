"""Lesson 6's uploader takes every file type and refuses the wrong ones itself, in the
page's language; a refused file leaves the last file that could be used running, and
the page says which."""

from __future__ import annotations

import json

import numpy as np
import pytest
from app_helpers import ROOT, chart, has_cjk, no_exception, run_page, values

from lab import explain, weight_files
from lab.i18n import t

WEIGHTS = ROOT / "assets" / "weights"  # the samples the app ships
SAMPLE = "sample_torch.json"


@pytest.mark.parametrize("name", ["notes.txt", "photo.png", "weights", "gru.npz.txt"])
def test_a_name_that_is_no_weight_file_is_refused_before_it_is_read(name):
    """Even a .txt holding good JSON weights: the name says it is not a weight file."""
    loaded = weight_files.weights_from_file((WEIGHTS / SAMPLE).read_bytes(), name)
    assert loaded.params is None and loaded.code == "unknown_format"
    assert loaded.error and "`" not in loaded.error
    zh = explain.weight_refusal(loaded.code, loaded.fields, loaded.error, "zh")
    assert has_cjk(zh), zh


def file_arrays(path) -> dict[str, np.ndarray]:
    """A PyTorch-layout weight file's arrays, read without the app (json or numpy)."""
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as saved:
            return {k: saved[k] for k in saved.files}
    return {k: np.asarray(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def assert_read_as_written(loaded, path) -> None:
    assert loaded.params is not None, loaded.error
    for name, array in file_arrays(path).items():
        np.testing.assert_array_equal(getattr(loaded.params, name.removesuffix("_l0")), array)


def test_without_a_name_the_content_decides():
    path = WEIGHTS / SAMPLE
    assert_read_as_written(weight_files.weights_from_file(path.read_bytes(), None), path)


@pytest.mark.parametrize("name", ["GRU.NPZ", "w.Json"])
def test_the_suffix_is_read_in_any_case(name):
    path = WEIGHTS / ("sample_torch.npz" if name.endswith("NPZ") else SAMPLE)
    assert_read_as_written(weight_files.weights_from_file(path.read_bytes(), name), path)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_refused_file_leaves_the_last_good_one_running_and_says_so(lang):
    at = run_page("conventions", {"c_source": "upload", "lang": lang})
    good = (WEIGHTS / SAMPLE).read_bytes()
    at.file_uploader(key="c_file").upload(SAMPLE, good, "application/json").run()
    no_exception(at)
    before = values(chart(at, "c_units")["data"][0]["y"])
    at.file_uploader(key="c_file").upload("notes.txt", b"hello", "text/plain").run()
    no_exception(at)
    (error,) = [e.value for e in at.error]
    assert error.startswith(t("conventions.bad_file", lang=lang, reason="")[:6]), error
    (warning,) = [w.value for w in at.warning]
    assert warning == t("conventions.kept", lang=lang, refused="notes.txt", last=SAMPLE)
    after = values(chart(at, "c_units")["data"][0]["y"])
    assert (after == before).all()  # the same file's states, still drawn


def test_a_refused_first_file_runs_nothing():
    at = run_page("conventions", {"c_source": "upload", "lang": "en"})
    data = json.dumps({"weight_ih_l0": [[1.0]]}).encode()
    at.file_uploader(key="c_file").upload("notes.txt", data, "text/plain").run()
    no_exception(at)
    assert len(at.error) == 1 and len(at.warning) == 0
    assert not [el for el in at.get("plotly_chart") if el.proto.id.endswith("-c_units")]

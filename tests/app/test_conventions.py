"""Lesson 6 (conventions): the three conventions drawn from the same numbers, weight
files through the upload handling, and a PyTorch script that prints the same states."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from app_helpers import (
    ROOT,
    chart,
    frame_figure,
    frame_step,
    has_cjk,
    live_frames,
    no_exception,
    open_expander,
    open_tab,
    run_app,
    run_page,
    sigmoid,
    values,
)

from gru_core.presets import PRESETS
from lab import explain, weight_files

WEIGHTS = ROOT / "tests" / "fixtures" / "weights"  # files the app must refuse
SAMPLES = ROOT / "assets" / "weights"  # the samples it ships
EXPECTED = json.loads((SAMPLES / "expected_states.json").read_text())
#: The pulse lesson 6 feeds in: 1 at row 5 (step 6) of 40 steps.
X = np.zeros(40)
X[5] = 1.0


def one_unit(w: dict, convention: str, b_hn: float = 0.0) -> np.ndarray:
    """h_t of a one-unit GRU, each convention's equations written out."""
    h, out = 0.0, []
    for x in X:
        r = sigmoid(w["W_xr"] * x + w["W_hr"] * h + w["b_r"])
        z = sigmoid(w["W_xz"] * x + w["W_hz"] * h + w["b_z"])
        if convention == "pytorch":
            h_tilde = math.tanh(w["W_xh"] * x + w["b_h"] + r * (w["W_hh"] * h + b_hn))
        else:
            h_tilde = math.tanh(w["W_xh"] * x + w["W_hh"] * (r * h) + w["b_h"] + b_hn)
        keep = 1 - z if convention == "textbook" else z
        h = keep * h + (1 - keep) * h_tilde
        out.append(h)
    return np.array(out)


def h_lines(at) -> list[np.ndarray]:
    """The h row's four lines, in the order textbook, cho, pytorch, cho twin."""
    fig = chart(at, "conventions")
    rows = [d for d in fig["data"] if d.get("yaxis") == "y3"]
    return [values(d["y"]) for d in rows]


def agreement(at) -> list[str]:
    """The last column of the agreement table (textbook↔cho, cho↔PyTorch, textbook↔twin)."""
    table = next(el.value for el in at.markdown if "↔" in el.value)
    rows = [row for row in table.splitlines() if "↔" in row]
    assert all(row.count("|") == 4 for row in table.splitlines()), "a | inside a cell"
    return [row.strip(" |").split("|")[-1].strip() for row in rows]


def test_the_chart_follows_b_hn_while_it_is_dragged():
    """Every live frame of b_hn: the cho and PyTorch h lines are the equations written
    out above at that b_hn (to half a step of the frame's 16-bit numbers)."""
    data = live_frames(run_page("conventions"), "conventions", ["c_bhn"])
    k = data["knobs"]["c_bhn"]
    w = dict(PRESETS["remember"].weights)
    rows = [j for j, d in enumerate(data["fig"]["data"]) if d.get("yaxis") == "y3"]
    assert len(k["values"]) == 81
    for i in range(81):
        b_hn = k["lo"] + i * k["step"]
        fig = frame_figure(data, "c_bhn", i)
        for j, conv in zip(rows[1:3], ("cho", "pytorch"), strict=True):
            step, _ = frame_step(data, "c_bhn", j)
            np.testing.assert_allclose(
                values(fig["data"][j]["y"]), one_unit(w, conv, b_hn), rtol=0,
                atol=step / 2 * (1 + 1e-9), err_msg=f"{conv} b_hn={b_hn}",
            )  # fmt: skip


def test_defaults_same_numbers_three_models():
    at = run_page("conventions")
    no_exception(at)
    textbook, cho, pytorch, twin = h_lines(at)
    w = dict(PRESETS["remember"].weights)
    np.testing.assert_allclose(textbook, one_unit(w, "textbook"), atol=1e-12)
    np.testing.assert_allclose(cho, one_unit(w, "cho"), atol=1e-12)
    np.testing.assert_allclose(pytorch, one_unit(w, "pytorch"), atol=1e-12)
    # textbook keeps the pulse, cho forgets it; one unit with b_hn = 0: cho = pytorch
    assert textbook[-1] > 0.9 and abs(cho[-1]) < 0.05
    np.testing.assert_array_equal(cho, pytorch)
    # the cho twin (update gate negated) is the textbook model
    np.testing.assert_allclose(twin, textbook, atol=1e-12)
    assert agreement(at) == ["no", "yes", "yes"]


def test_b_hn_separates_cho_and_pytorch():
    at = run_page("conventions")
    at.slider(key="c_bhn").set_value(1.0).run()
    no_exception(at)
    _, cho, pytorch, _ = h_lines(at)
    w = dict(PRESETS["remember"].weights)
    np.testing.assert_allclose(cho, one_unit(w, "cho", b_hn=1.0), atol=1e-12)
    np.testing.assert_allclose(pytorch, one_unit(w, "pytorch", b_hn=1.0), atol=1e-12)
    assert np.max(np.abs(cho - pytorch)) > 1e-3
    assert agreement(at) == ["no", "no", "yes"]
    assert any("1.00" in el.value and "PyTorch" in el.value for el in at.markdown)


def pytorch_h(fig: dict) -> np.ndarray:
    """The PyTorch line of the comparison chart's h row (yaxis3)."""
    (trace,) = [d for d in fig["data"] if d.get("legendgroup") == "pytorch" and d["yaxis"] == "y3"]
    return values(trace["y"])


def test_the_two_parts_are_tabs_drawn_only_while_open():
    at = run_page("conventions", {"conv": "pytorch"})
    no_exception(at)
    assert "c_bhn" in {s.key for s in at.slider}
    assert "c_source" not in {s.key for s in at.selectbox}  # part 2 is not drawn
    at.slider(key="c_bhn").set_value(1.0).run()
    h_part1 = pytorch_h(chart(at, "conventions"))
    open_tab(at, "c_part", 1)
    no_exception(at)
    assert "c_bhn" not in {s.key for s in at.slider}  # part 1 is not drawn now
    assert at.selectbox(key="c_source").value == "lesson"
    # part 2 runs the model part 1 set up (b_hn = 1 moved there), in the sidebar's convention
    h_part2 = values(chart(at, "c_units")["data"][0]["y"])
    np.testing.assert_array_equal(h_part2, h_part1)
    at.session_state["c_bhn"] = 0.0  # b_hn acts in PyTorch: the file part follows it
    at.run()
    assert not np.allclose(values(chart(at, "c_units")["data"][0]["y"]), h_part1)


def test_a_link_to_a_file_opens_the_file_part():
    at = run_page("conventions", {"c_source": "torch_npz"})
    no_exception(at)
    assert "c_bhn" not in {s.key for s in at.slider}
    assert at.selectbox(key="c_source").value == "torch_npz" and len(at.success) == 1


def test_several_units_separate_cho_and_pytorch():
    at = run_page("conventions", {"c_H": "3"})
    no_exception(at)
    assert agreement(at)[1:] == ["no", "yes"]


@pytest.mark.parametrize("source", list(weight_files.SAMPLES))
def test_sample_files_are_reproduced(source):
    at = run_page("conventions", {"c_source": source})
    no_exception(at)
    assert len(at.success) == 1
    # a round-off difference, written as 0 or a × 10⁻ⁿ with n ≥ 12 (never Python's 1e-16)
    shown = at.success[0].value.rsplit("largest difference ", 1)[1].rstrip(".")
    assert "e" not in shown
    assert shown == "0" or re.fullmatch(r"\d\.\d × 10⁻¹[²³⁴⁵⁶⁷⁸⁹]", shown), shown
    fig = chart(at, "c_units")
    key = weight_files.SAMPLES[source][1]
    expected = np.asarray(EXPECTED[key])
    engine = np.column_stack([values(d["y"]) for d in fig["data"][0::2]])
    np.testing.assert_allclose(engine, expected, atol=1e-12)


@pytest.mark.parametrize(
    "name", ["sample_torch.npz", "sample_torch.json", "sample_keras_reset_after.json",
             "sample_keras_reset_before.json"],
)  # fmt: skip
def test_upload_handling_reads_good_files(name):
    loaded = weight_files.weights_from_file((SAMPLES / name).read_bytes(), name)
    assert loaded.error is None and loaded.params.hidden_size == 3


BAD = sorted(p.name for p in WEIGHTS.iterdir() if p.name.startswith("bad_"))


@pytest.mark.parametrize("name", BAD)
def test_upload_handling_refuses_bad_files_with_a_reason(name):
    loaded = weight_files.weights_from_file((WEIGHTS / name).read_bytes(), name)
    assert loaded.params is None
    assert loaded.error and "Traceback" not in loaded.error and "`" not in loaded.error
    assert len(loaded.error) <= 401


def weight_error_codes() -> set[str]:
    """The codes gru_core/io.py raises, read from its source (its WeightFileError calls)."""
    import ast

    from gru_core import io

    tree = ast.parse(Path(io.__file__).read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "WeightFileError"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_every_weight_file_refusal_has_a_text_in_every_language():
    from lab.i18n import LANGS, catalogue

    codes = weight_error_codes()
    assert len(codes) > 30  # the reader found the calls
    for lang in LANGS:
        texts = {k.split(".", 2)[2] for k in catalogue(lang) if k.startswith("weights.error.")}
        assert texts == codes, (lang, texts ^ codes)


#: Refusal fields whose text comes from the file (names, values, types, shapes).
FROM_FILE = {"key", "ext", "keys", "value", "dtype", "missing", "unexpected", "said", "shape"}


@pytest.mark.parametrize("name", BAD)
def test_bad_files_are_refused_in_the_students_language(name):
    """Every file of the corpus is refused with a known reason, said in English and in
    Chinese with the file's own names in code spans (nothing from the file outside them)."""
    loaded = weight_files.weights_from_file((WEIGHTS / name).read_bytes(), name)
    assert loaded.code in weight_error_codes()
    en = explain.weight_refusal(loaded.code, loaded.fields, loaded.error, "en")
    zh = explain.weight_refusal(loaded.code, loaded.fields, loaded.error, "zh")
    assert en != zh and has_cjk(zh), zh
    for reason in (en, zh):
        outside = re.sub(r"`[^`]*`", "", reason)  # text outside code spans: ours only
        for k in FROM_FILE & set(loaded.fields):
            v = str(loaded.fields[k])
            assert not v or v not in outside, (k, reason)


def test_a_keys_refusal_lists_what_is_missing_and_what_is_extra():
    data = json.dumps({"weight_ih_l0": [[1.0]] * 3, "weight_hh_l1": [[1.0]] * 3}).encode()
    loaded = weight_files.weights_from_file(data, "w.json")
    assert loaded.code == "keys"
    zh = explain.weight_refusal(loaded.code, loaded.fields, loaded.error, "zh")
    assert zh.startswith("缺少键 `weight_hh_l0`；多出的键 `weight_hh_l1`；只能载入单层、单向的 GRU")
    en = explain.weight_refusal(loaded.code, loaded.fields, loaded.error, "en")
    assert en.startswith("missing key(s) `weight_hh_l0`; unexpected key(s) `weight_hh_l1`")


def test_upload_handling_never_unpickles(monkeypatch):
    """The tripwire module the pickles call is never imported (see make_fixtures.py)."""
    import types

    calls = []
    trip = types.ModuleType("gru_lab_tripwire")
    trip.tripped = lambda: calls.append(1)
    monkeypatch.setitem(sys.modules, "gru_lab_tripwire", trip)
    for name in ("bad_pickle.npz", "bad_torch_save.pt"):
        assert weight_files.weights_from_file((WEIGHTS / name).read_bytes(), name).params is None
    assert calls == []


def test_upload_handling_odd_inputs():
    assert weight_files.weights_from_file(None, None) == weight_files.LoadedWeights(None, None)
    assert weight_files.weights_from_file(b"", "w.npz").error
    assert weight_files.weights_from_file(b"{}", None).error
    assert weight_files.weights_from_file(b"<script>alert(1)</script>", "x.json").error


@pytest.mark.parametrize("name", ["model.pt", "gru.pth", "state.pkl", "layer.h5"])
def test_upload_handling_names_a_pickle_or_keras_file_with_a_hint(name):
    """What the student reads for a .pt (or .pkl, .h5) file: why it is refused and what to do."""
    data = (WEIGHTS / "bad_torch_save.pt").read_bytes()  # a real torch.save file
    loaded = weight_files.weights_from_file(data, name)
    ext = "." + name.rsplit(".", 1)[1]
    assert loaded.params is None and loaded.error.startswith(f"{ext} files are ")
    assert "np.savez" in loaded.error  # the way out


def test_uploader_lets_pickle_and_keras_files_through_to_that_message():
    """The widget must not refuse any type (it would only mark the file red, and the
    page would go on with the file before); gru_core.io's reason names these by name,
    the page refuses other types itself."""
    from gru_core import io

    at = run_page("conventions", {"c_source": "upload"})
    uploader = at.file_uploader(key="c_file")
    assert not uploader.allowed_type, uploader.allowed_type
    refused_by_name = {*io._PICKLE_SUFFIXES, *io._KERAS_SUFFIXES}
    assert {".npz", ".json"} | refused_by_name <= set(weight_files.WEIGHT_SUFFIXES)
    data = (WEIGHTS / "bad_torch_save.pt").read_bytes()
    uploader.upload("model.pt", data, "application/octet-stream").run()
    no_exception(at)
    (error,) = [e.value for e in at.error]
    assert "`.pt` files are pickles" in error and "np.savez" in error, error


def run_scripts(scripts: list[str]) -> list[str]:
    """Run each script in a fresh namespace of one Python process (torch imported once)."""
    runner = textwrap.dedent(
        """
        import contextlib, io, json, sys
        outs = []
        for code in json.load(sys.stdin):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                exec(compile(code, "snippet.py", "exec"), {"__name__": "__main__"})
            outs.append(buf.getvalue())
        print(json.dumps(outs))
        """
    )
    r = subprocess.run(
        [sys.executable, "-c", runner],
        input=json.dumps(scripts),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


def test_the_pytorch_script_prints_the_engines_states():
    """The script the page offers, run with real PyTorch, prints what the page says it prints
    (nn.GRU for the pytorch convention, the equations written out for textbook and cho)."""
    pytest.importorskip("torch")
    queries = [
        {},  # textbook: the preset's numbers, a loop
        {"conv": "cho", "c_bhn": "0.5", "c_H": "2"},  # cho: a loop
        {"conv": "pytorch", "c_bhn": "0.5"},  # nn.GRU
        {"c_source": "keras_before"},  # a loaded cho file
        {"c_source": "torch_json"},  # a loaded PyTorch file
    ]
    cases = [
        open_expander(open_tab(run_page("conventions", q), "c_part", 1), "c_code_open")
        for q in queries
    ]
    scripts, shown = [], []
    for at in cases:
        no_exception(at)
        code = [el.value for el in at.code]
        scripts.append(code[0])
        shown.append(code[1])
    assert "torch.nn.GRU" in scripts[2] and "torch.nn.GRU" in scripts[4]
    assert "h = z * h + (1 - z) * h_tilde" in scripts[1]
    assert "h = (1 - z) * h + z * h_tilde" in scripts[0]
    printed = run_scripts(scripts)
    for out, expected in zip(printed, shown, strict=True):
        assert out.strip() == expected.strip()


def test_query_params_restore_the_picture():
    at = run_page("conventions", {"c_preset": "latch", "c_signal": "square", "c_bhn": "-0.5"})
    no_exception(at)
    assert at.selectbox(key="c_preset").value == "latch"
    assert at.slider(key="c_bhn").value == pytest.approx(-0.5)
    assert not at.warning


def test_runs_through_the_app_and_switches_language():
    at = run_app()
    at.switch_page("pages/conventions.py").run()
    no_exception(at)
    open_tab(at, "c_part", 1)  # part 2, which stays open across the switch
    title_en = at.title[0].value
    at.button(key="lang_switch").click().run()
    no_exception(at)
    open_expander(at, "c_code_open")  # a rerun of the Chinese page
    no_exception(at)
    assert at.title[0].value != title_en
    assert has_cjk(at.title[0].value)
    # the code comments are translated too
    assert has_cjk(at.code[0].value)

"""The shipped character model (gru_core/charlm/weights.npz and card.json): its command
line, its card's held-out score reproduced, and torch's nn.GRU on the same weights."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from gru_core.charlm import V, cli, corpus, encode
from gru_core.charlm.train import bits_per_char, joined

ROOT = cli.HERE.parents[1]


def run(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "gru_core.charlm", *args],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1, out.stdout  # one JSON line
    return json.loads(lines[0])


def test_the_card_says_what_was_trained_and_how_well():
    card = run("card")
    s = card["settings"]
    assert (s["hidden_size"], s["batch_size"], s["bptt"]) == (128, 32, 100)
    assert card["vocabulary"] == V and card["parameters"] == cli.load()[0].size
    listed = json.loads(corpus.MANIFEST.read_text(encoding="utf-8"))
    assert card["corpus"]["train"] == [[e["path"], e["sha256"]] for e in listed["train"]]
    assert card["training_seconds"] <= 20 * 60
    assert card["command"].startswith("python -m gru_core.charlm train")
    assert (cli.WEIGHTS.stat().st_size) <= 2_000_000


def test_the_held_out_score_reproduces_from_the_shipped_weights():
    model, theta, card = cli.load()
    held = corpus.read("validation")
    if held.changed or held.missing:  # another Python's library: the score is another
        pytest.fail(f"the validation files differ here: {held.warnings[:3]}")
    bpc, chars = bits_per_char(model, theta, joined(held.texts))
    assert chars == card["validation"]["chars"]
    assert bpc == pytest.approx(card["validation"]["bits_per_char"], abs=1e-6)


def test_torch_gives_the_same_next_character_probabilities():
    torch = pytest.importorskip("torch")
    model, theta, _ = cli.load()
    theta = theta.astype(np.float64)
    a = model.unpack(theta)
    ids = encode("def area(r):\n    return 3.14159 * r ** 2  # a circle's\n")
    _, logits = model.forward(theta, ids[:, None])
    gru = torch.nn.GRU(model.embed_size, model.hidden_size).double()
    gru.load_state_dict(
        {k + "_l0": torch.tensor(a[k]) for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    )
    with torch.no_grad():
        h, _ = gru(torch.tensor(a["embedding"][ids][:, None]))
        z = h[:, 0] @ torch.tensor(a["readout_weight"]).T + torch.tensor(a["readout_bias"])
        expected = torch.softmax(z, dim=1).numpy()
    ours = np.exp(logits[:, 0] - logits[:, 0].max(axis=1, keepdims=True))
    ours /= ours.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-9)


def test_eval_trace_and_sample_print_their_json(tmp_path):
    src = tmp_path / "snippet.py"
    src.write_text("import os\n\n\ndef main():\n    print(os.getcwd())\n")
    scored = run("eval", str(src))
    assert scored["chars"] == len(src.read_text()) - 1 and 0 < scored["bits_per_char"] < 8
    traced = run("trace", str(src), "--out", str(tmp_path / "t.npz"))
    with np.load(tmp_path / "t.npz", allow_pickle=False) as arrays:
        assert {k: arrays[k].shape for k in ("h", "z", "r")} == {
            k: (traced["chars"], 128) for k in ("h", "z", "r")
        }
        assert ((arrays["z"] >= 0) & (arrays["z"] <= 1)).all()  # gates, shares
    one, two = (
        run("sample", "--prompt", "def ", "--n", "50", "--seed", "0"),
        run("sample", "--prompt", "def ", "--n", "50", "--seed", "0"),
    )
    assert one["text"] == two["text"] and len(one["text"]) == 50

"""The character model's vocabulary, loss and gradients: against finite differences and
torch's autograd on the same weights (embedding, nn.GRU, nn.Linear, cross-entropy)."""

from __future__ import annotations

import numpy as np
import pytest
from finite_diff import numeric_grad

from gru_core.charlm import CHARS, OTHER, CharModel, V, decode, encode


def test_the_vocabulary_is_newline_tab_printable_ascii_and_one_other():
    assert V == 98 and len(CHARS) == 97 and OTHER == 97
    assert CHARS[:2] == "\n\t" and CHARS[2:] == "".join(map(chr, range(32, 127)))
    text = "def f(x):\n\treturn x  # ~ok\r é 中 \x00"
    ids = encode(text)
    assert ids.shape == (len(text),) and ids.dtype == np.int64
    kept = [c for c in text if c in CHARS]
    assert [CHARS[i] for i in ids if i != OTHER] == kept
    assert (ids == OTHER).sum() == sum(c not in CHARS for c in text) == 4  # \r é 中 \x00
    assert decode(encode("x = 'a'\n")) == "x = 'a'\n"
    assert decode([OTHER]) == "\ufffd"


def small(seed=0, dtype=np.float64):
    model = CharModel(hidden_size=5, embed_size=3)
    rng = np.random.default_rng(seed)
    theta = model.init(rng, dtype) * 1.5  # livelier gates than the initialisation's
    ids = rng.integers(0, V, (4, 2))
    targets = rng.integers(0, V, (4, 2))
    h0 = rng.uniform(-0.5, 0.5, (2, 5)).astype(dtype)
    return model, theta, ids, targets, h0


def cross_entropy(model, theta, ids, targets, h0) -> float:
    """The mean −log softmax at the target, written out from the logits."""
    _, logits = model.forward(theta, ids, h0)
    z = logits.reshape(-1, V)
    log_z = np.log(np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1)) + z.max(axis=1)
    return float(np.mean(log_z - z[np.arange(z.shape[0]), targets.reshape(-1)]))


def test_the_loss_is_the_mean_cross_entropy_and_the_state_carries_on():
    model, theta, ids, targets, h0 = small()
    loss, _, h_last = model.loss_and_grad(theta, ids, targets, h0)
    assert loss == pytest.approx(cross_entropy(model, theta, ids, targets, h0), rel=1e-12)
    # the last state is where a run over the next window starts: two windows = one run
    trace, _ = model.forward(theta, ids, h0)
    np.testing.assert_array_equal(h_last, trace.h[-1])
    both, _ = model.forward(theta, np.concatenate([ids, ids]), h0)
    second, _ = model.forward(theta, ids, h_last)
    np.testing.assert_allclose(second.h, both.h[4:], rtol=0, atol=1e-15)


def test_the_gradient_matches_finite_differences():
    model, theta, ids, targets, h0 = small()
    _, grad, _ = model.loss_and_grad(theta, ids, targets, h0)
    numeric = numeric_grad(lambda t: cross_entropy(model, t, ids, targets, h0), theta)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    # rows of the embedding no character of the window uses get nothing
    unused = np.setdiff1d(np.arange(V), ids)
    assert not model.unpack(grad)["embedding"][unused].any()


def test_the_loss_and_gradient_match_torch():
    torch = pytest.importorskip("torch")
    model, theta, ids, targets, h0 = small(seed=3)
    loss, grad, h_last = model.loss_and_grad(theta, ids, targets, h0)
    a = {k: torch.tensor(v.copy(), requires_grad=True) for k, v in model.unpack(theta).items()}
    gru = torch.nn.GRU(3, 5).double()
    with torch.no_grad():
        for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(gru, k + "_l0").copy_(a[k])
    x = torch.nn.functional.embedding(torch.tensor(ids), a["embedding"])
    h, h_n = gru(x, torch.tensor(h0)[None])
    logits = h @ a["readout_weight"].T + a["readout_bias"]
    expected = torch.nn.functional.cross_entropy(
        logits.reshape(-1, V), torch.tensor(targets).reshape(-1)
    )
    expected.backward()
    assert loss == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(h_last, h_n[0].detach().numpy(), rtol=0, atol=1e-14)
    views = model.unpack(grad)
    for k in ("embedding", "readout_weight", "readout_bias"):
        np.testing.assert_allclose(views[k], a[k].grad.numpy(), rtol=1e-9, atol=1e-13)
    for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        torch_grad = getattr(gru, k + "_l0").grad.numpy()
        np.testing.assert_allclose(views[k], torch_grad, rtol=1e-9, atol=1e-13)


def test_float32_follows_float64():
    model, theta, ids, targets, h0 = small(seed=5)
    l64, g64, _ = model.loss_and_grad(theta, ids, targets, h0)
    l32, g32, h32 = model.loss_and_grad(
        theta.astype(np.float32), ids, targets, h0.astype(np.float32)
    )
    assert g32.dtype == np.float32 and h32.dtype == np.float32
    assert l32 == pytest.approx(l64, rel=1e-5)
    np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-6)


def test_the_corpus_lists_are_disjoint_and_read_with_their_differences(tmp_path):
    import json

    from gru_core.charlm import corpus

    listed = json.loads(corpus.MANIFEST.read_text(encoding="utf-8"))
    train = {e["path"] for e in listed["train"]}
    held = {e["path"] for e in listed["validation"]}
    assert train and held and not train & held
    assert all(corpus.is_validation(p) for p in held) and not any(map(corpus.is_validation, train))
    assert sum(e["bytes"] for e in listed["train"]) > 5e6  # several MB of code
    # a root of two listed files, one of them changed, and a manifest naming a third
    root = tmp_path / "lib"
    (root / "pkg").mkdir(parents=True)
    (root / "a.py").write_text("x = 1\n")
    (root / "pkg" / "b.py").write_text("y = 2\n")
    entries = [
        {"path": "a.py", "sha256": corpus.sha256(root / "a.py"), "bytes": 6},
        {"path": "pkg/b.py", "sha256": "0" * 64, "bytes": 6},
        {"path": "gone.py", "sha256": "0" * 64, "bytes": 1},
    ]
    manifest = tmp_path / "corpus.json"
    manifest.write_text(json.dumps({"train": entries, "validation": []}))
    got = corpus.read("train", root, manifest)
    assert got.texts == ["x = 1\n", "y = 2\n"] and got.paths == ["a.py", "pkg/b.py"]
    assert got.changed == ["pkg/b.py"] and got.missing == ["gone.py"]
    assert len(got.warnings) == 2
    with pytest.raises(ValueError, match="split"):
        corpus.read("test", root, manifest)


def test_streams_cut_the_text_into_contiguous_columns():
    from gru_core.charlm.train import joined, streams

    ids = joined(["ab", "c\n"])
    assert decode(ids) == "ab\nc\n"
    s = streams(np.arange(10), 3)  # 10 // 3 = 3 a stream, the last one left out
    np.testing.assert_array_equal(s, [[0, 3, 6], [1, 4, 7], [2, 5, 8]])
    with pytest.raises(ValueError, match="too few"):
        streams(np.arange(3), 2)


def test_bits_per_char_is_the_mean_surprise_of_every_predicted_character():
    from gru_core.charlm.train import bits_per_char, streams

    model, theta, *_ = small(seed=7)
    ids = encode("for i in range(10):\n    print(i)\n" * 3)
    bpc, chars = bits_per_char(model, theta, ids, n_streams=4, window=7, min_length=10)
    data = streams(ids, 4)
    assert chars == (len(data) - 1) * 4
    surprise = []
    for b in range(4):  # each stream on its own, from a zero state, a character at a time
        h = np.zeros((1, 5))
        for t in range(len(data) - 1):
            trace, logits = model.forward(theta, data[t : t + 1, b : b + 1], h)
            h = trace.h[-1]
            z = logits[0, 0]
            p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
            surprise.append(-np.log2(p[data[t + 1, b]]))
    assert bpc == pytest.approx(np.mean(surprise), rel=1e-12)


def test_training_learns_a_repeated_line_and_repeats_itself():
    from gru_core.charlm.train import Settings, Trainer, bits_per_char

    ids = encode("x = 1\n" * 400)
    settings = Settings(hidden_size=16, embed_size=8, batch_size=4, bptt=20, lr=0.01, seed=1)
    first, second = Trainer(settings, ids), Trainer(settings, ids)
    before = bits_per_char(first.model, first.theta, ids)[0]
    losses = [first.step() for _ in range(150)]
    for _ in range(150):
        second.step()
    np.testing.assert_array_equal(first.theta, second.theta)  # a seed is a run
    after = bits_per_char(first.model, first.theta, ids)[0]
    assert before > 6.0 and after < 0.2, (before, after)  # log2(98) = 6.6 at the start
    assert losses[-1] < losses[0] / 10

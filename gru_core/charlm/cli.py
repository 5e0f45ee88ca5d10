"""``python -m gru_core.charlm``: train the character model, print its card, score files,
trace a file's gates, sample code. Every command prints one JSON line.

The shipped model is ``weights.npz`` (θ's arrays by name, float32, never pickled) and
``card.json`` beside this file; ``train`` rewrites both (or writes them to ``--out``).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

from gru_core.blas import limit_blas_threads
from gru_core.charlm import corpus
from gru_core.charlm.model import CharModel
from gru_core.charlm.train import Settings, Trainer, bits_per_char, joined
from gru_core.charlm.vocab import V, decode, encode

HERE = Path(__file__).resolve().parent
WEIGHTS, CARD = HERE / "weights.npz", HERE / "card.json"


def save(model: CharModel, theta: np.ndarray, path: Path) -> None:
    np.savez_compressed(path, **{k: np.asarray(v) for k, v in model.unpack(theta).items()})


def load(weights: Path = WEIGHTS, card: Path = CARD) -> tuple[CharModel, np.ndarray, dict]:
    """The model, θ (float32) and card of a trained model."""
    info = json.loads(card.read_text(encoding="utf-8"))
    model = CharModel(info["settings"]["hidden_size"], info["settings"]["embed_size"])
    with np.load(weights, allow_pickle=False) as arrays:
        theta = model.pack({k: arrays[k] for k in model.shapes}, np.float32)
    return model, theta, info


def train(args) -> dict:
    s = Settings(steps=args.steps, seed=args.seed, hidden_size=args.hidden, batch_size=args.batch)
    texts = corpus.read("train")
    held = corpus.read("validation")
    for warning in texts.warnings + held.warnings:
        print(f"corpus: {warning}", file=sys.stderr)
    trainer = Trainer(s, joined(texts.texts))
    curve = []
    while trainer.steps < s.steps:
        loss = trainer.step()
        if trainer.steps % args.every == 0 or trainer.steps == s.steps:
            curve.append([trainer.steps, round(loss / np.log(2), 4)])
            print(f"step {trainer.steps}: {loss / np.log(2):.3f} bits", file=sys.stderr)
    bpc, chars = bits_per_char(trainer.model, trainer.theta, joined(held.texts))
    listed = json.loads(corpus.MANIFEST.read_text(encoding="utf-8"))
    card = {
        "settings": s.as_dict(),
        "vocabulary": V,
        "parameters": trainer.model.size,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "corpus": {
            "root": "sysconfig.get_paths()['stdlib']",
            "train_chars": int(len(trainer.data) * s.batch_size),
            "train": [[e["path"], e["sha256"]] for e in listed["train"]],
            "validation": [[e["path"], e["sha256"]] for e in listed["validation"]],
            "changed": texts.changed + held.changed,
            "missing": texts.missing + held.missing,
        },
        "training_seconds": round(trainer.seconds, 1),
        "curve_bits": curve,
        "validation": {"bits_per_char": bpc, "chars": chars},
        "command": "python -m gru_core.charlm train"
        + ("" if args.steps == Settings.steps else f" --steps {args.steps}"),
    }
    out = Path(args.out) if args.out else HERE
    out.mkdir(parents=True, exist_ok=True)
    save(trainer.model, trainer.theta, out / WEIGHTS.name)
    (out / CARD.name).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return {k: card[k] for k in ("settings", "parameters", "training_seconds", "validation")}


def evaluate(args) -> dict:
    model, theta, _ = load()
    ids = joined([Path(p).read_text(encoding="utf-8", errors="replace") for p in args.files])
    bpc, chars = bits_per_char(model, theta, ids)
    return {"files": len(args.files), "bits_per_char": bpc, "chars": chars}


def trace(args) -> dict:
    model, theta, _ = load()
    ids = encode(Path(args.file).read_text(encoding="utf-8", errors="replace"))
    tr, _ = model.forward(theta, ids[:, None])
    arrays = {"h": tr.h[:, 0], "z": tr.z[:, 0], "r": tr.r[:, 0]}
    np.savez_compressed(args.out, **arrays)
    return {"chars": int(len(ids)), "units": model.hidden_size, "out": str(args.out)}


def sample(args) -> dict:
    model, theta, _ = load()
    rng = np.random.default_rng(args.seed)
    ids = encode(args.prompt)
    if not len(ids):
        raise SystemExit("sample: the prompt must have at least one character")
    tr, logits = model.forward(theta, ids[:, None])
    h, out = tr.h[-1], []
    for _ in range(args.n):
        z = logits[-1, 0].astype(np.float64)
        p = np.exp(z - z.max())
        nxt = int(rng.choice(V, p=p / p.sum()))
        out.append(nxt)
        tr, logits = model.forward(theta, np.array([[nxt]]), h)
        h = tr.h[-1]
    return {"prompt": args.prompt, "seed": args.seed, "text": decode(out)}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m gru_core.charlm", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train the model; write weights.npz and card.json")
    t.add_argument("--steps", type=int, default=Settings.steps)
    t.add_argument("--seed", type=int, default=Settings.seed)
    t.add_argument("--hidden", type=int, default=Settings.hidden_size)
    t.add_argument("--batch", type=int, default=Settings.batch_size)
    t.add_argument("--every", type=int, default=500, help="steps between curve points")
    t.add_argument("--out", default="", help="folder to write to (default: the package)")
    sub.add_parser("card", help="the shipped model's card")
    e = sub.add_parser("eval", help="bits a character on files")
    e.add_argument("files", nargs="+")
    r = sub.add_parser("trace", help="h, z, r of every character of a file, as .npz")
    r.add_argument("file")
    r.add_argument("--out", required=True)
    s = sub.add_parser("sample", help="characters the model writes after a prompt")
    s.add_argument("--prompt", default="def ")
    s.add_argument("--n", type=int, default=200)
    s.add_argument("--seed", type=int, default=0)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    limit_blas_threads(1)
    t0 = time.perf_counter()
    if args.command == "card":
        result = json.loads(CARD.read_text(encoding="utf-8"))
    else:
        result = {"train": train, "eval": evaluate, "trace": trace, "sample": sample}[args.command](
            args
        )
    if args.command != "card":
        result["seconds"] = round(time.perf_counter() - t0, 3)
    print(json.dumps(result, separators=(",", ":")))
    return 0

"""Training the character model: truncated BPTT over streams of the corpus, Adam with
gradient clipping, float32; and its score, bits per character on held-out text.

The training text (the files of ``corpus.json``'s training list, each ending in a
newline, in the list's order) is cut into ``batch_size`` contiguous streams; step k
reads the next ``bptt`` characters of every stream, predicts each one's successor,
and carries the last state into step k + 1 (back to zeros when the streams wrap
around). So every character is seen once an epoch and a state remembers as far back
as its stream goes, while gradients flow back ``bptt`` characters.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import numpy as np

from gru_core.charlm.model import CharModel
from gru_core.charlm.vocab import encode
from gru_core.optim import Adam

LN2 = math.log(2.0)


@dataclass(frozen=True)
class Settings:
    """What a training run is: sizes, batches, optimiser, steps and seed."""

    hidden_size: int = 128
    embed_size: int = 32
    batch_size: int = 32
    bptt: int = 100
    steps: int = 20_000
    lr: float = 2e-3
    clip: float = 1.0
    seed: int = 0

    def model(self) -> CharModel:
        return CharModel(self.hidden_size, self.embed_size)

    def as_dict(self) -> dict:
        return asdict(self)


def joined(texts: list[str]) -> np.ndarray:
    """The character ids of ``texts`` one after another, each ending in a newline."""
    return encode("".join(t if t.endswith("\n") else t + "\n" for t in texts))


def streams(ids: np.ndarray, n: int) -> np.ndarray:
    """``ids`` cut into ``n`` contiguous streams of equal length, (length, n) (the last
    len(ids) mod n characters left out)."""
    length = len(ids) // n
    if length < 2:
        raise ValueError(f"{len(ids)} characters are too few for {n} streams")
    return ids[: length * n].reshape(n, length).T.copy()


class Trainer:
    """One run, advanced a step at a time (``step``), from ``Settings`` and the ids of
    the training text."""

    def __init__(self, settings: Settings, ids: np.ndarray):
        self.settings = s = settings
        self.model = s.model()
        self.theta = self.model.init(np.random.default_rng(s.seed), np.float32)
        self.optimizer = Adam(lr=s.lr, clip=s.clip)
        self.state = self.optimizer.init(self.theta)
        self.data = streams(ids, s.batch_size)
        self.at = 0  # where the next window starts in the streams
        self.h = np.zeros((s.batch_size, s.hidden_size), np.float32)
        self.steps = 0
        self.seconds = 0.0

    def step(self) -> float:
        """One window of BPTT and an Adam step; returns the window's loss (nats)."""
        t0 = time.perf_counter()
        T = self.settings.bptt
        if self.at + T + 1 > len(self.data):  # the streams wrap around: a fresh state
            self.at = 0
            self.h[...] = 0.0
        window = self.data[self.at : self.at + T + 1]
        loss, grad, self.h = self.model.loss_and_grad(self.theta, window[:-1], window[1:], self.h)
        self.optimizer.step(self.theta, grad, self.state)
        self.at += T
        self.steps += 1
        self.seconds += time.perf_counter() - t0
        return loss


def bits_per_char(
    model: CharModel,
    theta: np.ndarray,
    ids: np.ndarray,
    n_streams: int = 32,
    window: int = 500,
    min_length: int = 1000,
) -> tuple[float, int]:
    """(bits a character, characters predicted) on ``ids``: cut into ``n_streams``
    contiguous streams (fewer, of at least ``min_length`` characters, on a short text;
    one on a text shorter than that), each run from a zero state, every character but a
    stream's first predicted from those before it in its stream."""
    data = streams(ids, max(1, min(n_streams, len(ids) // min_length)))
    h = np.zeros((data.shape[1], model.hidden_size), theta.dtype)
    total, count = 0.0, 0
    for start in range(0, len(data) - 1, window):
        chunk = data[start : start + window + 1]
        trace, logits = model.forward(theta, chunk[:-1], h)
        h = trace.h[-1]
        z = logits.astype(np.float64)
        top = z.max(axis=2, keepdims=True)
        log_total = np.log(np.exp(z - top).sum(axis=2)) + top[..., 0]
        picked = np.take_along_axis(z, chunk[1:, :, None], axis=2)[..., 0]
        total += float((log_total - picked).sum())
        count += picked.size
    return total / count / LN2, count

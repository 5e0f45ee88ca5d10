"""The character model's vocabulary: newline, tab, printable ASCII (space to ``~``) and
one symbol for every other character, 98 in all.

Source code is nearly all ASCII; the rest (accented names in comments, a Unicode
string) shares one symbol, which the model learns as "something else", so no
character is ever dropped and every text has a place for each of its characters.
"""

from __future__ import annotations

import numpy as np

#: The characters the model tells apart, by index.
CHARS = "\n\t" + "".join(chr(c) for c in range(32, 127))
#: The index of every other character.
OTHER = len(CHARS)
#: The vocabulary's size, V.
V = OTHER + 1
#: How "other" is written back: the Unicode replacement character.
OTHER_SHOWN = "\ufffd"

_INDEX = np.full(128, OTHER, dtype=np.int64)
_INDEX[[ord(c) for c in CHARS]] = np.arange(len(CHARS))


def encode(text: str) -> np.ndarray:
    """The indices of ``text``'s characters, (len(text),) int64."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.int64)
    return np.where(codes < 128, _INDEX[np.minimum(codes, 127)], OTHER)


def decode(ids) -> str:
    """The text of ``ids``; "other" comes back as ``OTHER_SHOWN``."""
    return "".join(CHARS[i] if i < OTHER else OTHER_SHOWN for i in np.asarray(ids).tolist())

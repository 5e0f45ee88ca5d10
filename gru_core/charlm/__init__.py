"""A character-level GRU language model of Python source code, trained by gru_core.

``vocab``: the 98 characters the model tells apart; ``model``: embedding, one GRU
layer in the PyTorch convention and a softmax read-out, with its loss and gradient.
"""

from gru_core.charlm.model import CharModel
from gru_core.charlm.vocab import CHARS, OTHER, V, decode, encode

__all__ = ["CHARS", "OTHER", "V", "CharModel", "decode", "encode"]

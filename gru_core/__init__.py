"""GRU Lab's engine: a pure NumPy GRU that matches PyTorch to float64 round-off.

    p = GRUParams.from_torch(state_dict)      # or from_keras, from_gates, init
    trace = forward(p, x, h0)                 # r, z, h_tilde, h for every step
    h = states(p, x, h0)                      # only h (inference): trace.h, less memory
    grads = backward(p, trace, dh)            # BPTT, keyed like p.to_torch()
"""

from gru_core.conventions import CONVENTIONS
from gru_core.gru import GRUTrace, backward, forward, gradient_flow, states
from gru_core.io import WeightFileError, load_weights, save_weights, weights_to_bytes
from gru_core.lstm import LSTMParams, LSTMTrace, lstm_backward, lstm_forward
from gru_core.memory import half_life, memory_readout, survival
from gru_core.params import GRUParams
from gru_core.presets import PRESETS, Preset, preset_params
from gru_core.rnn import RNNParams, RNNTrace, rnn_backward, rnn_forward, rnn_gradient_flow
from gru_core.signals import MAX_T, SIGNALS, make_signal, text_one_hot

__all__ = [
    "CONVENTIONS",
    "MAX_T",
    "PRESETS",
    "SIGNALS",
    "GRUParams",
    "GRUTrace",
    "LSTMParams",
    "LSTMTrace",
    "Preset",
    "RNNParams",
    "RNNTrace",
    "WeightFileError",
    "backward",
    "forward",
    "gradient_flow",
    "half_life",
    "load_weights",
    "lstm_backward",
    "lstm_forward",
    "make_signal",
    "memory_readout",
    "preset_params",
    "rnn_backward",
    "rnn_forward",
    "rnn_gradient_flow",
    "save_weights",
    "states",
    "survival",
    "text_one_hot",
    "weights_to_bytes",
]

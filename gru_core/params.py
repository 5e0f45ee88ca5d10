"""GRU parameters: one frozen record, stored in PyTorch's layout, that knows its convention.

Layout (as ``torch.nn.GRU``, gate order r, z, n)::

    weight_ih  (3H, I)   rows [W_xr; W_xz; W_xh]
    weight_hh  (3H, H)   rows [W_hr; W_hz; W_hh]
    bias_ih    (3H,)     [b_xr; b_xz; b_xh]
    bias_hh    (3H,)     [b_hr; b_hz; b_hh]

The same four arrays drive all three conventions (see ``gru_core.conventions``):
for the reset-before conventions only the sums ``b_xr + b_hr`` etc. matter, for
``pytorch`` the candidate's recurrent bias ``b_hh`` sits inside ``r ⊙ (…)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from gru_core._validate import as_float_array, layer_arrays
from gru_core.conventions import CONVENTIONS, check_convention
from gru_core.layer import TORCH_KEYS, Layer


def _gate_rows(array: str, gate: int, shape: str) -> property:
    """A read-only property: rows gate·H .. (gate + 1)·H of ``array``, gate order r, z, n."""

    def rows(self) -> np.ndarray:
        H = self.hidden_size
        return getattr(self, array)[gate * H : (gate + 1) * H]

    return property(rows, doc=shape)


@dataclass(frozen=True, eq=False)
class GRUParams(Layer):
    """Weights of one GRU layer and the convention that gives them meaning.

    Fields are read-only numpy arrays, so a ``GRUParams`` can be shared safely.
    """

    weight_ih: np.ndarray  # (3H, I) input weights, gate order r, z, n
    weight_hh: np.ndarray  # (3H, H) recurrent weights, gate order r, z, n
    bias_ih: np.ndarray  # (3H,) input-side biases
    bias_hh: np.ndarray  # (3H,) recurrent-side biases (b_hh is inside r ⊙ (…) for pytorch)
    convention: str = "textbook"  # "textbook", "cho" or "pytorch": what r and z mean
    has_bias: bool = True  # False for nn.GRU(bias=False): to_torch() then has no bias keys
    torch_suffix: str = "_l0"  # "_l0" for nn.GRU keys, "" for nn.GRUCell keys
    dtype: np.dtype = field(default=np.dtype(np.float64))

    def __post_init__(self):
        check_convention(self.convention)
        layer_arrays(self, gates=3)

    # ---- per-gate views, named as in the equations (the layout above) -------
    W_xr, W_xz, W_xh = (_gate_rows("weight_ih", gate, "(H, I)") for gate in range(3))
    W_hr, W_hz, W_hh = (_gate_rows("weight_hh", gate, "(H, H)") for gate in range(3))
    b_xr, b_xz, b_xh = (_gate_rows("bias_ih", gate, "(H,)") for gate in range(3))
    b_hr, b_hz, b_hh = (_gate_rows("bias_hh", gate, "(H,)") for gate in range(3))

    @property
    def b_r(self) -> np.ndarray:
        """Total reset-gate bias b_xr + b_hr, (H,)."""
        return self.b_xr + self.b_hr

    @property
    def b_z(self) -> np.ndarray:
        """Total update-gate bias b_xz + b_hz, (H,)."""
        return self.b_xz + self.b_hz

    # ---- constructors ------------------------------------------------------
    @classmethod
    def from_gates(
        cls,
        *,
        W_xr,
        W_hr,
        b_r,
        W_xz,
        W_hz,
        b_z,
        W_xh,
        W_hh,
        b_h,
        b_hh=None,
        convention: str = "textbook",
    ) -> GRUParams:
        """Build parameters from the per-gate names of the equations.

        ``b_r``, ``b_z``, ``b_h`` are the input-side biases; ``b_hh`` (default 0)
        is the candidate's recurrent bias, which only the ``pytorch`` convention
        distinguishes. Scalars are accepted for a 1-input, 1-unit GRU.
        """

        def mat(name, a):
            return np.atleast_2d(as_float_array(name, a))

        def vec(name, a):
            return np.atleast_1d(as_float_array(name, a))

        W_x = {"W_xr": mat("W_xr", W_xr), "W_xz": mat("W_xz", W_xz), "W_xh": mat("W_xh", W_xh)}
        W_h = {"W_hr": mat("W_hr", W_hr), "W_hz": mat("W_hz", W_hz), "W_hh": mat("W_hh", W_hh)}
        b = {"b_r": vec("b_r", b_r), "b_z": vec("b_z", b_z), "b_h": vec("b_h", b_h)}
        H = W_h["W_hr"].shape[0]
        b["b_hh"] = np.zeros(H) if b_hh is None else vec("b_hh", b_hh)
        I = W_x["W_xr"].shape[1]
        for group, shape, text in (
            (W_x, (H, I), "(H, I)"),
            (W_h, (H, H), "(H, H)"),
            (b, (H,), "(H,)"),
        ):
            for name, a in group.items():
                if a.shape != shape:
                    raise ValueError(
                        f"{name} must have shape {text} = {shape} (H from W_hr, I from W_xr), "
                        f"got {a.shape}"
                    )
        return cls(
            weight_ih=np.concatenate(list(W_x.values())),
            weight_hh=np.concatenate(list(W_h.values())),
            bias_ih=np.concatenate([b["b_r"], b["b_z"], b["b_h"]]),
            bias_hh=np.concatenate([np.zeros(2 * H), b["b_hh"]]),
            convention=convention,
        )

    @classmethod
    def init(
        cls,
        input_size: int,
        hidden_size: int,
        rng: np.random.Generator,
        convention: str = "pytorch",
        update_bias: float = 0.0,
    ) -> GRUParams:
        """PyTorch's default initialisation, U(-1/√H, 1/√H) for every entry.

        ``update_bias`` is added to the update gate's input bias b_xz (the
        "keep the state" trick: positive for ``cho``/``pytorch``, negative for
        ``textbook``, makes the state persist at the start of training).
        """
        for name, n in (("input_size", input_size), ("hidden_size", hidden_size)):
            if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
                raise ValueError(f"{name} must be a positive integer, got {n!r}")
        if not isinstance(rng, np.random.Generator):
            raise ValueError(
                f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                f"got {type(rng).__name__}"
            )
        return cls._torch_init(
            int(input_size),
            int(hidden_size),
            rng,
            gates=3,
            shifted_gate=1,  # z, in the order r, z, n
            shift=update_bias,
            convention=convention,
        )

    @classmethod
    def from_torch(cls, state_dict, convention: str = "pytorch") -> GRUParams:
        """Parameters from an ``nn.GRU`` (``weight_ih_l0`` …) or ``nn.GRUCell``
        (``weight_ih`` …) state dict of numpy arrays; biases are optional."""
        if not hasattr(state_dict, "keys"):
            raise ValueError(
                f"expected a dict of arrays keyed like nn.GRU's, got {type(state_dict).__name__}"
            )
        keys = set(state_dict.keys())
        suffix = "_l0" if "weight_ih_l0" in keys else ""
        missing = [k + suffix for k in ("weight_ih", "weight_hh") if k + suffix not in keys]
        if missing:
            raise ValueError(
                f"missing key(s) {missing}: expected weight_ih_l0, weight_hh_l0 "
                f"(nn.GRU) or weight_ih, weight_hh (nn.GRUCell); got {sorted(keys)}"
            )
        has_bias = ("bias_ih" + suffix) in keys or ("bias_hh" + suffix) in keys
        w_hh = np.asarray(state_dict["weight_hh" + suffix])
        n = w_hh.shape[0] if w_hh.ndim == 2 else 0
        zeros = np.zeros(n)
        return cls(
            weight_ih=state_dict["weight_ih" + suffix],
            weight_hh=w_hh,
            bias_ih=state_dict.get("bias_ih" + suffix, zeros),
            bias_hh=state_dict.get("bias_hh" + suffix, zeros),
            convention=convention,
            has_bias=has_bias,
            torch_suffix=suffix,
        )

    def to_torch(self) -> dict[str, np.ndarray]:
        """The state dict in PyTorch's layout (keys as they were loaded)."""
        names = TORCH_KEYS if self.has_bias else TORCH_KEYS[:2]
        return {name + self.torch_suffix: np.array(getattr(self, name)) for name in names}

    @classmethod
    def from_keras(cls, kernel, recurrent_kernel, bias=None, reset_after: bool = True) -> GRUParams:
        """Parameters from a Keras ``GRU`` layer's weights.

        Keras: ``kernel`` (I, 3H), ``recurrent_kernel`` (H, 3H), gate order z, r, h.
        ``reset_after=True`` (Keras default) is the ``pytorch`` convention with bias
        (2, 3H) (row 0 input side, row 1 recurrent side); ``reset_after=False`` is
        the ``cho`` convention with bias (3H,).
        """
        kernel = as_float_array("kernel", kernel)
        recurrent_kernel = as_float_array("recurrent_kernel", recurrent_kernel)
        if recurrent_kernel.ndim != 2 or recurrent_kernel.shape[1] != 3 * recurrent_kernel.shape[0]:
            raise ValueError(
                f"recurrent_kernel must have shape (H, 3H), got {recurrent_kernel.shape}"
            )
        H = recurrent_kernel.shape[0]
        if kernel.ndim != 2 or kernel.shape[1] != 3 * H:
            raise ValueError(f"kernel must have shape (I, 3H) = (I, {3 * H}), got {kernel.shape}")
        has_bias = bias is not None
        if bias is None:
            bias = np.zeros((2, 3 * H)) if reset_after else np.zeros(3 * H)
        bias = as_float_array("bias", bias)
        if reset_after:
            if bias.shape != (2, 3 * H):
                raise ValueError(
                    f"with reset_after=True the bias must have shape (2, 3H) = (2, {3 * H}), "
                    f"got {bias.shape}"
                )
            b_in, b_rec = bias[0], bias[1]
        else:
            if bias.shape != (3 * H,):
                raise ValueError(
                    f"with reset_after=False the bias must have shape (3H,) = ({3 * H},), "
                    f"got {bias.shape}"
                )
            b_in, b_rec = bias, np.zeros(3 * H)

        def zrh_to_rzn(a, axis):
            z, r, h = np.split(a, 3, axis=axis)
            return np.concatenate([r, z, h], axis=axis)

        return cls(
            weight_ih=zrh_to_rzn(kernel, 1).T,
            weight_hh=zrh_to_rzn(recurrent_kernel, 1).T,
            bias_ih=zrh_to_rzn(b_in, 0),
            bias_hh=zrh_to_rzn(b_rec, 0),
            convention="pytorch" if reset_after else "cho",
            has_bias=has_bias,
        )

    def to_keras(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(kernel, recurrent_kernel, bias) in Keras's layout.

        ``pytorch`` maps to ``reset_after=True`` and ``cho`` to
        ``reset_after=False``; ``textbook`` is first turned into its exact ``cho``
        equivalent (update gate negated). For ``cho`` the two bias sides are summed.
        """
        p = self.flip_update_gate() if self.convention == "textbook" else self

        def rzn_to_zrh(a, axis):
            r, z, n = np.split(a, 3, axis=axis)
            return np.concatenate([z, r, n], axis=axis)

        kernel = rzn_to_zrh(p.weight_ih, 0).T.copy()
        recurrent_kernel = rzn_to_zrh(p.weight_hh, 0).T.copy()
        if p.convention == "pytorch":
            bias = np.stack([rzn_to_zrh(p.bias_ih, 0), rzn_to_zrh(p.bias_hh, 0)])
        else:
            bias = rzn_to_zrh(p.bias_ih + p.bias_hh, 0)
        return kernel, recurrent_kernel, bias

    # ---- transformations ----------------------------------------------------
    def with_convention(self, convention: str) -> GRUParams:
        """The same numbers read under another convention (a different model in general)."""
        return replace(self, convention=convention)

    def flip_update_gate(self) -> GRUParams:
        """The exact equivalent between ``textbook`` and ``cho``.

        σ(−a) = 1 − σ(a), so negating the update gate's weights and biases turns a
        take-new z into a keep-past z with identical outputs. ``pytorch`` has no
        reset-before twin, so it is refused.
        """
        if self.convention == "pytorch":
            raise ValueError(
                "the pytorch convention resets after the matmul; no reset-before model "
                "computes the same function in general"
            )
        H = self.hidden_size
        sign = np.ones(3 * H)
        sign[H : 2 * H] = -1.0
        return replace(
            self,
            weight_ih=self.weight_ih * sign[:, None],
            weight_hh=self.weight_hh * sign[:, None],
            bias_ih=self.bias_ih * sign,
            bias_hh=self.bias_hh * sign,
            convention="cho" if self.convention == "textbook" else "textbook",
        )


__all__ = ["CONVENTIONS", "GRUParams", "TORCH_KEYS"]

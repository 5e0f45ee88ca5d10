"""One step's arithmetic with its numbers, as LaTeX blocks: the four equations, the
numbers put in, the result. The one-step lesson shows it for I = H = 1 with the
sliders' weights; the sequence lesson's detail panel for any unit of any step.

Each block is aligned at "&=": the equation, the numbers, the result. The numbers come
from the engine's trace, so text and chart agree.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from gru_core.activations import sigmoid
from gru_core.conventions import Convention
from gru_core.lessons.sequence import slider_weights
from lab.explain.common import (
    SYM,
    aligned,
    colored,
    equations,
    factor,
    num_tex,
    signed,
    state_mix,
    sum_tex,
    total_tex,
)


def one_step_latex(w: dict, x: float, h_prev: float, tr, convention: Convention) -> list[str]:
    """The four equations with this step's numbers substituted, in compute order.

    w: slider weights (W_xr … b_h, b_hn); tr: the engine's trace of this one step
    (its pre-activations and gates are the numbers shown, so text and chart agree).
    Each entry is one aligned block: the equation, the numbers, the result.
    """
    a_r, a_z, a_h = (float(np.ravel(a)[0]) for a in (tr.a_r, tr.a_z, tr.a_h))
    r, z, ht, h = (float(np.ravel(a)[0]) for a in (tr.r, tr.z, tr.h_tilde, tr.h))
    eqs = [e.replace(" = ", " &= ", 1) for e in equations(convention)]
    blocks = [
        aligned(
            eqs[0],
            rf"&= \sigma\big({factor(w['W_xr'])} \cdot {factor(x)}"
            rf" + {factor(w['W_hr'])} \cdot {factor(h_prev)} {signed(w['b_r'])}\big)",
            rf"&= \sigma({num_tex(a_r, 2)}) = {colored('r', num_tex(r))}",
        ),
        aligned(
            eqs[1],
            rf"&= \sigma\big({factor(w['W_xz'])} \cdot {factor(x)}"
            rf" + {factor(w['W_hz'])} \cdot {factor(h_prev)} {signed(w['b_z'])}\big)",
            rf"&= \sigma({num_tex(a_z, 2)}) = {colored('z', num_tex(z))}",
        ),
    ]
    if convention == "pytorch":  # longer: the reset gate's product gets a row of its own
        middle = (
            rf"&= \tanh\big({factor(w['W_xh'])} \cdot {factor(x)} {signed(w['b_h'])}",
            rf"&\qquad + {num_tex(r, 2)} \cdot ({factor(w['W_hh'])} \cdot {factor(h_prev)}"
            rf" {signed(w['b_hn'])})\big)",
        )
    else:
        middle = (
            rf"&= \tanh\big({factor(w['W_xh'])} \cdot {factor(x)} + {factor(w['W_hh'])} \cdot"
            rf" ({num_tex(r, 2)} \cdot {factor(h_prev)}) {signed(w['b_h'])}\big)",
        )
    blocks.append(
        aligned(
            eqs[2], *middle, rf"&= \tanh({num_tex(a_h, 2)}) = {colored('h_tilde', num_tex(ht))}"
        )
    )
    blocks.append(new_state_latex(eqs[3], z, h_prev, ht, convention))
    return blocks


def new_state_latex(
    eq: str, z: float, h_prev: float, h_tilde: float, convention: Convention
) -> str:
    """h_t's block: its equation ``eq`` (aligned at &=), the numbers in the order the
    convention writes them, then the kept and the taken parts and their sum, rounded so
    that the sum adds up as shown."""
    keep = convention.keep_share(z)
    kept, taken = keep * h_prev, (1.0 - keep) * h_tilde
    zs, hp, ht = num_tex(z), factor(h_prev), factor(h_tilde, 3)
    subst = state_mix(convention, zs, hp, ht, r" \cdot ")
    first, second = (taken, kept) if convention == "pytorch" else (kept, taken)
    total = colored("h", total_tex(first, second))
    return aligned(eq, rf"&= {subst}", rf"&= {sum_tex(first, second)} = {total}")


def held_latex(q: str, value: float, a: float) -> str:
    """A gate held by an override: its value, and the weights' value crossed out."""
    return aligned(
        rf"{colored(q)} &:= {colored(q, num_tex(value))}",
        rf"&\phantom{{:=}}\ \cancel{{\sigma({num_tex(a, 2)}) = {num_tex(float(sigmoid(a)))}}}",
    )


def _unit_latex(p, tr, k: int, j: int, convention: Convention) -> list[str]:
    """The four equations of unit j at step k with its numbers, for any I and H.

    Each pre-activation is shown as its parts: the input's share [W x_t]_j, the
    past's share [W h_{t-1}]_j (or the candidate's recurrent part), the bias.
    """
    x, h_prev = tr.x[k], tr.h_prev[k]  # (I,), (H,)
    H = p.hidden_size
    idx = (lambda body: rf"[{body}]_{{{j + 1}}}") if H > 1 else (lambda body: body)  # noqa: E731
    sym = {q: idx(SYM[q]) for q in ("r", "z", "h_tilde", "h")}
    hp = colored("h_prev", idx(SYM["h_prev"]))
    a = {"r": float(tr.a_r[k, j]), "z": float(tr.a_z[k, j]), "h_tilde": float(tr.a_h[k, j])}
    val = {q: float(getattr(tr, q)[k, j]) for q in ("r", "z", "h_tilde", "h")}
    blocks = []
    for q, g in (("r", "r"), ("z", "z")):
        W_x, W_h, b = getattr(p, f"W_x{g}")[j], getattr(p, f"W_h{g}")[j], getattr(p, f"b_{g}")[j]
        parts = (float(W_x @ x), float(W_h @ h_prev), float(b))
        blocks.append(
            aligned(
                rf"{colored(q, sym[q])} &= \sigma\big({idx(f'W_{{x{g}}}' + SYM['x'])}"
                rf" + {idx(f'W_{{h{g}}}' + SYM['h_prev'])} + {idx(f'b_{g}')}\big)",
                rf"&= \sigma\big({sum_tex(*parts, digits=2)}\big)",
                rf"&= \sigma({total_tex(*parts, digits=2)}) = {colored(q, num_tex(val[q]))}",
            )
        )
    x_part = float(p.W_xh[j] @ x)
    g = float(tr.g[k, j])
    b_xh, b_hh = float(p.b_xh[j]), float(p.b_hh[j])
    ht = colored("h_tilde", sym["h_tilde"])
    if convention == "pytorch":
        rows = (
            rf"{ht} &= \tanh\big({idx(r'W_{xh}' + SYM['x'])} + {idx('b_h')}"
            rf" + {colored('r', sym['r'])}"
            rf" \, ({idx(r'W_{hh}' + SYM['h_prev'])} + {idx('b_{hn}')})\big)",
            rf"&= \tanh\big({factor(x_part)} {signed(b_xh)}"
            rf" + {num_tex(val['r'], 2)} \cdot {factor(g)}\big)",
        )
    else:
        r_h = r"W_{hh}(" + SYM["r"] + r" \odot " + SYM["h_prev"] + ")"
        rows = (
            rf"{ht} &= \tanh\big({idx(r'W_{xh}' + SYM['x'])}"
            rf" + {idx(r_h)}"
            rf" + {idx('b_h')}\big)",
            rf"&= \tanh\big({sum_tex(x_part, g - b_hh, b_xh + b_hh, digits=2)}\big)",
        )
    if convention == "pytorch":  # a product inside: the pre-activation as computed
        a_h = num_tex(a["h_tilde"], 2)
    else:  # a sum of the shown terms
        a_h = total_tex(x_part, g - b_hh, b_xh + b_hh, digits=2)
    last = rf"&= \tanh({a_h}) = {colored('h_tilde', num_tex(val['h_tilde']))}"
    blocks.append(aligned(*rows, last))
    z, hpj, htv = val["z"], float(h_prev[j]), val["h_tilde"]
    zc, h = colored("z", sym["z"]), colored("h", sym["h"])
    eq = f"{h} &= " + state_mix(convention, zc, hp, ht, r"\, ")
    blocks.append(new_state_latex(eq, z, hpj, htv, convention))
    return blocks


def step_latex(p, tr, k: int, j: int, convention: Convention) -> list[str]:
    """Step k (0-based, t = k + 1) of a sequence, unit j: the equations of r, z, h̃, h
    with that step's numbers (the one-step lesson's layout when I = H = 1), held gates shown
    as held. p: the GRUParams that made the unbatched trace ``tr`` in ``convention``."""
    if p.input_size == 1 and p.hidden_size == 1:
        row = SimpleNamespace(
            **{f: getattr(tr, f)[k] for f in ("a_r", "a_z", "a_h", "r", "z", "h_tilde", "h")}
        )
        x, h_prev = float(tr.x[k, 0]), float(tr.h_prev[k, 0])
        blocks = one_step_latex(slider_weights(p), x, h_prev, row, convention)
    else:
        blocks = _unit_latex(p, tr, k, j, convention)
    if tr.clamp_r is not None:
        blocks[0] = held_latex("r", tr.clamp_r, float(tr.a_r[k, j]))
    if tr.clamp_z is not None:
        blocks[1] = held_latex("z", tr.clamp_z, float(tr.a_z[k, j]))
    return blocks


def inputs_latex(tr, k: int, j: int = 0) -> str:
    """What goes into step k: x_t (one-hot inputs: the index that is on) and h_{t-1} (unit j)."""
    x = tr.x[k]
    if x.shape[0] == 1:
        x_s = rf"{colored('x')} = {num_tex(float(x[0]), 2)}"
    else:
        on = np.flatnonzero(x)
        x_s = rf"{colored('x')} = " + (
            rf"e_{{{int(on[0]) + 1}}}" if on.size == 1 else r"\mathbf{0}"
        )
    hp = float(tr.h_prev[k, j])
    sym_hp = SYM["h_prev"] if tr.h.shape[1] == 1 else rf"[{SYM['h_prev']}]_{{{j + 1}}}"
    return rf"{x_s} \qquad {colored('h_prev', sym_hp)} = {num_tex(hp)}"

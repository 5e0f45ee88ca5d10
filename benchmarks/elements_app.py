"""The floor app plus N copies of one kind of element: what one element costs a slider move.

``bench_elements.py`` opens it with query parameters and times a move of the
floor's slider (inside a fragment, as in the lessons) until the chart shows
the new data:

    ?kind=slider_box&n=13&where=in    13 lesson rows (slider + number box) in the fragment
    ?kind=markdown&n=20&where=out     20 paragraphs outside it (redrawn too, more cheaply)
    ?kind=panel&n=13                  the same 13 rows drawn by one custom component

Kinds: ``markdown`` (a paragraph), ``math`` (a display formula), ``slider``,
``slider_box`` (a slider and its number box in one row, as ``lab.widgets.slider``
draws them), ``panel`` (N such rows as one ``st.components.v2`` component: what a
lesson's weight panel would cost if it were one element). Run it alone with
``streamlit run benchmarks/elements_app.py``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

N_POINTS = 200
KINDS = ("markdown", "math", "slider", "slider_box", "panel")
MAX_N = 60

#: N rows of a range input and a number box; the values come from Python on every run,
#: and a changed value goes back as the state "values".
PANEL = st.components.v2.component(
    "gru_lab_bench_panel",
    html="""
<div class="rows"></div>
""",
    css="""
.row { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
.row label { width: 5em; }
.row input[type=range] { flex: 1; }
.row input[type=number] { width: 6em; }
""",
    js="""
export default function ({ data, setStateValue, parentElement }) {
  const root = parentElement.querySelector(".rows");
  if (root.childElementCount !== data.rows.length) {
    root.replaceChildren();
    for (const r of data.rows) {
      const row = document.createElement("div");
      row.className = "row";
      const label = document.createElement("label");
      label.textContent = r.label;
      const range = document.createElement("input");
      const box = document.createElement("input");
      for (const [el, type] of [[range, "range"], [box, "number"]]) {
        Object.assign(el, { type, min: r.lo, max: r.hi, step: r.step });
        el.onchange = () => setStateValue("values", { ...data.values, [r.key]: Number(el.value) });
      }
      row.append(label, range, box);
      root.append(row);
    }
  }
  data.rows.forEach((r, i) => {
    const v = String(data.values[r.key]);
    for (const el of root.children[i].querySelectorAll("input")) if (el.value !== v) el.value = v;
  });
}
""",
)


def params() -> tuple[str, int, str]:
    """kind, n and where from the URL (unknown or out-of-range values: no extra elements)."""
    q = st.query_params
    kind = q.get("kind", "markdown")
    try:
        n = int(q.get("n", "0"))
    except ValueError:
        n = 0
    n = n if kind in KINDS and 0 <= n <= MAX_N else 0
    return kind, n, "out" if q.get("where") == "out" else "in"


def extra(kind: str, n: int, tag: str) -> None:
    """``n`` elements of ``kind`` (keys prefixed with ``tag``)."""
    if kind == "panel":
        rows = [dict(key=f"w{i}", label=f"w{i}", lo=-6.0, hi=6.0, step=0.05) for i in range(n)]
        PANEL(key=tag + "panel", data=dict(rows=rows, values={r["key"]: 0.5 for r in rows}))
        return
    for i in range(n):
        if kind == "markdown":
            st.markdown(f"A paragraph of plain text, number {i}, about as long as a lesson note.")
        elif kind == "math":
            st.markdown(f"$$ r_{{{i}}} = \\sigma(0.50 \\cdot 0.30 + 0.10) = 0.{i:02d} $$")
        elif kind == "slider":
            st.slider(f"$w_{{{i}}}$", -6.0, 6.0, 0.5, step=0.05, key=f"{tag}s{i}")
        elif kind == "slider_box":
            with st.container(
                horizontal=True, vertical_alignment="bottom", gap="small", wrap=False
            ):
                st.slider(f"$w_{{{i}}}$", -6.0, 6.0, 0.5, step=0.05, key=f"{tag}s{i}")
                st.number_input(
                    f"Exact value: $w_{{{i}}}$",
                    -6.0,
                    6.0,
                    0.5,
                    step=0.01,
                    format="%.2f",
                    key=f"{tag}b{i}",
                    label_visibility="collapsed",
                    width=104,
                )


@st.fragment
def floor(kind: str, n: int) -> None:
    """The floor app's slider and line, then the extra elements inside the fragment."""
    a = st.slider("frequency", min_value=0.0, max_value=5.0, value=1.0, step=0.1, key="freq")
    t = np.linspace(0.0, 2.0 * np.pi, N_POINTS)  # (200,)
    fig = go.Figure(go.Scatter(x=t, y=np.sin(a * t), mode="lines", name="sin(a t)"))
    fig.update_layout(height=300, margin=dict(l=40, r=10, t=10, b=30))
    st.plotly_chart(fig, key="floor_chart", width="stretch")
    extra(kind, n, "in")


kind, n, where = params()
if where == "out":
    extra(kind, n, "out")
floor(kind, 0 if where == "out" else n)

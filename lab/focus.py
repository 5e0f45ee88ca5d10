"""A running tour's step comes into view: a tour started from the sidebar while the page
was scrolled down (or on a phone, where the open sidebar covers the page) would
otherwise speak off screen. On a new step, a sidebar that covers the main column is
closed and the tour's box scrolled to the top of the view (its step, then the picture
under it). The component is sent the lesson's name and the step's number, nothing else.
"""

from __future__ import annotations

import streamlit as st

FOCUS_JS = """
export default function (component) {
  const step = String(component.data);
  if (window.__gruTourStep === step) return;
  window.__gruTourStep = step;
  if (step.endsWith(":0")) return;
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const main = document.querySelector('[data-testid="stMain"]');
  const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (sidebar && main && close) {
    const s = sidebar.getBoundingClientRect(), m = main.getBoundingClientRect();
    if (s.right > 0 && s.width > 0 && s.right > m.left + 1) close.click();  // it covers the page
  }
  const box = document.querySelector('[data-testid="stMain"] .st-key-tour_box');
  if (box) setTimeout(() => box.scrollIntoView({ block: "start", behavior: "smooth" }), 50);
}
"""
#: The focus element takes no room (two lines: a one-line string may be taken for a path).
FOCUS_CSS = """.st-key-tour_focus {
  display: none;
}"""
_FOCUS = st.components.v2.component(
    "gru_lab.tour_focus", js=FOCUS_JS, css=FOCUS_CSS, isolate_styles=False
)


def tour_step(lesson: str, i: int) -> None:
    """Bring step ``i`` of ``lesson``'s tour into view once (0: no tour running)."""
    _FOCUS(key="tour_focus", data=f"{lesson}:{int(i)}")

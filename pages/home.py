"""Lesson 1 (home): what a GRU is, why it has gates, its four equations, the cell
drawn with live values, and a way into every lesson."""

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from gru_core import lessons
from gru_core.conventions import Convention
from lab import cached, explain, live, plots, teacher, tour, widgets
from lab.i18n import current_lang, t
from lab.lessons import LESSONS
from lab.state import Num, page_setup

D = lessons.STORY_STEP
PARAMS = {
    "x": Num(-2.0, 2.0, D["x"], 0.05),
    "h_prev": Num(-1.0, 1.0, D["h_prev"], 0.05),
}
#: The guided tour through the live cell (teacher mode hides nothing here but the
#: convention picker: the page has two sliders).
TOUR = (
    tour.Step("story", {}, keep_text=True),
    tour.Step("quiet", {"x": 0.0, "h_prev": 0.8}, keep_text=True),
    tour.Step("strong", {"x": 2.0, "h_prev": -0.6}),
)
#: Key prefix of the lesson cards (Streamlit gives a keyed container the class st-key-<key>).
CARD = "lesson_card_"
#: A card opens its lesson wherever it is clicked, not only on its link: the link's
#: click area (an ::after box) is stretched over the card, the one positioned box
#: around it (Streamlit positions each element's wrapper, so the link's is unset).
CARD_CSS = f"""<style>
[class*="st-key-{CARD}"] {{ position: relative; }}
[class*="st-key-{CARD}"]:hover {{ border-color: {plots.COLORS["h"]}; }}
[class*="st-key-{CARD}"] [data-testid="stElementContainer"]:has([data-testid="stPageLink"]) {{
  position: static;
}}
[class*="st-key-{CARD}"] [data-testid="stPageLink-NavLink"]::after {{
  content: ""; position: absolute; inset: 0; z-index: 1;
}}
</style>"""


@st.fragment
def live_cell(convention: Convention) -> None:
    """The cell drawing first, the two sliders that drive it under it (weights: the
    one-step lesson's defaults)."""
    visual = st.container(key="main_visual")
    c1, c2 = st.columns(2)
    with c1:
        x = widgets.slider("x", t("one_step.x"), PARAMS["x"])
    with c2:
        h_prev = widgets.slider("h_prev", t("one_step.h_prev"), PARAMS["h_prev"])
    tr = cached.run(lessons.one_step_spec(D, x, h_prev, convention)).trace
    keep = float(tr.keep[0, 0])
    with visual:
        send_frames = live.cell("cell", tr, D, x, h_prev, convention, current_lang(), list(PARAMS))
        st.caption(t("home.cell_caption", keep=explain.pct(keep), take=explain.pct(1.0 - keep)))
        widgets.in_words(explain.cell_in_words(tr, convention))
    send_frames(PARAMS)  # last: the sliders and the words are drawn before the frames asked for


ctx = page_setup(PARAMS, "home.title", advanced=())
tour.draw("home", TOUR, ctx.convention)
live_cell(ctx.convention)
st.markdown(t("home.intro"))

why, eqs = st.columns([1, 1], gap="large")
with why:
    st.subheader(t("home.why_title"))
    st.markdown(t("home.why"))
    st.markdown(f"{plots.swatch('r')} {t('home.reset')}")
    st.markdown(f"{plots.swatch('z')} {t('home.update.' + ctx.convention)}")
with eqs:
    st.subheader(t("home.equations_title"))
    st.caption(teacher.convention_shown(ctx.convention))
    for key, latex in zip(
        ("r", "z", "h_tilde", "h"), explain.equations(ctx.convention, wrap=True), strict=True
    ):
        st.markdown(f"{plots.swatch(key)} {t('home.eq.' + key)}")
        st.latex(latex)

st.subheader(t("home.lessons_title"))
st.html(CARD_CSS)  # only a style: it takes no room on the page
PER_ROW = 3
for row in range(0, len(LESSONS), PER_ROW):
    for col, lesson in zip(st.columns(PER_ROW), LESSONS[row : row + PER_ROW], strict=False):
        with col, st.container(border=True, height="stretch", key=CARD + lesson.url_path):
            # The link shows the short title (a page link keeps to one line and cuts a
            # long one, e.g. "Conventions: one name, three m…"); the full title wraps below.
            nav = t(lesson.key + ".nav")
            try:
                st.page_link(lesson.path, label=nav, icon=lesson.icon)
            except StreamlitPageNotFoundError:  # this page runs alone, without app.py's pages
                st.markdown(f"**{nav}**")
            st.markdown(t(lesson.key + ".title"))
            st.caption(t(lesson.key + ".blurb"))

"""The lessons, in teaching order: app.py builds its navigation from this list,
and the home page links to every lesson in it.

To add a lesson: write ``pages/<name>.py`` (start it with ``lab.state.page_setup``),
add its texts (``<key>.title``, the page's heading; ``<key>.nav``, a short title for
the sidebar's navigation; ``<key>.blurb``) to both catalogues in ``lab/locales/``,
and add its line below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    path: str  # page script, relative to app.py
    key: str  # catalogue prefix: "<key>.title", "<key>.nav", "<key>.blurb"
    url_path: str  # the page's address: http://host/<url_path> ("" for home: the root)
    icon: str  # Streamlit material icon


#: The default page: Streamlit serves it at the root, and "/home" would be "Page not found".
HOME = Lesson("pages/home.py", "home", "", ":material/home:")
LESSONS: tuple[Lesson, ...] = (
    Lesson("pages/one_step.py", "one_step", "one_step", ":material/looks_one:"),
    Lesson("pages/sequence.py", "seq", "sequence", ":material/timeline:"),
    Lesson("pages/forgetting.py", "forgetting", "forgetting", ":material/hourglass_bottom:"),
    Lesson("pages/gradients.py", "gradients", "gradients", ":material/trending_down:"),
    Lesson("pages/conventions.py", "conventions", "conventions", ":material/compare_arrows:"),
    Lesson("pages/training.py", "training", "training", ":material/model_training:"),
)

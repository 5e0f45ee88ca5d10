"""The README keeps what the issues ask it to hold (one rewrite of the load table once
dropped the security notes without anyone noticing)."""

from __future__ import annotations

import re

import pytest
from app_helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
HEADINGS = set(re.findall(r"^#{2,3} (.+)$", README, flags=re.M))


@pytest.mark.parametrize(
    ("heading", "must_say"),
    [
        ("Quick start", ["streamlit run app.py", "python -m pytest"]),
        ("Teaching with GRU Lab", ["teach=1", "1024 px", "collapse the sidebar"]),
        ("Teaching a large class", ["showErrorDetails", "toolbarMode", "nginx"]),
        (
            "Security: what the app accepts and what it never does",
            ["allow_pickle=False", "unsafe_allow_html", "maxUploadSize", "isolated"],
        ),
        ("Speed of a slider move", ["bench_app.py", "bench_browser.py", "bench_elements.py"]),
    ],
)
def test_readme_section_is_there_and_says_what_it_must(heading, must_say):
    assert heading in HEADINGS, sorted(HEADINGS)
    body = README.split(heading, 1)[1].split("\n## ", 1)[0]
    missing = [s for s in must_say if s not in body]
    assert missing == [], (heading, missing)

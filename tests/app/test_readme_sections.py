"""The README keeps the sections its users rely on, each saying what it must, and
stays short enough to read; the detail it links to in docs/ keeps its sections too.
A rewrite that drops a section, or a phrase a teacher needs, fails here."""

from __future__ import annotations

import re

import pytest
from app_helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
HEADINGS = set(re.findall(r"^#{2,3} (.+)$", README, flags=re.M))
MAX_README_LINES = 250  # the detail lives in docs/; the README is read top to bottom


def test_readme_is_at_most_250_lines():
    assert len(README.splitlines()) <= MAX_README_LINES


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
    ],
)
def test_readme_section_is_there_and_says_what_it_must(heading, must_say):
    assert heading in HEADINGS, sorted(HEADINGS)
    body = README.split(heading, 1)[1].split("\n## ", 1)[0]
    missing = [s for s in must_say if s not in body]
    assert missing == [], (heading, missing)


@pytest.mark.parametrize(
    ("doc", "heading", "must_say"),
    [
        ("docs/performance.md", "Speed of a slider move", ["bench_app.py", "bench_browser.py",
                                                            "bench_elements.py"]),
        ("docs/performance.md", "A class of sixty", ["load_classroom.py", "p95"]),
        ("docs/engine.md", "How fast: inference, forward, backward",
         ["bench_core.py", "inference_mode"]),
        ("docs/teaching.md", "Teacher mode", ["teach=1", "Classroom link"]),
        ("docs/teaching.md", "On a projector", ["1024 px", "collapse the sidebar",
                                                "test_projector.py"]),
        ("docs/deploy.md", "One machine, one link", ["showErrorDetails", "toolbarMode",
                                                     "postScriptGC"]),
        ("docs/deploy.md", "Several replicas behind nginx", ["run_replicas.sh", "grulab_route",
                                                             "ip_hash"]),
        ("docs/deploy.md", "Security in detail",
         ["allow_pickle=False", "unsafe_allow_html", "maxUploadSize", "isolated"]),
    ],
)  # fmt: skip
def test_a_docs_page_has_its_section_and_it_says_what_it_must(doc, heading, must_say):
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert re.search(rf"^#{{2,3}} {re.escape(heading)}$", text, flags=re.M), doc
    body = text.split(heading, 1)[1].split("\n## ", 1)[0]
    assert [s for s in must_say if s not in body] == [], (doc, heading)


def test_every_link_to_a_file_in_the_readme_and_docs_resolves():
    for page in (
        ROOT / "README.md",
        *sorted((ROOT / "docs").glob("*.md")),
        ROOT / "benchmarks" / "README.md",
    ):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not target.startswith("http"):
                assert (page.parent / target).exists(), (page.name, target)

"""Every classroom link in the README opens its lesson as written: the page
runs, keeps every value of the link (no "bad link" notice) and is in teacher
mode where the link says teach=1."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from app_helpers import ROOT, no_exception, run_page

from lab.i18n import t
from lab.lessons import HOME, LESSONS

README = (ROOT / "README.md").read_text(encoding="utf-8")
LINKS = sorted(set(re.findall(r"http://localhost:8501/[^\s`)]*", README)))
PAGES = {lesson.url_path: lesson.path for lesson in (HOME, *LESSONS)}
NOTICE = t("notice.bad_link", lang="en", names="").rstrip(". ")


def test_the_readme_has_classroom_links():
    assert len(LINKS) >= 3


@pytest.mark.parametrize("link", LINKS)
def test_a_readme_link_opens_its_lesson_with_every_value_kept(link):
    parts = urlsplit(link)
    url_path = parts.path.strip("/") or HOME.url_path
    assert url_path in PAGES, f"{link}: no lesson at /{url_path}"
    query = dict(parse_qsl(parts.query))
    stem = PAGES[url_path].removeprefix("pages/").removesuffix(".py")
    at = run_page(stem, query=query)
    no_exception(at)
    notices = [e.value for e in (*at.warning, *at.info) if NOTICE in str(e.value)]
    assert not notices, f"{link}: {notices}"
    for key, value in query.items():
        assert at.query_params.get(key) == [value] or at.query_params.get(key) == value, (
            f"{link}: {key}={value} was not kept"
        )

"""Teacher mode: ``teach=1`` hides a page's listed advanced controls, keeps their
values, survives a reload through the URL, and the classroom link carries it."""

from __future__ import annotations

import math
import textwrap
from urllib.parse import parse_qs

import numpy as np
import pytest
from app_helpers import (
    chart,
    no_exception,
    open_tab,
    run_app,
    run_page,
    sigmoid,
    trace_by_name,
    values,
)
from streamlit.testing.v1 import AppTest

from gru_core.presets import WEIGHT_NAMES
from lab.i18n import t
from lab.lessons import LESSONS


def keys(at) -> set[str]:
    """Keys of every widget on the page (and in the sidebar)."""
    out = set()
    for kind in ("slider", "number_input", "selectbox", "radio", "toggle", "text_input"):
        out |= {w.key for w in getattr(at, kind)}
    return out


def h_row(at) -> np.ndarray:
    return values(trace_by_name(chart(at, "sequence"), "state h")["y"])


def test_hidden_controls_keep_the_links_values():
    """A link with custom weights shows the same picture in teacher mode."""
    query = {"source": "sliders", "b_z": "-3", "W_xz": "0", "W_xr": "0", "b_r": "3",
             "signal": "step"}  # fmt: skip
    taught = run_page("sequence", query | {"teach": "1"})
    no_exception(taught)
    h, expected, state = h_row(taught), [], 0.0
    for step in range(60):
        x = 1.0 if step >= 5 else 0.0
        r, z = sigmoid(3.0), sigmoid(-3.0)
        state = (1 - z) * state + z * math.tanh(2.0 * x + 1.0 * r * state)
        expected.append(state)
    np.testing.assert_allclose(h, expected, atol=1e-12)
    assert taught.query_params["b_z"] == "-3"  # the hidden value stays in the link
    assert any("hidden in teacher mode" in c.value for c in taught.caption)


def test_reset_in_teacher_mode_also_resets_the_hidden_values():
    at = run_app()
    at.switch_page("pages/sequence.py").run()
    at.radio(key="source").set_value("sliders").run()
    at.slider(key="b_z").set_value(-3.0).run()
    at.toggle(key="teach").set_value(True).run()
    assert "b_z" not in keys(at) and at.query_params["b_z"] == "-3"
    at.button(key="reset_page").click().run()
    no_exception(at)
    assert "b_z" not in at.query_params and "source" not in at.query_params
    assert at.query_params["teach"] == "1"  # teacher mode itself is not a lesson setting
    np.testing.assert_allclose(h_row(at), h_row(run_page("sequence")), atol=1e-12)


def test_classroom_link_carries_the_settings_and_teacher_mode():
    at = run_app()
    at.switch_page("pages/sequence.py").run()
    at.slider(key="T").set_value(80).run()
    assert not at.sidebar.code  # shown on request only
    at.button(key="teach_link").click().run()
    no_exception(at)
    link = at.sidebar.code[0].value
    query = parse_qs(link.split("?", 1)[1])
    assert query["teach"] == ["1"] and query["T"] == ["80"] and query["lang"] == ["en"]


def test_classroom_link_uses_the_browser_address(monkeypatch):
    """st.context.url is the page's address; anything but http(s) is left out."""
    import streamlit as st

    from lab import teacher

    for url, base in (
        ("https://lab.example.org/sequence", "https://lab.example.org/sequence"),
        ("javascript:alert(1)", ""),
        (None, ""),
    ):
        monkeypatch.setattr(type(st.context), "url", property(lambda self, u=url: u))
        monkeypatch.setattr(st.query_params.__class__, "to_dict", lambda self: {"lang": "en"})
        assert teacher.classroom_link() == f"{base}?lang=en&teach=1"


def test_any_page_opts_in_with_its_list(tmp_path):
    """The mechanism other lessons use: page_setup(..., advanced=(...)) and lab.widgets."""
    script = tmp_path / "page.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(__import__("app_helpers").ROOT)!r})
            import streamlit as st
            from lab import widgets
            from lab.state import Int, Num, page_setup
            P = {{"a": Num(0.0, 1.0, 0.5, 0.1), "b": Int(1, 9, 3)}}
            page_setup(P, "app.name", advanced=("b",))
            a = widgets.slider("a", "a", P["a"], box=True)
            b = widgets.slider("b", "b", P["b"])
            st.write(f"sum={{a + b}}")
            """
        )
    )
    for teach, drawn in (("0", {"a", "b"}), ("1", {"a"})):
        at = AppTest.from_file(str(script), default_timeout=30)
        at.query_params.update({"teach": teach, "b": "7"})
        at.run()
        no_exception(at)
        assert {w.key for w in at.slider} == drawn
        assert "sum=7.5" in at.markdown[-1].value  # the hidden b still counts, from the URL


# ---- every lesson: its listed controls hidden, and a reload keeps teacher mode -------------------
def lesson_name(lesson) -> str:
    return lesson.path.removeprefix("pages/").removesuffix(".py")


#: Per lesson, links that between them draw every control the lesson lists as advanced
#: (some appear only in a mode: the weight sliders, PyTorch's b_hn, noise, an upload),
#: and set one of them away from its default (teacher mode must keep that value).
SHOW_ALL = {
    "one_step": [{"conv": "pytorch", "W_hz": "1.5"}],
    "sequence": [
        {"source": "sliders", "conv": "pytorch"},
        {"H": "3"},
        {"signal": "noise"},
        {"signal": "csv"},
    ],
    "forgetting": [{"f_dist": "noise", "f_T": "150"}],
    "gradients": [{"g_H": "3"}],
    "conventions": [{"c_H": "2"}, {"c_source": "upload"}],  # part 1; part 2 (a file link)
    "training": [{"H": "8"}],
}
#: Per lesson, what teacher mode must hide and what it must leave for the class, written
#: out here (the page's own list could forget one).
HIDES = {
    "one_step": {"W_hr", "W_hz", "W_hh"},
    "sequence": {"H", "wseed", "gain", "source", "csv", *WEIGHT_NAMES},
    "forgetting": {"f_T"},
    "gradients": {"g_H", "g_br"},
    "conventions": {"c_H"},
    "training": set(),
}
KEEPS = {
    "one_step": {"x", "h_prev", "W_xr", "b_r", "W_xz", "b_z", "W_xh", "b_h"},
    "sequence": {"signal", "T", "start", "width", "amp", "ov", "t"},
    "forgetting": {"f_z"},
    "gradients": {"g_bz"},
    "conventions": set(),
    "training": set(),
}
#: The same links in teacher mode (a link made with a CSV input opens without the upload).
TEACH_LINKS = SHOW_ALL


def test_a_csv_link_in_teacher_mode_says_why_there_is_no_upload():
    at = run_page("sequence", {"signal": "csv", "teach": "1"})
    no_exception(at)
    assert not at.get("file_uploader")
    assert any(t("seq.csv_hidden", lang="en") in str(e.value) for e in at.info)


def drawn(at) -> set[str]:
    """Every control on the page: widget and upload keys, and listed options that are
    a control of their own (lesson 3's CSV input is an option of its signal picker)."""
    out = keys(at) | {u.key for u in at.get("file_uploader")}
    csv = t("signal.csv", lang="en")
    # The CSV input is a control when it can be picked, or when its uploader is drawn
    # (a link that already says signal=csv keeps the option selected in teacher mode,
    # with a note instead of the uploader).
    if any(w.key == "signal" and csv in w.options and w.value != "csv" for w in at.selectbox):
        out.add("csv")
    if "csv_file" in out:
        out.add("csv")
    return out


def listed(at) -> frozenset[str]:
    """The keys the page asked teacher mode to hide (its page_setup(advanced=...))."""
    return at.session_state["_lab_advanced"]


def charts(at) -> list[str]:
    return [el.proto.spec for el in at.get("plotly_chart")]


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_name)
def test_every_lesson_hides_what_it_lists(lesson):
    """Teacher mode hides the listed controls, and the lesson's own; leaves the rest;
    and draws the very charts of the same link without it (hidden values still count)."""
    name = lesson_name(lesson)
    plain = [run_page(name, q) for q in SHOW_ALL[name]]
    for at in plain:
        no_exception(at)
    advanced = listed(plain[0])
    assert advanced, f"{name} lists no advanced controls"
    assert HIDES[name] <= advanced, f"not hidden: {sorted(HIDES[name] - advanced)}"
    shown = set().union(*(drawn(at) for at in plain))
    assert advanced <= shown, f"listed but never drawn: {sorted(advanced - shown)}"
    kept = set()
    for q, at in zip(TEACH_LINKS[name], plain, strict=True):
        taught = run_page(name, q | {"teach": "1"})
        no_exception(taught)
        assert not advanced & drawn(taught), (q, sorted(advanced & drawn(taught)))
        assert drawn(taught), "the lesson itself stays"
        assert charts(taught) == charts(at), q
        kept |= drawn(taught)
    assert KEEPS[name] <= kept, f"hidden from the class: {sorted(KEEPS[name] - kept)}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_name)
def test_every_lesson_keeps_teacher_mode_through_a_reload(lesson):
    name = lesson_name(lesson)
    at = run_app()
    at.switch_page(lesson.path).run()
    at.toggle(key="teach").set_value(True).run()
    no_exception(at)
    assert at.query_params["teach"] == "1"
    # a reload: a new session that only has the URL (with the link that draws the most)
    reloaded = AppTest.from_file(at._script_path, default_timeout=30)
    link = dict(at.query_params) | SHOW_ALL[name][0]
    for k, v in link.items():
        reloaded.query_params[k] = v
    reloaded.switch_page(lesson.path).run()
    no_exception(reloaded)
    assert reloaded.toggle(key="teach").value
    advanced = listed(reloaded)
    assert advanced and not advanced & drawn(reloaded) and "conv" not in drawn(reloaded)
    # the picker is gone: the sidebar says which convention the link chose
    convention = t(f"conv.{link.get('conv', 'textbook')}.name", lang="en")
    assert any(convention in m.value for m in reloaded.sidebar.markdown)
    reloaded.toggle(key="teach").set_value(False).run()  # off again: the controls are back
    no_exception(reloaded)
    assert "teach" not in reloaded.query_params and "conv" in drawn(reloaded)
    assert advanced & drawn(reloaded)


def test_conventions_teacher_mode_offers_no_upload():
    taught = open_tab(run_page("conventions", {"teach": "1"}), "c_part", 1)
    no_exception(taught)
    assert t("conventions.source.upload", lang="en") not in taught.selectbox(key="c_source").options
    # a link made outside teacher mode with the upload chosen: no uploader, a note instead
    taught = run_page("conventions", {"teach": "1", "c_source": "upload"})
    no_exception(taught)
    assert not taught.get("file_uploader")
    assert t("conventions.upload_hidden", lang="en") in [i.value for i in taught.info]

"""The classroom load client (benchmarks/st_client.py) builds what Chromium sends.

References are independent of the client: protobuf wire bytes written out by hand,
and a ``rerun_script`` message recorded from Debian's Chromium moving a slider inside
an ``st.fragment`` on a two-page ``st.navigation`` app (Streamlit 1.67), pasted below
in protobuf text format.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit.proto")
from google.protobuf import text_format  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.st_client import (  # noqa: E402
    PageState,
    RunResult,
    bool_state,
    next_slider_value,
    origin_of,
    rerun_msg,
    slider_state,
    states_by_id,
    stream_url,
    widget_key,
)

# Recorded from Chromium: load /one_step?T=30, then ArrowRight on slider "T" (20 -> 21),
# which sits with slider "x_t" in one fragment.
BROWSER_FIRST = """
rerun_script {
  query_string: "T=30"
  widget_states {}
  page_name: "one_step"
  context_info { timezone: "UTC" timezone_offset: 0 locale: "en-US"
                 url: "http://127.0.0.1:33247/one_step" is_embedded: false color_scheme: "light" }
}
"""
BROWSER_MOVE = """
rerun_script {
  query_string: "T=30"
  widget_states {
    widgets { id: "$$ID-6e8f0d3780de1cb42b0e5351665276a4-x_t" double_array_value { data: 0.5 } }
    widgets { id: "$$ID-9c6c14bbcc557fbe95b96c4208b6b654-T" double_array_value { data: 21 } }
  }
  page_script_hash: "e4b7aa35f1efc14d873846b8a699c9c3"
  fragment_id: "59638f1bb42d64b1c72cdf5950a4a92e"
  context_info { timezone: "UTC" timezone_offset: 0 locale: "en-US"
                 url: "http://127.0.0.1:33247/one_step" is_embedded: false color_scheme: "light" }
}
"""
X_T = "$$ID-6e8f0d3780de1cb42b0e5351665276a4-x_t"
T_ID = "$$ID-9c6c14bbcc557fbe95b96c4208b6b654-T"
PAGE = "e4b7aa35f1efc14d873846b8a699c9c3"
FRAGMENT = "59638f1bb42d64b1c72cdf5950a4a92e"
URL = "http://127.0.0.1:33247/one_step"


def parse(text: str) -> BackMsg:
    return text_format.Parse(text, BackMsg())


def test_urls():
    assert stream_url("http://127.0.0.1:8501") == "ws://127.0.0.1:8501/_stcore/stream"
    assert stream_url("http://127.0.0.1:8080/") == "ws://127.0.0.1:8080/_stcore/stream"
    assert stream_url("https://lab.example/gru/") == "wss://lab.example/gru/_stcore/stream"
    assert origin_of("http://127.0.0.1:8080/one_step?x=1") == "http://127.0.0.1:8080"


def test_widget_key():
    assert widget_key(X_T) == "x_t"
    assert widget_key("$$ID-301ab97da487968f47c10d5708d7aa49-my-key") == "my-key"
    assert widget_key("$$ID-924dbbef28da0f7e56eb942a05bb0971-None") is None  # unkeyed
    assert widget_key("plain") is None


def test_slider_state_wire_bytes():
    # WidgetState{id: "a" (field 1), double_array_value (field 7) {data (field 1,
    # packed doubles): [1.5]}}, written out byte by byte.
    inner = b"\x0a\x08" + struct.pack("<d", 1.5)
    expected = b"\x0a\x01a" + b"\x3a" + bytes([len(inner)]) + inner
    assert slider_state("a", 1.5).SerializeToString() == expected
    two = slider_state("a", (1, 2)).double_array_value.data
    assert list(two) == [1.0, 2.0]


def test_bool_state_wire_bytes():
    # bool_value is field 3, varint: tag 0x18, value 1
    assert bool_state("b", True).SerializeToString() == b"\x0a\x01b\x18\x01"


def test_first_message_matches_browser():
    ours = rerun_msg(page_name="one_step", query_string="T=30", url=URL)
    assert ours == parse(BROWSER_FIRST)


def test_move_message_matches_browser():
    ours = rerun_msg(
        [slider_state(X_T, 0.5), slider_state(T_ID, 21)],
        page_script_hash=PAGE,
        query_string="T=30",
        fragment_id=FRAGMENT,
        url=URL,
    )
    assert ours == parse(BROWSER_MOVE)
    assert states_by_id(ours) == {
        X_T: ("double_array_value", [0.5]),
        T_ID: ("double_array_value", [21.0]),
    }


class _Slider:
    def __init__(self, lo, hi, step):
        self.min, self.max, self.step = lo, hi, step


def test_next_slider_value_steps_and_bounces():
    s = _Slider(-3.0, 3.0, 0.1)
    v, d = next_slider_value(s, [0.2])
    assert (v, d) == ([0.3], 1)  # 0.2 + 0.1 shown as 0.3, as the browser sends it
    v, d = next_slider_value(s, [3.0])
    assert (v, d) == ([2.9], -1)  # at the top: one step down, and keep going down
    v, d = next_slider_value(s, [-3.0], -1)
    assert (v, d) == ([-2.9], 1)
    v, d = next_slider_value(_Slider(1, 200, 1), [20.0, 50.0])
    assert v == [21.0, 50.0]  # a range slider: first thumb only


def _fm(text: str) -> ForwardMsg:
    return text_format.Parse(text, ForwardMsg())


def _slider_delta(wid, *, default, fragment="", container=0, set_value=None) -> ForwardMsg:
    fm = ForwardMsg()
    fm.metadata.delta_path.extend([container, 0])
    sl = fm.delta.new_element.slider
    sl.id, sl.min, sl.max, sl.step = wid, 0, 10, 1
    sl.default.append(default)
    if set_value is not None:
        sl.value.append(set_value)
        sl.set_value = True
    if fragment:
        fm.delta.fragment_id = fragment
    return fm


def test_page_state_follows_a_run():
    st = PageState()
    res = RunResult(0.0, "timeout")
    msgs = [
        _fm('new_session { page_script_hash: "main" main_script_hash: "main" }'),
        _fm(
            'navigation { page_script_hash: "page1" '
            'app_pages { page_script_hash: "page0" url_pathname: "" } '
            'app_pages { page_script_hash: "page1" url_pathname: "one_step" } }'
        ),
        _slider_delta("$$ID-h1-lang", default=0, container=1),
        _slider_delta("$$ID-h2-x_t", default=2, fragment="frag"),
        _slider_delta("$$ID-h3-T", default=5, set_value=7),
        _fm('delta { new_element { exception { message: "boom" } } }'),
    ]
    assert not any(st.apply(m, res) for m in msgs)
    assert st.apply(_fm("script_finished: FINISHED_SUCCESSFULLY"), res)
    assert res.status == "ok" and res.exceptions == ["boom"] and not res.ok
    assert st.page_script_hash == "page1"  # the page, not the router script
    assert st.pages == {"": "page0", "one_step": "page1"}
    assert st.main_sliders() == ["x_t", "T"]  # the sidebar slider is not in the main area
    assert st.slider("x_t").fragment_id == "frag"
    assert st.values == {"$$ID-h1-lang": [0.0], "$$ID-h2-x_t": [2.0], "$$ID-h3-T": [7.0]}
    with pytest.raises(KeyError, match="x_t"):
        st.slider("nope")

    # a fragment run redraws only its widgets; the others stay known
    res2 = RunResult(0.0, "timeout")
    st.apply(_fm('metadata { run { fragment_ids: "frag" } } new_session { }'), res2)
    st.apply(_slider_delta("$$ID-h2-x_t", default=2, fragment="frag"), res2)
    st.apply(_fm("script_finished: FINISHED_FRAGMENT_RUN_SUCCESSFULLY"), res2)
    assert res2.ok and res2.status == "ok_fragment"
    assert set(st.values) == {"$$ID-h1-lang", "$$ID-h2-x_t", "$$ID-h3-T"}

    # a full run forgets widgets that are gone (e.g. an id that changed with its range)
    res3 = RunResult(0.0, "timeout")
    st.apply(_fm('new_session { page_script_hash: "main" }'), res3)
    st.apply(_slider_delta("$$ID-h9-x_t", default=1), res3)
    st.apply(_fm("script_finished: FINISHED_SUCCESSFULLY"), res3)
    assert st.values == {"$$ID-h9-x_t": [1.0]}
    states = states_by_id(rerun_msg(st.widget_states()))
    assert states == {"$$ID-h9-x_t": ("double_array_value", [1.0])}


def test_other_widgets_reported_like_the_browser():
    # Chromium on the sequence lesson sent, beside the sliders, the untouched
    # selectbox's option label and the number box's value (recorded frames).
    from streamlit.proto.Element_pb2 import Element

    from benchmarks.st_client import initial_state

    sel = Element().selectbox
    sel.id, sel.default = "$$ID-h-signal", 1
    sel.options.extend(["Step", "Pulse", "Sine"])
    assert initial_state("selectbox", sel) == text_format.Parse(
        'id: "$$ID-h-signal" string_value: "Pulse"', type(slider_state("a", 0))()
    )
    box = Element().number_input
    box.id, box.default, box.data_type = "$$ID-h-x__box", -0.6, box.FLOAT
    assert initial_state("number_input", box).double_value == -0.6
    box.data_type = box.INT
    box.default = 3
    assert initial_state("number_input", box).int_value == 3
    tog = Element().checkbox
    tog.id, tog.default = "$$ID-h-zh", False
    assert initial_state("checkbox", tog) == bool_state("$$ID-h-zh", False)
    assert initial_state("button", Element().button) is None  # not sent by this client


def test_query_string_follows_the_server():
    st = PageState(query_string="")
    res = RunResult(0.0, "timeout")
    st.apply(_fm('page_info_changed { query_string: "lang=en&x=1.05" }'), res)
    assert st.query_string == "lang=en&x=1.05"

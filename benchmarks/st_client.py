"""A lightweight Streamlit client that speaks the browser's websocket protocol.

Sixty Chromium contexts overwhelm a 2-core machine by themselves, so the classroom
load test (``load_classroom.py``) simulates students with this client instead. It does
what the browser does, frame for frame (checked by recording a real Chromium's frames
with Playwright's websocket events, see ``sniff_browser`` below):

1. open ``ws://HOST/_stcore/stream`` with subprotocols ``["streamlit", <token>]``
   and an ``Origin`` equal to the app's address;
2. send ``BackMsg{rerun_script: ClientState{query_string, page_name, context_info}}``
   (the URL's page path and query, no widget states yet);
3. read ``ForwardMsg`` frames (``new_session``, ``navigation``, ``delta``...) until
   ``script_finished``, remembering every widget (its id, its element, the fragment it
   belongs to) and the page's ``page_script_hash`` (from ``navigation``, or from
   ``new_session`` on a single-page app);
4. on a slider move, send ``rerun_script`` with ``page_script_hash``, the URL's
   query as the server last rewrote it (``page_info_changed``), the ``fragment_id`` of
   the widget's fragment (if any) and the full widget state: every slider with its
   value as ``double_array_value`` (the moved one with its new value), and every
   checkbox, number input, selectbox and radio as the browser reports them
   (``initial_state``);
5. a run that ends early because the script called ``st.rerun()`` is followed by
   the server's own rerun: wait for that one's ``script_finished``.

The message-building functions are plain and tested in ``tests/benchmarks/test_st_client.py``;
``Session`` adds the asyncio transport (the ``websockets`` package).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

#: The browser sends "streamlit" and, second, an XSRF token (empty when it has none);
#: the server selects the first and reads the second positionally.
SUBPROTOCOLS = ("streamlit", "PLACEHOLDER_AUTH_TOKEN")

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "ok_fragment",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "early_for_rerun",
}


# ---------------------------------------------------------------------------
# Message building (pure functions)
# ---------------------------------------------------------------------------


def stream_url(base_url: str) -> str:
    """``http://host:port/prefix`` -> ``ws://host:port/prefix/_stcore/stream``."""
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    path = parts.path.rstrip("/")
    return f"{scheme}://{parts.netloc}{path}/_stcore/stream"


def origin_of(base_url: str) -> str:
    """The ``Origin`` a browser on ``base_url`` sends: scheme and host only."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def widget_key(widget_id: str) -> str | None:
    """The user key inside a widget id ``$$ID-<hash>-<key>``; None when unkeyed (``-None``)."""
    if not widget_id.startswith("$$ID-"):
        return None
    rest = widget_id[len("$$ID-") :]
    _, sep, key = rest.partition("-")
    return key if sep and key and key != "None" else None


def slider_state(widget_id: str, value: float | Sequence[float]) -> WidgetState:
    """The state a browser sends for a slider: ``double_array_value`` (one or two values).

    Every slider type (int, float, date, select_slider's index) travels as doubles.
    """
    values = [float(value)] if isinstance(value, int | float) else [float(v) for v in value]
    ws = WidgetState(id=widget_id)
    ws.double_array_value.data.extend(values)
    return ws


def bool_state(widget_id: str, value: bool) -> WidgetState:
    """The state a browser sends for a checkbox or toggle: ``bool_value``."""
    return WidgetState(id=widget_id, bool_value=bool(value))


def initial_state(kind: str, element) -> WidgetState | None:
    """The state the browser reports for a widget it has just drawn and nobody touched.

    Checked against Chromium's frames (``load_classroom.py --check-protocol``):
    checkbox/toggle -> ``bool_value``; number_input -> ``double_value`` (``int_value``
    for an int input); selectbox/radio -> ``string_value``, the option's label. Other
    widget kinds are not sent by this client (None): the server keeps their defaults.
    """
    wid = element.id
    if kind == "checkbox":
        return bool_state(wid, element.value if element.set_value else element.default)
    if kind == "number_input":
        v = element.value if element.set_value else element.default
        if element.data_type == element.INT:
            return WidgetState(id=wid, int_value=int(v))
        return WidgetState(id=wid, double_value=float(v))
    if kind in ("selectbox", "radio"):
        if element.set_value:
            label = element.raw_value or None
        elif 0 <= element.default < len(element.options):
            label = element.options[element.default]
        else:
            label = None
        return None if label is None else WidgetState(id=wid, string_value=label)
    return None


def rerun_msg(
    widget_states: Iterable[WidgetState] = (),
    *,
    page_script_hash: str = "",
    page_name: str = "",
    query_string: str = "",
    fragment_id: str = "",
    url: str = "",
    locale: str = "en-US",
) -> BackMsg:
    """``BackMsg{rerun_script: ClientState}`` as the browser builds it.

    First load: ``page_name`` (the URL path) and ``query_string``, no widgets.
    A widget change: ``page_script_hash`` of the current page, all widget states and,
    when the widget sits in an ``st.fragment``, that fragment's id.
    """
    msg = BackMsg()
    cs = msg.rerun_script
    cs.query_string = query_string
    cs.widget_states.CopyFrom(WidgetStates(widgets=list(widget_states)))
    if page_script_hash:
        cs.page_script_hash = page_script_hash
    if page_name:
        cs.page_name = page_name
    if fragment_id:
        cs.fragment_id = fragment_id
    ci = cs.context_info
    ci.timezone = "UTC"
    ci.timezone_offset = 0
    ci.locale = locale
    if url:
        ci.url = url
    ci.is_embedded = False
    ci.color_scheme = "light"
    return msg


def slider_value(slider) -> list[float]:
    """A slider element's shown value: ``value`` when the server set one, else ``default``."""
    if slider.set_value and len(slider.value):
        return list(slider.value)
    return list(slider.default)


def next_slider_value(
    slider, current: Sequence[float], direction: int = 1
) -> tuple[list[float], int]:
    """One keyboard step (ArrowRight/ArrowLeft) of the first thumb, bouncing at the ends.

    Returns the new value and the direction to use next time.
    """
    step = slider.step or 1.0
    v = float(current[0]) + direction * step
    if v > slider.max + 1e-9 or v < slider.min - 1e-9:
        direction = -direction
        v = float(current[0]) + direction * step
    v = min(max(v, slider.min), slider.max)
    v = round(slider.min + round((v - slider.min) / step) * step, 10)  # no 0.30000000000000004
    out = [v, *current[1:]]
    return out, direction


# ---------------------------------------------------------------------------
# Reading the server's answer
# ---------------------------------------------------------------------------


@dataclass
class Widget:
    id: str
    kind: str  # element type, e.g. "slider"
    element: object  # the element proto (e.g. Slider)
    fragment_id: str = ""
    container: int = 0  # delta_path[0]: 0 = main area, 1 = sidebar

    @property
    def key(self) -> str | None:
        return widget_key(self.id)


@dataclass
class RunResult:
    """What one script run sent back."""

    seconds: float
    status: str  # "ok", "ok_fragment", "compile_error", "early_for_rerun", "timeout", "closed"
    exceptions: list[str] = field(default_factory=list)
    n_deltas: int = 0
    n_bytes: int = 0
    reruns: int = 0  # runs that ended early for a rerun the server started itself
    charts: dict[str, str] = field(default_factory=dict)  # chart id -> figure JSON

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "ok_fragment") and not self.exceptions


@dataclass
class PageState:
    """What the client knows about the page, updated message by message."""

    page_script_hash: str = ""
    main_script_hash: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url_pathname -> page_script_hash
    widgets: dict[str, Widget] = field(default_factory=dict)  # widget id -> Widget
    values: dict[str, list[float]] = field(default_factory=dict)  # slider id -> value
    # other widgets' states as the browser reports them (see ``initial_state``)
    others: dict[str, WidgetState] = field(default_factory=dict)
    query_string: str = ""  # the URL's query, as the server last rewrote it

    def apply(self, fm: ForwardMsg, result: RunResult) -> bool:
        """Update from one ForwardMsg; True when it is the run's ``script_finished``."""
        kind = fm.WhichOneof("type")
        if kind == "new_session":
            ns = fm.new_session
            self.main_script_hash = ns.main_script_hash
            if not fm.metadata.run.fragment_ids:  # a full run redraws every widget
                self.widgets = {}
            if not self.page_script_hash or not self.pages:
                self.page_script_hash = ns.page_script_hash
        elif kind == "navigation":
            nav = fm.navigation
            self.page_script_hash = nav.page_script_hash
            self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
        elif kind == "page_info_changed":
            self.query_string = fm.page_info_changed.query_string
        elif kind == "page_not_found":
            result.exceptions.append(f"page not found: {fm.page_not_found.page_name}")
        elif kind == "delta":
            result.n_deltas += 1
            d = fm.delta
            if d.WhichOneof("type") == "new_element":
                el = d.new_element
                etype = el.WhichOneof("type")
                if etype == "exception":
                    result.exceptions.append(el.exception.message)
                elif etype == "plotly_chart":
                    result.charts[el.plotly_chart.id] = el.plotly_chart.spec
                inner = getattr(el, etype) if etype else None
                wid = getattr(inner, "id", "") if inner is not None else ""
                if isinstance(wid, str) and wid.startswith("$$ID-"):
                    path = fm.metadata.delta_path
                    self.widgets[wid] = Widget(
                        wid, etype, inner, d.fragment_id, path[0] if path else 0
                    )
                    if etype == "slider":
                        if wid not in self.values or inner.set_value:
                            self.values[wid] = slider_value(inner)
                    elif wid not in self.others or getattr(inner, "set_value", False):
                        state = initial_state(etype, inner)
                        if state is not None:
                            self.others[wid] = state
        elif kind == "script_finished":
            self.values = {k: v for k, v in self.values.items() if k in self.widgets}
            self.others = {k: v for k, v in self.others.items() if k in self.widgets}
            result.status = FINISHED.get(fm.script_finished, str(fm.script_finished))
            return True
        return False

    def slider(self, key: str) -> Widget:
        """The slider whose user key is ``key`` (KeyError listing the keys when absent)."""
        for w in self.widgets.values():
            if w.kind == "slider" and w.key == key:
                return w
        have = sorted(w.key or w.id for w in self.widgets.values() if w.kind == "slider")
        raise KeyError(f"no slider with key {key!r} on this page (sliders: {have})")

    def main_sliders(self) -> list[str]:
        """Keys of the keyed sliders in the main area, in page order."""
        return [
            w.key
            for w in self.widgets.values()
            if w.kind == "slider" and w.key and w.container == 0
        ]

    def widget_states(self) -> list[WidgetState]:
        """Every widget's state, as the browser sends them all with each change."""
        sliders = [slider_state(wid, v) for wid, v in self.values.items() if wid in self.widgets]
        return sliders + [ws for wid, ws in self.others.items() if wid in self.widgets]


# ---------------------------------------------------------------------------
# The session (asyncio)
# ---------------------------------------------------------------------------


class Session:
    """One simulated browser tab on one page of the app.

    >>> async with Session("http://127.0.0.1:8501", page="one_step") as s:
    ...     first = await s.load()
    ...     moved = await s.move_slider("x_t")
    """

    def __init__(
        self,
        base_url: str,
        page: str = "",
        query_string: str = "",
        timeout: float = 30.0,
        headers: Mapping[str, str] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.headers = dict(headers or {})  # e.g. {"Cookie": ...} through a proxy
        self.page = page.strip("/")
        self.query_string = query_string
        self.timeout = timeout
        self.state = PageState(query_string=query_string)
        self.ws = None
        self._directions: dict[str, int] = {}

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(
            stream_url(self.base_url),
            subprotocols=list(SUBPROTOCOLS),
            origin=origin_of(self.base_url),
            proxy=None,  # loopback only: never route through an environment proxy
            max_size=None,
            open_timeout=self.timeout,
            additional_headers=self.headers or None,
        )

    @property
    def response_headers(self) -> Mapping[str, str]:
        """Headers of the server's websocket handshake answer (101)."""
        return self.ws.response.headers if self.ws is not None else {}

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    @property
    def url(self) -> str:
        return f"{self.base_url}/{self.page}" if self.page else self.base_url + "/"

    async def run(self, msg: BackMsg) -> RunResult:
        """Send one BackMsg and read until ``script_finished`` (or timeout/close)."""
        result = RunResult(seconds=0.0, status="timeout")
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        deadline = t0 + self.timeout
        try:
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                data = await asyncio.wait_for(self.ws.recv(), timeout=left)
                result.n_bytes += len(data)
                fm = ForwardMsg()
                fm.ParseFromString(data)
                if self.state.apply(fm, result):
                    if result.status != "early_for_rerun":
                        break
                    # the script called st.rerun() (or was interrupted): a new run
                    # follows by itself, as in the browser; wait for its end
                    result.reruns += 1
                    result.status = "timeout"
        except TimeoutError:
            result.status = "timeout"
        except Exception as exc:  # connection closed or broken frame
            result.status = "closed"
            result.exceptions.append(f"{type(exc).__name__}: {exc}")
        result.seconds = time.perf_counter() - t0
        return result

    async def load(self) -> RunResult:
        """The first run, as a browser opening ``base_url/page?query``."""
        msg = rerun_msg(page_name=self.page, query_string=self.query_string, url=self.url)
        return await self.run(msg)

    async def move_slider(
        self, key: str, value: float | Sequence[float] | None = None
    ) -> RunResult:
        """Set slider ``key`` (one keyboard step when ``value`` is None) and rerun."""
        return await self.run(self.slider_move_msg(key, value))

    def slider_move_msg(self, key: str, value: float | Sequence[float] | None = None) -> BackMsg:
        """What ``move_slider`` sends: slider ``key`` set (one keyboard step when ``value``
        is None) in this session's widget states, and the rerun message carrying them."""
        w = self.state.slider(key)
        if value is None:
            d = self._directions.get(key, 1)
            new, self._directions[key] = next_slider_value(w.element, self.state.values[w.id], d)
        else:
            new = [float(value)] if isinstance(value, int | float) else [float(v) for v in value]
        self.state.values[w.id] = new
        return rerun_msg(
            self.state.widget_states(),
            page_script_hash=self.state.page_script_hash,
            query_string=self.state.query_string,
            fragment_id=w.fragment_id,
            url=self.url,
        )


def sniff_browser(
    base_url: str, page: str = "", slider_index: int = 0, slider_key: str | None = None
) -> list[BackMsg]:
    """Record the BackMsgs a real Chromium sends while loading ``page`` and moving a slider.

    Used to check that ``rerun_msg`` copies the browser (see ``--sniff`` in
    ``load_classroom.py``). Needs Playwright and Debian's Chromium.
    """
    from playwright.sync_api import sync_playwright

    from benchmarks.discover import e2e

    CHROMIUM, CHROMIUM_ARGS, wait_for_run = e2e().CHROMIUM, e2e().CHROMIUM_ARGS, e2e().wait_for_run

    frames: list[bytes] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page()
        pg.on("websocket", lambda ws: ws.on("framesent", lambda f: frames.append(f)))
        pg.goto(f"{base_url.rstrip('/')}/{page}")
        wait_for_run(pg)
        if slider_key:  # Streamlit marks a keyed widget's container with st-key-KEY
            thumb = pg.locator(f".st-key-{slider_key} [data-testid='stSlider'] input[type='range']")
        else:
            thumb = pg.locator("[data-testid='stSlider'] input[type='range']").nth(slider_index)
        thumb.first.focus()
        pg.keyboard.press("ArrowRight")
        pg.wait_for_timeout(300)
        wait_for_run(pg)
        browser.close()
    out = []
    for f in frames:
        m = BackMsg()
        m.ParseFromString(f if isinstance(f, bytes) else f.encode("latin-1"))
        out.append(m)
    return out


def states_by_id(msg: BackMsg) -> Mapping[str, tuple[str, object]]:
    """``{widget id: (value kind, value)}`` of a rerun BackMsg, to compare with a browser's."""
    out = {}
    for w in msg.rerun_script.widget_states.widgets:
        kind = w.WhichOneof("value")
        v = getattr(w, kind) if kind else None
        if kind and kind.endswith("_array_value"):
            v = list(v.data)
        out[w.id] = (kind, v)
    return out

"""Two replicas behind nginx (deploy/nginx.conf, deploy/run_replicas.sh) on loopback.

Checks that a page loads through the proxy in Chromium with its websocket connected,
that the protocol client runs the script and moves a slider through the proxy, and
that the route cookie pins a browser to one replica (websocket included) while
different cookies spread over both. Skips, saying so, when nginx is not installed.
"""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pytest
from helpers_load import ROOT, run_async, screenshot, start_replicas, stop_replicas
from waits import wait_for_run

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
APP = "app.py" if (ROOT / "app.py").exists() else "benchmarks/floor_app.py"

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install -y nginx): proxy not tested"
)


def _get(url: str, cookie: str | None = None, timeout: float = 5):
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, dict(r.headers), r.read()


@pytest.fixture(scope="module")
def proxy():
    try:
        r = start_replicas(APP, timeout=90)
    except RuntimeError as e:
        pytest.fail(str(e))
    yield {"base": r.base, "replicas": set(r.addresses)}
    stop_replicas(r.proc)


def test_page_loads_through_nginx_and_websocket_connects(proxy, page):
    page.goto(proxy["base"] + "/")
    wait_for_run(page)  # waits for data-test-connection-state='CONNECTED': the websocket
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "nginx_proxy_home")


def test_route_cookie_pins_a_browser_to_one_replica(proxy):
    status, headers, body = _get(proxy["base"] + "/")
    assert status == 200 and b"<html" in body.lower()
    cookie = headers["Set-Cookie"].split(";")[0]
    assert cookie.startswith("grulab_route=")
    seen = {_get(proxy["base"] + "/", cookie)[1]["X-Upstream"] for _ in range(6)}
    assert len(seen) == 1 and seen <= proxy["replicas"]
    # different browsers (route cookies) spread over both replicas
    spread = {
        _get(proxy["base"] + "/", f"grulab_route=student{i}")[1]["X-Upstream"] for i in range(20)
    }
    assert spread == proxy["replicas"]


def test_protocol_client_runs_a_session_through_nginx(proxy):
    from benchmarks.st_client import Session

    cookie = "grulab_route=student0"
    pinned = _get(proxy["base"] + "/", cookie)[1]["X-Upstream"]

    async def session():
        async with Session(proxy["base"], headers={"Cookie": cookie}, timeout=60) as s:
            upstream = s.response_headers.get("X-Upstream")
            first = await s.load()
            key = (s.state.main_sliders() or [None])[0]
            moved = await s.move_slider(key) if key else None
            return upstream, first, moved, s.state.page_script_hash

    upstream, first, moved, page_hash = run_async(session)
    assert upstream == pinned  # the websocket reached the replica the cookie names
    assert first.ok, (first.status, first.exceptions)
    assert page_hash
    if moved is not None:
        assert moved.ok, (moved.status, moved.exceptions)

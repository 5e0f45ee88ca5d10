"""Two replicas behind nginx (deploy/nginx.conf, deploy/run_replicas.sh) on loopback.

Checks that a page loads through the proxy in Chromium with its websocket connected,
that the protocol client runs the script and moves a slider through the proxy, and
that the route cookie pins a browser to one replica (websocket included) while
different cookies spread over both. Skips, saying so, when nginx is not installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers_load import ROOT, free_port, run_async, screenshot, wait_for_run

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
def proxy(tmp_path_factory):
    p1, p2, px = free_port(), free_port(), free_port()
    env = dict(
        os.environ,
        GRULAB_PORTS=f"{p1} {p2}",
        GRULAB_PROXY_PORT=str(px),
        GRULAB_NGINX_PREFIX=str(tmp_path_factory.mktemp("nginx")),
        GRULAB_APP=APP,
        PYTHON=sys.executable,
    )
    proc = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "run_replicas.sh")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{px}"
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"run_replicas.sh exited early: {proc.stderr.read()[-2000:]}")
            try:
                # both replicas answer once nginx does (the script waits for them first)
                if _get(base + "/_stcore/health")[2].decode().strip() == "ok":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("nginx + replicas did not answer within 90 s")
            time.sleep(0.5)
        yield {"base": base, "replicas": {f"127.0.0.1:{p1}", f"127.0.0.1:{p2}"}}
    finally:
        proc.send_signal(signal.SIGTERM)  # the script's trap stops nginx and the replicas
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


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

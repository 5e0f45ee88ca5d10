"""Browser tests: the real app in Debian's Chromium, driven by Playwright.

Without Chromium (or the playwright package) these tests skip with the reason;
with GRULAB_REQUIRE_BROWSER=1 (set by .ci/run) that skip becomes a failure.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the benchmarks load this file by its path, outside pytest
    sys.path.insert(0, str(HERE))

from waits import wait_for_run  # noqa: E402, F401  (the benchmarks call e2e().wait_for_run)

CHROMIUM = os.environ.get("GRULAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


def _unavailable(reason: str):
    if os.environ.get("GRULAB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here but cannot run: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: str = "app.py", port: int | None = None, extra=()):
    """Start ``streamlit run script`` on loopback; returns (process, base_url)."""
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--global.developmentMode", "false",
        *extra,
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early: {proc.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@dataclass
class Replicas:
    """Two app replicas behind nginx, started by ``start_replicas``."""

    proc: subprocess.Popen  # deploy/run_replicas.sh (its trap stops nginx and both)
    base: str  # nginx, what a browser opens
    addresses: tuple[str, str]  # the replicas, "127.0.0.1:PORT" (nginx's X-Upstream)
    pids: list[int]  # the Streamlit processes
    log: Path  # the script's and the replicas' output


def start_replicas(app: str = "app.py", extra=(), timeout: float = 120) -> Replicas:
    """``deploy/run_replicas.sh`` on loopback: two replicas of ``app`` behind nginx.

    Returns once nginx answers /_stcore/health and the replicas' pids are written;
    raises RuntimeError with the end of the log if the script exits or nothing
    answers within ``timeout`` s. Stop it with ``stop_replicas``. The output goes to
    a file, not a pipe: a long class's server logs would fill a pipe and stall it.
    """
    p1, p2, px = free_port(), free_port(), free_port()
    prefix = Path(tempfile.mkdtemp(prefix="gru-lab-nginx."))
    log = prefix / "run_replicas.log"
    env = dict(
        os.environ,
        GRULAB_PORTS=f"{p1} {p2}",
        GRULAB_PROXY_PORT=str(px),
        GRULAB_NGINX_PREFIX=str(prefix),
        GRULAB_APP=app,
        GRULAB_STREAMLIT_FLAGS=shlex.join(extra),
        PYTHON=sys.executable,
    )
    with open(log, "w") as out:
        proc = subprocess.Popen(
            ["bash", str(ROOT / "deploy" / "run_replicas.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{px}"
    pid_file = prefix / "replica.pids"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"deploy/run_replicas.sh exited early: {log.read_text()[-2000:]}")
        try:
            # both replicas answer once nginx does (the script waits for them first)
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok" and pid_file.exists():
                    pids = [int(x) for x in pid_file.read_text().split()]
                    addresses = (f"127.0.0.1:{p1}", f"127.0.0.1:{p2}")
                    return Replicas(proc, base, addresses, pids, log)
        except OSError:
            pass
        time.sleep(0.5)
    stop_replicas(proc)
    raise RuntimeError(f"nginx and the replicas did not answer within {timeout:.0f} s")


def stop_replicas(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)  # the script's trap stops nginx and the replicas
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing (pip install -r requirements-dev.txt)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_url():
    proc, base = start_streamlit()
    yield base
    stop(proc)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    pg = context.new_page()
    yield pg
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

"""A class of N students on one server: latency of a slider move, errors and memory.

Starts the app on a loopback port of its own, then for each N (default 1, 10, 30, 60)
opens N simulated students with ``benchmarks/st_client.py`` (Streamlit's own
websocket protocol, frame for frame what a browser sends; sixty real Chromium
contexts would overwhelm two cores by themselves). Student i opens lesson
i mod L (the lessons are found from the app by ``benchmarks/discover.py``), the
students arrive spread over the first move interval, and each moves its lesson's
main slider one keyboard step every ``--interval`` seconds for ``--duration``
seconds (a move waits for the previous one to finish; ticks missed meanwhile are
skipped and counted). A few real Chromium contexts (``--browsers``) move sliders
alongside and confirm that a person sees the page update with no exception box.

Per N it reports the median and 95th percentile of the time from sending a change
to the server's ``script_finished`` message, errors (failed loads, exceptions on
the page, timeouts, closed sockets), the server's resident memory (VmRSS from
/proc) before, at peak and after the sessions have closed and the server has
dropped them (``--ttl``, passed as ``server.disconnectedSessionTTL``; Streamlit's
default keeps a closed session 120 s), and the server's CPU use.

Everything is bounded: N ≤ 200, duration ≤ 300 s, a move times out after 30 s,
and only 127.0.0.1 is contacted. With ``--gc both`` (the default) the whole
series runs twice, with Streamlit's forced garbage collection after every script
run (``runner.postScriptGC``, on by default) and without it.

    python benchmarks/load_classroom.py                        # N = 1 10 30 60, both GC modes
    python benchmarks/load_classroom.py --n 60 --gc off --duration 20
    python benchmarks/load_classroom.py --check-protocol --n 1 # compare with a real browser first
    python benchmarks/load_classroom.py --replicas 2 --gc off  # two replicas behind nginx

One Streamlit process runs Python on one core at a time; ``--replicas 2`` serves the
class from two processes behind nginx (deploy/run_replicas.sh, deploy/nginx.conf),
each student with its own route cookie, as browsers would have.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shlex
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.discover import (  # noqa: E402
    FLOOR,
    Lesson,
    discover_lessons,
    e2e,
    first_line,
    floor_lesson,
    resolve_sliders,
)
from benchmarks.st_client import Session, sniff_browser, states_by_id  # noqa: E402

MAX_N = 200
MAX_DURATION = 300.0
MOVE_TIMEOUT = 30.0
TARGET_P95 = 1.0
TARGET_RSS_MIB = 1024.0


# ---------------------------------------------------------------------------
# The server process
# ---------------------------------------------------------------------------


def rss_mib(pid: int | list[int]) -> float:
    """Resident memory of ``pid`` (or the sum over pids) in MiB (VmRSS from /proc)."""
    if isinstance(pid, list):
        return sum(rss_mib(p) for p in pid)
    try:
        import psutil  # type: ignore[import-not-found]

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        pass
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int | list[int]) -> float:
    """User + system CPU time of ``pid`` or pids (fields 14 and 15 of /proc/PID/stat)."""
    if isinstance(pid, list):
        return sum(cpu_seconds(p) for p in pid)
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    base: str  # what students open: the app, or nginx in front of the replicas
    pids: list[int]  # the Streamlit processes (memory and CPU are summed over them)
    stop: object  # () -> None


def start_server(app: str, extra: list[str], replicas: int) -> Server:
    """One ``streamlit run`` on loopback, or two behind nginx (deploy/run_replicas.sh)."""
    h = e2e()
    if replicas == 1:
        proc, base = h.start_streamlit(app, extra=extra)
        return Server(base, [proc.pid], lambda: h.stop(proc))
    r = h.start_replicas(app, extra=extra)
    return Server(r.base, r.pids, lambda: h.stop_replicas(r.proc))


# ---------------------------------------------------------------------------
# Simulated students
# ---------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, successful moves
    loads: list[float] = field(default_factory=list)  # seconds, first page runs
    errors: list[str] = field(default_factory=list)
    moves_planned: int = 0
    moves_skipped: int = 0  # ticks missed because the previous move was still running


async def student(i: int, n: int, base: str, lesson: Lesson, key: str | None, args, tally: Tally):
    """One student: open the lesson, then move the slider every ``interval`` seconds."""
    offset = args.interval * i / n  # arrivals spread over the first interval
    await asyncio.sleep(offset)
    t_start = time.monotonic()
    try:
        # each student is one browser: its own route cookie when behind nginx
        cookie = {"Cookie": f"grulab_route=student{i}"}
        async with Session(base, page=lesson.url_path, timeout=MOVE_TIMEOUT, headers=cookie) as s:
            r = await s.load()
            tally.loads.append(r.seconds)
            if not r.ok:
                tally.errors.append(f"load {lesson.name}: {r.status} {r.exceptions[:1]}")
                return
            key = key or (s.state.main_sliders() or [None])[0]
            if key is None:
                tally.errors.append(f"{lesson.name}: no keyed slider in the main area")
                return
            k = 1
            while True:
                tick = t_start + k * args.interval
                if tick - t_start > args.duration:
                    break
                tally.moves_planned += 1
                await asyncio.sleep(max(0.0, tick - time.monotonic()))
                r = await s.move_slider(key)
                if r.ok:
                    tally.latencies.append(r.seconds)
                else:
                    tally.errors.append(
                        f"move {lesson.name}/{key}: {r.status} {r.exceptions[:1]}"[:200]
                    )
                    if r.status in ("closed", "timeout"):
                        return
                late = int((time.monotonic() - t_start) / args.interval) - k
                if late > 0:  # ticks that passed while this move was running
                    tally.moves_skipped += late
                    k += late
                k += 1
    except Exception as exc:  # connection refused, handshake failure ...
        tally.errors.append(f"session {i}: {type(exc).__name__}: {first_line(exc)}"[:200])


async def sample_memory(pid: int, stop: asyncio.Event, peaks: list[float]) -> None:
    while not stop.is_set():
        try:
            peaks.append(rss_mib(pid))
        except (OSError, RuntimeError):
            return
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except TimeoutError:
            pass


async def run_class(n: int, base: str, pid: int, lessons, keys, args) -> dict:
    tally = Tally()
    stop = asyncio.Event()
    samples: list[float] = []
    cpu0, wall0 = cpu_seconds(pid), time.monotonic()
    sampler = asyncio.create_task(sample_memory(pid, stop, samples))
    await asyncio.gather(
        *(
            student(i, n, base, lessons[i % len(lessons)], keys[i % len(lessons)], args, tally)
            for i in range(n)
        )
    )
    cpu1, wall1 = cpu_seconds(pid), time.monotonic()
    stop.set()
    await sampler
    return {
        "tally": tally,
        "rss_peak": max(samples) if samples else float("nan"),
        "cpu_pct": 100.0 * (cpu1 - cpu0) / max(wall1 - wall0, 1e-9),
        "wall": wall1 - wall0,
    }


# ---------------------------------------------------------------------------
# Real browsers alongside
# ---------------------------------------------------------------------------


class Browsers(threading.Thread):
    """A few Chromium contexts that open lessons and move their sliders during the load."""

    def __init__(self, base: str, lessons: list[Lesson], keys: list[str | None], count: int):
        super().__init__(daemon=True)
        self.base, self.lessons, self.keys, self.count = base, lessons, keys, count
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.times: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:
            self.errors.append(f"browser: {type(exc).__name__}: {first_line(exc)}"[:200])
        finally:
            self.ready.set()

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        h = e2e()
        CHROMIUM, CHROMIUM_ARGS, wait_for_run = h.CHROMIUM, h.CHROMIUM_ARGS, h.wait_for_run

        from benchmarks.bench_browser import Target, move_once, open_target

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            targets = []
            for j in range(self.count):
                lesson = self.lessons[j % len(self.lessons)]
                key = self.keys[j % len(self.lessons)]
                t = Target(f"browser{j}", Lesson(lesson.page, lesson.url_path, key), self.base)
                open_target(browser, t, wait_for_run)
                if t.error:
                    self.errors.append(f"browser {lesson.name}: {t.error}")
                else:
                    targets.append(t)
            self.ready.set()
            while not self.stop.wait(2.0):  # a move every 2 s, like the students
                for t in targets:
                    if t.error:
                        continue
                    try:
                        move_once(t, wait_for_run)
                        self.times.append(t.times[-1])
                        if t.page.locator("[data-testid='stException']").count():
                            t.error = "exception box on the page"
                            self.errors.append(f"browser {t.lesson.name}: {t.error}")
                    except Exception as exc:
                        t.error = f"{type(exc).__name__}: {first_line(exc)}"[:160]
                        self.errors.append(f"browser {t.lesson.name}: {t.error}")
            browser.close()


# ---------------------------------------------------------------------------
# Protocol check against a real browser
# ---------------------------------------------------------------------------


async def _client_msgs(base: str, lesson: Lesson, key: str | None):
    from benchmarks.st_client import rerun_msg

    async with Session(base, page=lesson.url_path) as s:
        r = await s.load()
        key = key or s.state.main_sliders()[0]
        first = rerun_msg(page_name=lesson.url_path, url=s.url)
        move = s.slider_move_msg(key)  # what move_slider would send, not sent
        return r, first, move, key


def check_protocol(base: str, lesson: Lesson, key: str | None) -> list[str]:
    """Differences between what this client and a real Chromium send for one move."""
    r, first, move, key = asyncio.run(_client_msgs(base, lesson, key))
    sent = [
        m
        for m in sniff_browser(base, lesson.url_path, slider_key=key)
        if m.HasField("rerun_script")
    ]
    problems = []
    if not r.ok:
        problems.append(f"client load failed: {r.status} {r.exceptions[:1]}")
    if len(sent) < 2:
        return [*problems, f"browser sent {len(sent)} rerun messages, expected 2"]
    b_first, b_move = sent[0].rerun_script, sent[-1].rerun_script
    c_first, c_move = first.rerun_script, move.rerun_script
    for name in ("page_name", "query_string"):
        if getattr(b_first, name) != getattr(c_first, name):
            problems.append(f"first {name}: browser {getattr(b_first, name)!r} client "
                            f"{getattr(c_first, name)!r}")  # fmt: skip
    for name in ("page_script_hash", "fragment_id", "page_name", "query_string"):
        if getattr(b_move, name) != getattr(c_move, name):
            problems.append(f"move {name}: browser {getattr(b_move, name)!r} client "
                            f"{getattr(c_move, name)!r}")  # fmt: skip
    b_states, c_states = states_by_id(sent[-1]), states_by_id(move)
    if set(b_states) != set(c_states):
        problems.append(
            f"widget ids differ: only browser {sorted(set(b_states) - set(c_states))}, "
            f"only client {sorted(set(c_states) - set(b_states))}"
        )
    for wid in set(b_states) & set(c_states):
        if not same_value(b_states[wid], c_states[wid]):
            problems.append(f"value of {wid}: browser {b_states[wid]} client {c_states[wid]}")
    return problems


def same_value(a: tuple[str, object], b: tuple[str, object]) -> bool:
    if a[0] != b[0]:
        return False
    if isinstance(a[1], list):
        if len(a[1]) != len(b[1]):
            return False
        return all(abs(x - y) < 1e-9 for x, y in zip(a[1], b[1], strict=True))
    return a[1] == b[1]


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def probe(base: str, lessons: list[Lesson]) -> tuple[list[Lesson], list[str | None], list[str]]:
    """Load every lesson once (warm-up) and keep those with a slider to move."""

    async def one(lesson):
        async with Session(base, page=lesson.url_path, timeout=120) as s:
            r = await s.load()
            key = lesson.slider or (s.state.main_sliders() or [None])[0]
            return r, key

    keep, keys, notes = [], [], []
    for lesson in lessons:
        if lesson.page != FLOOR:
            try:  # the same main slider as bench_app and bench_browser (an AppTest run)
                lesson = resolve_sliders(lesson)
            except Exception as exc:
                notes.append(f"{lesson.name}: {first_line(exc)}"[:160])
        r, key = asyncio.run(one(lesson))
        if not r.ok:
            notes.append(f"{lesson.name}: load failed ({r.status} {r.exceptions[:1]})")
        elif key is None:
            notes.append(f"{lesson.name}: no keyed slider in the main area, no student there")
        else:
            keep.append(lesson)
            keys.append(key)
    return keep, keys, notes


class _Lines(list):
    """Lines of the report, printed as they come (a stopped run keeps what it measured)."""

    def append(self, line: str) -> None:
        print(line, flush=True)
        super().append(line)

    def __iadd__(self, lines):
        for line in lines:
            self.append(line)
        return self


def series(gc_on: bool, args) -> list[str]:
    # both settings explicit: .streamlit/config.toml may set either
    extra = ["--server.disconnectedSessionTTL", str(args.ttl)]
    extra += ["--runner.postScriptGC", "true" if gc_on else "false"]
    extra += shlex.split(args.extra)
    lessons = [floor_lesson()] if args.app == FLOOR else discover_lessons()
    if args.only:
        lessons = [x for x in lessons if x.name in args.only or x.url_path in args.only]
    lines = _Lines()
    server = start_server(args.app, extra, args.replicas)
    base = server.base
    try:
        pid = server.pids
        rss_boot = rss_mib(pid)
        lessons, keys, notes = probe(base, lessons)
        if not lessons:
            lines.append(f"no lesson with a slider to move; {notes}")
            return lines
        if args.check_protocol:
            for lesson, key in zip(lessons, keys, strict=True):
                problems = check_protocol(base, lesson, key)
                notes.append(
                    f"protocol check on {lesson.name} ({key}): "
                    + ("client sends what Chromium sends" if not problems else "; ".join(problems))
                )
        time.sleep(args.ttl + 3)  # let the probe sessions go
        rss_start = rss_mib(pid)
        mode = (
            "on (--runner.postScriptGC true, Streamlit's default)"
            if gc_on
            else "off (--runner.postScriptGC false)"
        )
        lines.append(
            f"postScriptGC {mode}; app {args.app}; lessons {', '.join(x.name for x in lessons)}; "
            f"each student moves every {args.interval:g} s for {args.duration:g} s; "
            f"{args.browsers} Chromium contexts alongside; "
            + (
                "one server process"
                if args.replicas == 1
                else f"{args.replicas} replicas behind nginx (RSS and CPU summed)"
            )
        )
        lines.append(f"server RSS {rss_boot:.0f} MiB at boot, {rss_start:.0f} MiB after one visit "
                     f"to every lesson")  # fmt: skip
        lines.append(
            f"{'N':>3} {'moves':>6} {'skipped':>7} {'median ms':>9} {'p95 ms':>7} {'max ms':>7} "
            f"{'errors':>6} {'load p95 ms':>11} {'RSS start':>9} {'RSS peak':>8} "
            f"{'RSS after':>9} {'CPU %':>5} {'browser median ms':>17} {'browser errors':>14}"
        )
        first_start = rss_start
        for n in args.n:
            r0 = rss_mib(pid)
            br = Browsers(base, lessons, keys, args.browsers) if args.browsers else None
            if br:
                br.start()
                br.ready.wait(120)
            res = asyncio.run(run_class(n, base, pid, lessons, keys, args))
            if br:
                br.stop.set()
                br.join(60)
            time.sleep(args.ttl + 3)  # closed sessions are dropped after the TTL
            r1 = rss_mib(pid)
            t = res["tally"]
            b_med = statistics.median(br.times) * 1e3 if br and br.times else float("nan")
            b_err = len(br.errors) if br else 0
            lines.append(
                f"{n:>3} {len(t.latencies):>6} {t.moves_skipped:>7} "
                f"{pct(t.latencies, 0.5) * 1e3:>9.0f} {pct(t.latencies, 0.95) * 1e3:>7.0f} "
                f"{(max(t.latencies) if t.latencies else float('nan')) * 1e3:>7.0f} "
                f"{len(t.errors):>6} {pct(t.loads, 0.95) * 1e3:>11.0f} {r0:>6.0f} MiB "
                f"{res['rss_peak']:>4.0f} MiB {r1:>5.0f} MiB {res['cpu_pct']:>5.0f} "
                f"{b_med:>17.0f} {b_err:>14}"
            )
            for e in sorted(set(t.errors))[:5]:
                notes.append(f"N={n} error: {e}")
            for e in (br.errors if br else [])[:3]:
                notes.append(f"N={n} browser error: {e}")
            if n == max(args.n):
                ok = (
                    not t.errors
                    and b_err == 0
                    and pct(t.latencies, 0.95) < TARGET_P95
                    and res["rss_peak"] < TARGET_RSS_MIB
                )
                back = r1 - first_start
                lines.append(
                    f"target at N={n}: no errors, p95 < {TARGET_P95 * 1e3:.0f} ms, RSS < "
                    f"{TARGET_RSS_MIB:.0f} MiB -> {'met' if ok else 'NOT met'}; memory after "
                    f"the class {back:+.0f} MiB against the start"
                )
        lines += [f"note: {x}" for x in notes]
    finally:
        server.stop()
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1, 10, 30, 60], help="class sizes")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of moves per N")
    ap.add_argument("--interval", type=float, default=2.0, help="seconds between moves")
    ap.add_argument("--gc", choices=["both", "on", "off"], default="both")
    ap.add_argument("--browsers", type=int, default=2, help="real Chromium contexts alongside")
    ap.add_argument("--ttl", type=int, default=5, help="server.disconnectedSessionTTL, s")
    ap.add_argument("--app", default="app.py", help=f"script to serve (e.g. {FLOOR})")
    ap.add_argument(
        "--replicas",
        type=int,
        choices=[1, 2],
        default=1,
        help="2: two replicas behind nginx (deploy/run_replicas.sh), students spread by cookie",
    )
    ap.add_argument("--only", nargs="*", help="lesson names or url paths")
    ap.add_argument("--extra", default="", help="more `streamlit run` flags, quoted")
    ap.add_argument("--check-protocol", action="store_true",
                    help="first compare this client's messages with a real Chromium's")  # fmt: skip
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if any(n < 1 or n > MAX_N for n in args.n):
        ap.error(f"N must be in 1..{MAX_N}")
    if not 0 < args.duration <= MAX_DURATION:
        ap.error(f"duration must be in (0, {MAX_DURATION:g}] s")
    if args.app != FLOOR and not (ROOT / args.app).exists():
        ap.error(f"{args.app} does not exist yet")
    random.seed(args.seed)

    t0 = time.monotonic()
    load0 = os.getloadavg()
    print(f"load_classroom: {os.cpu_count()} cores, load average {load0[0]:.2f} at start")
    modes = {"both": [True, False], "on": [True], "off": [False]}[args.gc]
    for gc_on in modes:
        print()
        series(gc_on, args)
    me = resource.getrusage(resource.RUSAGE_SELF)
    print()
    print(
        f"load generator CPU {me.ru_utime + me.ru_stime:.0f} s over {time.monotonic() - t0:.0f} s; "
        f"load average {os.getloadavg()[0]:.2f} at the end"
    )
    return 0


if __name__ == "__main__":
    import signal

    # a stop (timeout, kill PID) still runs the finally blocks that stop the servers
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())

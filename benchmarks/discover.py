"""Which lessons the benchmarks time, found from the app itself (never a list kept here).

Order of sources, first that gives pages wins:

1. a ``LESSONS`` sequence in ``lab.lessons`` (or ``lab``), whose entries are
   ``(page file, main slider key)`` tuples, dicts or objects with attributes named
   ``page``/``path``/``file`` and optionally ``slider``/``main_slider``/``slider_key``,
   ``url_path``, ``length_keys``, ``hidden_keys`` (an object's ``key`` is not taken
   for a slider key: ``lab.lessons.Lesson.key`` is a catalogue prefix);
2. the ``st.Page("pages/x.py", url_path=...)`` calls in ``app.py`` (read as source,
   not run);
3. every ``pages/*.py``.

A lesson's main slider, when no source names it, is the first keyed slider of the
page's main area whose one-step move changes a Plotly figure in an AppTest run,
trying sliders that set no size first (``resolve_sliders``); the sliders that set the
sequence length and hidden size are recognised by key or label (``LENGTH_RE``,
``HIDDEN_RE``) so the benchmarks can push them to their maxima.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "benchmarks/floor_app.py"

#: keys / labels of a sequence-length slider (T, f_T, seq_len, "Length T" ...); not
#: "steps", which on the training page counts optimiser steps
LENGTH_RE = re.compile(r"(^|_)(T|seq_len|seq_length|length|len)(_|$)|[Ll]ength|长度")
#: keys / labels of a hidden-size slider (H, hidden, n_hidden, units ...)
HIDDEN_RE = re.compile(r"(^|_)(H|hidden|hidden_size|n_hidden|units|n_units)(_|$)|[Hh]idden|隐藏")


@dataclass(frozen=True)
class Lesson:
    page: str  # script path relative to the repo root, e.g. "pages/one_step.py"
    url_path: str  # the page's URL path, e.g. "one_step" ("" for the default page)
    slider: str | None = None  # key of the slider a student moves
    length_keys: tuple[str, ...] = ()  # sliders to push to their max for "largest"
    hidden_keys: tuple[str, ...] = ()
    source: str = ""  # where this lesson was found
    redraws: bool = True  # moving ``slider`` changes a Plotly figure (checked in AppTest)
    sliders: dict = field(default_factory=dict, compare=False, hash=False)  # key -> (min, max)

    @property
    def name(self) -> str:
        return Path(self.page).stem


def _default_url_path(page: str) -> str:
    # Streamlit's rule for an st.Page without url_path: the file stem without a
    # leading number and underscore.
    return re.sub(r"^\d+[_ -]*", "", Path(page).stem)


def _from_entry(entry, source: str) -> Lesson | None:
    def get(*names):
        for n in names:
            if isinstance(entry, dict) and n in entry:
                return entry[n]
            if hasattr(entry, n):
                return getattr(entry, n)
        return None

    if isinstance(entry, tuple | list):
        page = str(entry[0])
        key = entry[1] if len(entry) > 1 else None
        url = None
        length_keys = hidden_keys = ()
    else:
        page = get("page", "path", "file", "script")
        key = get("slider", "main_slider", "slider_key")
        url = get("url_path", "url")
        length_keys = tuple(get("length_keys") or ())
        hidden_keys = tuple(get("hidden_keys") or ())
    if not page:
        return None
    page = str(page)
    if Path(page).is_absolute():
        page = str(Path(page).resolve().relative_to(ROOT))
    return Lesson(
        page=page,
        url_path=str(url) if url is not None else _default_url_path(page),
        slider=str(key) if key else None,
        length_keys=length_keys,
        hidden_keys=hidden_keys,
        source=source,
    )


def _from_lab() -> list[Lesson]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for mod_name in ("lab.lessons", "lab"):
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:
            continue
        entries = getattr(mod, "LESSONS", None)
        if entries:
            out = [_from_entry(e, f"{mod_name}.LESSONS") for e in entries]
            return [x for x in out if x is not None]
    return []


def _from_app_py(app: Path) -> list[Lesson]:
    if not app.exists():
        return []
    tree = ast.parse(app.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        if name != "Page" or not node.args:
            continue
        arg = node.args[0]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            continue
        page = arg.value
        url = next(
            (
                k.value.value
                for k in node.keywords
                if k.arg == "url_path" and isinstance(k.value, ast.Constant)
            ),
            None,
        )
        default = any(
            k.arg == "default" and isinstance(k.value, ast.Constant) and k.value.value
            for k in node.keywords
        )
        out.append(
            Lesson(
                page=page,
                url_path="" if default else (url or _default_url_path(page)),
                source="app.py st.Page",
            )
        )
    return out


def discover_lessons(root: Path | None = None) -> list[Lesson]:
    """Every lesson page of the app (see the module docstring for the sources)."""
    root = root or ROOT
    found = _from_lab() or _from_app_py(root / "app.py")
    if not found:
        found = [
            Lesson(page=str(p.relative_to(root)), url_path=p.stem, source="pages/*.py")
            for p in sorted((root / "pages").glob("*.py"))
        ]
    return found


def resolve_sliders(lesson: Lesson, timeout: float = 120) -> Lesson:
    """Fill in the main slider and the length/hidden sliders from an AppTest run."""
    at = open_page(lesson, timeout)
    if at.exception:
        raise RuntimeError(f"{lesson.page}: {at.exception[0].message}")
    main = [s for s in at.main.slider if s.key]
    every = [s for s in at.slider if s.key]
    sliders = {s.key: (s.proto.min, s.proto.max, s.label) for s in every}
    length = lesson.length_keys or tuple(
        k for k, (_, _, label) in sliders.items() if LENGTH_RE.search(k) or LENGTH_RE.search(label)
    )
    hidden = lesson.hidden_keys or tuple(
        k for k, (_, _, label) in sliders.items() if HIDDEN_RE.search(k) or HIDDEN_RE.search(label)
    )
    key, redraws = lesson.slider, True
    if key is None:  # what a student drags: the first slider whose move redraws a chart
        at.run()  # a second run first: some pages change their figures once after loading
        plain = [s.key for s in main if s.key not in (*length, *hidden)]
        ordered = plain + [s.key for s in main if s.key not in plain]
        key = next((k for k in ordered if _moves_a_chart(at, k)), None)
        if key is None and ordered:  # no slider redraws a chart: time the first one
            key, redraws = ordered[0], False
    return replace(
        lesson,
        slider=key,
        redraws=redraws,
        length_keys=tuple(k for k in length if k != key),
        hidden_keys=tuple(k for k in hidden if k != key),
        sliders={k: v[:2] for k, v in sliders.items()},
    )


def resolved_lessons(
    only: list[str] | None, notes: list[str], timeout: float = 120
) -> Iterator[tuple[Lesson, str]]:
    """The app's lessons named in ``only`` (by name or URL path; all when it is empty),
    each with its sliders resolved (``resolve_sliders``) and "", or unresolved with the
    first line of the error its AppTest run raised. A lesson with no keyed slider in the
    main area is not yielded: it gets a line in ``notes`` instead, in the same order."""
    for lesson in discover_lessons():
        if only and lesson.name not in only and lesson.url_path not in only:
            continue
        try:
            resolved = resolve_sliders(lesson, timeout)
        except Exception as exc:
            yield lesson, first_line(exc)
            continue
        if resolved.slider is None:
            notes.append(f"{lesson.name}: no keyed slider in the main area, not timed")
        else:
            yield resolved, ""


def first_line(exc: BaseException) -> str:
    """An error's first line (Playwright appends a multi-line call log)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def _charts(at) -> list[str]:
    """Every figure on the page: st.plotly_chart's, and live figures' (lab.live)."""
    figures = [el.proto.spec for el in at.get("plotly_chart")]
    for el in at.get("bidi_component"):
        if el.proto.component_name.endswith("gru_lab.live"):  # not its frames, not a tour's
            figures.append(json.dumps(json.loads(json.loads(el.proto.json)).get("fig")))
    return figures


def _moves_a_chart(at, key: str) -> bool:
    """Does one step of slider ``key`` change any Plotly figure on the page?"""
    s = at.slider(key=key)
    p, value = s.proto, s.value
    first = value[0] if isinstance(value, tuple | list) else value
    step = p.step or 1
    new = first + step if first + step <= p.max + 1e-9 else first - step
    new = int(round(new)) if isinstance(first, int) else round(new, 10)
    before = _charts(at)
    s.set_value((new, *value[1:]) if isinstance(value, tuple | list) else new).run()
    return not at.exception and _charts(at) != before


def open_page(lesson: Lesson, timeout: float = 120):
    """An AppTest on ``lesson``: through ``app.py`` when it exists, else the page alone."""
    from streamlit.testing.v1 import AppTest

    app = ROOT / "app.py"
    if lesson.page != FLOOR and app.exists() and lesson.page != "app.py":
        at = AppTest.from_file(str(app), default_timeout=timeout).run()
        if not at.exception:
            at.switch_page(lesson.page).run()
        return at
    return AppTest.from_file(str(ROOT / lesson.page), default_timeout=timeout).run()


def floor_lesson() -> Lesson:
    return Lesson(page=FLOOR, url_path="", slider="freq", source="floor")


def e2e():
    """``tests/e2e/conftest.py`` (Chromium flags, start_streamlit, wait_for_run ...).

    Loaded by file path under a name of its own: ``import conftest`` would find
    whichever of tests/*/conftest.py came first on ``sys.path``.
    """
    import importlib.util

    name = "gru_lab_e2e_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "e2e" / "conftest.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]

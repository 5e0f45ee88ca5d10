"""The text the character model learns from: Python source files of the standard library
of the Python that runs the trainer (``sysconfig.get_paths()["stdlib"]``), real code
nobody here wrote, on every machine. The files are never copied: ``corpus.json`` lists
them (paths relative to the stdlib root, with each file's sha256 and size), one list
for training and a disjoint one for validation.

A file whose hash differs (another Python release) is still read, and named in the
warnings the reader returns; a file that is missing is left out and named too.
"""

from __future__ import annotations

import hashlib
import json
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

#: The lists of files, as ``build`` wrote them.
MANIFEST = Path(__file__).with_name("corpus.json")
#: Parts of the standard library left out: tests (much generated or repeated data),
#: vendored or platform-specific code and GUI demos.
SKIPPED = frozenset(
    {"test", "tests", "idlelib", "site-packages", "lib2to3", "__pycache__", "turtledemo",
     "ensurepip", "venv", "tkinter", "distutils"}
)  # fmt: skip
#: One file in VALIDATION_EVERY goes to validation, chosen by a hash of its path.
VALIDATION_EVERY = 10


def stdlib_root() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_validation(rel: str) -> bool:
    """Whether the file at ``rel`` is held out (a hash of its path: the same split on
    every machine, whatever files it has)."""
    return int(hashlib.sha1(rel.encode()).hexdigest(), 16) % VALIDATION_EVERY == 0


def build(root: Path | None = None) -> dict:
    """The manifest of ``root``'s source files (default: this Python's standard library):
    {"python": version, "train": [{path, sha256, bytes}], "validation": [...]}."""
    import platform

    root = root or stdlib_root()
    out = {"python": platform.python_version(), "train": [], "validation": []}
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root).as_posix()
        if any(part in SKIPPED for part in rel.split("/")):
            continue
        entry = {"path": rel, "sha256": sha256(p), "bytes": p.stat().st_size}
        out["validation" if is_validation(rel) else "train"].append(entry)
    return out


@dataclass
class Texts:
    """The files of one list, read: their texts (in the list's order) and what differed."""

    texts: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # read, but not the listed file
    missing: list[str] = field(default_factory=list)  # not there: left out

    @property
    def warnings(self) -> list[str]:
        return [f"{p}: differs from the listed file (read anyway)" for p in self.changed] + [
            f"{p}: missing (left out)" for p in self.missing
        ]


def read(split: str, root: Path | None = None, manifest: Path = MANIFEST) -> Texts:
    """The texts of ``split`` ("train" or "validation") of the manifest."""
    if split not in ("train", "validation"):
        raise ValueError(f"split must be 'train' or 'validation', got {split!r}")
    root = root or stdlib_root()
    listed = json.loads(manifest.read_text(encoding="utf-8"))[split]
    out = Texts()
    for entry in listed:
        p = root / entry["path"]
        try:
            data = p.read_bytes()
        except OSError:
            out.missing.append(entry["path"])
            continue
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            out.changed.append(entry["path"])
        out.texts.append(data.decode("utf-8", errors="replace"))
        out.paths.append(entry["path"])
    return out

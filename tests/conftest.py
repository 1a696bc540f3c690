"""Shared helpers. Repositories built here are SYNTHETIC test fixtures (made-up plans and
figures that exercise the rules); the real examples are the project's plans/ and data/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

import xhht.problems.record
from xhht.repo import load_repo

ROOT = Path(__file__).resolve().parents[1]
# XDG_CACHE_HOME of the tests that run xhht with HOME=/nonexistent: the cache key is made there, not
# under a HOME that is not there (as root it would be created)
TEST_CACHE = os.path.join(tempfile.gettempdir(), "xhht-test-cache")

# The base synthetic repository is docgen's (docs/checks.md's examples start from it too).
from xhht.cli.docgen import AREAS, PLAN  # noqa: E402

DATA = """\
indicator,area,period,value,numerator,denominator,source,note
ti-le,90,2022,85,,,synthetic,
so-luong,90,2022,120,,,synthetic,
"""


def write_repo(root: Path, plans: dict[str, str] | None = None, areas: str | None = AREAS,
               data: dict[str, str] | None = None) -> Path:
    """Write a synthetic tracker repository under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "plans").mkdir(exist_ok=True)
    for name, text in (plans if plans is not None else {"demo.yaml": PLAN}).items():
        (root / "plans" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    if areas is not None:
        (root / "areas.csv").write_text(areas, encoding="utf-8")
    for name, text in (data if data is not None else {"d.csv": DATA}).items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path):
    return load_repo(root).problems


def codes(root: Path) -> set[tuple[str, str, int]]:
    """{(code, file, line)} of every problem in the repository at `root`."""
    return {(p.code, p.file, p.line) for p in problems_of(root)}


def xhht_exe() -> str:
    """The installed console script (end-to-end tests run it, not the module)."""
    exe = Path(sys.executable).parent / "xhht"
    found = str(exe) if exe.exists() else shutil.which("xhht")
    if not found:
        pytest.fail("the xhht console script is not installed: pip install -e '.[test]'")
    return found


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([xhht_exe(), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "200"})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo")


@pytest.fixture(autouse=True)
def every_problem_is_worded_in_both_languages():
    """Every problem made during a test is worded from the catalogue in Vietnamese and English
    (a missing template or parameter fails the test that raised it)."""
    made: list = []
    xhht.problems.record._made = made.append
    yield
    xhht.problems.record._made = None
    for p in made:  # (a Problem has no text form: its words come from problems/catalogue.py only)
        for lang in ("vi", "en"):
            assert p.message_in(lang) and p.hint_in(lang), (p.code, lang)

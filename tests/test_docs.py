"""Every check code is documented in docs/checks.md and exercised by a test."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT
from xhht.problems import CODES

TESTS = Path(__file__).parent


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### ([a-z0-9-]+)$", doc, flags=re.M))
    assert documented == set(CODES)
    for code in CODES:  # and each has a real example line
        assert f"[{code}]" in doc, code


def test_every_code_has_a_test():
    text = "".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != "test_docs.py")
    missing = [code for code in CODES if f'"{code}"' not in text]
    assert missing == []


def test_readme_quick_start_commands_are_the_ci_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "pip install '.[test]' && pytest"
    assert test_command in readme and test_command in ci

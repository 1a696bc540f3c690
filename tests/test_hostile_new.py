"""Hostile repositories against the surfaces that landed with issue 21 (issues 19, 20, 23): standard
files, `xhht standards`, `evaluate`, `scorecard`, `missing`, `form --each`, folded problems. The rules
are those of docs/security.md. Repositories here are SYNTHETIC fixtures."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import PLAN, problems_of, run, write_repo
from xhht.cli.docgen import STANDARD

INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"
DATA = HEADER + "ti-le,901,2022,85,,,synthetic,\nso-luong,901,2022,120,,,synthetic,\nchuan-thu-ct1,901,2022,60,,,synthetic,\n"


def _standard(**replace: str) -> str:
    text = STANDARD
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _repo(tmp_path: Path, plan: str = PLAN, standard: str = STANDARD) -> Path:
    root = write_repo(tmp_path / "repo", plans={"demo.yaml": plan}, data={"d.csv": DATA})
    (root / "standards").mkdir()
    (root / "standards" / "thu.yaml").write_text(standard, encoding="utf-8")
    return root


# ---------------------------------------------------------------- YAML escapes are characters of the file


# A double-quoted YAML scalar writes any character as an escape: the file's bytes are plain ASCII, so the
# reader's scan (safe_io.decode) sees nothing, and the parsed text holds ESC, BEL, U+202E, U+2028, NUL.
ESCAPED = r'"Tỷ lệ \x1b]0;pwn\x07 \u202e \L \0 \e[2J"'


def _escaped_repo(tmp_path: Path) -> Path:
    plan = PLAN.replace("name: Tỷ lệ", f"name: {ESCAPED}", 1)
    return _repo(tmp_path, plan, _standard(**{"title: Chuẩn thử (synthetic)": f"title: {ESCAPED}"}))


def test_control_characters_written_as_yaml_escapes_are_bad_characters(tmp_path):
    root = _escaped_repo(tmp_path)
    found = {(p.file, p.line) for p in problems_of(root) if p.code == "bad-character"}
    assert found == {("plans/demo.yaml", 14), ("standards/thu.yaml", 2)}
    r = run("check", cwd=root)
    assert r.returncode == 1 and "U+001B ESCAPE" in r.stdout and not INVISIBLE.search(r.stdout), r.stdout
    r = run("standards", cwd=root)  # a standard with an error is not used (so `evaluate` never sees the text)
    assert r.returncode == 1 and "chuan-thu" not in r.stdout and not INVISIBLE.search(r.stdout), r.stdout


@pytest.mark.parametrize("args", [
    ("standards",), ("standards", "-f", "json"), ("status",), ("report", "-f", "html"), ("report", "-f", "md"),
    ("scorecard", "--year", "2022"), ("missing", "demo", "--year", "2022"),
    ("form", "demo", "--year", "2022", "-o", "OUT.xlsx"), ("missing", "demo", "--year", "2022", "-f", "xlsx", "-o", "OUT.xlsx"),
    ("scorecard", "--year", "2022", "-f", "xlsx", "-o", "OUT.xlsx"),
])
def test_no_command_prints_or_writes_a_control_character_from_a_yaml_escape(tmp_path, args):
    root = _escaped_repo(tmp_path)
    out = tmp_path / "out.xlsx"
    r = run(*[str(out) if a == "OUT.xlsx" else a for a in args], cwd=root)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    assert "lỗi nội bộ" not in r.stderr, r.stderr
    assert not INVISIBLE.search(r.stdout) and not INVISIBLE.search(r.stderr), r.stdout
    if out.exists():
        with zipfile.ZipFile(out) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        assert "pwn" in xml and not INVISIBLE.search(xml.replace("\n", "").replace("\r", "").replace("\t", ""))

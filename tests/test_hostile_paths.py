"""Issue 21, fourth round: names that become paths, paths the system refuses, settings written as
escapes. An area code names a form's file on whatever system keeps the forms; a write the system
refuses is a message, never an internal error; xhht.toml's texts keep the rule of every text of the
repository. The rules are those of docs/security.md. Repositories here are SYNTHETIC fixtures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PLAN, problems_of, run, write_repo
from xhht.cli.docgen import AREAS

INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u202a-\u202e\u2066-\u2069]")
DATA = ("indicator,area,period,value,numerator,denominator,source,note\n"
        "ti-le,901,2022,85,,,synthetic,\nso-luong,901,2022,120,,,synthetic,\n")


def _repo(tmp_path: Path, areas: str = AREAS) -> Path:
    return write_repo(tmp_path / "repo", plans={"demo.yaml": PLAN}, areas=areas, data={"d.csv": DATA})


@pytest.mark.parametrize("code, why", [
    ("HUYEN1", "other"),  # `huyen1` on the line before: one file on Windows and macOS
    ("x" * 61, "limit"),  # a file name holds 255 bytes; 300 characters was an internal error
    ("CON", "device"), ("nul.x", "device"), ("COM1", "device"),
    ("ab.", "char"),  # Windows drops the final dot
])
def test_an_area_code_that_cannot_name_a_form_on_every_system_is_an_error(tmp_path, code, why):
    root = _repo(tmp_path, AREAS + "huyen1,Huyện Một,huyen,90\n" + f"{code},Huyện Giả,huyen,90\n")
    found = [p for p in problems_of(root) if p.code == "area-bad-code"]
    assert [(p.line, why in p.params) for p in found] == [(6, True)], [(p.line, p.params) for p in found]
    out = tmp_path / "forms"
    r = run("form", "demo", "--year", "2022", "--each", "huyen", "-o", str(out), cwd=root)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["901.xlsx", "902.xlsx", "huyen1.xlsx"], written


def test_a_write_the_system_refuses_is_said_never_an_internal_error(tmp_path):
    """A name too long for the system (a path component of 300 characters) and a folder that cannot hold
    files (/proc/self): each command that writes says which file and why, exit 2."""
    root = _repo(tmp_path)
    long = "a" * 300
    table = Path(__file__).parent / "fixtures" / "conversion-haugiang.fixture.csv"
    for args in (("form", "demo", "--year", "2022", "-o", f"{long}.xlsx"),
                 ("form", "demo", "--year", "2022", "--each", "huyen", "-o", long),
                 ("form", "demo", "--year", "2022", "--each", "huyen", "-o", "/proc/self"),
                 ("missing", "demo", "--year", "2022", "-f", "xlsx", "-o", f"{long}.xlsx"),
                 ("report", "demo", "-p", "2022", "-o", f"{long}.md"),
                 ("areas", "import", str(table), "--province", "93", "-o", long),
                 ("areas", "import", str(table), "--province", "93", "-o", "/proc/self")):
        r = run(*args, cwd=root)
        assert r.returncode == 2 and "lỗi nội bộ" not in r.stderr, (args[:2], r.stderr)
        assert "không ghi được" in r.stderr and ("tên tệp quá dài" in r.stderr or "/proc/self" in r.stderr), r.stderr
    r = run("--lang", "en", "form", "demo", "--year", "2022", "-o", f"{long}.xlsx", cwd=root)
    assert r.returncode == 2 and "cannot write" in r.stderr and "the file name is too long" in r.stderr, r.stderr


def test_texts_of_xhht_toml_written_as_escapes_are_bad_characters(tmp_path):
    """TOML, like YAML, writes any character as an escape in a file of plain ASCII: the file passes the
    reader's scan, and the settings held ESC, BEL, NUL, U+2028 and U+202E, which reached the .docx."""
    root = _repo(tmp_path)
    (root / "xhht.toml").write_text('[report]\nbody = "S\\u001b]0;pwn\\u0007 GD"\nplace = "H\\u2028G"\n'
                                    '[report.signer]\ntitle = "\\u202eGIAM DOC"\n', encoding="ascii")
    found = sorted((p.line, p.params["char"].split()[0]) for p in problems_of(root) if p.code == "bad-character")
    assert found == [(2, "U+0007"), (2, "U+001B"), (3, "U+2028"), (5, "U+202E")], found
    r = run("report", "demo", "-p", "2022", "-f", "docx", "-o", str(tmp_path / "r.docx"), cwd=root)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    import zipfile

    xml = zipfile.ZipFile(tmp_path / "r.docx").read("word/document.xml").decode("utf-8")
    assert "pwn" in xml and "GIAM DOC" in xml and not INVISIBLE.search(xml), xml[:200]


def test_a_revision_file_whose_name_this_system_cannot_hold_is_said_by_diff(tmp_path):
    """A crafted commit (git's trees hold names of any length) adds data/<300 characters>.csv: `diff`
    writes a revision's files into a temporary folder, and the system refuses the name. It was an
    internal error; the file is a `read-error` at its place, the other files are compared, exit 1."""
    import subprocess

    root = _repo(tmp_path)

    def git(*args: str, input: str | None = None) -> str:
        return subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@example.invalid", *args], cwd=root,
                              input=input, capture_output=True, text=True, check=True).stdout.strip()

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "synthetic")
    blob = git("hash-object", "-w", "--stdin", input=DATA)
    data = git("mktree", input=git("ls-tree", "HEAD:data") + f"\n100644 blob {blob}\t{'a' * 300}.csv\n")
    top = "\n".join(line for line in git("ls-tree", "HEAD").splitlines() if not line.endswith("\tdata"))
    tree = git("mktree", input=top + f"\n040000 tree {data}\tdata\n")
    git("update-ref", "HEAD", git("commit-tree", tree, "-p", "HEAD", "-m", "a long name"))
    r = run("diff", "HEAD~1", "HEAD", cwd=root)
    assert r.returncode == 1 and "error[read-error]" in r.stderr and "lỗi nội bộ" not in r.stderr, r.stderr
    assert "HEAD:data/aaa" in r.stderr and "tên tệp quá dài" not in r.stdout, r.stderr


def test_noncharacters_that_xml_cannot_hold_are_bad_characters(tmp_path):
    """U+FFFE and U+FFFF (raw in areas.csv, or a YAML escape in a plan) passed `check`, and every workbook
    writer (`form`, `missing`, `scorecard`, `report -f xlsx`) stopped on them with an internal error:
    XML cannot hold them."""
    plan = PLAN.replace("name: Tỷ lệ", 'name: "Tỷ lệ \\uffff x"', 1)
    root = write_repo(tmp_path / "repo", plans={"demo.yaml": plan}, areas=AREAS.replace("Huyện Một", "Huyện \ufffe Một"),
                      data={"d.csv": DATA})
    found = sorted((p.file, p.params["char"]) for p in problems_of(root) if p.code == "bad-character")
    assert found == [("areas.csv", "U+FFFE"), ("plans/demo.yaml", "U+FFFF")], found
    r = run("form", "demo", "--year", "2022", "-o", str(tmp_path / "f.xlsx"), cwd=root)
    assert r.returncode in (0, 1) and "lỗi nội bộ" not in r.stderr and (tmp_path / "f.xlsx").exists(), r.stderr

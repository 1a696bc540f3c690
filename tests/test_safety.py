"""Safe by construction (issue 9): one test or more for each family of harm a careless user or a
hostile pull request could do. Repositories here are SYNTHETIC fixtures."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import AREAS, PLAN, codes, problems_of, run, write_repo, xhht_exe

HEADER = "indicator,area,period,value,numerator,denominator,source,note\n"
SECRET = "XHHT_TEST_SECRET_hunter2"


def tree(root: Path) -> dict[str, bytes]:
    """Every file but xhht's own cache in .xhht/ (tests/test_cache.py), which xhht may write."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
            and p.relative_to(root).parts[0] != ".xhht"
            and not p.is_symlink()}


def run_env(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([xhht_exe(), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          errors="replace", env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "200", **env})


# ---------------------------------------------------------------- 1. one way files are read


def test_a_link_leading_outside_is_never_read_nor_shown(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(f"indicator,{SECRET}\n", encoding="utf-8")
    root = write_repo(tmp_path / "repo")
    os.symlink(secret, root / "data" / "env.csv")
    (root / "areas.csv").unlink()
    os.symlink(secret, root / "areas.csv")
    r = run_env("check", cwd=root, SECRET_TOKEN=SECRET)
    assert r.returncode == 1
    assert SECRET not in r.stdout + r.stderr
    found = codes(root)
    assert ("outside-repo", "data/env.csv", 0) in found and ("outside-repo", "areas.csv", 0) in found


def test_a_folder_link_leading_outside_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.csv").write_text(HEADER + f"ti-le,{SECRET},2022,5,,,s,\n", encoding="utf-8")
    root = write_repo(tmp_path / "repo")
    os.symlink(outside, root / "data" / "more")
    found = codes(root)
    assert ("outside-repo", "data/more", 0) in found
    assert not any(SECRET in p.message for p in problems_of(root))


def test_a_link_inside_the_repository_is_read(tmp_path):
    root = write_repo(tmp_path)
    (root / "shared").mkdir()
    (root / "shared" / "x.csv").write_text(HEADER + "so-luong,901,2022,4,,,s,\n", encoding="utf-8")
    os.symlink(root / "shared" / "x.csv", root / "data" / "x.csv")
    repo_problems = problems_of(root)
    assert repo_problems == []


def test_a_path_with_dotdot_is_refused(tmp_path):
    from xhht.load.safe_io import read_file

    root = write_repo(tmp_path / "repo")
    (tmp_path / "x.csv").write_text(SECRET, encoding="utf-8")
    text, problems = read_file(root, "data/../../x.csv")
    assert text is None and [p.code for p in problems] == ["outside-repo"]


def test_a_fifo_among_the_data_never_hangs(tmp_path):
    root = write_repo(tmp_path)
    os.mkfifo(root / "data" / "f.csv")
    started = time.monotonic()
    r = run("check", cwd=root)
    assert time.monotonic() - started < 30
    assert r.returncode == 1 and "data/f.csv: error[not-regular-file]" in r.stdout
    assert stat.S_ISFIFO(os.lstat(root / "data" / "f.csv").st_mode)


def test_an_unreadable_folder_is_an_error_not_skipped(tmp_path, monkeypatch):
    """Run as root, chmod cannot make a folder unreadable: the refusal is simulated."""
    root = write_repo(tmp_path)
    (root / "data" / "2022").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("2022"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = [p for p in problems_of(root) if p.code == "read-error"]
    assert [(p.file, p.message_in("en")) for p in found] == [("data/2022", "cannot read the folder: permission denied")]
    assert found[0].message_in("vi") == "không đọc được thư mục: không có quyền đọc"  # not the system's English


def test_a_read_error_says_why_in_the_readers_language_or_else_in_the_systems_words():
    import errno

    from xhht.load.safe_io import read_reason
    from xhht.problems import Loc

    said = {}
    for exc in (OSError(errno.ENOENT, "No such file or directory"), OSError(errno.ENAMETOOLONG, "File name too long"),
                OSError(errno.EXDEV, "Invalid cross-device link"), OSError("no errno")):
        p = Loc("data/x.csv").problem("read-error", **read_reason(exc))
        said[exc.errno] = (p.message_in("vi"), p.message_in("en"))
        assert p == type(p).from_plain(p.plain())  # plain data: the cache and the pool carry it
    assert said == {errno.ENOENT: ("không đọc được tệp: không có tệp hay thư mục này",
                                   "cannot read the file: no such file or folder"),
                    errno.ENAMETOOLONG: ("không đọc được tệp: tên quá dài", "cannot read the file: the name is too long"),
                    errno.EXDEV: ("không đọc được tệp: Invalid cross-device link",
                                  "cannot read the file: Invalid cross-device link"),
                    None: ("không đọc được tệp: OSError", "cannot read the file: OSError")}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")  # the simulated test above always runs
def test_an_unreadable_folder_really_unreadable(tmp_path):
    root = write_repo(tmp_path)
    (root / "data" / "x").mkdir()
    os.chmod(root / "data" / "x", 0)
    try:
        assert ("read-error", "data/x", 0) in codes(root)
    finally:
        os.chmod(root / "data" / "x", 0o755)


def test_files_and_headers_and_cells_are_bounded(tmp_path, monkeypatch):
    root = write_repo(tmp_path / "wide", data={"d.csv": ",".join(f"c{i}" for i in range(100_000)) + "\n"})
    started = time.monotonic()
    r = run("check", cwd=root)
    assert time.monotonic() - started < 30
    assert r.returncode == 1 and r.stdout.count("error[") == 1 and "[too-large]" in r.stdout
    root = write_repo(tmp_path / "long", data={"d.csv": HEADER + "ti-le,90,2022,85,,," + "x" * 5000 + ",\n"})
    assert ("too-large", "data/d.csv", 2) in codes(root)
    from xhht.load import safe_io

    monkeypatch.setattr(safe_io, "MAX_BYTES", 100)
    root = write_repo(tmp_path / "big")
    assert ("too-large", "data/d.csv", 0) in codes(root)


@pytest.mark.parametrize("char", ["\u0085", "\u2028", "\u2029", "\r"])
def test_only_lf_ends_a_line_so_line_numbers_stay_right(tmp_path, char):
    plan = PLAN.replace("title: Kế hoạch thử", f"title: Kế hoạch{char}thử").replace("unit: count", "unit: cont")
    root = write_repo(tmp_path / "p", plans={"demo.yaml": plan})
    found = codes(root)
    assert ("bad-character", "plans/demo.yaml", 2) in found
    assert ("bad-choice", "plans/demo.yaml", 19) in found  # `unit: cont` is on line 19 of the file
    data = HEADER + f"ti-le,90,2022,85,,,s{char}x,\nso-luong,90,2022,x,,,s,\n"
    root = write_repo(tmp_path / "d", data={"d.csv": data})
    found = codes(root)
    assert ("bad-character", "data/d.csv", 2) in found and ("non-canonical-number", "data/d.csv", 3) in found


def test_crlf_and_a_doubled_cr_end_a_line(tmp_path):
    data = (HEADER + "ti-le,90,2022,85,,,s,\n").replace("\n", "\r\n").replace("85", "85\r\r\n") \
        .replace("85\r\r\n", "85")
    root = write_repo(tmp_path, data={"d.csv": (HEADER + "ti-le,90,2022,85,,,s,\r\r\n").encode()})
    assert problems_of(root) == []
    root = write_repo(tmp_path / "b", data={"d.csv": data.encode()})
    assert problems_of(root) == []


# ---------------------------------------------------------------- 2. one way files are written


@pytest.mark.parametrize("target", ["data/d.csv", "plans/demo.yaml", "areas.csv", "xhht.toml", "templates/x.md.j2",
                                    "area-changes.csv",
                                    "plans/new.yaml", "data/sub/new.csv", "data"])
def test_report_never_writes_onto_an_input(repo, target):
    (repo / "xhht.toml").write_text('lang = "vi"\n', encoding="utf-8")
    (repo / "templates").mkdir()
    before = tree(repo)
    r = run("report", "-o", target, cwd=repo)
    assert r.returncode == 2 and "không bao giờ ghi đè tệp đầu vào" in r.stderr, r.stderr  # lang = "vi"
    r = run("report", "-o", target, "--lang", "en", cwd=repo)
    assert r.returncode == 2 and "never writes onto its inputs" in r.stderr, r.stderr
    assert tree(repo) == before


@pytest.mark.parametrize("target, needle, vi", [(".", "is a folder", "là một thư mục"),
                                                ("", "file name is empty", "tên tệp trống"),
                                                ("out/", "is a folder", "là một thư mục"),
                                                ("nowhere/x.md", "does not exist", "không tồn tại")])
def test_report_refuses_folders_and_empty_names(repo, target, needle, vi):
    before = tree(repo)
    r = run("report", "-o", target, cwd=repo)
    assert r.returncode == 2 and vi in r.stderr, r.stderr
    r = run("report", "-o", target, "--lang", "en", cwd=repo)
    assert r.returncode == 2 and needle in r.stderr, r.stderr
    assert "internal error" not in r.stderr and tree(repo) == before


def test_report_output_has_the_umask_permissions_and_dash_is_stdout(repo):
    r = run("report", "-o", "bao-cao.md", cwd=repo)
    assert r.returncode == 0 and r.stdout == ""
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(repo / "bao-cao.md").st_mode) == 0o666 & ~umask
    os.chmod(repo / "bao-cao.md", 0o640)
    assert run("report", "-o", "bao-cao.md", cwd=repo).returncode == 0
    assert stat.S_IMODE(os.stat(repo / "bao-cao.md").st_mode) == 0o640  # replaced, permissions kept
    dash = run("report", "-o", "-", cwd=repo)
    assert dash.returncode == 0 and dash.stdout == (repo / "bao-cao.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in repo.iterdir() if p.name.endswith(".tmp")) == []


def test_a_fifo_and_devices_are_written_into_never_replaced(repo):
    fifo = repo / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run("report", "-o", "pipe", cwd=repo)
    reader.join(30)
    assert r.returncode == 0 and got and got[0].decode().startswith("# BÁO CÁO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    r = run("report", "-o", "/dev/stdout", cwd=repo)
    assert r.returncode == 0 and r.stdout.startswith("# BÁO CÁO")
    assert run("report", "-o", "/dev/null", cwd=repo).returncode == 0


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    from xhht.base import writing
    from xhht.base.errors import UsageError

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writing.os, "replace", broken)
    with pytest.raises(UsageError, match="hết chỗ trên đĩa") as raised:
        writing.write_output(str(tmp_path / "x.md"), "text", tmp_path / "repo")
    assert raised.value.in_lang("en").endswith("x.md: no space left on the disk")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- 3. numbers


def test_a_huge_exponent_does_not_hang(tmp_path):
    root = write_repo(tmp_path, data={"d.csv": HEADER + "ti-le,90,2022,1e999999999,,,s,\n"
                                      "so-luong,90,2022,1e999999999,,,s,\n"})
    started = time.monotonic()
    r = run("check", cwd=root)
    assert time.monotonic() - started < 30 and r.returncode == 1
    assert r.stdout.count("[non-canonical-number]") == 1 and "(và 1 dòng khác: data/d.csv:3:4)" in r.stdout  # said once
    plan = PLAN.replace("{2022: 80, 2025: 90}", "{2022: 1e999999999, 2025: 9e-999999999}")
    root = write_repo(tmp_path / "t", plans={"demo.yaml": plan})
    started = time.monotonic()
    r = run("check", cwd=root)
    assert time.monotonic() - started < 30 and r.stdout.count("[number-too-long]") == 2, r.stdout


def test_forty_digits_each_side_are_computed_exactly(tmp_path):
    big = "9" * 40
    areas = AREAS
    data = HEADER + f"so-luong,901,2022,{big},,,s,\nso-luong,902,2022,{big},,,s,\n" \
        f"ti-le,90,2023,11.{'1' * 40},,,s,\nti-le,901,2022,,{'3' * 39},{big},s,\n"
    plan = PLAN.replace("{2022: 100}", f"{{2022: {big}}}").replace("{2022: 80, 2025: 90}", "{2022: 1e-30, 2023: 11}")
    root = write_repo(tmp_path, plans={"demo.yaml": plan}, areas=areas, data={"d.csv": data})
    assert problems_of(root) == []
    r = run("report", "-f", "json", "-p", "2022-2023", cwd=root)
    assert r.returncode == 0, r.stderr
    results = json.loads(r.stdout)["results"]
    count = next(x for x in results if x["indicator"] == "so-luong")
    assert Decimal(str(count["actual"])) == Decimal(2 * int(big))  # rolled up exactly: 41 digits
    assert count["rolled_up"] is True
    for args in (("report",), ("report", "-f", "html"), ("status",)):
        r = run(*args, "-p", "2022-2023", cwd=root)
        assert r.returncode == 0 and "internal error" not in r.stderr, (args, r.stderr)


def test_beyond_forty_digits_is_an_error_at_its_cell(tmp_path):
    data = HEADER + f"so-luong,90,2022,{'1' * 41},,,s,\nti-le,90,2022,1.{'1' * 41},,,s,\n"
    root = write_repo(tmp_path, data={"d.csv": data})
    assert {(c, f, line) for c, f, line in codes(root)} == {("number-too-long", "data/d.csv", 2),
                                                             ("number-too-long", "data/d.csv", 3)}
    p = next(p for p in problems_of(root) if p.line == 2)
    assert p.column == 4 and len(p.message) < 200
    plan = PLAN.replace("{2022: 100}", f"{{2022: {'1' * 41}}}").replace("{2022: 80, 2025: 90}", "{2022: 1e-41}")
    root = write_repo(tmp_path / "t", plans={"demo.yaml": plan})
    found = codes(root)
    assert ("number-too-long", "plans/demo.yaml", 16) in found and ("number-too-long", "plans/demo.yaml", 20) in found


def test_minus_zero_is_zero_with_a_warning(tmp_path):
    root = write_repo(tmp_path, data={"d.csv": HEADER + "ti-le,90,2022,-0,,,s,\nso-luong,90,2022,-0.0,,,s,\n"})
    found = problems_of(root)
    assert [(p.code, p.line, p.severity) for p in found] == [("negative-zero", 2, "warning"),
                                                             ("negative-zero", 3, "warning")]
    r = run("report", "-p", "2022", cwd=root)
    assert r.returncode == 0 and "-0" not in r.stdout


def test_fractional_numerator_and_denominator_are_errors(tmp_path):
    root = write_repo(tmp_path, data={"d.csv": HEADER + "ti-le,90,2022,,1.5,3,s,\nti-le,901,2022,,1,2.5,s,\n"})
    assert codes(root) == {("fractional-count", "data/d.csv", 2), ("fractional-count", "data/d.csv", 3)}


@pytest.mark.parametrize("digits", ["８５", "٨٥", "৮৫"])
def test_non_ascii_digits_are_errors(tmp_path, digits):
    root = write_repo(tmp_path / "d", data={"d.csv": HEADER + f"ti-le,90,2022,{digits},,,s,\n"
                                            f"ti-le,901,{digits}22,85,,,s,\n"})
    found = problems_of(root)
    assert [(p.code, p.line) for p in found] == [("non-canonical-number", 2), ("bad-figure-period", 3)]
    assert found[0].hint_in("en").startswith("write 85")
    plan = PLAN.replace("{2022: 80, 2025: 90}", f'{{2022: "{digits}"}}')
    root = write_repo(tmp_path / "p", plans={"demo.yaml": plan}, data={})
    assert ("bad-comparator", "plans/demo.yaml", 16) in codes(root)


@pytest.mark.parametrize("command", [("check",), ("report",), ("status",), ("report", "-f", "html")])
def test_a_stdout_that_is_not_utf8_still_gets_the_output(repo, command):
    r = run_env(*command, cwd=repo, PYTHONIOENCODING="cp1258")
    assert r.returncode == 0 and r.stdout and "internal error" not in r.stderr, r.stderr


# ---------------------------------------------------------------- 4. text from files is data


def test_check_output_shows_file_text_as_data(tmp_path):
    data = HEADER + "ti-le\x1b[31mRED,90,2022,5,,,s,\nti-le\u200b,90,2022,5,,,s,\n[xuất sắc] :new: [/],90,2022,5,,,s,\n"
    root = write_repo(tmp_path, data={"d.csv": data})
    r = run("check", cwd=root)
    assert r.returncode == 1 and "\x1b" not in r.stdout
    assert "data/d.csv:2:6: error[bad-character] ký tự điều khiển U+001B ESCAPE" in r.stdout  # read as a space
    assert "`ti-le [31mRED`" in r.stdout
    assert "`ti-le<U+200B>`" in r.stdout
    assert "`[xuất sắc] :new: [/]`" in r.stdout and "🆕" not in r.stdout
    j = json.loads(run("check", "-f", "json", cwd=root).stdout)
    assert any("<U+200B>" in p["message"] for p in j)


def test_safetext_functions():
    from xhht.base.safetext import for_markdown, for_terminal, has_invisible, name_invisible, quoted
    from xhht.present.console import for_rich

    assert for_terminal("a\x1b[2Jb\x07c\u202ed\tz\n") == "a[2Jbcd\tz\n"
    assert for_rich("[xuất sắc] [/] \x1b") == "\\[xuất sắc] \\[/] "
    assert name_invisible("ti-le\u200b\u00a0x\ufeff") == "ti-le<U+200B><U+00A0>x<U+FEFF>"
    assert name_invisible("Xã Phú Mỹ") == "Xã Phú Mỹ" and not has_invisible("Xã Phú Mỹ")
    assert has_invisible("a\u200bb") and quoted("a\u2060") == "'a<U+2060>'"
    assert for_markdown("Tên\n# Heading | cột <b>x</b> &amp;") == \
        "Tên \\# Heading \\| cột \\<b\\>x\\</b\\> &amp;amp;"
    assert for_markdown("# a").startswith("\\#") and for_markdown("- item").startswith("\\-")
    assert for_markdown("1. one").startswith("1\\.") and for_markdown("*x*") == "\\*x\\*"
    from rich.console import Console

    console = Console(record=True, width=200, emoji=False)
    console.print(for_rich("[xuất sắc] :new: [link=http://x]y[/link]"))
    assert console.export_text().strip() == "[xuất sắc] :new: [link=http://x]y[/link]"


# ---------------------------------------------------------------- 5. repository templates


def _template(root: Path, text: str | bytes, name: str = "report.md.j2") -> None:
    (root / "templates").mkdir(exist_ok=True)
    path = root / "templates" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())


@pytest.mark.parametrize("payload", [
    "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ view.__class__ }}",
    "{{ lipsum.__globals__['os'].system('touch pwned') }}",
])
def test_a_repository_template_cannot_run_code(repo, payload):
    _template(repo, "ok\n" + payload + "\n")
    r = run("report", cwd=repo)
    assert r.returncode == 1 and not (repo / "pwned").exists()
    assert "templates/report.md.j2:2: error[template-error]" in r.stderr and "sandbox" in r.stderr, r.stderr


@pytest.mark.parametrize("text, where", [
    ("line one\n{% for x in %}\n", "templates/report.md.j2:2: error[template-error]"),
    ("a\nb\n{{ view.no_such_thing }}\n", "templates/report.md.j2:3: error[template-error]"),
    ("{{ 1 / 0 }}", "templates/report.md.j2:1: error[template-error]"),
    ("{{ 10 ** 100000000 }}", "templates/report.md.j2:1: error[template-error]"),
    ("{{ 'x' * 1000000000 }}", "templates/report.md.j2:1: error[template-error]"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "templates/report.md.j2:1: error[template-error]"),
    (b"ok \xff\n", "templates/report.md.j2:1:4: error[not-utf8]"),
])
def test_a_broken_template_is_a_problem_at_its_line(repo, text, where):
    _template(repo, text)
    r = run("report", cwd=repo)
    assert r.returncode == 1 and where in r.stderr, r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr


def test_an_included_template_error_names_the_included_file(repo):
    _template(repo, "{% include 'part.md.j2' %}\n")
    _template(repo, "a\n{{ view.nothing.here }}\n", "part.md.j2")
    r = run("report", cwd=repo)
    assert r.returncode == 1 and "templates/part.md.j2:2: error[template-error]" in r.stderr, r.stderr


def test_a_template_link_leading_outside_is_not_read(repo, tmp_path):
    (tmp_path / "evil.j2").write_text(SECRET, encoding="utf-8")
    (repo / "templates").mkdir()
    os.symlink(tmp_path / "evil.j2", repo / "templates" / "report.md.j2")
    r = run("report", cwd=repo)
    assert r.returncode == 1 and "templates/report.md.j2: error[outside-repo]" in r.stderr
    assert SECRET not in r.stdout + r.stderr


def test_a_good_repository_template_still_works(repo):
    _template(repo, "{{ view.plan.number }} {{ view.summary.exceeded }}\n")
    r = run("report", cwd=repo)
    assert (r.returncode, r.stdout) == (0, "1/KH-TEST 2\n")


# ---------------------------------------------------------------- 6. no recursion, nothing worse than n log n


def _chain(n: int) -> str:
    rows = ["code,name,level,parent", "90,Tỉnh Thử,tinh,", "901,Huyện Một,huyen,90", "902,Huyện Hai,huyen,90"]
    rows += [f"x{i},Xã {i},xa,{'901' if i == 0 else f'x{i - 1}'}" for i in range(n)]
    return "\n".join(rows) + "\n"


def test_a_long_parent_chain_checks_and_rolls_up(tmp_path):
    data = HEADER + "so-luong,x2999,2022,7,,,s,\nso-luong,902,2022,3,,,s,\n"
    root = write_repo(tmp_path, areas=_chain(3000), data={"d.csv": data})
    started = time.monotonic()
    r = run("check", cwd=root)
    assert time.monotonic() - started < 20
    assert r.returncode == 1 and "[area-level-order]" in r.stdout and "internal error" not in r.stderr
    r = run("report", "-f", "json", "-p", "2022", cwd=root)
    assert r.returncode == 1 and "internal error" not in r.stderr, r.stderr
    so_luong = next(x for x in json.loads(r.stdout)["results"] if x["indicator"] == "so-luong")
    assert so_luong["actual"] == 10 and so_luong["rolled_up"] is True  # 7 up 3,000 communes, + 3


def test_a_cycle_among_many_areas_is_found_once(tmp_path):
    rows = _chain(2000).replace("x0,Xã 0,xa,901", "x0,Xã 0,xa,x1999")
    root = write_repo(tmp_path, areas=rows, data={})
    cycles = [p for p in problems_of(root) if p.code == "area-cycle"]
    assert len(cycles) == 1 and cycles[0].params["cycle"].count("→") == 2000  # all of it, found once
    assert cycles[0].message.endswith("…") and len(cycles[0].message) < 400  # a message quotes 300 characters


def test_a_hundred_thousand_areas_check_in_seconds(tmp_path):
    rows = ["code,name,level,parent", "90,Tỉnh Thử,tinh,"]
    for h in range(100):
        rows.append(f"9{h:02d},Huyện {h},huyen,90")
        rows += [f"9{h:02d}{x:03d},Xã {x},xa,9{h:02d}" for x in range(999)]
    data = HEADER + "".join(f"so-luong,9{h:02d}{x:03d},2022,1,,,s,\n" for h in range(100) for x in range(0, 999, 50))
    root = write_repo(tmp_path, areas="\n".join(rows) + "\n", data={"d.csv": data})
    started = time.monotonic()
    r = run("check", cwd=root)
    took = time.monotonic() - started
    assert r.returncode == 0 and took < 30, (r.stdout[-500:], took)


def test_deep_nesting_in_toml_and_yaml_is_refused(tmp_path):
    root = write_repo(tmp_path)
    (root / "xhht.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (root / "plans" / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    r = run("check", cwd=root)
    assert r.returncode == 1 and "internal error" not in r.stderr
    found = codes(root)
    assert ("config-syntax", "xhht.toml", 1) in found and ("yaml-unsafe", "plans/deep.yaml", 1) in found


# ---------------------------------------------------------------- 7. keys, broken plans, separators


def test_a_year_given_twice_as_number_and_text_is_a_duplicate(tmp_path):
    plan = PLAN.replace("{2022: 80, 2025: 90}", '{2022: 95, "2022": 10, 2025.0: 1, 2025: 2}')
    root = write_repo(tmp_path, plans={"demo.yaml": plan})
    dups = [p for p in problems_of(root) if p.code == "duplicate-key"]
    assert [(p.line, p.message_in("en")) for p in dups] == [
        (16, "the key `2022` appears twice (first on line 16)"), (16, "the key `2025` appears twice (first on line 16)")]


def test_a_plan_that_fails_to_load_reports_its_own_errors_once(tmp_path):
    plan = PLAN.replace("title: Kế hoạch thử", "titel: Kế hoạch thử")
    root = write_repo(tmp_path, plans={"demo.yaml": plan})
    found = codes(root)
    assert {c for c, _, _ in found} == {"missing-key", "unknown-key"}


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_semicolon_csv_gets_a_hint_naming_the_separator(tmp_path, sep):
    data = (HEADER + "ti-le,90,2022,85,,,s,\n").replace(",", sep)
    root = write_repo(tmp_path, data={"d.csv": data})
    found = problems_of(root)
    assert [(p.code, p.line) for p in found] == [("csv-separator", 1)]
    assert ("`;`" if sep == ";" else "Tab") in found[0].message and "CSV UTF-8" in found[0].hint


# ---------------------------------------------------------------- 8. exit codes


def _main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    from xhht import cli, repo

    def boom(root, *args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(repo, "load_repo", boom)
    monkeypatch.setattr(sys, "argv", ["xhht", *args])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    return exit_.value.code, capsys.readouterr().err


def test_an_internal_error_exits_3_with_one_line(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo)
    code, err = _main(monkeypatch, capsys, "check")
    assert code == 3 and len(err.strip().splitlines()) == 1
    assert "lỗi nội bộ" in err and "xin báo lỗi" in err and "Traceback" not in err
    code, err = _main(monkeypatch, capsys, "check", "--lang", "en")
    assert code == 3 and len(err.strip().splitlines()) == 1
    assert "internal error" in err and "report" in err and "Traceback" not in err
    code, err = _main(monkeypatch, capsys, "--debug", "check")
    assert code == 3 and "Traceback" in err and "simulated bug" in err


def test_data_errors_still_exit_1_and_usage_errors_2(tmp_path):
    root = write_repo(tmp_path, data={"d.csv": HEADER + "ti-le,90,2022,x,,,s,\n"})
    assert run("check", cwd=root).returncode == 1
    assert run("report", "-o", "", cwd=root).returncode == 2


def test_template_errors_are_data_errors_in_the_library(tmp_path):
    from xhht.problems import DataError
    from xhht.present.render import environment

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text("a\n{{ x.y }}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        environment(folder).get_template("report.md.j2").render()
    assert [(p.code, p.file, p.line) for p in err.value.problems] == [("template-error", "templates/report.md.j2", 2)]
    assert environment(folder).get_template("report.html.j2").environment.sandboxed


def test_a_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    from xhht.present import sandbox
    from xhht.problems import DataError
    from xhht.present.render import environment

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        "x\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as err:
        environment(folder).get_template("report.md.j2").render()
    assert time.monotonic() - started < 10
    assert [(p.code, p.line, p.params["kind"]) for p in err.value.problems] == [("template-error", 2, "TimeoutError")]


def test_github_annotations_cannot_be_injected_from_a_file(tmp_path):
    data = HEADER + '"ti-le\n::warning file=x::pwned\x1b[2J",90,2022,5,,,s,\n'
    root = write_repo(tmp_path, data={"d.csv": data})
    r = run("check", "-f", "github", cwd=root)
    assert r.returncode == 1 and r.stdout
    assert all(line.startswith("::error ") for line in r.stdout.splitlines()), r.stdout
    assert "\x1b" not in r.stdout and "U+001B ESCAPE" in r.stdout


def test_schema_output_follows_the_same_rules(repo):
    before = tree(repo)
    r = run("schema", "-o", "plans/schema.json", cwd=repo)
    assert r.returncode == 2 and "không bao giờ ghi đè tệp đầu vào" in r.stderr and tree(repo) == before
    r = run("schema", "-o", "plans/schema.json", "--lang", "en", cwd=repo)
    assert r.returncode == 2 and "never writes onto its inputs" in r.stderr and tree(repo) == before
    assert run("schema", "-o", "", cwd=repo).returncode == 2
    assert run("schema", "-o", "-", cwd=repo).stdout.startswith("{")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("check",), ("report",), ("status",), ("check", "--format", "json")])
def test_an_output_that_cannot_be_written_is_said_not_a_bug(repo, args):
    """`xhht report > /dev/full` (a full disk): exit 1 and one line that says so, not exit 3."""
    with open("/dev/full", "w") as full:
        out = subprocess.run([xhht_exe(), *args], cwd=repo, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    assert out.stderr.strip().splitlines() == ["xhht: không ghi được kết quả: No space left on device"]

"""`xhht diff` and `xhht log` on real git repositories made in temporary folders (SYNTHETIC data)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import AREAS, DATA, TEST_CACHE, run, write_repo
from xhht.gitio.diff import diff_markdown, diff_repos
from xhht.repo import load_repo

ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
       "XDG_CACHE_HOME": TEST_CACHE}


def git(cwd: Path, *args: str, author: str = "Người Thử") -> str:
    proc = subprocess.run(["git", "-c", f"user.name={author}", "-c", "user.email=thu@example.invalid",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, text=True, env=ENV)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def commit(cwd: Path, message: str, author: str = "Người Thử") -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message, author=author)
    return git(cwd, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_repo(tmp_path / "repo")
    git(root, "init", "-q")
    commit(root, "first figures")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def diff_json(cwd: Path, *args: str) -> dict:
    proc = run("diff", *args, "--format", "json", cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- diff


def test_a_changed_figure_that_flips_a_verdict(repo):
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,70,")
    out = diff_json(repo, "HEAD")
    assert out["from"] == "HEAD" and out["to"] == "worktree"
    assert [(f["change"], f["indicator"], f["area"], f["period"], f["old"], f["new"], f["file"], f["line"])
            for f in out["figures"]] == [("changed", "ti-le", "90", 2022, 85, 70, "data/d.csv", 2)]
    assert [(v["plan"], v["indicator"], v["area"], v["year"], v["scope"], v["old"], v["new"])
            for v in out["verdicts"]] == [("demo", "ti-le", "90", 2022, None, "exceeded", "missed")]
    # each plan over its default period at both revisions: the first year to the latest figure's
    assert out["verdicts"][0]["old_period"] == out["verdicts"][0]["new_period"] == {"start": 2020, "end": 2022}


def test_the_working_tree_and_head_are_never_touched(repo):
    edit(repo / "data" / "d.csv", "so-luong,90,2022,120,", "so-luong,90,2022,90,")
    first = commit(repo, "fewer")
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,86,")  # uncommitted
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    status = git(repo, "status", "--porcelain")
    out = diff_json(repo, "HEAD~1", "HEAD")
    assert out["to"] == "HEAD" and out["to_commit"] == first
    assert [(f["indicator"], f["old"], f["new"]) for f in out["figures"]] == [("so-luong", 120, 90)]
    assert [(v["indicator"], v["old"], v["new"]) for v in out["verdicts"]] == [("so-luong", "exceeded", "missed")]
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before and git(repo, "status", "--porcelain") == status
    assert git(repo, "rev-parse", "HEAD").strip() == first
    assert git(repo, "worktree", "list").count("\n") == 1  # no worktree left behind


def test_a_removed_file(repo):
    (repo / "data" / "d.csv").unlink()
    out = diff_json(repo, "HEAD")
    assert [(f["change"], f["indicator"], f["old"], f["new"], f["file"], f["line"]) for f in out["figures"]] == [
        ("removed", "so-luong", 120, None, "data/d.csv", 3), ("removed", "ti-le", 85, None, "data/d.csv", 2)]
    # with no figure left, the default period is the plan's first year: the 2022 targets are not yet due
    # (xep-loai 2022, without a figure, was due at the end of the 2020-2022 review: no_data, rule 4)
    assert [(v["indicator"], v["year"], v["old"], v["new"]) for v in out["verdicts"]] == [
        ("ti-le", 2022, "exceeded", "not_due"), ("so-luong", 2022, "exceeded", "not_due"),
        ("xep-loai", 2022, "no_data", "not_due")]
    assert {v["new_period"]["end"] for v in out["verdicts"]} == {2020}


def test_a_renamed_file_is_no_change_unless_a_value_changed(repo):
    (repo / "data" / "2022").mkdir()
    git(repo, "mv", "data/d.csv", "data/2022/tinh.csv")
    assert diff_json(repo, "HEAD") == {"from": "HEAD", "to": "worktree", "figures": [], "verdicts": [],
                                        "from_commit": git(repo, "rev-parse", "HEAD").strip(), "to_commit": None}
    commit(repo, "move")
    edit(repo / "data" / "2022" / "tinh.csv", "so-luong,90,2022,120,", "so-luong,90,2022,121,")
    commit(repo, "move and fix")
    out = diff_json(repo, "HEAD~2", "HEAD")
    [fig] = out["figures"]
    assert (fig["change"], fig["file"], fig["line"], fig["old_file"], fig["old_line"]) == (
        "changed", "data/2022/tinh.csv", 3, "data/d.csv", 3)
    assert out["verdicts"] == []  # 121 still exceeds 100


def test_added_figures_and_a_new_target(repo):
    with open(repo / "data" / "d.csv", "a", encoding="utf-8") as f:
        f.write("xep-loai,90,2022,Tốt,,,synthetic,\n")
    edit(repo / "plans" / "demo.yaml", "targets: {2022: 100}", "targets: {2022: 100, 2024: 150}")
    out = diff_json(repo, "HEAD")
    assert [(f["change"], f["indicator"], f["new"], f["line"]) for f in out["figures"]] == [
        ("added", "xep-loai", "Tốt", 4)]
    assert [(v["indicator"], v["year"], v["old"], v["new"]) for v in out["verdicts"]] == [
        ("so-luong", 2024, None, "not_due"), ("xep-loai", 2022, "no_data", "exceeded")]  # in plan order


def test_markdown_for_a_pull_request(repo):
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,70,")
    proc = run("diff", "HEAD", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    assert md.startswith("## Thay đổi số liệu và đánh giá: `HEAD` (`")
    assert md.split("\n")[0].endswith(") → các tệp hiện tại (chưa commit)")  # not git's word `worktree`
    assert "1 chỉ tiêu chuyển sang chưa đạt" in md
    assert "| Tỷ lệ `ti-le` | Tỉnh Thử | 2022 | ▲ vượt | ▼ chưa đạt |" in md
    assert "| sửa | `ti-le` | Tỉnh Thử (90) | 2022 | 85% | 70% | `data/d.csv:2` |" in md
    en = run("diff", "HEAD", "--lang", "en", cwd=repo).stdout
    assert "| Tỷ lệ `ti-le` | Tỉnh Thử | 2022 | ▲ exceeded | ▼ missed |" in en and "1 target(s) now missed" in en
    assert en.split("\n")[0].endswith(") → the files as they are (not committed)")


def test_text_from_files_is_never_markup(tmp_path):
    old = write_repo(tmp_path / "old", areas=AREAS.replace("Tỉnh Thử", "Tỉnh | *Thử* <b>"))
    new = write_repo(tmp_path / "new", areas=AREAS.replace("Tỉnh Thử", "Tỉnh | *Thử* <b>"),
                     data={"d.csv": DATA.replace(",85,", ",70,")})
    md = diff_markdown(diff_repos(load_repo(old), load_repo(new), "a`b", "c|d"))
    assert "Tỉnh \\| \\*Thử\\* \\<b\\>" in md and "<b>" not in md
    assert "`a'b`" in md and "`c\\|d`" in md


def test_a_tracker_in_a_subfolder_of_the_git_repository(tmp_path):
    top = tmp_path / "top"
    root = write_repo(top / "theo-doi")
    (top / "other.txt").write_text("x", encoding="utf-8")
    git(top, "init", "-q")
    commit(top, "start")
    edit(root / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,80,")
    out = diff_json(root / "plans", "HEAD")
    assert [(f["file"], f["old"], f["new"]) for f in out["figures"]] == [("data/d.csv", 85, 80)]
    assert [(v["old"], v["new"]) for v in out["verdicts"]] == [("exceeded", "met")]


def test_a_revision_before_the_tracker_existed_adds_everything(tmp_path):
    top = tmp_path / "top"
    top.mkdir()
    (top / "x.txt").write_text("x", encoding="utf-8")
    git(top, "init", "-q")
    commit(top, "before")
    write_repo(top / "t")
    out = diff_json(top / "t", "HEAD")
    assert [f["change"] for f in out["figures"]] == ["added", "added"]
    assert all(v["old"] is None for v in out["verdicts"]) and len(out["verdicts"]) == 4


@pytest.mark.parametrize("rev", ["no-such-branch", "HEAD~5", "--all"])
def test_a_revision_that_does_not_exist_is_a_usage_error(repo, rev):
    for lang in ("en", "vi"):
        args = ("--lang", lang, "diff", *(("--",) if rev.startswith("-") else ()), rev)
        proc = run(*args, cwd=repo)
        assert proc.returncode == 2
        assert ("is not a revision" if lang == "en" else "không phải một phiên bản") in proc.stderr
        assert "Traceback" not in proc.stderr


def test_not_a_git_repository_is_a_usage_error(tmp_path):
    root = write_repo(tmp_path / "plain")
    for args in (("diff", "HEAD"), ("log", "ti-le")):
        proc = run(*args, cwd=root)
        assert proc.returncode == 2, args
        assert "không nằm trong một kho git" in proc.stderr and "Traceback" not in proc.stderr
        proc = run(*args, "--lang", "en", cwd=root)
        assert proc.returncode == 2, args
        assert "not in a git repository" in proc.stderr and "Traceback" not in proc.stderr


def test_diff_exits_1_when_the_new_side_has_errors(repo):
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,85%,")
    proc = run("diff", "HEAD", "--format", "json", "--lang", "en", cwd=repo)
    assert proc.returncode == 1 and "error(s)" in proc.stderr
    proc = run("diff", "HEAD", "--format", "json", cwd=repo)
    assert proc.returncode == 1 and "cảnh báo: thư mục làm việc có 1 lỗi trong các tệp" in proc.stderr
    out = json.loads(proc.stdout)  # the valid rest is still compared
    assert [(f["change"], f["indicator"]) for f in out["figures"]] == [("removed", "ti-le")]


# ---------------------------------------------------------------- log


def test_log_follows_a_figure_through_commits_and_renames(repo):
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,88,")
    second = commit(repo, "sửa số liệu 2022", author="Trần Thị B")
    (repo / "data" / "2022").mkdir()
    git(repo, "mv", "data/d.csv", "data/2022/tinh.csv")
    commit(repo, "chuyển tệp")  # a rename: no event
    with open(repo / "data" / "2022" / "tinh.csv", "a", encoding="utf-8") as f:
        f.write("ti-le,901,2022,60,,,synthetic,\n")
    proc = run("log", "ti-le", "--format", "json", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    rows = [(c["author"], c["subject"], c["area"], c["period"], c["old"], c["new"], c["file"], c["line"])
            for c in out["changes"]]
    assert rows == [
        ("Người Thử", "first figures", "90", 2022, None, 85, "data/d.csv", 2),
        ("Trần Thị B", "sửa số liệu 2022", "90", 2022, 85, 88, "data/d.csv", 2),
        (None, None, "901", 2022, None, 60, "data/2022/tinh.csv", 4),
    ]
    assert out["changes"][1]["commit"] == second and out["changes"][2]["commit"] == "worktree"
    assert out["changes"][1]["date"][:4].isdigit()
    only = json.loads(run("log", "ti-le", "--area", "901", "--format", "json", cwd=repo).stdout)
    assert [c["area"] for c in only["changes"]] == ["901"]
    text = run("log", "ti-le", cwd=repo).stdout
    assert "Lịch sử số liệu: ti-le (Tỷ lệ)" in text and "85% → 88%" in text and "Trần Thị B" in text  # as reports write it
    assert "Phiên bản" in text and "Commit " not in text
    assert second[:7] in text and "chưa commit" in text


def test_log_of_a_removed_figure_and_an_unchanged_rewrite(repo):
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,85.0,")  # the same value, rewritten
    commit(repo, "rewrite")
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85.0,,,synthetic,\n", "")
    commit(repo, "remove")
    out = json.loads(run("log", "ti-le", "--format", "json", cwd=repo).stdout)
    assert [(c["subject"], c["old"], c["new"]) for c in out["changes"]] == [
        ("first figures", None, 85), ("remove", 85, None)]


def test_log_of_an_unknown_indicator_is_a_usage_error(repo):
    proc = run("log", "ti-lee", "--lang", "en", cwd=repo)
    assert proc.returncode == 2 and "did you mean 'ti-le'" in proc.stderr
    # in Vietnamese by default (it was English whatever the language: issue 17)
    for args in (("log", "ti-lee"), ("log", "ti-lee", "--lang", "vi")):
        proc = run(*args, cwd=repo)
        assert proc.returncode == 2 and proc.stderr == ("xhht: không có chỉ tiêu 'ti-lee' trong các kế hoạch và "
                                                        "trong lịch sử: có phải là 'ti-le'?\n")


def test_log_in_a_repository_without_commits(tmp_path):
    root = write_repo(tmp_path / "r")
    git(root, "init", "-q")
    out = json.loads(run("log", "ti-le", "--format", "json", cwd=root).stdout)
    assert [(c["commit"], c["new"]) for c in out["changes"]] == [("worktree", 85)]



def test_log_on_branches_and_a_merge_reports_each_change_once(repo):
    git(repo, "branch", "-q", "side")
    edit(repo / "data" / "d.csv", "ti-le,90,2022,85,", "ti-le,90,2022,88,")
    commit(repo, "main: 88")
    git(repo, "checkout", "-q", "side")
    with open(repo / "data" / "d.csv", "a", encoding="utf-8") as f:
        f.write("ti-le,901,2022,50,,,synthetic,\n")
    commit(repo, "side: 901")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "side")
    out = json.loads(run("log", "ti-le", "--format", "json", cwd=repo).stdout)
    assert sorted((c["subject"], c["area"], c["old"], c["new"]) for c in out["changes"]) == [
        ("first figures", "90", None, 85), ("main: 88", "90", 85, 88), ("side: 901", "901", None, 50)]


def test_a_subunit_verdict_is_named_by_its_level(tmp_path):
    plan = """\
id: cap
title: Kế hoạch thử theo cấp (synthetic)
document: {number: 2/KH-TEST, issuer: UBND tỉnh Thử}
area: "90"
period: 2020-2025
groups:
  - code: a
    title: Nhóm a
    indicators:
      - id: dat-chuan
        name: Đạt chuẩn
        unit: yes-no
        subunits:
          - level: huyen
            meeting: "yes"
            count: {2022: 2}
"""
    data = "indicator,area,period,value\ndat-chuan,901,2022,yes\ndat-chuan,902,2022,yes\n"
    old = write_repo(tmp_path / "old", plans={"cap.yaml": plan}, data={"d.csv": data})
    new = write_repo(tmp_path / "new", plans={"cap.yaml": plan},
                     data={"d.csv": data.replace("902,2022,yes", "902,2022,no")})
    diff = diff_repos(load_repo(old), load_repo(new), "a", "b")
    assert [(v.scope, v.kind, v.old, v.new) for v in diff.verdicts] == [("huyen", "count", "met", "missed")]
    assert "| Đạt chuẩn — số đơn vị cấp huyện đạt `dat-chuan` | Tỉnh Thử | 2022 | ● đạt | ▼ chưa đạt |" in \
        diff_markdown(diff)


def test_log_writes_a_cell_as_the_reports_do_and_anything_else_as_written():
    from xhht.gitio.history import Entry, shown

    def cell(value, numerator="", denominator=""):
        return Entry(value=value, numerator=numerator, denominator=denominator, file="data/d.csv", line=2)

    assert shown(cell("1833"), "count", "vi") == "1.833" and shown(cell("71.4"), "percent", "vi") == "71,4%"
    assert shown(cell("yes"), "yes-no", "vi") == "đạt chuẩn" and shown(cell("no"), "yes-no", "en") == "does not meet the standard"
    assert shown(cell("", "2920", "3010"), "percent", "vi") == "2.920/3.010"
    # a cell of any commit may hold anything: never turned into a value it is not
    assert shown(cell("maybe"), "yes-no", "vi") == "maybe" and shown(cell("1e999999999"), "percent", "vi") == "1e999999999"
    assert shown(None, "count", "vi") == "—" and shown(cell("1833"), None, "vi") == "1833"

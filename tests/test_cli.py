"""End to end: the installed `xhht` on the real example repository and on broken copies."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run, write_repo


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the project's real tracker files (plans/, data/, areas.csv)."""
    dest = tmp_path / "tracker"
    dest.mkdir()
    for name in ("plans", "data"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "areas.csv", dest / "areas.csv")
    return dest


def tree_state(root: Path) -> dict[str, tuple[str, int]]:
    """Every file but xhht's own cache in .xhht/ (tests/test_cache.py), which xhht may write."""
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != ".xhht"}


def test_version_and_help_work_anywhere(tmp_path):
    assert run("--version", cwd=tmp_path).stdout.strip().startswith("xhht ")
    for cmd in ([], ["check"], ["report"], ["status"]):
        r = run(*cmd, "--help", cwd=tmp_path)
        assert r.returncode == 0 and "Cách dùng: xhht" in r.stdout
        r = run(*cmd, "--help", "--lang", "en", cwd=tmp_path)
        assert r.returncode == 0 and "Usage: xhht" in r.stdout


def test_check_the_example_repository_passes():
    r = run("check", cwd=ROOT)
    assert (r.returncode, r.stdout.strip()) == (0, "không có lỗi"), r.stdout + r.stderr
    assert run("check", "--lang", "en", cwd=ROOT).stdout.strip() == "no problems found"


def test_check_from_a_subfolder_finds_the_root():
    assert run("check", cwd=ROOT / "data" / "haugiang").returncode == 0


def test_check_on_a_broken_copy_names_file_line_and_hint(copy):
    csv = copy / "data" / "haugiang" / "2015.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",93,2015,87,", ',93,2015,"87,5",'), encoding="utf-8")
    plan = copy / "plans" / "haugiang-kh64.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("targets: {2015: 20}", "targets: {2015: 200}"),
                    encoding="utf-8")
    r = run("check", cwd=copy)
    assert r.returncode == 1
    out = r.stdout
    # two rows wrote 87,5: said once, with the other's place (issue 20)
    assert "data/haugiang/2015.csv:4:4: error[non-canonical-number] giá trị '87,5' không viết đúng dạng số chuẩn " \
        "(và 1 dòng khác: data/haugiang/2015.csv:11:4)\n" \
        "    gợi ý: viết 87.5 (dấu chấm thập phân, không dấu phân cách hàng nghìn, không %)\n" in out
    assert "plans/haugiang-kh64.yaml:60:25: error[target-out-of-range] mục tiêu năm 2015: mục tiêu tỷ lệ '200' nằm " \
        "ngoài khoảng 0-100\n" in out
    assert out.endswith("\n3 lỗi trong 2 tệp\n")
    en = run("check", "--lang", "en", cwd=copy).stdout
    assert "data/haugiang/2015.csv:4:4: error[non-canonical-number] the value '87,5' is not written" in en
    assert "    hint: write 87.5" in en
    assert "plans/haugiang-kh64.yaml:60:25: error[target-out-of-range] target 2015: the percent target" in en
    assert en.endswith("\n3 errors in 2 files\n")
    assert "Traceback" not in out + r.stderr


def test_check_json_lists_the_same_problems(copy):
    (copy / "data" / "extra.csv").write_text("indicator,area,period,value\nngoai-ngu-a2,93,2014,abc\n",
                                             encoding="utf-8")
    r = run("check", "--format", "json", cwd=copy)
    assert r.returncode == 1
    (p,) = json.loads(r.stdout)
    assert p == {"severity": "error", "code": "non-canonical-number", "file": "data/extra.csv", "line": 2,
                 "column": 4, "message": "giá trị 'abc' không viết đúng dạng số chuẩn",
                 "hint": "viết bằng chữ số, dấu chấm thập phân; không khoảng trắng, dấu phân cách hay %",
                 "others": 0, "also": []}
    (p,) = json.loads(run("check", "--format", "json", "--lang", "en", cwd=copy).stdout)
    assert (p["code"], p["message"], p["hint"]) == (
        "non-canonical-number", "the value 'abc' is not written as a plain number",
        "write digits with a dot for decimals, no spaces, separators or %")
    (copy / "xhht.toml").write_text('lang = "en"\n', encoding="utf-8")
    (p,) = json.loads(run("check", "--format", "json", cwd=copy).stdout)
    assert p["message"] == "the value 'abc' is not written as a plain number"
    (p,) = json.loads(run("check", "--format", "json", "--lang", "vi", cwd=copy).stdout)
    assert p["message"] == "giá trị 'abc' không viết đúng dạng số chuẩn"


def test_check_a_plan_path_checks_that_plan_and_its_data(copy):
    (copy / "data" / "myduc.csv").write_text("indicator,area,period,value\nngoai-ngu-a2,282,2015,x\n"
                                             "tthtcd-chat-luong-tot,282,2015,y\n", encoding="utf-8")
    hg = run("check", "plans/haugiang-kh64.yaml", "--format", "json", cwd=copy)
    md = run("check", "plans/myduc-kh233.yaml", "--format", "json", cwd=copy)
    # ngoai-ngu-a2 is in both plans; tthtcd-chat-luong-tot only in Mỹ Đức's
    assert [p["line"] for p in json.loads(hg.stdout)] == [2]
    assert [p["line"] for p in json.loads(md.stdout)] == [2, 3]
    assert run("check", "data/myduc.csv", cwd=copy).returncode == 1
    assert run("check", "areas.csv", cwd=copy).returncode == 0


def test_nothing_is_ever_changed(copy, tmp_path):
    (copy / "data" / "bad.csv").write_text("indicator,area\nx,y,z\n", encoding="utf-8")
    before = tree_state(copy)
    run("check", cwd=copy)
    run("check", "--format", "json", cwd=copy)
    run("report", "haugiang-kh64", "--period", "2013-2016", cwd=copy)
    run("status", "haugiang-kh64", cwd=copy)
    assert tree_state(copy) == before


def test_garbage_never_gives_a_traceback(copy):
    rnd = bytes(range(256)) * 4
    (copy / "plans" / "garbage.yaml").write_bytes(rnd)
    (copy / "data" / "garbage.csv").write_bytes(rnd)
    (copy / "plans" / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (copy / "plans" / "empty.yaml").write_text("", encoding="utf-8")
    (copy / "plans" / "deep.yaml").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    (copy / "areas.csv").write_text("code,name,level,parent\n93,A,tinh,930\n930,B,huyen,93\n", encoding="utf-8")
    for args in (["check"], ["check", "--format", "json"], ["report", "haugiang-kh64", "--period", "2015"],
                 ["status", "haugiang-kh64"]):
        r = run(*args, cwd=copy)
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert "Traceback" not in r.stdout + r.stderr
        assert "internal error" not in r.stderr


@pytest.mark.parametrize("args,needle", [
    (["report", "haugiang-kh64", "--period", "20x5"], "2013-2016"),
    (["report", "haugiang-kh64", "--period", "2016-2013"], "viết năm trước trước"),
    (["report", "haugiang-kh64", "--period", "2016-2013", "--lang", "en"], "earlier year first"),
    (["report", "--period", "2015"], "kho có nhiều kế hoạch"),
    (["report", "khong-co", "--period", "2015"], "không có kế hoạch hợp lệ"),
    (["report", "khong-co", "--period", "2015", "--lang", "en"], "no valid plan"),
    (["report", "haugiang-kh64", "--area", "99"], "--area"),
    (["report", "haugiang-kh64", "--format", "odt"], "odt"),
    (["check", "no/such/file.yaml"], "không có tệp hay thư mục này"),
    (["check", "README.md"], "không phải tệp xhht kiểm tra"),
    (["check", "/etc/hostname"], "nằm ngoài kho theo dõi"),
    (["frobnicate"], "Không có lệnh 'frobnicate'"),
    (["frobnicate", "--lang", "en"], "No such command 'frobnicate'"),
])
def test_usage_errors_exit_2(args, needle):
    r = run(*args, cwd=ROOT)
    assert r.returncode == 2 and needle in r.stderr, r.stderr


def test_outside_a_tracker_is_a_usage_error(tmp_path):
    r = run("check", cwd=tmp_path)
    assert r.returncode == 2 and "không có kho theo dõi ở đây" in r.stderr


def test_report_formats_and_output_file(tmp_path):
    md = run("report", "plans/haugiang-kh64.yaml", "--period", "2013-2016", cwd=ROOT)
    assert md.returncode == 0 and "| % | 2015 | 80 | 87 | 108,8% | Vượt |" in md.stdout
    js = run("report", "haugiang-kh64", "--period", "2013..2016", "-f", "json", cwd=ROOT)
    assert json.loads(js.stdout)["summary"]["exceeded"] == 7
    out = tmp_path / "review.html"
    r = run("report", "haugiang-kh64", "--period", "2013-2016", "-f", "html", "-o", str(out), cwd=ROOT)
    assert r.returncode == 0 and r.stdout == "" and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temporary file left behind
    en = run("report", "haugiang-kh64", "--period", "2013-2016", "--lang", "en", cwd=ROOT)
    assert "7 exceeded, 1 met" in en.stdout


def test_report_is_byte_identical_on_two_runs():
    for fmt in ("md", "html", "json"):
        a = run("report", "haugiang-kh64", "--period", "2013-2016", "-f", fmt, cwd=ROOT)
        b = run("report", "haugiang-kh64", "--period", "2013-2016", "-f", fmt, cwd=ROOT)
        assert a.stdout == b.stdout and a.stdout


def test_single_plan_repo_needs_no_plan_argument(tmp_path):
    root = write_repo(tmp_path / "r")
    r = run("report", "--period", "2022", cwd=root)
    assert r.returncode == 0 and "Kế hoạch số 1/KH-TEST" in r.stdout


def test_repository_templates_override(copy):
    (copy / "templates").mkdir()
    (copy / "templates" / "report.md.j2").write_text("Riêng: {{ view.plan.number }}\n", encoding="utf-8")
    r = run("report", "haugiang-kh64", "--period", "2015", cwd=copy)
    assert r.stdout == "Riêng: 64/KH-UBND\n"


def test_report_with_data_errors_still_renders_and_exits_1(copy):
    (copy / "data" / "bad.csv").write_text("indicator,area,period,value\nngoai-ngu-a2,93,2014,3%\n",
                                           encoding="utf-8")
    # and the review itself says so, in every format: a target "without data" may be an error
    md = run("report", "haugiang-kh64", "--period", "2013-2016", cwd=copy).stdout
    assert "Lưu ý: kế hoạch hoặc số liệu của kế hoạch còn 1 lỗi" in md and "xhht check" not in md
    html = run("report", "haugiang-kh64", "--period", "2013-2016", "-f", "html", cwd=copy).stdout
    assert 'class="left-out"' in html
    js = run("report", "haugiang-kh64", "--period", "2013-2016", "-f", "json", cwd=copy).stdout
    assert '"errors_left_out": 1' in js
    assert "còn 1 lỗi" in run("status", "haugiang-kh64", "--period", "2013-2016", cwd=copy).stdout
    r = run("report", "haugiang-kh64", "--period", "2013-2016", cwd=copy)
    assert r.returncode == 1 and "chạy `xhht check`" in r.stderr and "có 08 chỉ tiêu đạt" in r.stdout


def test_a_wrong_setting_is_no_figure_left_out_of_the_review(copy):
    """A wrong [report] setting is an error (exit 1, said on stderr), read as unset: the review does not
    tell its reader that the plan or its figures have errors."""
    (copy / "xhht.toml").write_text('[report]\nplce = "Hậu Giang"\n', encoding="utf-8")
    r = run("report", "haugiang-kh64", "--period", "2013-2016", cwd=copy)
    assert r.returncode == 1 and "xhht.toml có 1 lỗi thiết lập" in r.stderr and "chạy `xhht check`" in r.stderr
    assert "không được tính" not in r.stderr  # the plan and its figures are not blamed
    assert "Lưu ý" not in r.stdout and "có 08 chỉ tiêu đạt" in r.stdout


def test_status_table(tmp_path):
    r = run("status", "haugiang-kh64", "--period", "2013-2016", cwd=ROOT)
    assert r.returncode == 0
    assert "▲ vượt" in r.stdout and "▼ chưa đạt" in r.stdout and "có 08 chỉ tiêu đạt và vượt kế hoạch" in r.stdout


def test_config_sets_the_language(copy):
    (copy / "xhht.toml").write_text('lang = "en"\n', encoding="utf-8")
    r = run("report", "haugiang-kh64", "--period", "2013-2016", cwd=copy)
    assert "Mid-term review" in r.stdout

"""Everything xhht prints in Vietnamese (the default) is Vietnamese, `--lang en` (or `lang = "en"` in
xhht.toml) switches all of it (docs/commands.md; issue 17): help, the parser's own errors, usage
errors, notes and warnings. The language is decided once, before the command line is parsed
(cli/state.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import xhht
from conftest import ROOT, run, write_repo
from xhht.cli.state import decide_lang
from xhht.cli.texts import vi_message

SRC = Path(xhht.__file__).parent
ENGLISH_HELP = ("Show this message", "Usage:", "Options", "Arguments", "[default:", "[required]", "Try '")


@pytest.mark.parametrize("cmd", [[], ["check"], ["report"], ["status"], ["diff"], ["log"], ["schema"], ["init"],
                                 ["form"], ["import"], ["areas"], ["areas", "show"], ["areas", "import"]])
def test_help_is_vietnamese_by_default_and_english_with_lang_en(tmp_path, cmd):
    vi = run(*cmd, "--help", cwd=tmp_path)
    assert vi.returncode == 0 and "Cách dùng: xhht" in vi.stdout and "Hiện hướng dẫn này rồi thoát." in vi.stdout
    assert [w for w in ENGLISH_HELP if w in vi.stdout] == [], vi.stdout
    en = run(*cmd, "--help", "--lang", "en", cwd=tmp_path)
    assert en.returncode == 0 and "Usage: xhht" in en.stdout and "Show this message and exit." in en.stdout
    assert "Cách dùng" not in en.stdout and "Hiện hướng dẫn" not in en.stdout


def test_the_help_of_every_command_is_worded_in_the_language(tmp_path):
    vi = run("check", "--help", cwd=tmp_path).stdout
    assert "Kiểm tra kế hoạch, đơn vị hành chính, số liệu" in vi and "Tùy chọn" in vi and "Đối số" in vi
    assert "Validate plans" not in vi
    en = run("check", "--help", "--lang=en", cwd=tmp_path).stdout
    assert "Validate plans, areas, data" in en and "Kiểm tra kế hoạch" not in en
    init = run("init", "--help", cwd=tmp_path).stdout
    assert "[bắt buộc]" in init and "[mặc định: git]" in init


def test_xhht_toml_words_the_help_and_the_parser_errors(tmp_path):
    root = write_repo(tmp_path / "repo")
    (root / "xhht.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert "Usage: xhht check" in run("check", "--help", cwd=root).stdout
    r = run("check", "--nope", cwd=root)
    assert r.returncode == 2 and "No such option: --nope" in r.stderr
    assert "Cách dùng" in run("check", "--help", "--lang", "vi", cwd=root).stdout  # --lang wins over the file
    (root / "xhht.toml").write_text('lang = "fr"\n', encoding="utf-8")  # invalid: no answer, Vietnamese
    assert "Cách dùng" in run("check", "--help", cwd=root).stdout


@pytest.mark.parametrize("args,vi,en", [
    (["check", "--nope"], "Không có tùy chọn --nope", "No such option: --nope"),
    (["check", "--strik"], "Không có tùy chọn --strik (có phải là: --strict?)", "No such option: --strik"),
    (["report", "-f", "odt"], "Giá trị không hợp lệ cho '--format' / '-f': 'odt' không phải một trong các giá trị "
                              "'md', 'html', 'json', 'docx', 'xlsx', 'pdf'.", "Invalid value for '--format' / '-f'"),
    (["form"], "Thiếu đối số 'PLAN'.", "Missing argument 'PLAN'."),
    (["form", "x"], "Thiếu tùy chọn '--year'.", "Missing option '--year'."),
    (["form", "x", "--year", "abc", "-o", "f.xlsx"], "Giá trị không hợp lệ cho '--year': phải là một số nguyên.",
     "Invalid value for '--year'"),
    (["frobnicate"], "Không có lệnh 'frobnicate'.", "No such command 'frobnicate'."),
    (["report", "--period"], "Tùy chọn '--period' cần một giá trị.", "Option '--period' requires an argument."),
    (["check", "--strict=1"], "Tùy chọn '--strict' không nhận giá trị.", "Option '--strict' does not take a value."),
    (["report", "a", "b"], "Thừa đối số (b)", "Got unexpected extra argument"),
    (["check", "--lang", "fr"], "'fr' không phải một trong các giá trị 'vi', 'en'.", "'fr' is not one of 'vi', 'en'."),
])
def test_parser_errors_are_vietnamese_and_english_with_lang_en(tmp_path, args, vi, en):
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2 and " ".join(vi.split()) in " ".join(r.stderr.replace("│", " ").split()), r.stderr
    assert "─ Lỗi ─" in r.stderr
    if args[-1] not in ("--period", "--strict=1"):  # (the parser has no command yet: no usage line)
        assert "Cách dùng: xhht" in r.stderr and "Xem hướng dẫn" in r.stderr
    assert "Usage:" not in r.stderr and "Try '" not in r.stderr and "─ Error ─" not in r.stderr
    if "--lang" in args:
        return
    r = run(*args, "--lang", "en", cwd=tmp_path) if args[-1] != "--period" else run("--lang", "en", *args, cwd=tmp_path)
    assert r.returncode == 2 and en in " ".join(r.stderr.replace("│", " ").split()), r.stderr


@pytest.mark.parametrize("args,vi,en", [
    (["report", "-o", "plans/x.md"], "là tệp đầu vào của kho (plans/)", "is the repository's input (plans/)"),
    (["form", "demo", "--year", "1999", "-o", "f.xlsx"], "không có chỉ tiêu năm 1999", "has no target in 1999"),
    (["areas", "show", "99999"], "mã '99999' không có trong areas.csv", "the code '99999' is not in areas.csv"),
    (["import", "no-such.xlsx"], "no-such.xlsx: không có tệp này", "no-such.xlsx: no such file"),
    (["diff", "nosuchrev"], "không nằm trong một kho git", "is not in a git repository"),
    (["init", "plans"], "không trống", "is not empty"),
])
def test_usage_errors_are_vietnamese_and_english_with_lang_en(repo, args, vi, en):
    r = run(*args, cwd=repo)
    assert r.returncode == 2 and r.stderr.startswith("xhht: ") and vi in r.stderr, r.stderr
    r = run(*args, "--lang", "en", cwd=repo)
    assert r.returncode == 2 and en in r.stderr, r.stderr


def test_status_overview_and_log_speak_the_language_asked():
    """The two bugs the issue measured: in a repository of several plans, `status --period 2016-2013
    --lang vi` worded the period error in English; `log nosuch --lang vi` answered in English."""
    example = ROOT / "examples" / "tinh-mau"
    vi = "xhht: --period: '2016-2013' có năm kết thúc trước năm bắt đầu: viết năm trước trước\n"
    en = "xhht: --period: '2016-2013' ends before it starts: write the earlier year first\n"
    r = run("status", "--period", "2016-2013", "--lang", "vi", cwd=example)
    assert r.returncode == 2 and r.stderr == vi
    r = run("status", "--period", "2016-2013", "--lang", "en", cwd=example)
    assert r.returncode == 2 and r.stderr == en
    r = run("status", "tinh-mau-kh10", "--period", "2016-2013", cwd=example)  # the same helper for one plan
    assert r.stderr == vi
    r = run("log", "nosuch", "--lang", "vi", cwd=ROOT)
    assert r.returncode == 2 and r.stderr.startswith("xhht: không có chỉ tiêu 'nosuch'")


def test_the_note_of_init_and_the_warning_of_a_comparison_are_worded(tmp_path, repo):
    r = run("init", "moi", "--no-git", cwd=tmp_path)
    assert r.returncode == 0 and "Đã tạo kho theo dõi mới tại moi" in r.stdout and "Bước tiếp theo:" in r.stdout
    r = run("init", "new", "--no-git", "--lang", "en", cwd=tmp_path)
    assert r.returncode == 0 and "A new tracker repository in new" in r.stdout and "Next:" in r.stdout
    (repo / "data" / "bad.csv").write_text("indicator,area,period,value\nti-le,90,2021,abc\n", encoding="utf-8")
    r = run("report", cwd=repo)
    assert r.returncode == 1 and "cảnh báo: 1 lỗi trong kế hoạch hoặc số liệu" in r.stderr
    r = run("report", "--lang", "en", cwd=repo)
    assert "warning: 1 error(s) in the plan or its data" in r.stderr


def test_decide_lang(tmp_path):
    assert decide_lang(["check", "--lang", "en"], tmp_path) == ("en", True)
    assert decide_lang(["check", "--lang=en"], tmp_path) == ("en", True)
    assert decide_lang(["check", "--lang", "fr"], tmp_path) == ("vi", False)
    assert decide_lang(["check"], tmp_path) == ("vi", False)
    root = write_repo(tmp_path / "r")
    (root / "xhht.toml").write_text('lang = "en"\n', encoding="utf-8")
    (root / "plans" / "sub").mkdir()
    assert decide_lang(["check"], root / "plans" / "sub") == ("en", False)  # the repository around the folder
    assert decide_lang(["check", "--lang", "vi"], root) == ("vi", True)
    (root / "xhht.toml").write_text('lang = "en"\n[[[', encoding="utf-8")
    assert decide_lang(["check"], root) == ("vi", False)  # an invalid file gives no answer
    (root / "xhht.toml").write_bytes(b'lang = "en"\n\xff')
    assert decide_lang(["check"], root) == ("vi", False)


def test_every_click_message_has_its_vietnamese():
    assert vi_message("No such option: --x") == "Không có tùy chọn --x"
    assert vi_message("No such option: --x (Possible options: --xa, --xb)") == \
        "Không có tùy chọn --x (có phải là: --xa, --xb?)"
    assert vi_message("No such option: --x Did you mean --xa?") == "Không có tùy chọn --x (có phải là: --xa?)"
    assert vi_message("Invalid value for '--f': 'x' is not one of 'a', 'b'.") == \
        "Giá trị không hợp lệ cho '--f': 'x' không phải một trong các giá trị 'a', 'b'."
    assert vi_message("Invalid value for '--f': 'x' is not 'a'.") == \
        "Giá trị không hợp lệ cho '--f': 'x' không phải 'a'."
    assert vi_message("Invalid value for '--y': 'x' is not a valid integer.") == \
        "Giá trị không hợp lệ cho '--y': phải là một số nguyên."
    assert vi_message("Missing argument 'PLAN'.") == "Thiếu đối số 'PLAN'."
    assert vi_message("Missing option '--year'.") == "Thiếu tùy chọn '--year'."
    assert vi_message("Got unexpected extra arguments (a b)") == "Thừa đối số (a b)"
    assert vi_message("Missing command.") == "Thiếu lệnh."
    assert vi_message("Option '--o' requires 2 arguments.") == "Tùy chọn '--o' cần 2 giá trị."
    assert vi_message("Something click never said") == "Something click never said"  # kept, never lost


def test_every_usage_error_is_worded_in_both_languages():
    """A UsageError (and the errors that are one: GitError, ScaffoldError) and a TableError are made
    with both wordings; a single text would be printed in English to a Vietnamese reader."""
    kinds = {"UsageError", "GitError", "ScaffoldError", "TableError", "WordedError", "_missing"}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in kinds and len(node.args) + len(node.keywords) < 2:
                    found.append(f"{path}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert found == []

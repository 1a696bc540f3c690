"""Report text files (reports/*.md, CONTRACT section 11): the front matter read like a plan file,
the seven sections, the Markdown subset read as spans of text (never markup), `[report]` in
xhht.toml, and `xhht check` on them. The repositories and texts here are SYNTHETIC."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import run, write_repo
from xhht.load.config import parse
from xhht.load.report_text import load_report_text, spans
from xhht.model.report_text import Span
from xhht.repo import load_repo

FRONT = "---\nplan: demo\nperiod: 2020-2022\nbody: Sở Giáo dục và Đào tạo\n---\n"


def codes_lines(text: str) -> list[tuple[str, int]]:
    _, problems = load_report_text(text, "reports/x.md")
    return [(p.code, p.line) for p in problems]


def test_front_matter_and_sections_are_read():
    text = FRONT.replace("---\n", "---\nnumber: \"   /BC-SGDĐT\"\ndate: 2016-01-22\n", 1) + (
        "## Công tác chỉ đạo, triển khai\nSở đã **tham mưu** cho\nUBND tỉnh.\n\n- một;\n- hai.\n"
        "## kết quả  khác:\n### Tiểu mục\n1. Thứ nhất\n2. Thứ hai\n")
    report, problems = load_report_text(text, "reports/x.md")
    assert problems == []
    assert (report.plan, report.start, report.end, report.number) == ("demo", 2020, 2022, "   /BC-SGDĐT")
    assert str(report.date) == "2016-01-22" and report.body == "Sở Giáo dục và Đào tạo"
    direction = report.section("direction")
    assert [(b.kind, b.text, b.line) for b in direction.blocks] == [
        ("paragraph", "Sở đã tham mưu cho UBND tỉnh.", 9), ("item", "một;", 12), ("item", "hai.", 13)]
    assert direction.blocks[0].spans[1] == Span(text="tham mưu", bold=True)
    other = report.section("other_results")  # case, spacing and a final colon do not matter
    assert [(b.kind, b.text) for b in other.blocks] == [("subheading", "Tiểu mục"), ("paragraph", "1. Thứ nhất"),
                                                        ("paragraph", "2. Thứ hai")]
    assert report.section("causes") is None


@pytest.mark.parametrize("text,expected", [
    ("## Nguyên nhân\nx\n", [("report-front-matter", 1)]),
    ("---\nplan: demo\n", [("report-front-matter", 1)]),
    ("---\n- a\n---\n", [("report-front-matter", 2)]),
    ("---\nplan: demo\nperiod: 2020\nsigner: {title: PGĐ, nmae: A}\n---\n", [("unknown-key", 4)]),
    ("---\nperiod: 2020\n---\n", [("missing-key", 2)]),
    ("---\nplan: demo\nperiod: 2022-2020\n---\n", [("bad-period", 3)]),
    ("---\nplan: demo\nperiod: 2020\ndate: 22/01/2016\n---\n", [("wrong-type", 4)]),
    (FRONT + "## Kết quả khac\nx\n## Nguyên nhân\ny\n", [("report-unknown-section", 6)]),
    (FRONT + "# Nguyên nhân\nx\n", [("report-heading-level", 6)]),
    (FRONT + "## Nguyên nhân\nx\n\n## nguyên nhân\ny\n", [("report-duplicate-section", 9)]),
    (FRONT + "## Nhiệm vụ, giải pháp\nx\n## Nguyên nhân\ny\n", [("report-section-order", 8)]),
    (FRONT + "Kính gửi: UBND tỉnh\n\n## Nguyên nhân\nx\n", [("report-text-outside", 6)]),
])
def test_each_fault_at_its_line(text, expected):
    assert codes_lines(text) == expected


def test_an_unknown_key_and_a_heading_get_a_did_you_mean():
    _, problems = load_report_text("---\nplan: demo\nperiod: 2020\nrecipient: [a]\n---\n## Kiến nghị đề xuất\nx\n",
                                   "reports/x.md")
    assert [p.params.get("guess") for p in problems] == ["recipients", "Kiến nghị, đề xuất"]
    assert problems[0].params["report"] is True  # worded for a report text file, not a plan file


def test_the_text_under_a_refused_heading_is_in_no_section():
    report, _ = load_report_text(FRONT + "## Ghi chú\nbí mật\n## Nguyên nhân\nx\n", "reports/x.md")
    assert [s.key for s in report.sections] == ["causes"]
    assert all("bí mật" not in b.text for s in report.sections for b in s.blocks)


def test_emphasis_and_escapes_are_read_as_spans_and_the_rest_is_text():
    assert spans("a **b *c* d** e") == (Span(text="a "), Span(text="b ", bold=True),
                                          Span(text="c", bold=True, italic=True), Span(text=" d", bold=True),
                                          Span(text=" e"))
    assert spans(r"5 * 3, file_name_x, \*x\*, **mở") == (Span(text="5 * 3, file_name_x, *x*, **mở"),)
    html = "<b>x</b> [link](http://e.vn) | a | {{ view }}"
    assert spans(html) == (Span(text=html),)  # data, never markup


def test_the_text_is_nfc_as_every_input(tmp_path):
    root = write_repo(tmp_path / "r")
    decomposed = unicodedata.normalize("NFD", FRONT + "## Nguyên nhân\nKhó khăn về kinh phí.\n")
    (root / "reports").mkdir()
    (root / "reports" / "x.md").write_text(decomposed, encoding="utf-8")
    report = load_repo(root).reports["reports/x.md"]
    assert report.section("causes").blocks[0].text == unicodedata.normalize("NFC", "Khó khăn về kinh phí.")


def test_report_settings_in_xhht_toml_are_validated():
    settings, faults = parse('[report]\nbody = "Sở Giáo dục và Đào tạo"\nplace = 3\nrecipients = ["a", "b"]\n'
                             'colour = "x"\n[report.signer]\ntitle = "PHÓ GIÁM ĐỐC"\nnmae = "A"\n')
    assert settings == {"report": {"body": "Sở Giáo dục và Đào tạo", "recipients": ("a", "b"),
                                   "signer": {"title": "PHÓ GIÁM ĐỐC"}}}
    assert [(code, p["key"]) for code, p in faults] == [("bad-setting", "report.place"),
                                                          ("unknown-setting", "report.colour"),
                                                          ("unknown-setting", "report.signer.nmae")]
    assert parse('report = "x"\n')[1][0][0] == "bad-setting"
    assert parse('[report]\nbody = "' + "x" * 501 + '"\n')[1][0][0] == "bad-setting"


def test_a_wrong_setting_of_xhht_toml_is_placed_at_its_key(tmp_path):
    """Each fault of xhht.toml at the line and column of its key (a table header, a dotted key, a
    key inside an inline table), an unknown key with its did-you-mean, a syntax error where TOML's
    reader found it; not all at line 1."""
    from xhht.load.config import read_config

    (tmp_path / "xhht.toml").write_text(
        'lang = "vi"\n\n[report]\nbody = "Sở"\nplace = 3\n  recipints = ["a"]\nsigner = { title = "X", nmae = "A" }\n'
        '[report.signr]\n', encoding="utf-8")
    _, problems = read_config(tmp_path)
    assert [(p.code, p.params["key"], p.line, p.column, p.params.get("guess")) for p in problems] == [
        ("bad-setting", "report.place", 5, 1, None), ("unknown-setting", "report.recipints", 6, 3, "recipients"),
        ("unknown-setting", "report.signer.nmae", 7, 25, "name"),
        ("unknown-setting", "report.signr", 8, 2, "signer")]
    assert problems[1].hint == "có phải ý là `recipients`?"
    (tmp_path / "xhht.toml").write_text('[report]\nbody = "Sở"\nsigner.authorty = "KT"\n', encoding="utf-8")
    assert [(p.params["key"], p.line) for p in read_config(tmp_path)[1]] == [("report.signer.authorty", 3)]
    (tmp_path / "xhht.toml").write_text('lang = "vi"\n[report]\nbody =\n', encoding="utf-8")
    assert [(p.code, p.line) for p in read_config(tmp_path)[1]] == [("config-syntax", 3)]


def test_check_finds_report_problems_with_file_line_and_did_you_mean(tmp_path):
    root = write_repo(tmp_path / "r")
    (root / "reports").mkdir()
    (root / "reports" / "a.md").write_text(FRONT.replace("plan: demo", "plan: dmeo"), encoding="utf-8")
    (root / "reports" / "b.md").write_text(FRONT.replace("2020-2022", "2030"), encoding="utf-8")
    (root / "reports" / "README.md").write_text("# Lời văn các báo cáo\n", encoding="utf-8")  # not a report text
    r = run("check", cwd=root)
    assert r.returncode == 1
    assert "reports/a.md:2:7: error[report-unknown-plan] không có kế hoạch `dmeo` trong kho" in r.stdout
    assert "có phải ý là `demo`?" in r.stdout
    assert "reports/b.md:3:9: error[report-period]" in r.stdout and "README" not in r.stdout
    assert {(p.code, p.file) for p in load_repo(root).problems} == {("report-unknown-plan", "reports/a.md"),
                                                                     ("report-period", "reports/b.md")}
    one = run("check", "reports/b.md", cwd=root)
    assert one.returncode == 1 and "reports/a.md" not in one.stdout and "reports/b.md" in one.stdout
    assert run("check", "reports/README.md", cwd=root).returncode == 0


def test_a_report_text_too_large_is_not_read(tmp_path):
    root = write_repo(tmp_path / "r")
    (root / "reports").mkdir()
    (root / "reports" / "x.md").write_text(FRONT + "## Nguyên nhân\n" + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    repo = load_repo(root)
    assert [p.code for p in repo.problems if p.file == "reports/x.md"] == ["too-large"]
    assert repo.reports == {}


def test_reports_are_never_written_onto(tmp_path):
    root = write_repo(tmp_path / "r")
    (root / "reports").mkdir()
    target = root / "reports" / "x.md"
    target.write_text(FRONT, encoding="utf-8")
    r = run("report", "-o", "reports/x.md", cwd=root)
    assert r.returncode == 2 and target.read_text(encoding="utf-8") == FRONT
    assert run("report", "-o", "standards/x.md", cwd=root).returncode == 2

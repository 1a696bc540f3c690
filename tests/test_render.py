"""Rendering: snapshots of the real Hậu Giang review in Markdown and HTML, the JSON contract,
English, and template overrides. Set XHHT_UPDATE_SNAPSHOTS=1 to rewrite the snapshots."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import ROOT
from xhht.judge.compare import compare
from xhht.present.render import render
from xhht.repo import load_repo

SNAPSHOTS = Path(__file__).parent / "snapshots"


def hg_review(lang="vi", fmt="md", templates=None):
    repo = load_repo(ROOT)
    rv = compare(repo.plans["haugiang-kh64"], repo.values, repo.areas, 2013, 2016)
    return render(rv, repo.areas, fmt, lang, templates)


@pytest.mark.parametrize("name,lang,fmt", [("haugiang-2013-2016.md", "vi", "md"),
                                           ("haugiang-2013-2016.en.md", "en", "md"),
                                           ("haugiang-2013-2016.html", "vi", "html"),
                                           ("haugiang-2013-2016.json", "vi", "json")])
def test_snapshot(name, lang, fmt):
    out = hg_review(lang, fmt)
    path = SNAPSHOTS / name
    if os.environ.get("XHHT_UPDATE_SNAPSHOTS"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_markdown_reads_like_the_review():
    md = hg_review()
    assert md.startswith("# BÁO CÁO\n\n**Sơ kết giai đoạn 2013 - 2016 thực hiện Kế hoạch số 64/KH-UBND ngày 12/8/2013 "
                         "của UBND tỉnh Hậu Giang**\n\nThực hiện Kế hoạch số 64/KH-UBND ngày 12/8/2013 của UBND tỉnh "
                         "Hậu Giang về thực hiện Đề án “Xây dựng xã hội học tập giai đoạn 2012 - 2020” trên địa bàn")
    assert "Trong 14 chỉ tiêu, có 08 chỉ tiêu đạt và vượt kế hoạch (vượt 07, đạt 01), 06 chỉ tiêu chưa đạt." in md
    assert ("| TT | Nội dung | Đơn vị tính | Năm | Kế hoạch | Thực hiện | So với kế hoạch | Đánh giá |\n"
            "|:---:|---|:---:|:---:|---:|---:|---:|:---:|\n| | **1. Xóa mù chữ và phổ cập giáo dục** |") in md
    assert "| 3 | Cán bộ, công chức, viên chức tham gia các chương trình" in md and "| % | 2015 | 80 | 87 | 108,8% | Vượt |" in md
    assert ("- Cán bộ, công chức, viên chức có trình độ ngoại ngữ bậc 2: năm 2015 thực hiện 3%, kế hoạch 20%, đạt 15% kế "
            "hoạch, còn thiếu 17 điểm phần trăm;") in md
    missed = md.split("## II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")[1]
    assert missed.index("ngoại ngữ bậc 2") < missed.index("bậc 3")  # farthest behind first
    assert md.count("## ") == 4 and "## III." not in md  # no text file: only the parts with content
    for word in ("xhht", "data/", "areas.csv", "plans/", "Nguồn: số liệu"):  # no tool's words in the text
        assert word not in md


def test_english():
    md = hg_review("en")
    assert "Of the 14 targets, 8 were met or exceeded (7 exceeded, 1 met), 6 missed." in md
    assert "| % | 2015 | 80 | 87 | 108.8% | Exceeded |" in md and "# REPORT" in md


def test_json_follows_the_contract():
    data = json.loads(hg_review(fmt="json"))
    assert set(data) >= {"plan", "period", "results", "distributions", "summary"}
    assert data["plan"]["number"] == "64/KH-UBND"
    assert data["period"] == {"start": 2013, "end": 2016}
    a2 = next(r for r in data["results"] if r["indicator"] == "ngoai-ngu-a2")
    assert {k: a2[k] for k in ("area", "year", "scope", "target", "comparator", "actual", "as_of", "status",
                               "gap", "ratio")} == {
        "area": "93", "year": 2015, "scope": None, "target": 20, "comparator": ">=", "actual": 3,
        "as_of": 2015, "status": "missed", "gap": -17, "ratio": 0.15}
    assert data["summary"] == {"exceeded": 7, "met": 1, "missed": 6, "no_data": 0,
                               "on_track": 0, "off_track": 0, "not_due": 0, "not_applicable": 0}


def test_html_is_self_contained_and_escaped():
    html = hg_review(fmt="html")
    for remote in ("http://", "https://", "<script", "<link", "@import", "src="):
        assert remote not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<svg" in html and "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in html
    assert "“Xây dựng xã hội học tập giai đoạn 2012 - 2020”" in html  # the title's quotes, as printed


def test_repository_templates_override_by_file_name(tmp_path):
    (tmp_path / "report.md.j2").write_text("{{ view.plan.number }}: {{ view.summary.missed }} chưa đạt\n",
                                           encoding="utf-8")
    assert hg_review(templates=tmp_path) == "64/KH-UBND: 6 chưa đạt\n"


def test_output_is_deterministic():
    assert hg_review(fmt="html") == hg_review(fmt="html")


def test_markdown_escapes_text_from_files(tmp_path):
    """A name with a newline cannot inject a heading, `|` cannot break a table, `[x](y)` is no link."""
    from conftest import run, write_repo

    plan = """\
id: p
title: "Kế hoạch *thử* <b>in</b>"
document: {number: 1/KH-X, issuer: X}
area: "90"
period: 2020-2022
groups:
  - code: a
    title: "Nhóm | một"
    indicators:
      - id: ti-le
        name: "Tỷ lệ\\n# Tiêu đề giả [link](http://e.vn) _x_"
        unit: percent
        targets: {2021: 50}
"""
    root = write_repo(tmp_path / "r", plans={"p.yaml": plan},
                      data={"d.csv": "indicator,area,period,value\nti-le,90,2021,60\n"})
    md = run("report", cwd=root).stdout
    assert "\n# Tiêu đề giả" not in md
    assert "Tỷ lệ # Tiêu đề giả \\[link\\](http://e.vn) \\_x\\_" in md
    assert "Nhóm \\| một" in md and "\\*thử\\* \\<b\\>in\\</b\\>" in md
    html = run("report", "-f", "html", cwd=root).stdout
    assert "<b>in</b>" not in html and "&lt;b&gt;in&lt;/b&gt;" in html


def test_document_kind_from_the_number_or_the_plan():
    from xhht.present.fmt import document_kind

    assert document_kind("387/QĐ-TTg") == "Quyết định"
    assert document_kind("64/KH-UBND") == "Kế hoạch"
    assert document_kind("29-NQ/TW") == "Nghị quyết"
    assert document_kind("08/CTr-UBND") == "Chương trình"
    assert document_kind("12/2014", "Đề án") == "Đề án"


def test_the_overview_counts_as_officials_write_and_says_plainly_when_nothing_can_be_judged():
    from xhht.base.kinds import Status
    from xhht.present.fmt import overview

    summary = {s: 0 for s in Status}
    assert overview({**summary, Status.NOT_DUE: 5}) == [
        "Trong giai đoạn chưa có chỉ tiêu nào đến hạn.",
        "Có 05 chỉ tiêu của các năm sau chưa có đủ số liệu để đánh giá tiến độ."]
    assert overview({**summary, Status.MET: 1, Status.ON_TRACK: 2, Status.NOT_DUE: 1})[1] == (
        "Có 03 chỉ tiêu chưa có số liệu của năm đặt chỉ tiêu, được đánh giá theo tiến độ: 02 đúng tiến độ, "
        "01 chưa đủ số liệu để đánh giá.")
    assert overview({**summary, Status.NOT_DUE: 2}, "en")[1] == (
        "2 targets of later years have too few figures yet to judge progress.")

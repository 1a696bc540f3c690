"""A review of another area (CONTRACT 6): `report --area U` of a unit below the plan's area judges
U on its own figures against what the plan asks of it, each result with its `basis`; totals of the
whole area do not apply to U and are listed apart; targets of levels above U are left out.
On examples/tinh-mau (a SYNTHETIC province, every figure made up) and small synthetic repositories."""

from __future__ import annotations

import json

from conftest import ROOT, run, write_repo

EXAMPLE = ROOT / "examples" / "tinh-mau"


def report(*args, cwd=EXAMPLE):
    out = run("report", *args, cwd=cwd)
    assert out.returncode == 0, out.stderr
    return out.stdout


def results(*args, cwd=EXAMPLE) -> dict:
    data = json.loads(report(*args, "-f", "json", cwd=cwd))
    return {(r["indicator"], r["year"], r["scope"]): r for r in data["results"]}


def test_a_commune_is_judged_on_its_own_figures_against_what_the_plan_asks_of_it():
    got = results("tinh-mau-kh10", "--area", "99101", "--period", "2018")
    assert {k: (r["basis"], r["status"]) for k, r in got.items()} == {
        # "08 xã đạt 97% trở lên": the commune's own 98,98% against 97; the province's own 98,5% target of
        # the same year is left out (the subunits target of the commune's level says what it must reach)
        ("biet-chu-15-60", 2018, "xa"): ("reference", "exceeded"),
        ("biet-chu-15-60", 2020, None): ("reference", "on_track"),       # the province's 99%: a yardstick
        ("pho-cap-thcs", 2018, "xa"): ("each_unit", "met"),              # "100% xã": asked of every commune
        ("hoc-vien-tthtcd", 2018, None): ("reference", "not_applicable"),  # a total of the province
        ("cong-dong-hoc-tap", 2018, "xa"): ("reference", "met"),         # its own rating against ">= Khá"
        ("cong-dong-hoc-tap", 2020, "xa"): ("reference", "on_track"),
    }  # xhht-muc-do (targets on districts) does not concern a commune: left out
    rating = got[("cong-dong-hoc-tap", 2018, "xa")]
    assert (rating["actual"], rating["target"], rating["comparator"], rating["toward"]) == (
        "Khá", "Khá", ">=", {"measure": "share", "value": 60})
    total = got[("hoc-vien-tthtcd", 2018, None)]
    assert total["reason"] == "Chỉ tiêu tính trên tổng số của toàn tỉnh, không áp dụng cho từng xã, thị trấn."
    assert total["actual"] is None


def test_the_commune_review_in_words():
    md = report("tinh-mau-kh10", "--area", "99101", "--period", "2018")
    assert ("| 2 | Phổ cập giáo dục trung học cơ sở *(chỉ tiêu đối với từng xã, thị trấn: 100% xã, thị trấn đạt chuẩn)* |  | 2018 | "
            "đạt chuẩn | đạt chuẩn |  | Đạt |") in md
    assert ("| 1 | Người trong độ tuổi 15-60 biết chữ *(góp vào chỉ tiêu 08 xã, thị trấn đạt 97% trở lên)* | % | 2018 | "
            "97 trở lên | 98,98 | 102% | Vượt |") in md
    assert "| Người trong độ tuổi 15-60 biết chữ *(so với chỉ tiêu chung của tỉnh)* | 2020 |" in md  # a target ahead
    judged, apart = md.split("Các chỉ tiêu không áp dụng:")
    assert "Lượt người học" not in judged.split("### 1. Kết quả thực hiện các chỉ tiêu")[1]
    assert ("- Lượt người học tại các trung tâm học tập cộng đồng, 2018: chỉ tiêu tính trên tổng số của toàn tỉnh, "
            "không áp dụng cho từng xã, thị trấn.") in apart
    assert "Có 01 chỉ tiêu là tổng số của toàn tỉnh, không áp dụng riêng cho từng xã, thị trấn." in judged
    # the commune's own count is a figure followed, not dropped
    assert "| 1 | Lượt người học tại các trung tâm học tập cộng đồng | 2018 | 1.400 |" in apart.split("### 2. Kết quả khác")[1]
    assert "Mức độ xây dựng xã hội học tập cấp huyện" not in md
    en = report("tinh-mau-kh10", "--area", "99101", "--period", "2018", "--lang", "en")
    assert "*(a target for each commune: 100% of communes meeting the standard)*" in en
    assert "counts toward the target of 8 communes reaching 97% or better" in en
    assert "Targets that are totals of the whole province, not targets for each commune: 1." in en
    assert "A total of the whole province, not a target for each commune." in en
    html = report("tinh-mau-kh10", "--area", "99101", "--period", "2018", "-f", "html")
    assert "<i> (chỉ tiêu đối với từng xã, thị trấn: 100% xã, thị trấn đạt chuẩn)</i>" in html
    assert "Các chỉ tiêu không áp dụng:" in html


def test_a_district_counts_shares_over_its_own_communes():
    got = results("tinh-mau-kh10", "--area", "991", "--period", "2018")
    assert {k: (r["basis"], r["status"]) for k, r in got.items() if k[1] == 2018} == {
        ("biet-chu-15-60", 2018, None): ("reference", "exceeded"),       # rolled up from its communes
        ("biet-chu-15-60", 2018, "xa"): ("reference", "not_applicable"),  # "8 xã": a count across the province
        ("pho-cap-thcs", 2018, "xa"): ("reference", "met"),              # 100% of its own 3 communes
        ("hoc-vien-tthtcd", 2018, None): ("reference", "not_applicable"),
        ("cong-dong-hoc-tap", 2018, "xa"): ("reference", "exceeded"),
        ("xhht-muc-do", 2018, "huyen"): ("reference", "met"),           # its own level against ">= 2"
    }
    share = got[("pho-cap-thcs", 2018, "xa")]
    assert (share["actual"], share["units"]) == (100, 3)
    assert got[("biet-chu-15-60", 2018, "xa")]["reason"] == (
        "Chỉ tiêu tính trên tổng số xã, thị trấn của toàn tỉnh, không áp dụng cho từng huyện.")
    md = report("tinh-mau-kh10", "--area", "991", "--period", "2018")
    assert "*(tính trên các xã, thị trấn của huyện này, so với chỉ tiêu chung của tỉnh; 03/03 đơn vị cấp xã đạt)*" in md
    assert "| Mức độ xây dựng xã hội học tập cấp huyện *(góp vào chỉ tiêu 03 huyện đạt mức độ 2 trở lên)* |" in md


def test_the_plans_own_area_is_judged_on_its_own_basis():
    data = json.loads(report("tinh-mau-kh10", "--period", "2018", "-f", "json"))
    assert {r["basis"] for r in data["results"]} == {"own"}
    assert json.loads(report("tinh-mau-kh10", "--area", "99", "--period", "2018", "-f", "json")) == data
    assert "so với chỉ tiêu chung" not in report("tinh-mau-kh10", "--period", "2018")


NATIONAL = """\
id: qg
title: Chương trình thử (synthetic)
document: {number: 1/QĐ-TTg, issuer: Thủ tướng Chính phủ}
area: "VN"
period: 2021-2025
groups:
  - code: "1"
    title: Mô hình học tập
    indicators:
      - id: gia-dinh
        name: Gia đình học tập
        unit: percent
        targets: {2025: 70}
      - id: tthtcd
        name: Trung tâm học tập cộng đồng hoạt động hiệu quả
        unit: count
        targets: {2025: 10000}
"""


def test_a_national_plan_read_for_a_province(tmp_path):
    root = write_repo(tmp_path / "r", plans={"qg.yaml": NATIONAL},
                      areas="code,name,level,parent\nVN,Việt Nam,quocgia,\n22,Tỉnh Thử,tinh,VN\n",
                      data={"d.csv": "indicator,area,period,value\ngia-dinh,22,2025,72\ntthtcd,22,2025,120\n"})
    got = results("--area", "22", "--period", "2025", cwd=root)
    assert {k: (r["basis"], r["status"]) for k, r in got.items()} == {
        ("gia-dinh", 2025, None): ("reference", "exceeded"), ("tthtcd", 2025, None): ("reference", "not_applicable")}
    md = report("--area", "22", "--period", "2025", cwd=root)
    assert "Kết quả cụ thể, so với chỉ tiêu chung của cả nước, như sau:" in md  # said once for every row
    assert "chỉ tiêu tính trên tổng số của cả nước, không áp dụng cho từng tỉnh." in md


def test_status_shows_the_basis(tmp_path):
    out = run("status", "tinh-mau-kh10", "--area", "99101", "--period", "2018", cwd=EXAMPLE).stdout
    text = " ".join(out.split())
    assert "Chỉ tiêu đối với từng xã, thị trấn: 100% xã, thị trấn đạt chuẩn." in text
    assert "⊘ không áp dụng" in out and "không còn áp dụng" not in out


def test_a_code_kept_by_a_new_commune_is_the_new_commune_in_a_review_after_the_reform(tmp_path):
    """--area of a code that named an old commune and, from 1/7/2025, the new one that kept it: a review
    of 2026 is of the new commune, on its 2026 figures (it named the old one, and found no figure, before),
    and says what the scorecard of 2026 says of it. SYNTHETIC units of tests/test_reform.py."""
    from test_collecting import PLAN
    from test_reform import AREAS, CHANGES

    data = ("indicator,area,period,value,source\n"
            "biet-chu,90101,2024,90,synthetic (Xã Bắc A)\n"
            "biet-chu,90101,2026,97,synthetic (Xã Bắc Mới)\n"
            "dat-chuan,90101,2026,yes,synthetic (Xã Bắc Mới)\n")
    root = write_repo(tmp_path / "tinh", plans={"tinh.yaml": PLAN}, areas=AREAS, data={"d.csv": data})
    (root / "area-changes.csv").write_text(CHANGES, encoding="utf-8")
    text = report("tinh-dong", "--area", "90101", "--period", "2026", cwd=root)
    assert "trên địa bàn xã Bắc Mới" in text and "Bắc A" not in text.split("##")[0]
    got = results("tinh-dong", "--area", "90101", "--period", "2026", cwd=root)
    assert (got[("biet-chu", 2026, None)]["status"], got[("biet-chu", 2026, None)]["actual"]) == ("exceeded", 97)
    assert got[("dat-chuan", 2026, "xa")]["status"] == "met"
    card = json.loads(run("scorecard", "tinh-dong", "--year", "2026", "-f", "json", cwd=root).stdout)
    (row,) = [r for r in card["rows"] if r["area"] == "90101"]
    assert sorted(c["status"] for c in row["cells"]) == ["exceeded", "met"]
    # the communes of 2026 are not "of" the province that ended: they are in its territory
    text = run("scorecard", "tinh-dong", "--year", "2026", cwd=root).stdout
    assert "4 xã trên địa bàn tỉnh Đông, có hiệu lực ngày 31/12/2026" in text

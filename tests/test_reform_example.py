"""examples/reform-haugiang end to end: real units of Hậu Giang across the 2025 reform, a
SYNTHETIC 2023 plan and SYNTHETIC figures (old communes 2024, new communes 2026), run with the
installed xhht inside the folder (its own plans/ makes it its own repository)."""

from __future__ import annotations

import json

from conftest import ROOT, run

EXAMPLE = ROOT / "examples" / "reform-haugiang"


def test_the_example_checks_clean():
    r = run("check", cwd=EXAMPLE)
    assert (r.returncode, r.stdout.strip()) == (0, "không có lỗi"), r.stdout


def test_the_province_is_judged_on_the_new_communes():
    r = run("report", "--period", "2023-2027", "-f", "json", cwd=EXAMPLE)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    results = data["results"]

    def one(ind, year, scope=None):
        (x,) = [x for x in results if x["indicator"] == ind and x["year"] == year and x.get("scope") == scope]
        return x

    assert data["summary"]["not_applicable"] == 1
    lit = one("biet-chu-15-60", 2026)
    assert lit["status"] == "exceeded" and lit["rolled_up"] is True
    huyen = one("dat-muc-3", 2030, "huyen")
    assert huyen["status"] == "not_applicable"
    share = one("dat-muc-3", 2026, "xa")
    assert len(share["counted"]["areas"]) == 28
    md = run("report", "--period", "2023-2027", cwd=EXAMPLE).stdout
    assert "*(26/28 đơn vị cấp xã đạt; tính trên 28 đơn vị cấp xã năm 2026)* | % | 2026 | 80 | 92,86 |" in md
    assert "(từ" not in md.split("## Phụ lục")[0]  # no list of units, no dates in the text
    assert "- Đơn vị đạt mức độ 3 xây dựng xã hội học tập — số đơn vị cấp huyện đạt chuẩn, 2030: năm 2030 không " \
           "còn đơn vị cấp huyện nào." in md
    annex = md.split("## Phụ lục")[1]  # the 28 new communes, dated only where an old one had their name
    assert annex.count("% | ") == 28 * 2  # each a figure and a share met
    assert "| Xã Thạnh Xuân (từ ngày 01/7/2025) | ▼ chưa đạt chuẩn | ▲ 98,18% | 1 | 1 | 0 | 50% | 26 |" in annex
    assert "| 1 | Phường Vị Thanh | ● đạt chuẩn |" in annex


def test_a_district_figure_for_2026_names_the_straddling_commune():
    md = run("report", "--period", "2023-2027", "--area", "932", cwd=EXAMPLE).stdout
    assert ("- Tỷ lệ người trong độ tuổi 15-60 biết chữ mức độ 2, kế hoạch năm 2026 là 96%; chưa có số liệu năm 2026: "
            "xã Đông Phước (từ ngày 01/7/2025) gồm cả địa bàn ngoài huyện Châu Thành A cũ, nên không tổng hợp được "
            "số liệu riêng của huyện Châu Thành A.") in md
    assert "Kết quả cụ thể, so với chỉ tiêu chung của tỉnh, như sau:" in md  # what the district is judged against
    assert ("- Số lượt người học tại các trung tâm học tập cộng đồng, 2024: chỉ tiêu tính trên tổng số của toàn tỉnh, "
            "không áp dụng cho từng huyện;") in md.split("Các chỉ tiêu không áp dụng:")[1]
    assert "trên địa bàn huyện Châu Thành A**" in md  # the subject of a review of another area names it
    # a district whose new communes took its territory alone has its figure
    md = run("report", "--period", "2023-2027", "--area", "930", cwd=EXAMPLE).stdout
    assert ("| Tỷ lệ người trong độ tuổi 15-60 biết chữ mức độ 2 *(so với chỉ tiêu chung của tỉnh; cộng dồn từ cấp dưới)* "
            "| % | 2026 | 96 | 97,5 |") in md


def test_every_figure_of_the_example_is_labelled_synthetic():
    for path in (EXAMPLE / "data").rglob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        assert lines and all(",số liệu giả định," in line for line in lines), path
    plan = (EXAMPLE / "plans" / "haugiang-2023-vi-du.yaml").read_text(encoding="utf-8")
    assert "synthetic" in plan.split("\n", 1)[0].lower() and "(giả định)" in plan
    md = run("report", cwd=EXAMPLE).stdout  # marked in Vietnamese, with no English in the report's prose
    assert "của UBND tỉnh Hậu Giang (giả định)" in md and "synthetic" not in md.lower() and "VIDU" not in md

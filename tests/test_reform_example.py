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


def test_a_unit_is_named_by_its_own_kind_never_by_its_level():
    """Thành phố Vị Thanh is a unit of level huyen, but a "thành phố": its review says "thành phố
    này", its communes "các xã, phường", and the units of its level "huyện, thị xã, thành phố" (the
    kinds Hậu Giang's districts have, in the law's order); so does the scorecard of that level."""
    md = run("report", "--area", "930", "--period", "2023-2024", cwd=EXAMPLE).stdout
    assert "(tính trên các xã, phường của thành phố này, so với chỉ tiêu chung của tỉnh)" in md
    assert "Có 02 chỉ tiêu là tổng số của toàn tỉnh, không áp dụng riêng cho từng huyện, thị xã, thành phố." in md
    assert "(góp vào chỉ tiêu 08 huyện, thị xã, thành phố đạt chuẩn)" in md
    assert "huyện này" not in md and "từng huyện." not in md and "từng huyện;" not in md


def test_the_kinds_of_units_as_running_text_writes_them():
    import datetime as dt

    from xhht.present.area_names import Nouns, kind_of, kinds_text
    from xhht.repo import load_repo

    areas = load_repo(EXAMPLE).areas
    assert [kind_of(areas.unit(c, 2024)) for c in ("930", "932", "937", "31318", "31333", "92")] == [
        "thành phố", "huyện", "thị xã", "phường", "xã", "thành phố"]
    assert kind_of(areas.unit("930", 2024), "en") == "district"  # English keeps the level's word
    units = [areas.unit(c, 2024) for c in ("937", "930", "932", "931")]
    assert kinds_text(units, "huyen") == "huyện, thị xã, thành phố"
    assert kinds_text([], "xa") == "xã"
    from xhht.model.records import Area  # the kinds come from the names alone
    from xhht.problems import Loc

    def unit(name: str, level: str) -> Area:
        return Area(code="1", name=name, level=level, parent=None, loc=Loc("areas.csv"))

    assert kinds_text([unit("Đặc khu Côn Đảo", "xa"), unit("Phường 1", "xa"), unit("Xã A", "xa")], "xa") == \
        "xã, phường, đặc khu"
    assert kinds_text([unit("Quận 1", "huyen"), unit("Huyện Củ Chi", "huyen")], "huyen") == "huyện, quận"
    # a review of a Cần Thơ unit after 2025: the whole is a thành phố ("toàn thành phố"), not a tỉnh
    nouns = Nouns(areas, "vi", "92", "92", 2026, dt.date(2026, 1, 1))
    assert (nouns.whole, nouns.whole_all) == ("thành phố", "toàn thành phố")

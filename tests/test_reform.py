"""Across the 2025 reform (docs/reform.md, issue 13): areas with validity, area-changes.csv, roll-up
of an ended unit from its successors, a straddling commune, not_applicable, and names as officers
write them. Every unit and figure here is SYNTHETIC: a made-up province shaped like a real merger
(a reused code, a split commune, a commune straddling two old districts, a merged province)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from conftest import run, write_repo
from xhht.load.areas import load_areas, load_changes
from xhht.present.area_names import Names, in_text
from xhht.judge.compare import compare
from xhht.repo import load_repo

AREAS = """\
code,name,level,parent,valid_from,valid_to
VN,Việt Nam,quocgia,,,
90,Tỉnh Đông,tinh,VN,,2025-06-30
91,Tỉnh Tây,tinh,VN,,2025-06-30
90,Tỉnh Đông Tây,tinh,VN,2025-07-01,
901,Huyện Bắc,huyen,90,,2025-06-30
902,Huyện Nam,huyen,90,,2025-06-30
911,Huyện Tây,huyen,91,,2025-06-30
90101,Xã Bắc A,xa,901,,2025-06-30
90102,Xã Bắc B,xa,901,,2025-06-30
90103,Xã Bắc C,xa,901,,2025-06-30
90201,Xã Nam A,xa,902,,2025-06-30
90202,Xã Nam B,xa,902,,2025-06-30
91101,Xã Tây A,xa,911,,2025-06-30
90101,Xã Bắc Mới,xa,90,2025-07-01,
90105,Xã Bắc Hai,xa,90,2025-07-01,
90210,Xã Giáp Ranh,xa,90,2025-07-01,
90201,Xã Nam Mới,xa,90,2025-07-01,
91101,Xã Tây Mới,xa,90,2025-07-01,
"""
CHANGES = """\
date,old,new,whole
2025-07-01,90,90,yes
2025-07-01,91,90,yes
2025-07-01,90101,90101,yes
2025-07-01,90102,90101,yes
2025-07-01,90103,90105,no
2025-07-01,90103,90210,no
2025-07-01,90202,90210,no
2025-07-01,90202,90201,no
2025-07-01,90201,90201,yes
2025-07-01,91101,91101,yes
"""


def plan(pid: str, area: str, extra: str = "") -> str:
    return f"""\
id: {pid}
title: Kế hoạch thử (synthetic)
document: {{number: 5/KH-UBND, issuer: UBND thử, date: 2023-05-01}}
area: "{area}"
period: 2023-2030
groups:
  - code: a
    title: Nhóm a
    indicators:
      - id: so-luong
        name: Số người học
        unit: count
        targets: {{2024: 100, 2026: 100}}
      - id: dat-chuan
        name: Đạt chuẩn
        unit: yes-no
        subunits:
          - level: huyen
            meeting: "yes"
            count: {{2030: 2}}
          - level: xa
            meeting: "yes"
            count: {{2026: 5}}
            share: {{2026: 100}}
{extra}"""


OLD = ["90101", "90102", "90103", "90201", "90202"]
NEW = {"90101": 30, "90105": 20, "90210": 25, "90201": 30}
DATA = ("indicator,area,period,value,source\n"
        + "".join(f"so-luong,{c},2024,{n},synthetic\n" for c, n in zip(OLD, (10, 20, 30, 20, 25)))
        + "".join(f"so-luong,{c},2026,{n},synthetic\n" for c, n in NEW.items())
        + "so-luong,91101,2026,40,synthetic\n"
        + "".join(f"dat-chuan,{c},2024,yes,synthetic\n" for c in OLD)
        + "".join(f"dat-chuan,{c},2026,{'no' if c == '90210' else 'yes'},synthetic\n" for c in NEW)
        + "".join(f"dat-chuan,{c},2024,yes,synthetic\n" for c in ("901", "902")))


@pytest.fixture
def reform(tmp_path):
    root = write_repo(tmp_path / "r", plans={"tinh.yaml": plan("tinh-dong", "90"), "bac.yaml": plan("huyen-bac", "901")},
                      areas=AREAS, data={"d.csv": DATA})
    (root / "area-changes.csv").write_text(CHANGES, encoding="utf-8")
    return root


def review(root, plan_id, start=2023, end=2027):
    repo = load_repo(root)
    assert [p for p in repo.problems if p.severity == "error"] == [], repo.problems
    return repo, compare(repo.plans[plan_id], repo.values, repo.areas, start, end)


def one(rv, ind, year, scope=None, kind=None):
    (r,) = [r for r in rv.results if r.indicator.id == ind and r.year == year and r.scope == scope
            and (kind is None or r.kind == kind)]
    return r


def test_a_reused_code_is_two_units_resolved_by_date(reform):
    repo = load_repo(reform)
    areas = repo.areas
    assert [a.name for a in areas.versions["90101"]] == ["Xã Bắc A", "Xã Bắc Mới"]
    assert areas.name("90101", 2024) == "Xã Bắc A" and areas.name("90101", 2026) == "Xã Bắc Mới"
    assert areas.children_of("901", 2024) == ["90101", "90102", "90103"]
    assert areas.children_of("90", 2026) == ["90101", "90105", "90201", "90210", "91101"]
    assert areas.descendants("90", "huyen", 2026) == []
    assert not areas.valid_in("901", 2026) and areas.valid_in("901", 2024)
    assert [p.code for p in repo.problems] == []


def test_the_province_plan_is_judged_on_its_old_territory(reform):
    """A merged province keeps meaning the unit of its plan's date: 2026 is the roll-up of the new
    communes that took its territory (105), not of the new, larger province (145). A split commune
    inside it (Xã Bắc C) is fine."""
    _, rv = review(reform, "tinh-dong")
    r = one(rv, "so-luong", 2026)
    assert (r.status, r.actual, r.rolled_up) == ("exceeded", Decimal(105), True)
    assert (one(rv, "so-luong", 2024).status, one(rv, "so-luong", 2024).actual) == ("exceeded", Decimal(105))


def test_a_straddling_commune_leaves_the_district_without_a_figure(reform):
    repo, rv = review(reform, "huyen-bac")
    r = one(rv, "so-luong", 2026)
    assert (r.status, r.cause.kind, r.cause.areas) == ("no_data", "straddles", ("90210",))
    md = run("report", "huyen-bac", "--period", "2023-2027", cwd=reform).stdout
    assert ("chưa có số liệu năm 2026: xã Giáp Ranh gồm cả địa bàn ngoài huyện Bắc cũ, nên không tổng hợp được số "
            "liệu riêng của huyện Bắc") in md
    assert "(" not in md.split("xã Giáp Ranh")[1].split("\n")[0]  # no parentheses in parentheses


def test_subunit_targets_across_the_change(reform):
    _, rv = review(reform, "tinh-dong")
    huyen = one(rv, "dat-chuan", 2030, "huyen")
    assert (huyen.status, huyen.cause.kind) == ("not_applicable", "level_gone")
    count = one(rv, "dat-chuan", 2026, "xa", "count")
    assert (count.status, count.cause.kind, count.cause.total) == ("not_applicable", "units_changed", 5)
    share = one(rv, "dat-chuan", 2026, "xa", "share")
    assert (share.status, share.actual, share.units) == ("missed", Decimal(75), 4)
    assert share.counted == ("90101", "90105", "90201", "90210") and share.counted_year == 2026
    assert rv.summary["not_applicable"] == 2


def test_not_applicable_in_every_format(reform):
    data = json.loads(run("report", "tinh-dong", "--period", "2023-2027", "-f", "json", cwd=reform).stdout)
    assert data["summary"]["not_applicable"] == 2
    gone = next(r for r in data["results"] if r["scope"] == "huyen")
    assert gone["status"] == "not_applicable" and gone["reason"] == "Năm 2030 không còn đơn vị cấp huyện nào."
    share = next(r for r in data["results"] if r["scope"] == "xa" and r["kind"] == "share")
    assert [a["name"] for a in share["counted"]["areas"]] == ["Xã Bắc Mới", "Xã Bắc Hai", "Xã Nam Mới", "Xã Giáp Ranh"]
    md = run("report", "tinh-dong", "--period", "2023-2027", cwd=reform).stdout
    assert "Có 02 chỉ tiêu không còn áp dụng sau sắp xếp đơn vị hành chính." in md
    assert "Chỉ tiêu không còn áp dụng sau sắp xếp đơn vị hành chính:" in md
    assert "tính trên 04 đơn vị cấp xã năm 2026" in md and "Xã Bắc Mới (từ" not in md
    html = run("report", "tinh-dong", "--period", "2023-2027", "-f", "html", cwd=reform).stdout
    assert "không còn áp dụng" in html
    status = run("status", "tinh-dong", "--period", "2023-2027", cwd=reform).stdout
    assert "⊘ không còn áp dụng" in status


def test_names_as_officers_write_them(reform):
    """Nghị định 30/2020, Phụ lục II: the level word lower-case in running text; a unit's validity only
    where another unit has its name (never its predecessors, never parentheses in parentheses)."""
    names = Names(load_repo(reform).areas)
    assert names.of("901") == "huyện Bắc"  # no other unit is called so: no date
    assert names.of("90105", 2026) == "xã Bắc Hai" and names.of("90101", 2024) == "xã Bắc A"
    assert Names(load_repo(reform).areas, "en").of("90101", 2024) == "Xã Bắc A"
    (reform / "areas.csv").write_text(AREAS.replace("90105,Xã Bắc Hai,", "90105,Xã Bắc A,"), encoding="utf-8")
    twins = Names(load_repo(reform).areas)
    assert twins.of("90101", 2024) == "xã Bắc A (đến ngày 30/6/2025)"
    assert twins.of("90105", 2026) == "xã Bắc A (từ ngày 01/7/2025)"
    assert [in_text(n) for n in ("Tỉnh Hậu Giang", "Thành phố Cần Thơ", "Thị xã Ngã Bảy", "Thị trấn Cái Tắc",
                                 "Phường Vị Thanh", "Quận 1", "Phường 15", "Thành phố Hồ Chí Minh", "Việt Nam")] == [
        "tỉnh Hậu Giang", "thành phố Cần Thơ", "thị xã Ngã Bảy", "thị trấn Cái Tắc", "phường Vị Thanh", "Quận 1",
        "Phường 15", "Thành phố Hồ Chí Minh", "Việt Nam"]


def test_a_figure_of_a_unit_not_valid_in_its_year(reform):
    (reform / "data" / "bad.csv").write_text("indicator,area,period,value\nso-luong,901,2026,50\n", encoding="utf-8")
    r = run("check", cwd=reform)
    assert r.returncode == 1
    assert "data/bad.csv:2:1: error[area-not-valid] mã 901 không chỉ đơn vị nào có hiệu lực ngày 31/12/2026" in r.stdout
    assert "… – 2025-06-30" in r.stdout
    assert [(p.code, p.line) for p in load_repo(reform).problems] == [("area-not-valid", 2)]


def _load(areas_text: str, changes_text: str):
    areas, problems = load_areas(areas_text, "areas.csv")
    _, more = load_changes(changes_text, "area-changes.csv", areas)
    return areas, problems + more


def test_area_changes_are_checked():
    _, problems = _load(AREAS, CHANGES)
    assert problems == []
    # a code that names no unit on the day; whole that is not yes/no; an ended unit not accounted for
    _, problems = _load(AREAS, CHANGES.replace("2025-07-01,91101,91101,yes", "2025-07-01,91101,91199,yes")
                        .replace("2025-07-01,90201,90201,yes", "2025-07-01,90201,90201,maybe")
                        .replace("2025-07-01,90102,90101,yes\n", ""))
    got = {(p.code, p.file, p.line) for p in problems}
    assert ("area-change-unknown", "area-changes.csv", 10) in got
    assert ("area-change-whole", "area-changes.csv", 9) in got
    assert ("area-change-incomplete", "areas.csv", 10) in got  # Xã Bắc B: no row says where it went
    # only part of a unit that ended went anywhere
    _, problems = _load(AREAS, CHANGES.replace("2025-07-01,90103,90210,no\n", ""))
    assert [(p.code, p.line) for p in problems] == [("area-change-incomplete", 6)]
    # contradictions: a duplicate row, a unit wholly into two units, a unit that goes on into itself
    _, problems = _load(AREAS, CHANGES + "2025-07-01,90101,90101,yes\n2025-07-01,90102,90105,yes\n")
    assert [(p.code, p.line) for p in problems] == [("area-change-conflict", 12), ("area-change-conflict", 13)]
    _, problems = _load(AREAS, CHANGES + "2025-07-01,VN,VN,yes\n")
    assert [(p.code, p.line) for p in problems] == [("area-change-dates", 12)]
    # a unit that went wholly into another but is still valid afterwards
    _, problems = _load(AREAS.replace("90102,Xã Bắc B,xa,901,,2025-06-30", "90102,Xã Bắc B,xa,901,,"), CHANGES)
    assert [(p.code, p.line) for p in problems] == [("area-change-dates", 5)]


def test_validity_dates_are_checked():
    _, problems = load_areas("code,name,level,parent,valid_from,valid_to\n90,T,tinh,,2025-07-01,2025-06-30\n"
                             "91,T,tinh,,1/7/2025,\n92,T,tinh,,,2025-06-30\n92,U,tinh,,2025-06-01,\n"
                             "93,T,tinh,,,9999-12-31\n94,T,tinh,,0001-01-01,\n95,T,tinh,,2025-W01-1,\n", "areas.csv")
    assert [(p.code, p.line) for p in problems] == [("area-bad-date", 2), ("area-bad-date", 3), ("duplicate-area", 5),
                                                    ("area-bad-date", 6), ("area-bad-date", 7), ("area-bad-date", 8)]


def test_a_repository_without_dates_is_unchanged(tmp_path):
    root = write_repo(tmp_path / "r")
    areas = load_repo(root).areas
    assert not areas.dated and areas.children_of("90", 2030) == ["901", "902"]
    assert Names(areas).of("901", 2030) == "huyện Một"


def test_a_deep_successor_chain_has_no_recursion():
    """3,000 renamings in a row (one a day): following them is a loop, not a recursion."""
    rows = ["code,name,level,parent,valid_from,valid_to", "90,T,tinh,,,"]
    changes = ["date,old,new,whole"]
    start = dt.date(2000, 1, 1)
    for i in range(3000):
        frm = start + dt.timedelta(days=i)
        rows.append(f"{10000 + i},X{i},xa,90,{'' if i == 0 else frm.isoformat()},{frm.isoformat()}")
        changes.append(f"{(frm + dt.timedelta(days=1)).isoformat()},{10000 + i},{10001 + i},yes")
    rows.append(f"13000,Cuối,xa,90,{(start + dt.timedelta(days=3000)).isoformat()},")
    import time

    began = time.process_time()
    areas, problems = _load("\n".join(rows) + "\n", "\n".join(changes) + "\n")
    assert problems == []
    assert areas.successors("10000", 2010) == (["13000"], None)
    assert time.process_time() - began < 10  # linear: about a second; quadratic took minutes


def test_myduc_plan_counts_the_communes_of_2014():
    """The real Mỹ Đức units (root areas.csv, docs/reform-research.md): 22 communes when KH 233 was
    issued (17/3/2014), 20 from 2025, none after 1/7/2025 (the district ended)."""
    from conftest import ROOT
    from xhht.judge.compare import units_of

    repo = load_repo(ROOT)
    areas = repo.areas
    assert len(units_of(areas, "282", "xa", None, dt.date(2014, 3, 17))) == 22
    assert len(areas.descendants("282", "xa", 2025 - 1)) == 22
    assert areas.name("10459", 2024) == "Xã Bột Xuyên" and areas.name("10459", 2026) == "Xã Phúc Sơn"
    assert areas.successors("282", 2026) == (["10081", "10441", "10459", "10465", "10489"], "10081")
    plan = repo.plans["myduc-kh233"]
    rv = compare(plan, repo.values, areas, 2014, 2020)
    share = next(r for r in rv.results if r.scope == "xa" and r.year == 2020)
    assert share.units == 22


def test_a_reused_code_is_named_as_the_unit_the_plan_meant(reform):
    """The province plan means old Tỉnh Đông (code 90, to 30/6/2025), not the new Tỉnh Đông Tây that
    kept its code: the heading and the reasons name the old one."""
    (reform / "area-changes.csv").write_text(CHANGES.replace("2025-07-01,91101,91101,yes",
                                                             "2025-07-01,91101,91101,no\n2025-07-01,91101,90105,no"),
                                             encoding="utf-8")
    md = run("report", "tinh-dong", "--period", "2023-2027", cwd=reform).stdout
    assert "gồm cả địa bàn ngoài tỉnh Đông cũ, nên không tổng hợp được số liệu riêng của tỉnh Đông" in md
    assert "tỉnh Đông Tây" not in md
    data = json.loads(run("report", "tinh-dong", "--period", "2023-2027", "-f", "json", cwd=reform).stdout)
    assert data["area"] == {"code": "90", "name": "Tỉnh Đông"}

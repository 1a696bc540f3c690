"""The national plans (QĐ 281/QĐ-TTg, QĐ 387/QĐ-TTg, area VN) and a province compared with them.

The plans and areas are the project's real files. The Quảng Ninh figures below are the ones
issue 8 quotes (71,4% gia đình học tập, 62,2% dòng họ, 81,9% cộng đồng, 82,9% đơn vị học tập,
said to be of 2022); no published source for them was found, so they are written here as
SYNTHETIC test input, not as real data of the repository. The "đơn vị học tập" figure is
written for QĐ 387's indicator (don-vi-hoc-tap-cap-xa, the units on the commune-level
territory), which is not QĐ 281's (don-vi-hoc-tap)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, problems_of, run
from xhht.repo import load_repo

QN_2022 = """\
indicator,area,period,value,source
gia-dinh-hoc-tap,22,2022,71.4,synthetic (figure quoted in issue 8)
dong-ho-hoc-tap,22,2022,62.2,synthetic (figure quoted in issue 8)
cong-dong-hoc-tap,22,2022,81.9,synthetic (figure quoted in issue 8)
don-vi-hoc-tap-cap-xa,22,2022,82.9,synthetic (figure quoted in issue 8)
"""

SHARED = ("gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap")  # the same count in both decisions
FOUR_281 = SHARED + ("don-vi-hoc-tap",)         # "các tổ chức, cơ quan, trường học, đơn vị, doanh nghiệp"
FOUR_387 = SHARED + ("don-vi-hoc-tap-cap-xa",)  # "... doanh nghiệp, cơ sở sản xuất trên địa bàn cấp xã"


@pytest.fixture
def tracker(tmp_path) -> Path:
    """The project's real plans and areas, its real data, and the synthetic Quảng Ninh figures."""
    dest = tmp_path / "tracker"
    dest.mkdir()
    for name in ("plans", "data"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "areas.csv", dest / "areas.csv")
    (dest / "data" / "quangninh-synthetic.csv").write_text(QN_2022, encoding="utf-8")
    return dest


def report_json(root: Path, *args: str) -> dict:
    r = run("report", *args, "-f", "json", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    return json.loads(r.stdout)


def test_the_national_plans_and_areas_load_with_no_problem(tracker):
    assert [str(p) for p in problems_of(ROOT)] == []
    assert [str(p) for p in problems_of(tracker)] == []
    r = run("check", cwd=tracker)
    assert (r.returncode, r.stdout.strip()) == (0, "không có lỗi"), r.stdout + r.stderr


def test_the_national_plans_are_quyet_dinh_of_the_prime_minister_for_vn():
    repo = load_repo(ROOT)
    for pid, number, year, four in (("qd281-2014", "281/QĐ-TTg", 2020, FOUR_281),
                                    ("qd387-2022", "387/QĐ-TTg", 2025, FOUR_387)):
        plan = repo.plans[pid]
        assert (plan.area, plan.number, plan.issuer, plan.kind) == ("VN", number, "Thủ tướng Chính phủ",
                                                                    "Quyết định")
        years = {i.id: [t.year for t in i.targets] for i in plan.indicators}
        assert all(years[i] == [year] for i in four)
    assert repo.areas.by_code["VN"].level == "quocgia"
    assert {repo.areas.by_code[c].parent for c in ("01", "22", "93")} == {"VN"}


def test_the_two_decisions_share_only_the_indicators_that_count_the_same_thing():
    """An indicator id is repo-wide (one figure serves every plan using it): QĐ 281 and QĐ 387
    share gia đình, dòng họ and cộng đồng học tập, not their "Đơn vị học tập" targets, which
    count different units."""
    repo = load_repo(ROOT)
    ids = {pid: {i.id: i for i in repo.plans[pid].indicators} for pid in ("qd281-2014", "qd387-2022")}
    assert set(ids["qd281-2014"]) & set(ids["qd387-2022"]) == set(SHARED)
    for i in SHARED:
        a, b = ids["qd281-2014"][i], ids["qd387-2022"][i]
        assert (a.unit, a.better, a.levels) == (b.unit, b.better, b.levels)
    assert "trên địa bàn cấp xã" in ids["qd387-2022"]["don-vi-hoc-tap-cap-xa"].name


def test_qd387_mid_term_review_of_quang_ninh_never_says_missed_for_2025(tracker):
    js = report_json(tracker, "qd387-2022", "--area", "22", "--period", "2021-2025")
    got = {r["indicator"]: r for r in js["results"] if r["indicator"] in FOUR_387 and r["year"] == 2025}
    assert set(got) == set(FOUR_387)
    assert {k: (r["status"], r["as_of"], r["actual"]) for k, r in got.items()} == {
        "gia-dinh-hoc-tap": ("on_track", 2022, 71.4),     # already at 70
        "dong-ho-hoc-tap": ("no_data", 2022, 62.2),       # below 65, one figure, due in 2025: rule 4
        "cong-dong-hoc-tap": ("on_track", 2022, 81.9),
        "don-vi-hoc-tap-cap-xa": ("on_track", 2022, 82.9),
    }
    assert got["dong-ho-hoc-tap"]["required_per_year"] is None  # not a progress status
    assert all(r["status"] not in ("missed", "met", "exceeded") for r in js["results"])
    assert js["summary"]["missed"] == 0


def test_qd281_late_review_shows_what_the_later_figures_say(tracker):
    js = report_json(tracker, "qd281-2014", "--area", "22", "--period", "2014-2022")
    got = {r["indicator"]: r for r in js["results"] if r["year"] == 2020}
    assert {k: (r["status"], r["later"]) for k, r in got.items()} == {
        "gia-dinh-hoc-tap": ("no_data", {"year": 2022, "actual": 71.4, "status": "exceeded"}),
        "dong-ho-hoc-tap": ("no_data", {"year": 2022, "actual": 62.2, "status": "exceeded"}),
        "cong-dong-hoc-tap": ("no_data", {"year": 2022, "actual": 81.9, "status": "exceeded"}),
        "don-vi-hoc-tap": ("no_data", None),   # the 2022 figure is QĐ 387's count, not this one
        "hkh-can-bo-hoi-vien-tap-huan": ("no_data", None),      # no figure at all
    }
    assert all(r["reason"] for r in got.values())


def test_myduc_community_centres_are_shares_of_the_communes(tracker):
    """KH 233's "80% trung tâm học tập cộng đồng xã, thị trấn hoạt động thường xuyên" is judged
    on the share of the district's 22 communes of 2015 whose centre does (synthetic yes/no figures)."""
    communes = load_repo(ROOT).areas.descendants("282", "xa", 2015)
    assert len(communes) == 22
    rows = ["indicator,area,period,value,source"]
    rows += [f"tthtcd-hoat-dong-thuong-xuyen,{c},2015,{'yes' if i < 18 else 'no'},synthetic" for i, c in
             enumerate(communes)]
    rows += [f"tthtcd-chat-luong-tot,{c},2015,{'yes' if i < 11 else 'no'},synthetic" for i, c in enumerate(communes)]
    (tracker / "data" / "myduc-synthetic.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run("check", cwd=tracker).returncode == 0
    js = report_json(tracker, "myduc-kh233", "--period", "2014-2015")
    got = {(r["indicator"], r["year"]): (r["scope"], r["target"], r["actual"], r["status"])
           for r in js["results"] if r["indicator"].startswith("tthtcd-")}
    assert got == {
        ("tthtcd-hoat-dong-thuong-xuyen", 2015): ("xa", 80, 81.82, "exceeded"),  # 18 of 22
        ("tthtcd-chat-luong-tot", 2015): ("xa", 50, 50, "met"),                 # 11 of 22
        ("tthtcd-chat-luong-tot", 2020): ("xa", 70, 50, "not_due"),             # 2020 not come yet
    }
